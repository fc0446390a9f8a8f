"""The index behind "Find a patient": a reference matched ignoring case, anywhere in it.

One declared index, written for the database it is created on, so Django recreates it whenever
it rebuilds the table (SQLite rebuilds a table for most column changes and keeps only the
indexes the models declare):

- PostgreSQL: a trigram GIN index on UPPER(patient_ref), the expression Django's `icontains`,
  `istartswith` and `iexact` compare, so all three are served wherever the typed text sits in
  the reference (three characters or more; the migration adding the index creates pg_trgm).
- SQLite: a btree on (practice, patient_ref COLLATE NOCASE). SQLite's LIKE ignores case, so
  with this collation a prefix or an exact reference is a range of the index; a match anywhere
  cannot be a range, and SQLite reads the practice's entries of this index (never the table)
  and tests each one (docs/benchmarks.md, "Reviews list").
"""

from django.db import models
from django.db.backends.ddl_references import Columns, Statement, Table


class PatientRefSearchIndex(models.Index):
    """Declared with fields ("practice", "patient_ref"); see the module for what each database
    gets. Any other database gets a plain index on those fields."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            table, quote = model._meta.db_table, schema_editor.quote_name
            column = model._meta.get_field("patient_ref").column
            return Statement(
                "CREATE INDEX %(name)s ON %(table)s USING gin ((UPPER(%(column)s)) gin_trgm_ops)",
                name=quote(self.name),
                table=Table(table, quote),
                column=Columns(table, [column], quote),
            )
        if vendor == "sqlite":
            fields = [model._meta.get_field(name) for name in self.fields]
            return schema_editor._create_index_sql(
                model,
                fields=fields,
                name=self.name,
                col_suffixes=[
                    "COLLATE NOCASE" if name == "patient_ref" else "" for name in self.fields
                ],
                **kwargs,
            )
        return super().create_sql(model, schema_editor, using=using, **kwargs)
