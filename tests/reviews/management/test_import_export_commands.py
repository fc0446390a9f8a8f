import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from reviews.choices import Status
from reviews.models import Review
from tests.reviews.samples import as_version_1, blank_review, rich_review, trial

REPOSITORY = Path(__file__).resolve().parents[3]


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def import_file(path: Path, username: str = "dr.ada") -> str:
    out = StringIO()
    call_command("import_review", str(path), clinician=username, stdout=out)
    return out.getvalue()


def test_import_prints_the_new_reviews_id_and_creates_a_draft(clinician, tmp_path):
    output = import_file(write_json(tmp_path / "review.json", rich_review()))

    review = Review.objects.get()
    assert output == f"{review.pk}\n"
    assert review.status == Status.DRAFT
    assert review.clinician == clinician
    assert review.medication_trials.count() == 5


def test_clinician_username_is_matched_ignoring_case(clinician, tmp_path):
    import_file(write_json(tmp_path / "review.json", blank_review()), username="DR.Ada")

    assert Review.objects.get().clinician == clinician


def test_export_prints_the_review_as_json(clinician, tmp_path):
    data = rich_review()
    data["clinician_notes"] = "Zoë, 4–5 h sleep"
    review_id = import_file(write_json(tmp_path / "review.json", data)).strip()
    out = StringIO()

    call_command("export_review", review_id, stdout=out)

    text = out.getvalue()
    assert json.loads(text) == data
    assert text.startswith('{\n  "format": "trdreview/review",\n  "format_version": 3,')
    assert "Zoë, 4–5 h sleep" in text  # not escaped


def test_exported_file_imports_as_the_same_review(clinician, tmp_path):
    first = import_file(write_json(tmp_path / "first.json", rich_review())).strip()
    out = StringIO()
    call_command("export_review", first, stdout=out)
    (tmp_path / "second.json").write_text(out.getvalue(), encoding="utf-8")

    second = import_file(tmp_path / "second.json").strip()

    again = StringIO()
    call_command("export_review", second, stdout=again)
    assert json.loads(again.getvalue()) == json.loads(out.getvalue()) == rich_review()


def test_export_of_an_unknown_id_fails(db):
    with pytest.raises(CommandError, match="^no review with id 999$") as raised:
        call_command("export_review", "999")

    assert raised.value.returncode == 1


def test_import_of_invalid_data_lists_every_problem_and_writes_nothing(clinician, tmp_path):
    data = rich_review()
    data["episode"]["severity"] = 19
    data["substance_use"]["alcohol"] = "lots"
    path = write_json(tmp_path / "review.json", data)

    with pytest.raises(CommandError) as raised:
        import_file(path)

    assert str(raised.value) == (
        "unknown key 'episode.severity'\n"
        "substance_use.alcohol: 'lots' is not one of none, occasional, regular, heavy, unknown"
    )
    assert raised.value.returncode == 1
    assert not Review.objects.exists()


@pytest.mark.parametrize("version", [2, 1])
def test_an_esketamine_or_ketamine_trial_is_refused_and_nothing_written(
    clinician, tmp_path, version
):
    data = rich_review()
    data["medication_trials"][2:2] = [
        trial("Spravato", "other", role="augmentation", start="2025-09-01"),
        trial("ketamine", "other", notes="six infusions"),
    ]
    data = as_version_1(data) if version == 1 else data
    path = write_json(tmp_path / "review.json", data)

    with pytest.raises(CommandError) as raised:
        import_file(path)

    assert str(raised.value) == (
        "medication_trials[2].drug: 'Spravato' is esketamine, recorded under procedures, not as "
        "a medication trial: add it to 'procedures' with kind 'esketamine'\n"
        "medication_trials[3].drug: 'ketamine' is ketamine, recorded under procedures, not as "
        "a medication trial: add it to 'procedures' with kind 'ketamine_iv'"
    )
    assert raised.value.returncode == 1
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            b'{"format": "trdreview/review",\n "format_version": 1,,}',
            "not valid JSON: Expecting property name enclosed in double quotes "
            "at line 2, column 22",
            id="malformed JSON",
        ),
        pytest.param(b"", "not valid JSON: Expecting value at line 1, column 1", id="empty"),
        pytest.param(
            b'{"patient_ref": "M\xfcller"}', "not UTF-8 text (invalid start byte)", id="latin-1"
        ),
    ],
)
def test_import_of_a_file_that_is_not_json_fails(clinician, tmp_path, content, message):
    path = tmp_path / "review.json"
    path.write_bytes(content)

    with pytest.raises(CommandError) as raised:
        import_file(path)

    assert str(raised.value) == f"{path}: {message}"
    assert not Review.objects.exists()


def test_a_byte_order_mark_is_accepted(clinician, tmp_path):
    path = tmp_path / "review.json"
    path.write_text(json.dumps(blank_review()), encoding="utf-8-sig")

    import_file(path)

    assert Review.objects.count() == 1


def test_import_of_a_missing_file_fails(clinician, tmp_path):
    path = tmp_path / "absent.json"

    with pytest.raises(CommandError, match="absent.json: no such file$"):
        import_file(path)


def test_import_of_a_directory_fails(clinician, tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        import_file(tmp_path)


def test_import_for_an_unknown_clinician_fails(clinician, tmp_path):
    path = write_json(tmp_path / "review.json", rich_review())

    with pytest.raises(CommandError, match="^no clinician with username 'dr.nobody'$"):
        import_file(path, username="dr.nobody")

    assert not Review.objects.exists()


def test_malformed_json_exits_with_status_1(tmp_path):
    path = tmp_path / "review.json"
    path.write_text('{\n  "format": "trdreview/review"\n  "format_version": 1\n}', encoding="utf-8")
    # A database of its own, so the command can never touch the developer's.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}

    result = subprocess.run(
        [sys.executable, "manage.py", "import_review", str(path), "--clinician", "dr.ada"],
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert result.stdout == ""
    assert "not valid JSON: Expecting ',' delimiter at line 3, column 3" in result.stderr
