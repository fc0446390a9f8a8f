"""The patient's form and the clinician's buttons of the pre-visit questionnaire."""

from django import forms

from reviews.previsit import phq9


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


class InvitationChoiceForm(forms.Form):
    """Which invitation of the review a clinician's button acts on (revoke, add, leave out)."""

    invitation = forms.IntegerField(widget=forms.HiddenInput)
    add = forms.BooleanField(required=False)
