"""import_review on malformed files: a clear message naming the key, exit status 1, nothing
written, and never a traceback."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reviews.models import AuditEvent, MedicationTrial, Review, SeverityScore
from tests.reviews.management.fuzz_corpus import corpus
from tests.reviews.samples import rich_review

REPOSITORY = Path(__file__).resolve().parents[3]


def rich_text(**replacements: str) -> str:
    """rich_review() as JSON text, with some values replaced by raw JSON text."""
    text = json.dumps(rich_review())
    for key, raw in replacements.items():
        old = json.dumps(rich_review()[key])
        assert f'"{key}": {old}' in text
        text = text.replace(f'"{key}": {old}', f'"{key}": {raw}', 1)
    return text


def table_sizes() -> tuple[int, ...]:
    return (
        Review.objects.count(),
        MedicationTrial.objects.count(),
        SeverityScore.objects.count(),
        AuditEvent.objects.count(),
    )


def refused(path: Path) -> str:
    with pytest.raises(CommandError) as refusal:
        call_command("import_review", str(path), clinician="dr.ada", stdout=StringIO())
    return str(refusal.value)


@pytest.mark.parametrize(
    ("raw_text", "message"),
    [
        (
            rich_text(clinician_notes="[" * 1000 + "]" * 1000),
            "clinician_notes: nested deeper than a review ever is",
        ),
        (
            rich_text(clinician_notes="[" * 200_000 + "]" * 200_000),
            "clinician_notes: nested deeper than a review ever is",
        ),
        (
            rich_text(episode=json.dumps(rich_review()["episode"]).replace("32", "9" * 4400)),
            "episode.duration_months: a number with 4,400 digits is not a review's number",
        ),
        (
            rich_text(clinician_notes='"a\\ud800b"'),
            "clinician_notes: the text contains U+D800, a character that cannot be stored",
        ),
        (
            rich_text(patient_ref='"MRN\\u0000"'),
            "patient_ref: the text contains U+0000, a character that cannot be stored",
        ),
        (
            rich_text(episode=json.dumps(rich_review()["episode"]).replace('"yes"', "NaN")),
            "episode.psychiatrist_involved: NaN is not a number a review holds",
        ),
        (
            rich_text(
                adherence=json.dumps({**rich_review()["adherence"], "barriers": ["cost"] * 100})
            ),
            "adherence.barriers: 'cost' is listed more than once",
        ),
        (
            rich_text(
                adherence=json.dumps({**rich_review()["adherence"], "barriers": ["cost"] * 10**6})
            ),
            "bytes is more than a review file holds",
        ),
        (
            rich_text(adherence=json.dumps({**rich_review()["adherence"], "barriers": [""]})),
            "adherence.barriers: '' is not one of",
        ),
        (
            rich_text(patient_ref='"MRN\\u202e0042"'),
            "invisible, right-to-left or line-break",
        ),
    ],
    ids=[
        "nesting-1000",
        "nesting-200000",
        "long-integer",
        "lone-surrogate",
        "nul",
        "nan",
        "duplicate-codes",
        "million-codes",
        "empty-code",
        "rtl-reference",
    ],
)
def test_a_malformed_file_is_refused_by_key_and_nothing_is_written(
    clinician, tmp_path, raw_text, message
):
    path = tmp_path / "review.json"
    path.write_text(raw_text, encoding="utf-8", errors="surrogatepass")
    before = table_sizes()
    assert message in refused(path)
    assert table_sizes() == before


def test_the_command_exits_1_with_no_traceback(clinician, tmp_path):
    path = tmp_path / "review.json"
    path.write_text(rich_text(clinician_notes='"\\ud800"'), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_review", str(path), "--clinician", "nobody"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "clinician_notes: the text contains U+D800" in result.stderr


@pytest.mark.slow
def test_a_fuzzed_corpus_gives_no_traceback_and_no_partial_write(clinician, tmp_path):
    tracebacks, partial, refusals, imported = [], [], 0, 0
    for name, raw in corpus(300):
        path = tmp_path / name
        path.write_bytes(raw)
        before = table_sizes()
        try:
            call_command("import_review", str(path), clinician="dr.ada", stdout=StringIO())
        except CommandError:
            refusals += 1
            if table_sizes() != before:
                partial.append(name)
        except Exception as exc:  # noqa: BLE001 - what the test is looking for
            tracebacks.append(f"{name}: {type(exc).__name__}")
        else:
            imported += 1
            assert table_sizes()[0] == before[0] + 1
    assert tracebacks == []
    assert partial == []
    assert refusals > 200  # the corpus is mostly malformed, as it should be
