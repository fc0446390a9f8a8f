"""Kept PDFs are told apart by their sheet and options in one column, so that a new printed sheet
(reviews.printing.sheets) needs no column of its own: the summary's "with descriptions" becomes
"descriptions=1", the documentation sheet's purpose "treatment=tms"."""

from django.db import migrations, models


def options_from_columns(apps, schema_editor):
    stored = apps.get_model("reviews", "StoredPdf")
    for pdf in stored.objects.only("id", "sheet", "with_descriptions", "request_for"):
        if pdf.sheet == "documentation":
            options = f"treatment={pdf.request_for}" if pdf.request_for != "other" else ""
        else:
            options = "descriptions=1" if pdf.with_descriptions else ""
        stored.objects.filter(pk=pdf.pk).update(options=options)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0015_zuranolone_not_an_antidepressant_trial"),
    ]

    operations = [
        migrations.AddField(
            model_name="storedpdf",
            name="options",
            field=models.CharField(blank=True, default="", max_length=200),
        ),
        migrations.RunPython(options_from_columns, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="storedpdf",
            name="one_stored_pdf_per_document_and_option",
        ),
        migrations.RemoveField(model_name="storedpdf", name="request_for"),
        migrations.RemoveField(model_name="storedpdf", name="with_descriptions"),
        migrations.AlterField(
            model_name="storedpdf",
            name="sheet",
            field=models.CharField(default="summary", max_length=32),
        ),
        migrations.AddConstraint(
            model_name="storedpdf",
            constraint=models.UniqueConstraint(
                fields=("review", "sheet", "options", "paper"),
                name="one_stored_pdf_per_sheet_options_and_paper",
            ),
        ),
    ]
