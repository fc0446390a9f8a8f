import re

import pytest

from reviews import catalogue
from tests.wording import copied_runs, directive_phrases, seed_runs

# DESIGN.md §4, in its order: (id, group, sources).
DESIGN_CATEGORIES = [
    ("more_time", "medication", ("S3",)),
    ("dose_adjustment", "medication", ("S3", "S5")),
    ("switch", "medication", ("S2", "S3", "S5")),
    ("combination", "medication", ("S2", "S3", "S5")),
    ("augmentation", "medication", ("S2", "S3", "S5")),
    ("pharmacogenomic_testing", "medication", ("S1", "S3")),
    ("psychotherapy", "psychotherapy", ("S2", "S3", "S4", "S5")),
    ("rtms", "procedures", ("S1", "S2", "S3", "S4", "S5")),
    ("ketamine", "procedures", ("S1", "S3", "S4", "S5")),
    ("ect", "procedures", ("S1", "S3", "S4", "S5")),
    ("vns", "procedures", ("S1", "S3")),
    ("psychedelic_research", "procedures", ("S4",)),
    ("specialist", "evaluation", ("S3",)),
    ("diagnosis_review", "evaluation", ("S2", "S3", "S4")),
    ("physical_health", "evaluation", ("S3",)),
    ("substance_use", "evaluation", ("S2", "S3")),
    ("adherence", "evaluation", ("S3",)),
    ("lifestyle", "evaluation", ("S2", "S3")),
    ("support", "evaluation", ("S2", "S4")),
    ("intensive_programmes", "evaluation", ("S1",)),
    ("coverage", "practical", ("S1", "S3")),
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


def test_categories_are_the_21_of_design_in_order_with_groups_and_sources():
    actual = [(c.id, c.group, c.sources) for c in catalogue.CATEGORIES]
    assert actual == DESIGN_CATEGORIES


def test_lookup_tables_match_the_tuples():
    assert list(catalogue.CATEGORIES_BY_ID) == [c.id for c in catalogue.CATEGORIES]
    assert list(catalogue.SOURCES_BY_KEY) == ["S1", "S2", "S3", "S4", "S5"]


def test_every_group_is_known_and_groups_appear_in_order():
    group_keys = [key for key, _ in catalogue.GROUPS]
    assert group_keys == ["medication", "psychotherapy", "procedures", "evaluation", "practical"]
    used = [c.group for c in catalogue.CATEGORIES]
    assert sorted(used, key=group_keys.index) == used


def test_every_category_cites_at_least_one_known_source():
    for category in catalogue.CATEGORIES:
        assert category.sources, category.id
        assert set(category.sources) <= set(catalogue.SOURCES_BY_KEY), category.id


def test_every_source_is_cited_by_some_category():
    cited = {key for category in catalogue.CATEGORIES for key in category.sources}
    assert cited == set(catalogue.SOURCES_BY_KEY)


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
    assert catalogue.SOURCES_BY_KEY["S1"].kind == "personal account"
    assert catalogue.SOURCES_BY_KEY["S4"].kind == "clinic article (promotional)"


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


def test_versions_and_class_sets():
    assert isinstance(catalogue.CATALOGUE_VERSION, str)
    assert not catalogue.ANTIDEPRESSANT_CLASSES & catalogue.AUGMENTING_CLASSES
