"""The patient search index is made for the database it is on and outlives changes to the
reviews table (SQLite rebuilds the whole table for most of them)."""

import copy

import pytest
from django.db import connection

from reviews.models import Review

pytestmark = pytest.mark.postgres

INDEX = "review_patient_search"


def index_definition() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [INDEX])
        else:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [INDEX])
        row = cursor.fetchone()
    return row[0] if row else ""


def expected_shape() -> str:
    if connection.vendor == "sqlite":
        return '("practice_id", "patient_ref" COLLATE NOCASE)'
    return "USING gin (upper((patient_ref)::text) gin_trgm_ops)"


def test_the_index_suits_the_database(db):
    assert expected_shape() in index_definition()


def test_the_index_outlives_a_change_to_the_reviews_table(transactional_db):
    old = Review._meta.get_field("patient_ref")
    wider = copy.deepcopy(old)
    wider.max_length = old.max_length + 16

    with connection.schema_editor() as editor:
        editor.alter_field(Review, old, wider)  # SQLite: a new table, the rows copied over
    try:
        assert expected_shape() in index_definition()
    finally:
        with connection.schema_editor() as editor:
            editor.alter_field(Review, wider, old)
    assert expected_shape() in index_definition()
