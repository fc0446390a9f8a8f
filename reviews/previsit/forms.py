"""The patient's form and the clinician's buttons of the pre-visit questionnaire."""

from dataclasses import dataclass

from django import forms

from reviews.answer_forms import PartialDateField
from reviews.previsit import phq9

HELPED = (
    ("", "Choose"),
    ("not_at_all", "Not at all"),
    ("a_little", "A little"),
    ("a_lot", "A lot"),
    ("unknown", "Don't know"),
)
YES_NO = (("", "Choose"), ("yes", "Yes"), ("no", "No"), ("unknown", "Don't know"))

# The patient's corrections, in the words of the page (its date hint), never a developer's
# notation ("YYYY-MM") or Django's "Ensure this value has at most …".
DATE_HINT = "A year, or a year and month: 2021 or 2021-03."
BAD_DATE = "Write a year, or a year and month, in numbers: 2021 or 2021-03."
TOO_LONG = "This is too long: %(limit_value)d characters at most (it has %(show_value)d)."


def _patient_words(form: forms.Form) -> None:
    """A bad date and an overlong answer said as the patient's page says everything else."""
    for field in form.fields.values():
        if isinstance(field, PartialDateField):
            field.error_messages["invalid"] = BAD_DATE
        elif getattr(field, "max_length", None):
            field.error_messages["max_length"] = TOO_LONG  # a validator's code, read by Field


class PatientAnswersForm(forms.Form):
    """The PHQ-9's nine items (each must be answered: the total needs all nine) and its
    difficulty item (may be left)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(value), label) for value, label in phq9.ANSWERS]
        for number, item in enumerate(phq9.ITEMS, start=1):
            self.fields[f"item{number}"] = forms.TypedChoiceField(
                label=f"{number}. {item}",
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose an answer for question {number}."},
            )
        self.fields["difficulty"] = forms.ChoiceField(
            label=phq9.DIFFICULTY_QUESTION,
            choices=phq9.DIFFICULTY,
            required=False,
            widget=forms.RadioSelect,
        )

    def answers(self) -> dict:
        """What is kept with the invitation: the nine items in order, the difficulty."""
        items = [self.cleaned_data[f"item{number}"] for number in range(1, len(phq9.ITEMS) + 1)]
        return {"phq9": items, "phq9_difficulty": self.cleaned_data["difficulty"]}


class MedicineForm(forms.Form):
    """One medicine the patient took for their mood, in their words; all optional."""

    name = forms.CharField(label="Name of the medicine", max_length=100, required=False)
    started = PartialDateField(
        label="Roughly when you started it",
        required=False,
        help_text=DATE_HINT,
    )
    how_long = forms.CharField(label="For how long", max_length=60, required=False)
    still_taking = forms.ChoiceField(label="Still taking it?", choices=YES_NO, required=False)
    helped = forms.ChoiceField(label="Did it help?", choices=HELPED, required=False)
    side_effects_stopped = forms.ChoiceField(
        label="Did side effects make you stop it?", choices=YES_NO, required=False
    )
    other = forms.CharField(label="Anything else about it", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update({"list": "known-drugs", "autocomplete": "off"})
        _patient_words(self)


class TreatmentForm(forms.Form):
    """One talking therapy or procedure the patient had for their mood, in their words; all
    optional. The same shape as a medicine, short: no side-effects question."""

    noun = "treatment"
    names_list = ""  # the id of the page's list of names offered as one types

    name = forms.CharField(max_length=100, required=False)
    started = PartialDateField(
        label="Roughly when you started it",
        required=False,
        help_text=DATE_HINT,
    )
    how_long = forms.CharField(
        label="How long, or how many sessions", max_length=60, required=False
    )
    still_having = forms.ChoiceField(label="Still having it?", choices=YES_NO, required=False)
    helped = forms.ChoiceField(label="Did it help?", choices=HELPED, required=False)
    other = forms.CharField(label="Anything else about it", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = f"Name of the {self.noun}"
        self.fields["name"].widget.attrs.update({"list": self.names_list, "autocomplete": "off"})
        _patient_words(self)


class TherapyForm(TreatmentForm):
    noun = "therapy"
    names_list = "known-therapies"


class ProcedureForm(TreatmentForm):
    noun = "treatment"
    names_list = "known-procedures"


STILL_TAKING = (
    ("", "Choose"),
    ("still_taking", "Yes, still taking it"),
    ("stopped", "No, stopped since"),
    ("unknown", "Don't know"),
)


class RecordedMedicineForm(forms.Form):
    """What changed for a medicine the clinician listed from the record (by name only): the
    name is the invitation's, never posted; all optional."""

    status = forms.ChoiceField(
        label="Are you still taking it?", choices=STILL_TAKING, required=False
    )
    helped = forms.ChoiceField(label="Did it help?", choices=HELPED, required=False)
    side_effects_stopped = forms.ChoiceField(
        label="Did side effects make you stop it?", choices=YES_NO, required=False
    )
    other = forms.CharField(label="Anything else about it", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _patient_words(self)


MEDICINE_ROWS = 5  # rows on the patient's page; empty ones are ignored
TREATMENT_ROWS = 3  # of talking therapies, and of other treatments


@dataclass(frozen=True)
class RowSet:
    """A repeatable part of the patient's page: its answers key (also the formset's prefix),
    what one row is called, its formset, and the part's heading and hint."""

    key: str
    noun: str  # each row's legend: "Medicine 1", "Therapy 2" …
    form: type[forms.Form]
    rows: int
    heading: str
    hint: str

    @property
    def formset(self) -> type[forms.BaseFormSet]:
        rows = self.rows
        return forms.formset_factory(self.form, extra=rows, max_num=rows, absolute_max=rows)


ROW_SETS = (
    RowSet(
        "medicines",
        "Medicine",
        MedicineForm,
        MEDICINE_ROWS,
        "Medicines you have taken for your mood",
        "Antidepressants or any other medicine given for your mood, as far as you remember. "
        "Leave the rest empty.",
    ),
    RowSet(
        "therapies",
        "Therapy",
        TherapyForm,
        TREATMENT_ROWS,
        "Talking therapies you have had for your mood",
        "Counselling or a talking therapy such as CBT, as far as you remember. Leave the rest "
        "empty.",
    ),
    RowSet(
        "procedures",
        "Treatment",
        ProcedureForm,
        TREATMENT_ROWS,
        "Other treatments you have had for your mood",
        "Treatments such as TMS, ECT, esketamine (Spravato) or ketamine, or a stay in hospital "
        "for your mood, as far as you remember. Leave the rest empty.",
    ),
)


def recorded_row_set(names: list[str]) -> RowSet:
    """The medicines an invitation carries from the record: one row per name."""
    return RowSet(
        "recorded",
        "Medicine on record",
        RecordedMedicineForm,
        len(names),
        "Medicines your clinician has on record",
        "Your clinician listed these medicines, by name only, so that you need only say what "
        "changed; leave empty what you are unsure of. Any other medicine goes in the next part.",
    )


def recorded_answers(names: list[str], formset) -> list[dict]:
    """The answered rows of a valid formset of recorded medicines, each with its name."""
    return [
        {"name": name, **form.cleaned_data}
        for name, form in zip(names, formset.forms, strict=True)
        if any(form.cleaned_data.values())
    ]


def named_rows(formset) -> list[dict]:
    """The named rows of a valid formset, as kept with the invitation."""
    return [form.cleaned_data for form in formset.forms if form.cleaned_data.get("name")]


class InvitationCreateForm(forms.Form):
    show_medicines = forms.BooleanField(
        label="Show the patient the medicines recorded so far (names only)", required=False
    )


class InvitationChoiceForm(forms.Form):
    """Which invitation of the review a clinician's button acts on (revoke, add, leave out)."""

    invitation = forms.IntegerField(widget=forms.HiddenInput)
    add = forms.BooleanField(required=False)
    index = forms.IntegerField(min_value=0, required=False)  # which reported medicine
    # Where the button was pressed: the review's page says "summary"; a step page says nothing
    # and the answer goes back to the step. A choice, never an address.
    back = forms.ChoiceField(choices=[("summary", "summary")], required=False)


def saved_initial(saved: dict) -> dict:
    """The PHQ-9 answers kept by "Save and finish later", as the form's initial values."""
    prefixes = tuple(f"{key}-" for key in ("recorded", *(row_set.key for row_set in ROW_SETS)))
    return {name: values[0] for name, values in saved.items() if not name.startswith(prefixes)}


def saved_rows(saved: dict, key: str = "medicines", count: int = MEDICINE_ROWS) -> list[dict]:
    """The rows of one part (medicines, therapies …) kept by "Save and finish later", as its
    formset's initial rows."""
    rows: list[dict] = [{} for _ in range(count)]
    for name, values in saved.items():
        parts = name.split("-")
        if len(parts) == 3 and parts[0] == key and parts[1].isdigit():
            index = int(parts[1])
            if index < count:
                rows[index][parts[2]] = values[0] if values else ""
    return rows
