import pytest

from reviews.choices import DrugClass, ProcedureKind
from reviews.facts import drugs, trials
from reviews.words import in_sentence
from tests.reviews.samples import CODES, blank_review, trial


def test_names_are_unique_lower_case_and_trimmed():
    names = [drug.name for drug in drugs.KNOWN_DRUGS]
    assert len(names) == len(set(names))
    assert all(name == name.strip().lower() and name for name in names)


def test_classes_are_design_codes():
    assert {drug.drug_class for drug in drugs.KNOWN_DRUGS} <= set(CODES["drug_class"])


def test_esketamine_is_a_procedure_not_a_drug():
    assert drugs.class_for("esketamine") is None


def test_lookup_table_matches_the_list():
    assert {d.name: d.drug_class for d in drugs.KNOWN_DRUGS} == drugs.DRUG_CLASS_BY_NAME


def test_class_for_ignores_case_and_spaces():
    assert drugs.class_for("sertraline") == "ssri"
    assert drugs.class_for("  Sertraline ") == "ssri"
    assert drugs.class_for("ARIPIPRAZOLE") == "antipsychotic"
    assert drugs.class_for("Lithium") == "mood_stabilizer"
    assert drugs.class_for("liothyronine") == "thyroid_hormone"
    assert drugs.class_for("venlafaxine") == "snri"
    assert drugs.class_for("bupropion") == "ndri"


def test_brands_and_formulations_map_to_the_generic():
    assert drugs.identify("Zoloft") == drugs.Drug("sertraline", "ssri")
    assert drugs.identify("Effexor XR") == drugs.Drug("venlafaxine", "snri")
    assert drugs.identify("venlafaxine XR") == drugs.Drug("venlafaxine", "snri")
    assert drugs.identify("Wellbutrin XL") == drugs.Drug("bupropion", "ndri")
    assert drugs.identify("lithium carbonate") == drugs.Drug("lithium", "mood_stabilizer")
    assert drugs.identify("Auvelity").name == "dextromethorphan-bupropion"
    assert drugs.identify("Symbyax").name == "olanzapine-fluoxetine"
    assert drugs.display_name("Zoloft") == "Zoloft (sertraline)"
    assert drugs.display_name("sertraline") == "sertraline"


def test_every_brand_maps_to_a_known_generic():
    assert set(drugs.BRANDS.values()) <= set(drugs.DRUG_CLASS_BY_NAME)
    assert not set(drugs.BRANDS) & set(drugs.DRUG_CLASS_BY_NAME)


def test_ambiguous_names_leave_the_class_to_the_clinician_with_a_hint():
    for name in ("selegiline", "Milnacipran"):
        assert drugs.class_for(name) is None
        assert "Choose the class" in drugs.ambiguity_hint(name)
    assert drugs.class_for("Emsam") == "maoi"  # the patch is sold for depression only


def test_the_medicines_missing_before_are_known():
    for name in (
        "dosulepin",
        "lofepramine",
        "mianserin",
        "reboxetine",
        "amoxapine",
        "maprotiline",
        "olanzapine-fluoxetine",
        "modafinil",
        "pramipexole",
    ):
        assert drugs.class_for(name), name
    assert drugs.class_for("ketamine") is None  # recorded as a procedure


def test_class_for_unknown_name_is_none():
    assert drugs.class_for("not-a-medicine") is None
    assert drugs.class_for("") is None


# --- Issue 21: the drug table's corrections ---


def test_zuranolone_is_not_counted_as_an_antidepressant_trial():
    """A 14-day course of a medicine whose US label is for postpartum depression is not an
    ordinary antidepressant trial: the class the table gives it is not an antidepressant class."""
    assert drugs.identify("Zurzuvae") == drugs.Drug("zuranolone", "other")
    assert "other" not in drugs.ANTIDEPRESSANT_CLASSES
    review = blank_review()
    review["medication_trials"] = [
        trial(
            "zuranolone",
            drugs.class_for("zuranolone"),  # what the form fills in for the typed name
            start="2026-09-01",
            end="2026-09-14",
            max_daily_dose_mg=50,
            dose_adequate="yes",
            adherence="as_prescribed",
            response="none",
            ongoing="no",
        )
    ]
    facts = trials.trial_facts(review, min_weeks=2)
    [course] = facts.courses
    assert not course.is_antidepressant_trial
    assert facts.antidepressant_courses == ()


def test_buspirone_is_an_anti_anxiety_medicine_and_nothing_calls_it_a_benzodiazepine():
    assert drugs.identify("BuSpar") == drugs.Drug("buspirone", "anxiolytic")
    # The class's words, wherever the class is named, name no sub-group of it.
    assert str(DrugClass("anxiolytic").label) == "Anti-anxiety medicine"
    assert in_sentence("anxiolytic") == "anti-anxiety medicine"
    assert "buspirone, which is\n  not a benzodiazepine" in (drugs.__doc__ or "")


def test_t3_and_t4_are_different_medicines_with_their_own_generics():
    assert drugs.identify("T3") == drugs.Drug("liothyronine", "thyroid_hormone")
    assert drugs.identify("Cytomel") == drugs.Drug("liothyronine", "thyroid_hormone")
    for name in ("T4", "thyroxine", "Synthroid", "Levoxyl", "Euthyrox"):
        assert drugs.identify(name) == drugs.Drug("levothyroxine", "thyroid_hormone"), name
    assert drugs.display_name("T3") == "T3 (liothyronine)"
    # Each keeps its own course: a T3 row and a T4 row on the same dates do not join.
    review = blank_review()
    review["medication_trials"] = [
        trial("T3", "thyroid_hormone", role="augmentation", start="2025-01-01", end="2025-03-01"),
        trial("levothyroxine", "thyroid_hormone", start="2025-01-01", end="2025-03-01"),
    ]
    courses = trials.trial_facts(review, min_weeks=4).courses
    assert [course.generic for course in courses] == ["liothyronine", "levothyroxine"]
    assert [course.drug for course in courses] == ["T3 (liothyronine)", "levothyroxine"]


def test_l_methylfolate_is_known_by_each_of_its_names():
    for name in ("L-methylfolate", "l-methylfolate", "levomefolate", "Methylfolate", "Deplin"):
        assert drugs.identify(name) == drugs.Drug("l-methylfolate", "other"), name
        assert drugs.generic_name(name) == "l-methylfolate"
    assert drugs.display_name("Deplin") == "Deplin (l-methylfolate)"


def test_every_other_name_maps_to_a_known_generic_and_is_neither_a_brand_nor_a_generic():
    assert set(drugs.ALIASES.values()) <= set(drugs.DRUG_CLASS_BY_NAME)
    assert not set(drugs.ALIASES) & (set(drugs.DRUG_CLASS_BY_NAME) | set(drugs.BRANDS))
    assert all(name == name.strip().lower() for name in drugs.ALIASES)


# --- esketamine and ketamine: recorded as procedures ----------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "shown"),
    [
        ("esketamine", "esketamine", "esketamine"),
        ("Spravato", "esketamine", "Spravato (esketamine)"),
        ("SPRAVATO nasal spray", "esketamine", "SPRAVATO nasal spray (esketamine)"),
        ("Spravato 84 mg", "esketamine", "Spravato 84 mg (esketamine)"),
        ("es-ketamine", "esketamine", "es-ketamine"),
        ("(S)-ketamine", "esketamine", "(S)-ketamine (esketamine)"),
        ("nasal esketamine", "esketamine", "nasal esketamine"),
        ("esketamine hydrochloride", "esketamine", "esketamine hydrochloride"),
        ("Ketanest S", "esketamine", "Ketanest S (esketamine)"),
        ("ketamine", "ketamine_iv", "ketamine"),
        ("Ketalar", "ketamine_iv", "Ketalar (ketamine)"),
        ("Ketanest", "ketamine_iv", "Ketanest (ketamine)"),
        ("ketamine hydrochloride", "ketamine_iv", "ketamine hydrochloride"),
        ("ketamine IV", "ketamine_iv", "ketamine IV"),
        ("IV ketamine", "ketamine_iv", "IV ketamine"),
        ("Ketamine (IV)", "ketamine_iv", "Ketamine (IV)"),
        ("ketamine 0.5 mg/kg infusion", "ketamine_iv", "ketamine 0.5 mg/kg infusion"),
        ("oral ketamine", "ketamine_oral", "oral ketamine"),
        ("Ketamine PO", "ketamine_oral", "Ketamine PO"),
        ("sublingual ketamine", "ketamine_oral", "sublingual ketamine"),
    ],
)
def test_esketamine_and_ketamine_names_give_their_procedure_kind(name, kind, shown):
    procedure = drugs.procedure_for(name)

    assert procedure is not None
    assert (procedure.kind, procedure.shown) == (kind, shown)


@pytest.mark.parametrize(
    "name", ["sertraline", "Zoloft", "arketamine", "ketamine esketamine", "ketamine_iv", "", "5"]
)
def test_other_names_are_not_procedures(name):
    assert drugs.procedure_for(name) is None


def test_the_procedure_table_names_known_kinds_and_no_medicine_of_the_drug_table():
    assert set(drugs.PROCEDURE_MEDICINES.values()) == {"esketamine", "ketamine"}
    kinds = {drugs.procedure_for(name).kind for name in drugs._PROCEDURE_NAMES}
    assert kinds <= set(ProcedureKind.values)
    for name in drugs._PROCEDURE_NAMES:
        assert drugs.procedure_for(name).medicine == drugs._PROCEDURE_NAMES[name], name
        assert drugs.identify(name) is None, name
    for name in [*drugs.DRUG_CLASS_BY_NAME, *drugs.BRANDS, *drugs.AMBIGUOUS]:
        assert drugs.procedure_for(name) is None, name


def test_the_page_table_holds_every_name_identify_knows():
    table = drugs.page_table()
    for name in (*drugs.DRUG_CLASS_BY_NAME, *drugs.BRANDS, *drugs.ALIASES, *drugs.BRAND_CLASSES):
        assert table["classes"][name] == drugs.class_for(name)
    assert "Zoloft" in table["offered"] and "sertraline" in table["offered"]
    assert drugs.re.compile(table["formulation"]).search("effexor xr")
