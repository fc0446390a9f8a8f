"""Finding a patient by any part of the reference, ignoring case, stays fast at 100,000 reviews:
a trigram index on PostgreSQL, a case-ignoring btree on SQLite (reviews.indexes)."""

from django.db import migrations

import reviews.indexes


def create_pg_trgm(apps, schema_editor):
    """pg_trgm on PostgreSQL (nothing on any other database). It is a trusted extension since
    PostgreSQL 13, so the database's owner may create it; otherwise a superuser runs
    `CREATE EXTENSION pg_trgm;` in the database once, before migrating."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone():
            return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0011_stored_pdf_sheet"),
    ]

    operations = [
        # Left in place when migrating back: other indexes or databases may use the extension.
        migrations.RunPython(create_pg_trgm, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="review",
            index=reviews.indexes.PatientRefSearchIndex(
                fields=["practice", "patient_ref"], name="review_patient_search"
            ),
        ),
    ]
