from reviews import drugs
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
    assert drugs.class_for("bupropion") == "atypical"


def test_class_for_unknown_name_is_none():
    assert drugs.class_for("not-a-medicine") is None
    assert drugs.class_for("") is None
