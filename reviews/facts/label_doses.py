"""The US label's adult dose range for major depressive disorder, beside the dose a review records.

A reference a reader can check, never a verdict: the summary prints the range and its label next
to the highest dose entered, and the clinician's own "Dose adequate?" stays the only adequacy
(RULE, printed wherever a range is). Nothing here compares a dose with a range.

Each medicine of the drug table (reviews.facts.drugs.KNOWN_DRUGS, and the brands whose class is
fixed, BRAND_CLASSES) has one entry per formulation whose label range differs, of one of three
kinds (tests/reviews/facts/test_label_doses.py refuses a medicine without an entry):
- LABELLED: the label's figures in mg/day and its citation. `low_mg` is the lowest daily dose the
  label names as the usual effective, recommended or target dose for adults with MDD (not a
  titration step below it; the starting dose where the label names no other), `high_mg` the
  label's maximum for MDD. Figures only, read from public copies of the US prescribing
  information (DailyMed, FDA's FDALabel, and copies of them); no label sentence is kept here.
- NO_US_LABEL: the US label has no dose for depression (the medicine is not sold in the US, or
  its label is for other conditions); `reason` says which, in our words.
- NOT_ENTERED: a US label for MDD exists but its figures have not yet been checked against a
  copy and entered; nothing is printed for it. The table says so rather than guess.

`revised` is the revision date the copy shows (year-month or a full date); where the copy shows
none, the latest "recent major change" month it lists, or "" when it shows neither.
No Django imports.
"""

import re

from reviews.facts import drugs
from reviews.facts.label_dose_table import (
    ENTRIES,
    LABELLED,
    NO_US_LABEL,
    NO_US_LABEL_TEXT,
    NOT_ENTERED,
    Label,
    LabelDose,
)

__all__ = [
    "ENTRIES",
    "LABELLED",
    "NO_US_LABEL",
    "NO_US_LABEL_TEXT",
    "NOT_ENTERED",
    "Label",
    "LabelDose",
]

# Printed wherever a range is (the trial ledger, the documentation sheet), which print it in a few
# words under or beside the dose (LabelDose.compact).
RULE = "Label: adult MDD range on the US label (mg/day), a reference; adequacy is the clinician's."

BY_MEDICINE: dict[str, dict[str, LabelDose]] = {}
for _entry in ENTRIES:
    BY_MEDICINE.setdefault(_entry.medicine, {})[_entry.formulation] = _entry

# Words of a typed name that say which form of a medicine it is, and the form each means
# (Effexor XR, Wellbutrin XL, Paxil CR, Seroquel XR); "ER" names a different form per medicine.
_FORMULATION_WORDS = {
    "xl": "XL",
    "sr": "SR",
    "xr": "XR",
    "cr": "CR",
    "er": "ER",
    "extended release": "ER",
    "extended-release": "ER",
    "sustained release": "SR",
    "sustained-release": "SR",
    "controlled release": "CR",
}
_ER_MEANS = {"venlafaxine": "XR", "paroxetine": "CR", "quetiapine": "XR"}
_WORDS = re.compile(r"\b(" + "|".join(map(re.escape, _FORMULATION_WORDS)) + r")\b")


def formulation_of(name: str, medicine: str) -> str:
    """The form a typed name names ("Wellbutrin XL" → "XL"), as the table keys it; "" when the
    name names none or a form the table does not tell apart."""
    found = _WORDS.search(name.casefold())
    if not found:
        return ""
    form = _FORMULATION_WORDS[found.group(1)]
    if form == "ER":
        form = _ER_MEANS.get(medicine, "")
    return form if form in BY_MEDICINE.get(medicine, {}) else ""


def label_dose(name: str) -> LabelDose | None:
    """The entry for a typed medicine name (generic or brand, any case, with its formulation
    words); None when the name is not in the drug table."""
    medicine = drugs.generic_name(name)
    forms = BY_MEDICINE.get(medicine)
    if forms is None:
        return None
    return forms.get(formulation_of(name, medicine)) or forms.get("") or next(iter(forms.values()))


def for_rows(names: list[str]) -> LabelDose | None:
    """The entry for a course entered under several names: the first name that names a form,
    else the first name's."""
    for name in names:
        entry = label_dose(name)
        if entry is not None and entry.formulation:
            return entry
    return label_dose(names[0]) if names else None


def typed_texts() -> dict[str, str]:
    """What the medication step shows beside the dose as a name is typed, by the name as the
    page's script reads it (lower case, single spaces): every name the drug table knows, and
    for a medicine whose forms differ each name with a form's word ("wellbutrin xl")."""
    names = {*drugs.DRUG_CLASS_BY_NAME, *drugs.BRANDS, *drugs.ALIASES, *drugs.BRAND_CLASSES}
    texts = {}
    for name in sorted(names):
        medicine = drugs.generic_name(name)
        typed = [name]
        if len(BY_MEDICINE.get(medicine, {})) > 1:
            typed += [f"{name} {word}" for word in _FORMULATION_WORDS]
        for each in typed:
            entry = label_dose(each)
            if entry is not None and entry.text:
                texts[each] = entry.text
    return texts
