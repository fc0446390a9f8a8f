"""The reviews home: search kept out of URLs, filters, sorting, pagination, the counted columns,
and the same number of queries whatever the number of reviews."""

import datetime
import random
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews import audit, kept_searches, selectors, services
from reviews.exports.interchange import export_review
from reviews.models import AuditEvent, Review
from reviews.pagination import ListPage
from reviews.search import column_sorts
from tests.factories import make_clinician
from tests.reviews.builders import facts_of
from tests.reviews.samples import blank_review, rich_review, trial
from tests.reviews.views.pages import page_text

VISIT = datetime.date(2025, 6, 30)


def add_review(clinician, patient_ref="MRN-0042", visit="2025-06-30", **sections) -> Review:
    data = blank_review()
    data.update(patient_ref=patient_ref, visit_date=visit, **sections)
    return services.import_review(data=data, by=clinician)


def add_many(clinician, count: int, *, start: int = 0) -> list[Review]:
    """Many plain reviews at once (no rows), visit dates one day apart going back from VISIT."""
    return Review.objects.bulk_create(
        Review(
            practice=clinician.practice,
            clinician=clinician,
            patient_ref=f"P-{number:04d}",
            visit_date=VISIT - datetime.timedelta(days=number),
        )
        for number in range(start, start + count)
    )


def search(client, **criteria):
    """POST the search form; return the redirect's location."""
    response = client.post(reverse("home"), {"match": "prefix", **criteria})
    assert response.status_code == 302, response.content.decode()[-2000:]
    return response["Location"]


def listed_refs(response) -> list[str]:
    return [review.patient_ref for review in response.context["reviews"]]


def links(html: str) -> list[str]:
    return re.findall(r'(?:href|action|src)="([^"]*)"', html)


# --- Search ---------------------------------------------------------------------------------


@pytest.fixture
def patients(clinician):
    for ref in ("MRN-0042", "MRN-0043", "MRN-1000", "mrn-0042", "ABC-7", "MRN_X", "MRN%Y"):
        add_review(clinician, patient_ref=ref)


def test_a_search_is_posted_and_redirects_to_an_opaque_token(signed_in_client, patients):
    location = search(signed_in_client, patient_ref="MRN-00")

    path, query = urlsplit(location).path, parse_qs(urlsplit(location).query)
    assert path == reverse("home")
    assert set(query) == {"q"}
    assert re.fullmatch(r"[A-Za-z0-9_-]{6,32}", query["q"][0])
    assert "MRN" not in location


@pytest.mark.parametrize("typed", ["nc-7781", "7781", "C-7781", "NC-7781", "c-778", "81"])
def test_any_part_of_the_reference_finds_it_ignoring_case(signed_in_client, clinician, typed):
    for ref in ("NC-7781", "NC-7792", "XY-1771"):
        add_review(clinician, patient_ref=ref)

    location = search(signed_in_client, patient_ref=typed, match="anywhere")

    assert listed_refs(signed_in_client.get(location)) == ["NC-7781"]


def test_contains_is_the_default_match(signed_in_client, patients):
    response = signed_in_client.post(reverse("home"), {"patient_ref": "0042"})
    found = listed_refs(signed_in_client.get(response["Location"]))

    assert sorted(found) == ["MRN-0042", "mrn-0042"]
    html = signed_in_client.get(reverse("home")).content.decode()
    checked = re.findall(r'<input[^>]*name="match"[^>]*>', html)
    assert [radio for radio in checked if "checked" in radio] == [
        next(radio for radio in checked if 'value="anywhere"' in radio)
    ]


def test_starts_with_ignores_case(signed_in_client, patients):
    response = signed_in_client.get(search(signed_in_client, patient_ref="mrn-00", match="prefix"))

    assert sorted(listed_refs(response)) == ["MRN-0042", "MRN-0043", "mrn-0042"]


def test_starts_with_does_not_match_inside_the_reference(signed_in_client, patients):
    response = signed_in_client.get(search(signed_in_client, patient_ref="RN-00", match="prefix"))

    assert listed_refs(response) == []


def test_exact_search_matches_one_reference_ignoring_case(signed_in_client, patients):
    location = search(signed_in_client, patient_ref="Mrn-0042", match="exact")

    assert sorted(listed_refs(signed_in_client.get(location))) == ["MRN-0042", "mrn-0042"]


@pytest.mark.parametrize(
    ("typed", "expected"), [("N_", ["MRN_X"]), ("N%", ["MRN%Y"]), ("%", ["MRN%Y"])]
)
def test_wildcard_characters_are_searched_for_literally(
    signed_in_client, patients, typed, expected
):
    location = search(signed_in_client, patient_ref=typed, match="anywhere")

    assert listed_refs(signed_in_client.get(location)) == expected


def test_surrounding_spaces_are_ignored(signed_in_client, patients):
    location = search(signed_in_client, patient_ref="  ABC-7 ", match="exact")

    assert listed_refs(signed_in_client.get(location)) == ["ABC-7"]


def test_no_match_says_how_references_are_matched(signed_in_client, patients):
    response = signed_in_client.get(search(signed_in_client, patient_ref="zz-404"))

    text = " ".join(response.content.decode().split())
    assert "No review matches the search." in text
    assert "Upper and lower case are matched alike" in text
    assert "any part of the reference" in text
    assert "0 reviews match the search." in text


def query_plan(queryset) -> str:
    with connection.cursor() as cursor:
        sql, params = queryset.query.sql_with_params()
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return " ".join(str(row) for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: make the index visible
        cursor.execute(f"EXPLAIN {sql}", params)
        return " ".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres
@pytest.mark.parametrize("match", ["anywhere", "prefix", "exact"])
def test_every_match_reads_the_case_ignoring_index_never_the_table(practice, match):
    """PostgreSQL: the trigram index on UPPER(patient_ref) (which holds every practice's
    references; the planner weighs it against the practice's index by the numbers, see
    docs/benchmarks.md). SQLite: the NOCASE index, as a range for a prefix or a whole
    reference, read through the practice's entries (but not the table) for a match anywhere."""
    matched = Review.objects.filter(selectors.patient_ref_matches("nc-7781", match))
    if connection.vendor == "sqlite":
        matched = matched.filter(practice=practice)  # the index's first column

    plan = query_plan(matched.values("pk"))

    assert "review_patient_search" in plan, plan
    if connection.vendor == "sqlite":
        assert "COVERING INDEX review_patient_search" in plan, plan
        ranged = "patient_ref>? AND patient_ref<?" in plan
        assert ranged == (match != "anywhere"), plan


def test_a_search_is_audited_naming_the_criteria_but_not_their_values(signed_in_client, patients):
    search(signed_in_client, patient_ref="MRN-0042", status="draft")

    event = AuditEvent.objects.filter(action="search").get()
    assert event.detail == "by patient_ref, status"
    assert "MRN" not in event.detail


def test_an_unknown_token_shows_every_review_and_says_the_search_expired(
    signed_in_client, patients
):
    response = signed_in_client.get(reverse("home") + "?q=nosuchtoken")

    assert len(listed_refs(response)) == 7
    assert "That search has expired" in response.content.decode()


def test_a_token_is_only_good_in_the_session_that_made_it(signed_in_client, practice, patients):
    location = search(signed_in_client, patient_ref="ABC")
    colleague = Client()
    colleague.force_login(make_clinician(practice=practice, username="dr.cy"))

    response = colleague.get(location)

    assert len(listed_refs(response)) == 7  # the other session holds no such search
    assert "That search has expired" in response.content.decode()


def test_two_searches_keep_their_own_tokens(signed_in_client, patients):
    first = search(signed_in_client, patient_ref="ABC")
    second = search(signed_in_client, patient_ref="MRN-1")

    assert listed_refs(signed_in_client.get(first)) == ["ABC-7"]
    assert listed_refs(signed_in_client.get(second)) == ["MRN-1000"]


def test_only_the_latest_searches_are_kept(signed_in_client, patients):
    locations = [search(signed_in_client, patient_ref="ABC") for _ in range(25)]

    assert len(signed_in_client.session[kept_searches.SESSION_KEY]) == kept_searches.SEARCHES_KEPT
    assert "expired" in signed_in_client.get(locations[0]).content.decode()
    assert listed_refs(signed_in_client.get(locations[-1])) == ["ABC-7"]


# --- Filters --------------------------------------------------------------------------------


def test_filters_by_status_clinician_and_visit_dates(signed_in_client, clinician, practice):
    colleague = make_clinician(practice=practice, username="dr.bo")
    add_review(clinician, patient_ref="A", visit="2025-01-10")
    add_review(clinician, patient_ref="B", visit="2025-02-10")
    final = add_review(colleague, patient_ref="C", visit="2025-03-10")
    services.finalise_review(review=final, expected_version=final.lock_version, by=final.clinician)

    def found(**criteria):
        return sorted(listed_refs(signed_in_client.get(search(signed_in_client, **criteria))))

    assert found(status="final") == ["C"]
    assert found(status="draft") == ["A", "B"]
    assert found(clinician=str(colleague.pk)) == ["C"]
    assert found(visit_from="2025-02-01") == ["B", "C"]
    assert found(visit_to="2025-02-10") == ["A", "B"]
    assert found(visit_from="2025-02-10", visit_to="2025-02-10") == ["B"]
    assert found(visit_from="2025-01-01", visit_to="2025-03-01", status="draft") == ["A", "B"]


def test_a_clinician_of_another_practice_is_no_choice(signed_in_client, clinician, outsider):
    add_review(clinician)

    response = signed_in_client.post(reverse("home"), {"clinician": str(outsider.pk)})

    assert response.status_code == 400
    assert response.context["search_form"].has_error("clinician", "invalid_choice")


def test_a_backwards_date_range_is_refused_with_the_input_kept(signed_in_client, clinician):
    add_review(clinician)

    response = signed_in_client.post(
        reverse("home"), {"visit_from": "2025-03-01", "visit_to": "2025-02-01"}
    )

    assert response.status_code == 400
    form = response.context["search_form"]
    assert form.has_error("visit_to", "range_backwards")
    assert 'value="2025-03-01"' in response.content.decode()
    assert not AuditEvent.objects.filter(action="search").exists()


def test_a_refused_search_shows_no_count_and_no_list(signed_in_client, clinician):
    add_many(clinician, 3)

    response = signed_in_client.post(
        reverse("home"), {"visit_from": "2025-03-01", "visit_to": "2025-02-01"}
    )

    text = " ".join(response.content.decode().split())
    assert "This date is before the “from” date." in text
    assert (
        "No reviews are listed: the search runs once the entries marked above are corrected."
        in (text)
    )
    assert "3 reviews" not in text and "in Riverside Clinic." not in text
    assert list(response.context["reviews"]) == []
    assert "P-0000" not in text and "Download list (CSV)" not in text


def test_a_kept_search_that_no_longer_passes_lists_nothing(
    signed_in_client, clinician, practice, outsider
):
    colleague = make_clinician(practice=practice, username="dr.bo")
    add_review(colleague, patient_ref="C")
    add_many(clinician, 3)
    location = search(signed_in_client, clinician=str(colleague.pk))
    colleague.practice = outsider.practice  # moved practice since the search was kept
    colleague.save()

    response = signed_in_client.get(location)

    text = " ".join(response.content.decode().split())
    assert response.context["search_form"].has_error("clinician", "invalid_choice")
    assert "No reviews are listed" in text
    assert list(response.context["reviews"]) == []
    assert "3 reviews" not in text and "P-0000" not in text


def test_show_all_after_a_search(signed_in_client, patients):
    response = signed_in_client.get(search(signed_in_client, patient_ref="ABC"))
    assert f'href="{reverse("home")}"' in response.content.decode()

    assert len(listed_refs(signed_in_client.get(reverse("home")))) == 7


# --- Sorting and pages ----------------------------------------------------------------------


def test_newest_visit_first_by_default_and_only_the_newest_version(signed_in_client, clinician):
    older = add_review(clinician, patient_ref="OLD", visit="2024-01-01")
    newer = add_review(clinician, patient_ref="NEW", visit="2025-01-01")
    services.finalise_review(review=older, expected_version=older.lock_version, by=older.clinician)
    amendment = services.amend_review(review=older, by=clinician, reason="typo")

    reviews = list(signed_in_client.get(reverse("home")).context["reviews"])

    assert [review.pk for review in reviews] == [newer.pk, amendment.pk]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("visit_desc", ["C", "B", "A"]),
        ("visit_asc", ["A", "B", "C"]),
        ("patient_asc", ["A", "B", "C"]),
        ("patient_desc", ["C", "B", "A"]),
        ("changed_desc", ["B", "A", "C"]),
        ("changed_asc", ["C", "A", "B"]),
        ("-id; DROP TABLE reviews_review", ["C", "B", "A"]),  # not a choice: the default
    ],
)
def test_sorting_by_a_whitelisted_choice(signed_in_client, clinician, sort, expected):
    changed_order = [
        add_review(clinician, patient_ref="C", visit="2025-03-01"),
        add_review(clinician, patient_ref="A", visit="2025-01-01"),
        add_review(clinician, patient_ref="B", visit="2025-02-01"),
    ]
    for minutes, review in enumerate(changed_order):
        Review.objects.filter(pk=review.pk).update(
            updated_at=datetime.datetime(2025, 7, 1, 12, minutes, tzinfo=datetime.UTC)
        )

    response = signed_in_client.get(reverse("home"), {"sort": sort})

    assert listed_refs(response) == expected


def header_links(html: str) -> dict[str, tuple[str, str]]:
    """Each sortable column header: its text → (its aria-sort or "", its link)."""
    headers = re.findall(
        r'<th scope="col"(?: aria-sort="(\w+)")?>\s*'
        r'<a href="([^"]*)" class="sort-link"[^>]*>([^<]+)<',
        html,
    )
    return {text: (aria_sort, unescape(href)) for aria_sort, href, text in headers}


def test_column_headers_sort_the_list_and_say_which_order_is_in_use(signed_in_client, clinician):
    add_review(clinician, patient_ref="B", visit="2025-01-01")
    add_review(clinician, patient_ref="A", visit="2025-03-01")
    add_review(clinician, patient_ref="C", visit="2025-02-01")

    first = signed_in_client.get(reverse("home")).content.decode()
    headers = header_links(first)
    assert set(headers) == {"Patient reference", "Visit date", "Last changed"}
    assert headers["Visit date"][0] == "descending"  # the default: newest visit first
    assert headers["Patient reference"][0] == "" and headers["Last changed"][0] == ""
    assert 'name="sort"' not in re.sub(
        r'<form[^>]*data-testid="search-form".*?</form>', "", first, flags=re.S
    )

    by_patient = signed_in_client.get(headers["Patient reference"][1])
    assert listed_refs(by_patient) == ["A", "B", "C"]
    headers = header_links(by_patient.content.decode())
    assert headers["Patient reference"][0] == "ascending"
    assert headers["Visit date"][0] == ""

    reversed_ = signed_in_client.get(headers["Patient reference"][1])
    assert listed_refs(reversed_) == ["C", "B", "A"]
    assert header_links(reversed_.content.decode())["Patient reference"][0] == "descending"

    oldest_first = signed_in_client.get(header_links(first)["Visit date"][1])
    assert listed_refs(oldest_first) == ["B", "C", "A"]


def test_a_header_link_keeps_the_search_and_starts_at_page_one(signed_in_client, clinician):
    add_many(clinician, 60)
    location = search(signed_in_client, patient_ref="P-")
    second_page = signed_in_client.get(signed_in_client.get(location).context["next_url"])

    link = header_links(second_page.content.decode())["Patient reference"][1]

    query = parse_qs(urlsplit(link).query)
    assert query == {"q": parse_qs(urlsplit(location).query)["q"], "sort": ["patient_asc"]}


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("visit_desc", {"visit": ("descending", "visit_asc"), "patient": ("", "patient_asc")}),
        ("visit_asc", {"visit": ("ascending", "visit_desc"), "changed": ("", "changed_desc")}),
        ("patient_desc", {"patient": ("descending", "patient_asc"), "visit": ("", "visit_desc")}),
        ("changed_asc", {"changed": ("ascending", "changed_desc")}),
    ],
)
def test_column_sorts_turn_the_column_in_use_round(sort, expected):
    headers = column_sorts(sort)

    for column, (aria_sort, next_sort) in expected.items():
        assert (headers[column].aria_sort, headers[column].next_sort) == (aria_sort, next_sort)
    assert {header.next_sort for header in headers.values()} <= set(selectors.SORTS)


def test_a_search_keeps_the_sort_it_was_made_with(signed_in_client, patients):
    response = signed_in_client.post(
        reverse("home"), {"patient_ref": "MRN-", "match": "prefix", "sort": "patient_desc"}
    )

    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["sort"] == ["patient_desc"]
    listed = listed_refs(signed_in_client.get(response["Location"]))
    # "mrn-0042" matches too; where it sorts among capitals depends on the database's collation.
    assert [ref for ref in listed if ref.startswith("MRN-")] == ["MRN-1000", "MRN-0043", "MRN-0042"]


def test_pages_of_fifty_with_links_that_carry_only_token_sort_and_page(signed_in_client, clinician):
    add_many(clinician, 120)
    location = search(signed_in_client, patient_ref="P-")

    first = signed_in_client.get(location)
    assert len(first.context["reviews"]) == 50
    assert first.context["page_obj"].matches == 120
    assert "120 reviews match the search" in " ".join(first.content.decode().split())
    next_url = first.context["next_url"]
    assert set(parse_qs(urlsplit(next_url).query)) == {"q", "page"}

    second = signed_in_client.get(next_url)
    third = signed_in_client.get(second.context["next_url"])
    for number, page in enumerate((first, second, third), start=1):
        text = " ".join(page.content.decode().split())
        assert f"Page {number} of 3</span>" in text  # between Previous and Next
        assert f"(page {number} of 3)" in text  # beside the count
    assert listed_refs(second)[0] == "P-0050"
    assert len(third.context["reviews"]) == 20
    assert third.context["next_url"] == ""
    assert parse_qs(urlsplit(third.context["previous_url"]).query)["page"] == ["2"]


def test_a_page_past_the_end_is_empty_not_an_error(signed_in_client, clinician):
    add_many(clinician, 3)

    response = signed_in_client.get(reverse("home"), {"page": "9"})

    assert response.status_code == 200
    assert "no reviews on this page" in response.content.decode()


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999999"])
def test_a_bad_page_number_falls_back_to_the_first_page(signed_in_client, clinician, page):
    add_many(clinician, 3)

    response = signed_in_client.get(reverse("home"), {"page": page})

    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


def test_matches_are_counted_up_to_a_cap(signed_in_client, clinician, monkeypatch):
    monkeypatch.setattr(selectors, "MATCHES_SHOWN", 60)
    add_many(clinician, 75)

    response = signed_in_client.get(reverse("home"))

    assert response.context["page_obj"].more_matches
    assert listed_refs(response)[:3] == ["P-0000", "P-0001", "P-0002"]  # newest visit first
    text = " ".join(response.content.decode().split())
    assert "More than 60 reviews in Riverside Clinic" in text
    assert "Page 1 of more than 1</span>" in text
    assert response.context["next_url"]


@pytest.mark.parametrize(
    ("matches", "more", "number", "has_next", "expected"),
    [
        (0, False, 1, False, "Page 1 of 1"),
        (50, False, 1, False, "Page 1 of 1"),
        (51, False, 2, False, "Page 2 of 2"),
        (304, False, 2, True, "Page 2 of 7"),
        (1000, True, 2, True, "Page 2 of more than 20"),
        (1000, True, 23, True, "Page 23 of more than 23"),
        (1000, True, 24, False, "Page 24 of 24"),
    ],
)
def test_pages_say_which_page_of_how_many(matches, more, number, has_next, expected):
    page = ListPage(
        object_list=[object()], number=number, has_next=has_next, matches=matches, more_matches=more
    )

    assert page.of_pages == expected


# --- The counted columns --------------------------------------------------------------------


def trial_cases() -> list[dict]:
    """Reviews whose courses sit on the edges of the failed-adequate-trial rules."""
    adequate = {"dose_adequate": "yes", "adherence": "as_prescribed", "response": "none"}
    edges = [
        trial("a1", "ssri", start="2025-01-01", end="2025-01-29", **adequate),  # 4 weeks
        trial("a2", "ssri", start="2025-03-01", end="2025-03-28", **adequate),  # 27 days
        trial("a3", "snri", weeks=6, **adequate),
        trial("a4", "tca", start="2025-05-05", ongoing="yes", **adequate),  # to the visit
        trial("a5", "ndri", weeks=20, **{**adequate, "adherence": "poor"}),
        trial("a6", "ssri", weeks=20, **{**adequate, "response": "remission"}),
        trial("a7", "antipsychotic", weeks=20, **adequate),
        trial("a8", "ssri", start="2019", end="2019", **adequate),  # approximate: uncertain
        trial("a9", "ssri", start="2010-01", end="2010-09", **adequate),  # before the episode
    ]
    cases = [
        {"medication_trials": edges, "episode": {**blank_review()["episode"], "onset": "2024"}},
        {"medication_trials": edges},  # no onset: no current-episode count
        {"medication_trials": []},
    ]
    rng = random.Random(7)
    classes = ["ssri", "snri", "tca", "nassa", "antipsychotic", "mood_stabilizer"]
    for _ in range(8):
        rows = []
        for number in range(rng.randint(0, 6)):
            start = VISIT - datetime.timedelta(days=rng.randint(0, 400))
            end = start + datetime.timedelta(days=rng.randint(0, 120))
            rows.append(
                trial(
                    f"drug{number}",
                    rng.choice(classes),
                    dose_adequate=rng.choice(["yes", "yes", "no", "unknown"]),
                    adherence=rng.choice(["as_prescribed", "unknown"]),
                    response=rng.choice(["none", "partial", "response"]),
                    start=rng.choice([start.isoformat(), start.isoformat()[:7], None]),
                    end=rng.choice([min(end, VISIT).isoformat(), None]),
                )
            )
        episode = {**blank_review()["episode"], "onset": rng.choice([None, "2025-06"])}
        cases.append({"medication_trials": rows, "episode": episode})
    return cases


@pytest.mark.parametrize("min_weeks", [4, 6, 8])
def test_the_lists_counts_equal_the_summary_facts(signed_in_client, clinician, settings, min_weeks):
    settings.TRDREVIEW_MIN_TRIAL_WEEKS = min_weeks
    reviews = [
        add_review(clinician, patient_ref=f"R{index}", visit=VISIT.isoformat(), **case)
        for index, case in enumerate(trial_cases())
    ]
    rich = rich_review()
    rich["patient_ref"] = "RICH"
    reviews.append(services.import_review(data=rich, by=clinician))

    listed = {
        review.pk: review for review in signed_in_client.get(reverse("home")).context["reviews"]
    }

    weeks = str(min_weeks)
    for review in reviews:
        facts = facts_of(export_review(review), min_weeks)
        current = [
            facts.failed_adequate_trials["current_episode"],
            facts.ongoing_trials["current_episode"],
            facts.uncertain_trials["current_episode"],
        ]
        row = listed[review.pk]
        count = row.trial_count(min_weeks)
        assert (row.trial_courses, row.failed_trials) == (
            facts.medication_trials,
            None if current[0] is None else current[0][weeks],
        ), review.patient_ref
        assert (None if count is None else [count.counted, count.ongoing, count.uncertain]) == (
            None if current[0] is None else [figures[weeks] for figures in current]
        ), review.patient_ref
    # a1 ran 4 weeks, a3 6 weeks (undated: its episode cannot be told, so uncertain there), a4
    # is ongoing (80 weeks so far, never counted); a9 ran 34 weeks before the episode (all
    # trials only); a2 is 3 weeks, a5 poor adherence, a6 remission, a7 no antidepressant, a8
    # approximate (0 to 52 weeks).
    edge_facts = facts_of(export_review(reviews[0]), min_weeks)
    assert edge_facts.failed_adequate_trials["current_episode"] == {"4": 1, "6": 0, "8": 0}
    assert edge_facts.ongoing_trials["current_episode"] == {"4": 1, "6": 1, "8": 1}
    assert edge_facts.uncertain_trials["current_episode"] == {"4": 1, "6": 1, "8": 0}
    assert edge_facts.failed_adequate_trials["all"] == {"4": 3, "6": 2, "8": 1}
    assert edge_facts.uncertain_trials["all"] == {"4": 1, "6": 1, "8": 1}
    assert listed[reviews[1].pk].failed_trials is None
    assert listed[reviews[1].pk].trial_count(min_weeks) is None


def test_a_saved_review_stores_the_counts_the_list_shows(signed_in_client, clinician):
    review = add_review(clinician, patient_ref="R1", visit=VISIT.isoformat())
    assert (review.trial_courses, review.failed_trials_4) == (0, None)
    data = export_review(review)
    data["episode"]["onset"] = "2024"
    data["medication_trials"] = [
        trial(
            "sertraline",
            "ssri",
            start="2025-01",
            end="2025-05",
            weeks=10,
            dose_adequate="yes",
            adherence="as_prescribed",
            response="none",
        )
    ]
    updated = services.import_review(data=data, by=clinician)
    assert (updated.trial_courses, updated.failed_trials_4, updated.failed_trials_8) == (1, 1, 1)


def test_the_columns_are_shown(signed_in_client, clinician):
    data = rich_review()
    services.import_review(data=data, by=clinician)

    html = signed_in_client.get(reverse("home")).content.decode()

    for heading in ("Patient reference", "Visit date", "Clinician", "Status", "Medication courses"):
        assert heading in html
    assert "Failed adequate trials, current episode (≥4 weeks)" in html
    row = re.search(r"<tr>\s*<th[^>]*><a[^>]*>MRN-0042</a></th>.*?</tr>", html, re.S).group(0)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert [cells[0], cells[1], cells[2], cells[4], cells[5]] == [
        "2026-11-20",
        "Ada Byrne",
        "Draft",
        "5",
        "2 counted",
    ]
    assert re.fullmatch(r"\d{1,2} \w{3} \d{4}, \d\d:\d\d UTC", cells[3])  # last changed


# --- Cost -----------------------------------------------------------------------------------


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("searching", [False, True])
def test_the_page_runs_the_same_queries_for_3_and_30_reviews(
    signed_in_client, clinician, django_assert_num_queries, searching
):
    def make(count: int, start: int) -> None:
        for number in range(start, start + count):
            data = rich_review()
            data["patient_ref"] = f"Q-{number:03d}"
            services.import_review(data=data, by=clinician)

    make(3, 0)
    url = search(signed_in_client, patient_ref="Q-") if searching else reverse("home")
    signed_in_client.get(url)  # warm: the session and caches settle
    small = queries_for(signed_in_client, url)
    make(27, 3)

    with django_assert_num_queries(small):
        response = signed_in_client.get(url)

    assert len(response.context["reviews"]) == 30
    assert small <= 10 + audit_record_queries(clinician)  # the list's own, plus its audit row


def audit_record_queries(clinician) -> int:
    """What writing one audit row costs (the list page writes one: viewing it is audited)."""
    with CaptureQueriesContext(connection) as captured:
        audit.record(AuditEvent.Action.VIEW, user=clinician)
    return len(captured)


# --- Access and URLs ------------------------------------------------------------------------


def test_another_practice_sees_none_of_the_reviews(client, outsider, patients):
    client.force_login(outsider)

    response = client.get(reverse("home"))
    assert listed_refs(response) == []
    assert "MRN" not in response.content.decode()
    location = client.post(reverse("home"), {"patient_ref": "MRN-0042"})["Location"]
    assert listed_refs(client.get(location)) == []


def test_no_link_or_form_on_the_home_page_carries_a_patient_reference(signed_in_client, clinician):
    add_many(clinician, 60)
    location = search(signed_in_client, patient_ref="P-00")
    pages = [signed_in_client.get(reverse("home")), signed_in_client.get(location)]
    pages.append(signed_in_client.get(pages[1].context["next_url"]))

    for page in pages:
        html = page.content.decode()
        assert "P-00" in html  # the references are on the page…
        targets = links(html)
        assert any("q=" in target for target in targets) or page is pages[0]
        assert not [target for target in targets if "P-0" in target]  # …but in no URL


def test_the_search_form_is_posted(signed_in_client, clinician):
    html = signed_in_client.get(reverse("home")).content.decode()

    form = re.search(r'<form[^>]*data-testid="search-form"[^>]*>', html).group(0)
    assert 'method="post"' in form


def test_another_practice_does_not_see_the_review_listed(client, outsider, review):
    client.force_login(outsider)
    assert "MRN-0042" not in page_text(client.get(reverse("home")))
