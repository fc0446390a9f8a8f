import pytest

from reviews import drugs
from reviews.choices import ProcedureKind
from tests.reviews.samples import CODES


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
