import hashlib
import json
import re
from dataclasses import fields, is_dataclass, replace

import pytest

from reviews.choices import DrugClass
from reviews.facts import catalogue, drugs
from tests.wording import copied_runs, directive_phrases, seed_runs

SOURCES_BY_KEY = {source.key: source for source in catalogue.SOURCES}

# DESIGN.md §4, in its order: (id, group, sources).
DESIGN_CATEGORIES = [
    ("more_time", "medication", ("S3",)),
    ("dose_adjustment", "medication", ("S3", "S5")),
    ("switch", "medication", ("S2", "S3", "S5")),
    ("combination", "medication", ("S2", "S3", "S4", "S5")),
    ("augmentation", "medication", ("S2", "S3", "S5")),
    ("pharmacogenomic_testing", "medication", ("S1", "S3")),
    ("psychotherapy", "psychotherapy", ("S1", "S2", "S3", "S4", "S5")),
    ("rtms", "procedures", ("S1", "S2", "S3", "S4", "S5")),
    ("ketamine", "procedures", ("S1", "S3", "S4", "S5")),
    ("ect", "procedures", ("S1", "S3", "S4", "S5")),
    ("vns", "procedures", ("S1", "S3")),
    ("psychedelic_research", "procedures", ("S4",)),
    # With procedures and intensive care, where its entries are recorded (issue 13).
    ("intensive_programmes", "procedures", ("S1",)),
    ("specialist", "evaluation", ("S2", "S3", "S4", "S5")),
    ("diagnosis_review", "evaluation", ("S1", "S2", "S3", "S4")),
    ("physical_health", "evaluation", ("S3",)),
    ("substance_use", "evaluation", ("S2", "S3")),
    ("adherence", "evaluation", ("S3",)),
    # S4's social conditions (money, access to care, stigma) beside S3's stressors (issue 21).
    ("lifestyle", "evaluation", ("S2", "S3", "S4")),
    ("support", "evaluation", ("S2", "S4")),
    ("coverage", "practical", ("S1", "S3", "S4")),
]


def shown_texts() -> list[str]:
    """Every text of the catalogue that the product shows to a reader."""
    texts = [catalogue.SAFETY_NOTE, catalogue.DISCLAIMER]
    for source in catalogue.SOURCES:
        texts += [source.title, source.description]
    for category in catalogue.CATEGORIES:
        texts += [category.label, category.description, category.when_mentioned]
    return texts


def test_category_ids_are_unique():
    ids = [category.id for category in catalogue.CATEGORIES]
    assert len(ids) == len(set(ids))


def test_categories_are_the_21_of_design_with_groups_and_sources():
    actual = [(c.id, c.group, c.sources) for c in catalogue.CATEGORIES]
    assert sorted(actual) == sorted(DESIGN_CATEGORIES)


def test_categories_are_alphabetical_within_their_groups():
    group_keys = [key for key, _ in catalogue.GROUPS]
    order = [(group_keys.index(c.group), c.label.casefold()) for c in catalogue.CATEGORIES]
    assert order == sorted(order)
    # Not the order of any one source's ladder: ECT is not after rTMS and ketamine.
    labels = [c.label for c in catalogue.CATEGORIES if c.group == "procedures"]
    assert labels == sorted(labels, key=str.casefold)


def test_lookup_tables_match_the_tuples():
    assert list(catalogue.CATEGORIES_BY_ID) == [c.id for c in catalogue.CATEGORIES]
    assert list(SOURCES_BY_KEY) == ["S1", "S2", "S3", "S4", "S5"]


def test_every_group_is_known_and_groups_appear_in_order():
    group_keys = [key for key, _ in catalogue.GROUPS]
    assert group_keys == ["medication", "psychotherapy", "procedures", "evaluation", "practical"]
    used = [c.group for c in catalogue.CATEGORIES]
    assert sorted(used, key=group_keys.index) == used


def test_every_category_cites_at_least_one_known_source():
    for category in catalogue.CATEGORIES:
        assert category.sources, category.id
        assert set(category.sources) <= set(SOURCES_BY_KEY), category.id


def test_every_source_is_cited_by_some_category():
    cited = {key for category in catalogue.CATEGORIES for key in category.sources}
    assert cited == set(SOURCES_BY_KEY)


def test_sources_have_a_known_kind():
    kinds = {
        "personal account",
        "provider article",
        "health-system patient guide",
        "clinic article (promotional)",
        "overview",
    }
    for source in catalogue.SOURCES:
        assert source.kind in kinds
        assert source.title and source.description
    assert SOURCES_BY_KEY["S1"].kind == "personal account"
    assert SOURCES_BY_KEY["S4"].kind == "clinic article (promotional)"


@pytest.mark.parametrize("category", catalogue.CATEGORIES, ids=lambda c: c.id)
def test_descriptions_are_two_to_four_sentences(category):
    sentences = re.findall(r"[^.!?]+[.!?](?:\s|$)", category.description)
    assert 2 <= len(sentences) <= 4, sentences
    assert category.when_mentioned.strip()
    assert category.label.strip()


def test_no_shown_text_uses_directive_wording():
    for text in shown_texts():
        assert directive_phrases(text) == [], text


def test_no_six_word_run_is_copied_from_a_seed():
    assert copied_runs(shown_texts(), seed_runs()) == {}


def test_antidepressant_classes_are_drug_class_codes():
    assert set(DrugClass.values) >= drugs.ANTIDEPRESSANT_CLASSES


# --- CATALOGUE_VERSION follows the catalogue's content ---------------------------------------

# The content hash of each catalogue version, oldest first. When the catalogue changes, bump
# CATALOGUE_VERSION and add a line here with the hash the failing test prints; never edit a
# line for a version that has been released.
CATALOGUE_HASHES = {
    "2026.11.1": "c20313600125ec099a3531d5b758e53eb53ab49e5b86599a116d59985a29b417",
    "2026.11.2": "badd02c5ba26a476464102f7cc18574d35b547a6af01932b85d46b9676a33fb6",
    "2026.11.3": "d6d6eb9248f3eca3681c472a18001eb34d1781c1a84b3e31289c78b86e882e94",
    "2026.12.1": "c9cc8d7659636d955b097b87d43ef27dee1ec9d7759b761bdf0d9b8fb6dfdba1",
    "2026.12.2": "49b3771180868f4f7e0ce697e1a26c2b621e082d5c7eafb0cb00bf8c034e9f26",
}


def canonical(value):
    """The data as JSON-ready values in a fixed order: dataclasses by field, sets sorted."""
    if is_dataclass(value) and not isinstance(value, type):
        return {field.name: canonical(getattr(value, field.name)) for field in fields(value)}
    if isinstance(value, dict):
        return {str(key): canonical(item) for key, item in value.items()}
    if isinstance(value, frozenset | set):
        return sorted(canonical(item) for item in value)
    if isinstance(value, tuple | list):
        return [canonical(item) for item in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    raise TypeError(f"catalogue data of an unexpected type: {type(value).__name__}")


def content_hash(module) -> str:
    """SHA-256 of every public upper-case constant of the module except CATALOGUE_VERSION:
    sources, groups, categories, class sets, notes. A new constant is covered on its own."""
    data = {
        name: canonical(getattr(module, name))
        for name in sorted(vars(module))
        if name.isupper() and not name.startswith("_") and name != "CATALOGUE_VERSION"
    }
    encoded = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def test_the_catalogue_version_changes_with_its_content():
    version, current = catalogue.CATALOGUE_VERSION, content_hash(catalogue)
    latest = list(CATALOGUE_HASHES)[-1]
    where = "as the last entry of CATALOGUE_HASHES in tests/reviews/test_catalogue.py"
    if version != latest:
        pytest.fail(
            f'CATALOGUE_VERSION {version} has no recorded hash: add "{version}": "{current}" '
            + where,
            pytrace=False,
        )
    if current != CATALOGUE_HASHES[version]:
        pytest.fail(
            "catalogue text changed: bump CATALOGUE_VERSION and update the hash: add "
            f'"<new version>": "{current}" ' + where,
            pytrace=False,
        )


def test_no_two_versions_share_a_content_hash():
    assert len(set(CATALOGUE_HASHES.values())) == len(CATALOGUE_HASHES)


def test_the_content_hash_sees_a_changed_word(monkeypatch):
    before = content_hash(catalogue)
    changed = (replace(catalogue.CATEGORIES[0], label="Changed"), *catalogue.CATEGORIES[1:])
    monkeypatch.setattr(catalogue, "CATEGORIES", changed)
    assert content_hash(catalogue) != before


SEQUENCING = re.compile(r"\b(first|last option|last resort|after other|usually among)\b", re.I)
ATTRIBUTED = re.compile(r"S\d, (a|an) [a-z ]+?,")


def test_the_products_own_voice_has_no_order_of_treatments():
    """Descriptions never order treatments; where a source does (shown only in the appendix),
    the sentence names the source and its kind."""
    for category in catalogue.CATEGORIES:
        assert not SEQUENCING.search(category.description), category.id
        for sentence in re.split(r"(?<=\.) ", category.when_mentioned):
            if SEQUENCING.search(sentence):
                assert ATTRIBUTED.search(sentence), (category.id, sentence)


def test_what_the_sources_do_not_say_is_not_said():
    by_id = catalogue.CATEGORIES_BY_ID
    assert "32 treatments" not in by_id["rtms"].description
    assert "TMS for anxiety for 32 days" in by_id["rtms"].description
    assert "such as lithium" not in by_id["augmentation"].description
    assert "lithium (S5)" in by_id["augmentation"].description
    assert "early" not in by_id["psychedelic_research"].description
    assert "mild" not in by_id["diagnosis_review"].description
    assert "normalised" in by_id["psychotherapy"].description
    assert "after at least two" not in by_id["ketamine"].when_mentioned


def test_the_content_review_corrections_hold():
    """Issue 21: each wording the content review found wrong, against the source's words."""
    by_id = catalogue.CATEGORIES_BY_ID
    sources = {source.key: source for source in catalogue.SOURCES}
    # Categories are what the documents mention, never "the options" of this patient.
    assert "option" not in by_id["coverage"].label.casefold()
    # S3: a medicine *commonly* used for another condition, not "mainly".
    augmentation = by_id["augmentation"].description
    assert "mainly" not in augmentation and "commonly used for another" in augmentation
    # S5's point: close work with a professional experienced in resistant depression.
    assert "experienced in resistant depression" in by_id["specialist"].description
    assert "S5" in by_id["specialist"].when_mentioned
    # S4's social conditions are cited where stress is.
    lifestyle = by_id["lifestyle"]
    assert "S4" in lifestyle.sources
    for words in ("money", "access to health care", "stigma"):
        assert words in lifestyle.description
    # No sentence without a source: no source mentions emergency services or crisis lines.
    for text in shown_texts():
        assert "emergency" not in text.casefold() and "crisis line" not in text.casefold()
    # S1 suggests pharmacogenetic testing as a tip; it never says the author was tested.
    assert "does not say whether the author was tested" in sources["S1"].description
    assert not sources["S1"].description.endswith("and pharmacogenetic testing.")
    # A source's sequence is said as the source's, with its kind.
    assert by_id["vns"].when_mentioned.startswith("S3, a health-system patient guide,")
