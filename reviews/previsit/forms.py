"""The patient's form and the clinician's buttons of the pre-visit questionnaire."""

from django import forms

from reviews.answer_forms import PartialDateField
from reviews.previsit import phq9

MEDICINE_ROWS = 5  # rows on the patient's page; empty ones are ignored
HELPED = (
    ("", "Choose"),
    ("not_at_all", "Not at all"),
    ("a_little", "A little"),
    ("a_lot", "A lot"),
    ("unknown", "Don't know"),
)
YES_NO = (("", "Choose"), ("yes", "Yes"), ("no", "No"), ("unknown", "Don't know"))


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
        help_text="A year, or a year and month: 2021 or 2021-03.",
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


MedicineFormSet = forms.formset_factory(
    MedicineForm, extra=MEDICINE_ROWS, max_num=MEDICINE_ROWS, absolute_max=MEDICINE_ROWS
)


def medicines(formset) -> list[dict]:
    """The named medicines of a valid formset, as kept with the invitation."""
    return [form.cleaned_data for form in formset.forms if form.cleaned_data.get("name")]


class InvitationChoiceForm(forms.Form):
    """Which invitation of the review a clinician's button acts on (revoke, add, leave out)."""

    invitation = forms.IntegerField(widget=forms.HiddenInput)
    add = forms.BooleanField(required=False)
    index = forms.IntegerField(min_value=0, required=False)  # which reported medicine


def saved_initial(saved: dict) -> dict:
    """The PHQ-9 answers kept by "Save and finish later", as the form's initial values."""
    return {name: values[0] for name, values in saved.items() if not name.startswith("medicines-")}


def saved_rows(saved: dict) -> list[dict]:
    """The medicine rows kept by "Save and finish later", as the formset's initial rows."""
    rows: list[dict] = [{} for _ in range(MEDICINE_ROWS)]
    for name, values in saved.items():
        parts = name.split("-")
        if len(parts) == 3 and parts[0] == "medicines" and parts[1].isdigit():
            index = int(parts[1])
            if index < MEDICINE_ROWS:
                rows[index][parts[2]] = values[0] if values else ""
    return rows
