"""Medicines seen in medication trials for depression: generic names, brand names, classes.

Source note: a medicine's class is its standard pharmacological class and a brand's generic is
what the brand contains, facts about the drugs rather than choices this product makes (checked
against national formularies' listings; no source document is quoted). S3 (patient guide to
treatment-resistant depression) names the antidepressant groups (SSRIs, SNRIs, tricyclics, MAOIs,
atypical antidepressants) and the medicines added to an antidepressant (antipsychotics, mood
stabilisers, thyroid hormones, anxiety medicines). The finer antidepressant classes (NDRI, NaSSA,
serotonin modulators, melatonergic) are the ones guidelines and payers count as distinct classes.

The table only helps: the form fills in a class when a clinician types a familiar name, and the
rules group a brand with its generic. Any class can still be chosen by hand. Esketamine and
ketamine are not among the medicines: the review records them as procedures, so their names have
a table of their own (`procedure_for`), which the medication form uses to refuse such a row.

Some entries need a word (issue 21):
- Zuranolone (Zurzuvae) is "other", not an antidepressant class: it is taken as a single 14-day
  course and its US label is for postpartum depression, so a course of it is not an ordinary
  antidepressant trial and is never counted as one (courses of the ANTIDEPRESSANT_CLASSES are).
- "anxiolytic" (shown as "anti-anxiety medicine") holds benzodiazepines and buspirone, which is
  not a benzodiazepine; nothing here names a sub-group, so nothing calls buspirone one.
- Liothyronine (T3) and levothyroxine (T4) are different medicines that share the class
  "thyroid_hormone": each keeps its own generic, so their rows never join into one course.
- L-methylfolate (Deplin; also typed "levomefolate" or "methylfolate") is "other": it is sold as
  a prescription medical food, not as an antidepressant.

Class codes are the ``drug_class`` codes of the interchange format. No Django imports.
"""

import re
from dataclasses import dataclass

# Classes whose medicines are antidepressants: a course of one given for depression is an
# antidepressant trial. "atypical" is the older, coarser code, still found in records.
ANTIDEPRESSANT_CLASSES = frozenset(
    {
        "ssri",
        "snri",
        "tca",
        "maoi",
        "ndri",
        "nassa",
        "serotonin_modulator",
        "melatonergic",
        "atypical",
        "other_antidepressant",
    }
)


@dataclass(frozen=True)
class Drug:
    name: str  # generic name, lower case
    drug_class: str  # a drug_class code


# Generic names per class code, space-separated to keep the table readable.
_NAMES_BY_CLASS: dict[str, str] = {
    "ssri": "citalopram escitalopram fluoxetine fluvoxamine paroxetine sertraline",
    "snri": "desvenlafaxine duloxetine levomilnacipran venlafaxine",
    "tca": (
        "amitriptyline amoxapine clomipramine desipramine dosulepin doxepin imipramine "
        "lofepramine maprotiline nortriptyline protriptyline trimipramine"
    ),
    "maoi": "isocarboxazid moclobemide phenelzine tranylcypromine",
    "ndri": "bupropion",
    "nassa": "mianserin mirtazapine",
    "serotonin_modulator": "nefazodone trazodone vilazodone vortioxetine",
    "melatonergic": "agomelatine",
    "other_antidepressant": (
        "dextromethorphan-bupropion gepirone olanzapine-fluoxetine reboxetine"
    ),
    "antipsychotic": (
        "aripiprazole brexpiprazole cariprazine lurasidone olanzapine quetiapine risperidone "
        "ziprasidone"
    ),
    "mood_stabilizer": "carbamazepine lamotrigine lithium valproate",
    "thyroid_hormone": "levothyroxine liothyronine",
    "anxiolytic": "alprazolam buspirone clonazepam diazepam lorazepam",
    "stimulant": "amphetamine lisdexamfetamine methylphenidate modafinil",
    "other": "l-methylfolate pramipexole zuranolone",
}

KNOWN_DRUGS: tuple[Drug, ...] = tuple(
    Drug(name, drug_class)
    for drug_class, names in _NAMES_BY_CLASS.items()
    for name in names.split()
)

DRUG_CLASS_BY_NAME: dict[str, str] = {drug.name: drug.drug_class for drug in KNOWN_DRUGS}

# Brand names (lower case) → generic. A brand sold in one form only may name a class that its
# generic does not have in general (Emsam is the selegiline skin patch, an antidepressant).
BRANDS: dict[str, str] = {
    "abilify": "aripiprazole",
    "adderall": "amphetamine",
    "allegron": "nortriptyline",
    "anafranil": "clomipramine",
    "ativan": "lorazepam",
    "auvelity": "dextromethorphan-bupropion",
    "aventyl": "nortriptyline",
    "brintellix": "vortioxetine",
    "buspar": "buspirone",
    "camcolit": "lithium",
    "celexa": "citalopram",
    "cipralex": "escitalopram",
    "cipramil": "citalopram",
    "concerta": "methylphenidate",
    "cymbalta": "duloxetine",
    "cytomel": "liothyronine",
    "deplin": "l-methylfolate",
    "depakote": "valproate",
    "desyrel": "trazodone",
    "edronax": "reboxetine",
    "effexor": "venlafaxine",
    "eskalith": "lithium",
    "euthyrox": "levothyroxine",
    "exxua": "gepirone",
    "faverin": "fluvoxamine",
    "fetzima": "levomilnacipran",
    "gamanil": "lofepramine",
    "klonopin": "clonazepam",
    "lamictal": "lamotrigine",
    "levoxyl": "levothyroxine",
    "latuda": "lurasidone",
    "lexapro": "escitalopram",
    "lithobid": "lithium",
    "ludiomil": "maprotiline",
    "lustral": "sertraline",
    "luvox": "fluvoxamine",
    "marplan": "isocarboxazid",
    "mirapex": "pramipexole",
    "nardil": "phenelzine",
    "norpramin": "desipramine",
    "pamelor": "nortriptyline",
    "parnate": "tranylcypromine",
    "paxil": "paroxetine",
    "priadel": "lithium",
    "pristiq": "desvenlafaxine",
    "prothiaden": "dosulepin",
    "provigil": "modafinil",
    "prozac": "fluoxetine",
    "remeron": "mirtazapine",
    "rexulti": "brexpiprazole",
    "risperdal": "risperidone",
    "ritalin": "methylphenidate",
    "seroquel": "quetiapine",
    "seroxat": "paroxetine",
    "sinequan": "doxepin",
    "symbyax": "olanzapine-fluoxetine",
    "synthroid": "levothyroxine",
    "tegretol": "carbamazepine",
    "tirosint": "levothyroxine",
    "tofranil": "imipramine",
    "trintellix": "vortioxetine",
    "unithroid": "levothyroxine",
    "valdoxan": "agomelatine",
    "valium": "diazepam",
    "viibryd": "vilazodone",
    "vraylar": "cariprazine",
    "vyvanse": "lisdexamfetamine",
    "wellbutrin": "bupropion",
    "xanax": "alprazolam",
    "zispin": "mirtazapine",
    "zoloft": "sertraline",
    "zurzuvae": "zuranolone",
    "zyban": "bupropion",
    "zyprexa": "olanzapine",
}

# Other names a medicine is typed by (not brands, lower case) → generic.
ALIASES: dict[str, str] = {
    "l methylfolate": "l-methylfolate",
    "levomefolate": "l-methylfolate",
    "levomefolate calcium": "l-methylfolate",
    "methylfolate": "l-methylfolate",
    "t3": "liothyronine",
    "t4": "levothyroxine",
    "thyroxine": "levothyroxine",
    "triiodothyronine": "liothyronine",
}

# Names whose class depends on the form or the purpose: the clinician chooses, with this hint.
AMBIGUOUS: dict[str, str] = {
    "selegiline": (
        "Selegiline tablets are used for Parkinson's disease; the skin patch (Emsam) is an "
        "antidepressant (MAOI). Choose the class."
    ),
    "milnacipran": (
        "Milnacipran is licensed for fibromyalgia in some countries and as an antidepressant "
        "(SNRI) in others. Choose the class."
    ),
}
# Brands whose class is fixed by the one form they are sold in.
BRAND_CLASSES: dict[str, Drug] = {"emsam": Drug("selegiline", "maoi")}

# Words of formulation and salt that do not change which medicine it is.
_FORMULATION = re.compile(
    r"\b(xr|xl|sr|er|cr|la|od|cd|retard|modified release|extended release|prolonged release|"
    r"carbonate|citrate|hydrochloride|hcl|hydrobromide|succinate|sodium|oxalate|tablets?|"
    r"capsules?|patch)\b"
)


def _plain(name: str) -> str:
    """Lower case, formulation words dropped, spaces and "/" or "+" joined the table's way."""
    text = _FORMULATION.sub(" ", name.casefold())
    text = re.sub(r"\s*[/+]\s*", "-", text)
    return " ".join(text.split())


def identify(name: str) -> Drug | None:
    """The generic and class of a typed name (generic or brand, any case, with formulation
    words such as "XR" or "carbonate"); None when unknown or ambiguous."""
    plain = _plain(name)
    if plain in BRAND_CLASSES:
        return BRAND_CLASSES[plain]
    generic = _generic(plain)
    drug_class = DRUG_CLASS_BY_NAME.get(generic)
    return Drug(generic, drug_class) if drug_class else None


def page_table() -> dict:
    """What the medication step needs to recognise every name `identify` does, from this one
    table: each known name made plain (generics, brands, other names) with its class, the
    formulation words `_plain` drops, and the names to offer as the field is typed (generics,
    then brands as brands are written)."""
    names = (*DRUG_CLASS_BY_NAME, *BRANDS, *ALIASES, *BRAND_CLASSES)
    classes = {name: drug.drug_class for name in names if (drug := identify(name))}
    brands = sorted(brand.title() for brand in (*BRANDS, *BRAND_CLASSES))
    offered = sorted(DRUG_CLASS_BY_NAME) + brands
    return {"classes": classes, "formulation": _FORMULATION.pattern, "offered": offered}


def generic_name(name: str) -> str:
    """The generic a typed name stands for, or the name itself (plain) when not in the table:
    rows of one medicine under a brand and its generic group together."""
    plain = _plain(name)
    if plain in BRAND_CLASSES:
        return BRAND_CLASSES[plain].name
    return _generic(plain)


def _generic(plain: str) -> str:
    """The generic of a plain name: a brand's or another name's generic, or the name itself."""
    return BRANDS.get(plain) or ALIASES.get(plain) or plain


def class_for(name: str) -> str | None:
    """The class code of a known medicine, ignoring case and formulation; None if unknown."""
    drug = identify(name)
    return drug.drug_class if drug else None


def ambiguity_hint(name: str) -> str:
    """Why the class of this name is left to the clinician; empty when it is not ambiguous."""
    return AMBIGUOUS.get(_plain(name), "")


def display_name(name: str) -> str:
    """ "Zoloft (sertraline)" for a brand, the name as typed otherwise."""
    generic = generic_name(name)
    return name if generic == _plain(name) else f"{name} ({generic})"


# Esketamine and ketamine are recorded under procedures, never as medication trials. Their
# spellings and brands (sold under these names for these medicines: Spravato is the esketamine
# nasal spray, Ketanest S an esketamine injection sold in some European countries, Ketalar and
# Ketanest racemic ketamine) → the medicine. Looked up as `_procedure_key` reads a name.
_PROCEDURE_NAMES: dict[str, str] = {
    "esketamine": "esketamine",
    "es-ketamine": "esketamine",
    "S-ketamine": "esketamine",
    "(S)-ketamine": "esketamine",
    "Spravato": "esketamine",
    "Ketanest S": "esketamine",
    "ketamine": "ketamine",
    "racemic ketamine": "ketamine",
    "Ketalar": "ketamine",
    "Ketanest": "ketamine",
}
# How it was given, dropped before the lookup; a ketamine taken by mouth is "ketamine_oral", any
# other "ketamine_iv" (the procedure kinds of choices.ProcedureKind).
_BY_MOUTH = r"oral|orally|po|sublingual|lozenges?|troches?"
_ROUTE = re.compile(
    rf"(?<!\w)(?:i\.v\.?|iv|intravenous|infusions?|injections?|im|intramuscular|intranasal|"
    rf"nasal|spray|{_BY_MOUTH})(?!\w)"
)
_TAKEN_BY_MOUTH = re.compile(rf"(?<!\w)(?:{_BY_MOUTH})(?!\w)")
# A dose typed with the name ("Spravato 84 mg"): the dose has its own field.
_DOSE = re.compile(r"(?<!\w)\d+(?:[.,]\d+)?\s*(?:(?:mg|mcg|µg|ml)(?:/(?:kg|ml|h))?)?(?!\w)")


def _procedure_key(name: str) -> str:
    """A name as the procedure table is keyed: plain (`_plain`), without dose or route, and
    without spaces, hyphens and brackets ("(S)-Ketamine HCl IV" reads "sketamine")."""
    text = _ROUTE.sub(" ", _plain(_DOSE.sub(" ", name.casefold())))
    return re.sub(r"[\s\-().,®™]+", "", text)


PROCEDURE_MEDICINES: dict[str, str] = {
    _procedure_key(name): medicine for name, medicine in _PROCEDURE_NAMES.items()
}


@dataclass(frozen=True)
class ProcedureMedicine:
    """A typed medicine name that the review records as a procedure."""

    medicine: str  # "esketamine" or "ketamine"
    kind: str  # the procedure kind code it is recorded under
    shown: str  # "Spravato (esketamine)"; the name alone when it holds the medicine's own name


def procedure_for(name: str) -> ProcedureMedicine | None:
    """What a name for esketamine or ketamine (generic, brand or spelling, any case, with a route,
    a dose or formulation words) is recorded as: esketamine under "esketamine"; ketamine under
    "ketamine_oral" when the name says it was taken by mouth, "ketamine_iv" otherwise. None for
    any other name."""
    key = _procedure_key(name)
    medicine = PROCEDURE_MEDICINES.get(key)
    if medicine is None:
        return None
    if medicine == "esketamine":
        kind = "esketamine"
    else:
        kind = "ketamine_oral" if _TAKEN_BY_MOUTH.search(name.casefold()) else "ketamine_iv"
    shown = name if medicine in key else f"{name} ({medicine})"
    return ProcedureMedicine(medicine, kind, shown)
