"""Exports: a patient's reviews from the command line, one review as a JSON download, and the
list as CSV."""

import csv
import io
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from reviews import services
from reviews.exports import list_csv as csv_export
from reviews.exports.interchange import export_review
from reviews.models import AuditEvent
from tests.factories import make_clinician, make_practice
from tests.reviews.samples import blank_review, rich_review, trial


def add_review(clinician, patient_ref="MRN-0042", visit="2025-06-30", **sections):
    data = blank_review()
    data.update(patient_ref=patient_ref, visit_date=visit, **sections)
    return services.import_review(data=data, by=clinician)


def run(*args) -> str:
    out = io.StringIO()
    call_command("export_review", *args, stdout=out)
    return out.getvalue()


# --- export_review --patient ----------------------------------------------------------------


@pytest.fixture
def three_visits(clinician):
    later = add_review(clinician, visit="2025-06-30", clinician_notes="third")
    first = add_review(clinician, visit="2024-01-15", clinician_notes="first")
    middle = add_review(clinician, visit="2024-09-01", clinician_notes="second")
    add_review(clinician, patient_ref="MRN-0043", visit="2024-05-01")
    return first, middle, later


def test_the_patients_reviews_print_as_a_json_list_oldest_first(three_visits):
    data = json.loads(run("--patient", "MRN-0042"))

    assert [review["clinician_notes"] for review in data] == ["first", "second", "third"]
    assert data == [export_review(review) for review in three_visits]


def test_only_the_newest_version_of_an_amended_review_is_exported(three_visits, clinician):
    first = three_visits[0]
    services.finalise_review(review=first, expected_version=first.lock_version, by=first.clinician)
    services.amend_review(review=first, by=clinician, reason="typo")

    data = json.loads(run("--patient", "MRN-0042"))

    assert len(data) == 3


def test_a_reference_in_two_practices_needs_the_practice_named(three_visits):
    other = make_clinician(practice=make_practice("Hillside Practice"))
    add_review(other, visit="2023-03-03", clinician_notes="elsewhere")

    with pytest.raises(CommandError, match="2 practices; name one with --practice"):
        run("--patient", "MRN-0042")
    assert [
        r["clinician_notes"]
        for r in json.loads(run("--patient", "MRN-0042", "--practice", "Hillside Practice"))
    ] == ["elsewhere"]
    assert len(json.loads(run("--patient", "MRN-0042", "--practice", "Riverside Clinic"))) == 3


def test_an_unknown_patient_fails(db):
    with pytest.raises(CommandError, match="no review of patient 'NOPE'"):
        run("--patient", "NOPE")


@pytest.mark.parametrize(
    "args", [(), ("1", "--patient", "MRN-0042"), ("1", "--practice", "Riverside Clinic")]
)
def test_exactly_one_of_an_id_and_a_patient(db, args):
    with pytest.raises(CommandError):
        run(*args)


def test_one_review_by_id_still_prints_an_object(three_visits):
    assert json.loads(run(str(three_visits[1].pk))) == export_review(three_visits[1])


# --- One review as a JSON download ----------------------------------------------------------


@pytest.fixture
def review(clinician):
    return services.import_review(data=rich_review(), by=clinician)


def test_the_json_download_is_the_review_in_the_interchange_format(signed_in_client, review):
    response = signed_in_client.get(reverse("review_export_json", args=[review.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="trd-review-{review.pk}-2026-11-20.json"'
    )
    assert "MRN" not in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content) == export_review(review)


def test_the_json_download_imports_as_the_same_review(signed_in_client, review, clinician):
    data = json.loads(signed_in_client.get(reverse("review_export_json", args=[review.pk])).content)

    again = services.import_review(data=data, by=clinician)

    assert export_review(again) == export_review(review)


def test_the_json_download_is_audited_as_an_export(signed_in_client, review):
    signed_in_client.get(reverse("review_export_json", args=[review.pk]))

    event = AuditEvent.objects.get(action="export")
    assert (event.review_id, event.detail) == (review.pk, "JSON")


def test_the_json_download_is_get_only(signed_in_client, review):
    assert signed_in_client.post(reverse("review_export_json", args=[review.pk])).status_code == 405


def test_another_practice_gets_404_for_the_json(client, outsider, review):
    client.force_login(outsider)

    assert client.get(reverse("review_export_json", args=[review.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()


# --- The list as CSV ------------------------------------------------------------------------


def csv_of(response) -> list[list[str]]:
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def search(client, **criteria) -> str:
    return client.post(reverse("home"), {"match": "prefix", **criteria})["Location"]


def csv_url_from(client, location: str) -> str:
    return client.get(location).context["csv_url"]


def test_the_csv_has_the_lists_columns_and_no_notes(signed_in_client, clinician):
    data = rich_review()
    data["clinician_notes"] = "NOTE-TEXT private"
    data["safety"]["notes"] = "SAFETY-TEXT"
    services.import_review(data=data, by=clinician)
    add_review(clinician, patient_ref="MRN-0001", visit="2025-01-02")

    response = signed_in_client.get(reverse("reviews_csv"))

    rows = csv_of(response)
    assert rows == [
        [
            "Patient reference",
            "Visit date",
            "Clinician",
            "Status",
            "Medication courses",
            "Failed adequate trials, current episode (at least 4 weeks): counted",
            "Failed adequate trials, current episode (at least 4 weeks): ongoing",
            "Failed adequate trials, current episode (at least 4 weeks): uncertain",
        ],
        # sertraline and venlafaxine counted, bupropion ongoing (its response so far not
        # recorded); no onset recorded for the second: no count.
        ["MRN-0042", "2026-11-20", "Ada Byrne", "Draft", "5", "2", "0", "0"],
        ["MRN-0001", "2025-01-02", "Ada Byrne", "Draft", "0", "", "", ""],
    ]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="trd-reviews-\d{4}-\d{2}-\d{2}\.csv"',
        response["Content-Disposition"],
    )
    assert "TEXT" not in str(rows)


def test_the_csv_follows_the_search_and_sort_of_the_list(signed_in_client, clinician):
    for ref in ("MRN-0001", "MRN-0002", "ABC-1"):
        add_review(clinician, patient_ref=ref)
    location = search(signed_in_client, patient_ref="MRN", sort="patient_desc")

    url = csv_url_from(signed_in_client, location)

    assert set(parse_qs(urlsplit(url).query)) == {"q", "sort"}
    assert "MRN" not in url
    rows = csv_of(signed_in_client.get(url))
    assert [row[0] for row in rows[1:]] == ["MRN-0002", "MRN-0001"]


def test_an_expired_search_downloads_nothing(signed_in_client, clinician):
    add_review(clinician)

    response = signed_in_client.get(reverse("reviews_csv"), {"q": "gone"})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not AuditEvent.objects.filter(action="export").exists()


def test_the_csv_is_audited_without_patient_data(signed_in_client, clinician):
    add_review(clinician)
    url = csv_url_from(signed_in_client, search(signed_in_client, patient_ref="MRN-0042"))

    csv_of(signed_in_client.get(url))

    event = AuditEvent.objects.get(action="export")
    assert event.detail == "list as CSV, searched"
    assert "MRN" not in event.detail


def test_cells_that_a_spreadsheet_would_run_are_quoted(signed_in_client, clinician, practice):
    doctor = make_clinician(practice=practice, username="dr.x", first_name="@Dr", last_name="X")
    add_review(doctor, patient_ref="=HYPERLINK(1)")
    add_review(clinician, patient_ref="+1")
    add_review(clinician, patient_ref="-1")
    add_review(clinician, patient_ref="MRN=1")

    rows = csv_of(signed_in_client.get(reverse("reviews_csv"), {"sort": "patient_asc"}))

    cells = {row[0]: row[2] for row in rows[1:]}
    assert cells == {
        "'+1": "Ada Byrne",
        "'-1": "Ada Byrne",
        "'=HYPERLINK(1)": "'@Dr X",
        "MRN=1": "Ada Byrne",
    }


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("a=b", "a=b"),
        ("", ""),
        (5, 5),
    ],
)
def test_spreadsheet_safe(value, safe):
    assert csv_export.spreadsheet_safe(value) == safe


def test_another_practice_gets_none_of_the_reviews_in_its_csv(client, outsider, clinician):
    add_review(clinician)
    client.force_login(outsider)

    rows = csv_of(client.get(reverse("reviews_csv")))

    assert rows == [[column.format(weeks=4) for column in csv_export.CSV_COLUMNS]]


def test_the_csv_counts_failed_trials_like_the_summary(signed_in_client, clinician, settings):
    settings.TRDREVIEW_MIN_TRIAL_WEEKS = 8
    adequate = {"dose_adequate": "yes", "adherence": "as_prescribed", "response": "none"}
    episode = {"onset": "2024-01", "duration_months": None, "prior_episodes": None}
    add_review(
        clinician,
        episode={**episode, "psychiatrist_involved": "unknown", "severity_scores": []},
        medication_trials=[
            trial("sertraline", "ssri", start="2024-02", end="2024-06", weeks=8, **adequate),
            trial("citalopram", "ssri", start="2024-08", end="2024-12", weeks=7, **adequate),
        ],
    )

    rows = csv_of(signed_in_client.get(reverse("reviews_csv")))

    assert rows[0][5] == "Failed adequate trials, current episode (at least 8 weeks): counted"
    assert rows[1][4:] == ["2", "1", "0", "0"]
