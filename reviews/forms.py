"""The forms of the pages around the walk-through: the version a page was drawn from, its
buttons, an amendment's reason, "stay signed in" and the PDF's options. The step forms made
from the schema are reviews.answer_forms."""

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme

from reviews.printing import registry
from reviews.printing.sheet import SheetKind


class VersionForm(forms.Form):
    """The review version a page was drawn from; an older one means another tab saved since."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AmendForm(forms.Form):
    reason = forms.CharField(
        label="Reason for the amendment",
        max_length=200,
        help_text="Kept with the new revision and shown on its summary and PDF.",
        widget=forms.TextInput(attrs={"autofocus": True}),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError("Give a reason for the amendment.", code="required")
        return reason


class KeepSignedInForm(forms.Form):
    """Where to return after "Stay signed in" without JavaScript: a page of this site only."""

    next = forms.CharField(required=False)

    def __init__(self, *args, host: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.host = host

    def clean_next(self):
        target = self.cleaned_data["next"]
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={self.host}):
            return "/"
        return target


class PdfOptionsForm(forms.Form):
    """Which sheet to print, on what paper, inline or as a download, and the sheet's options:
    one field for each option any sheet declares (reviews.printing.registry). A value the form
    refuses falls back to the default rather than failing the download."""

    paper = forms.ChoiceField(
        choices=[("a4", "A4"), ("letter", "US Letter")], required=False, initial="a4"
    )
    download = forms.BooleanField(required=False)
    sheet = forms.ChoiceField(choices=(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sheet = self.fields["sheet"]
        assert isinstance(sheet, forms.ChoiceField)
        sheet.choices = [(name, name) for name in registry.sheets()]
        for option in registry.all_options().values():
            self.fields[option.name] = (
                forms.BooleanField(required=False)
                if option.is_switch
                else forms.ChoiceField(choices=list(option.choices.items()), required=False)
            )

    def chosen(self) -> tuple[SheetKind, dict[str, str | bool], str, bool]:
        """The sheet, its options, the paper and whether to download; defaults for anything
        missing or refused."""
        cleaned = self.cleaned_data if self.is_valid() else {}
        kind = registry.sheet_named(cleaned.get("sheet"))
        return (
            kind,
            kind.chosen(cleaned),
            cleaned.get("paper") or "a4",
            bool(cleaned.get("download")),
        )


STEP_ACTIONS = ("next", "back", "stay", "exit")


class StepControlForm(VersionForm):
    """The buttons of a step page: which one was pressed, and a step picked from the list."""

    action = forms.ChoiceField(choices=[(a, a) for a in STEP_ACTIONS], required=False)
    goto = forms.ChoiceField(choices=[], required=False)

    def __init__(self, *args, slugs: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["goto"]).choices = [
            ("", ""),
            *((slug, slug) for slug in slugs),
        ]
