"""Common medicines seen in medication trials for depression, each with its drug class.

Source note: the class of each medicine is its standard pharmacological class, a fact about the
drug and not a choice this product makes. S3 (patient guide to treatment-resistant depression)
names the antidepressant groups used here (SSRIs, SNRIs, tricyclics, MAOIs and atypical
antidepressants) and the groups of medicines added to an antidepressant (antipsychotics, mood
stabilisers, thyroid hormones and anxiety medicines). The list only helps the form fill in a class
when a clinician types a familiar name; any class can still be entered by hand. Esketamine is not
here: the review records it as a procedure.

Class codes are the ``drug_class`` codes of DESIGN.md §5. No Django imports.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Drug:
    name: str  # generic name, lower case
    drug_class: str  # a DESIGN.md §5 drug_class code


# Generic names per class code, space-separated to keep the table readable.
_NAMES_BY_CLASS: dict[str, str] = {
    "ssri": "citalopram escitalopram fluoxetine fluvoxamine paroxetine sertraline",
    "snri": "desvenlafaxine duloxetine levomilnacipran milnacipran venlafaxine",
    "tca": (
        "amitriptyline clomipramine desipramine doxepin imipramine nortriptyline protriptyline "
        "trimipramine"
    ),
    "maoi": "isocarboxazid moclobemide phenelzine selegiline tranylcypromine",
    "atypical": (
        "agomelatine bupropion gepirone mirtazapine nefazodone trazodone vilazodone vortioxetine"
    ),
    "other_antidepressant": "dextromethorphan-bupropion zuranolone",
    "antipsychotic": (
        "aripiprazole brexpiprazole cariprazine lurasidone olanzapine quetiapine risperidone "
        "ziprasidone"
    ),
    "mood_stabilizer": "carbamazepine lamotrigine lithium valproate",
    "thyroid_hormone": "levothyroxine liothyronine",
    "anxiolytic": "alprazolam buspirone clonazepam diazepam lorazepam",
    "stimulant": "amphetamine lisdexamfetamine methylphenidate",
}

KNOWN_DRUGS: tuple[Drug, ...] = tuple(
    Drug(name, drug_class)
    for drug_class, names in _NAMES_BY_CLASS.items()
    for name in names.split()
)

DRUG_CLASS_BY_NAME: dict[str, str] = {drug.name: drug.drug_class for drug in KNOWN_DRUGS}


def class_for(name: str) -> str | None:
    """The class code of a known medicine, ignoring case and surrounding spaces; None if unknown."""
    return DRUG_CLASS_BY_NAME.get(name.strip().lower())
