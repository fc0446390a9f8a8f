"""The US label dose table (issue 23): the data itself, the form a typed name picks, and the range
shown beside the dose on the step, the ledger, the documentation sheet and the summary JSON."""

import json
import re

import pytest
from django.urls import reverse

from reviews import services
from reviews.facts import drugs, label_doses
from reviews.printing.sheets import documentation
from tests.reviews.builders import facts_of, ledger_of, sheet_of
from tests.reviews.samples import blank_review, trial

# Words that would judge a dose against the range; the table and its texts never use them.
JUDGING = re.compile(
    r"\b(adequate|inadequate|below|above|under-?dos\w*|sub-?therapeutic|too (low|high)|"
    r"insufficient|sufficient|meets?|within|outside)\b",
    re.I,
)


def test_every_medicine_of_the_drug_table_has_an_entry():
    # The drug table gaining a medicine without an entry fails here.
    medicines = {drug.name for drug in drugs.KNOWN_DRUGS} | {
        drug.name for drug in drugs.BRAND_CLASSES.values()
    }
    assert medicines - set(label_doses.BY_MEDICINE) == set()
    assert set(label_doses.BY_MEDICINE) - medicines == set()  # and no entry for another name


def test_each_medicine_has_one_entry_per_form():
    keys = [(entry.medicine, entry.formulation) for entry in label_doses.ENTRIES]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    "entry", [e for e in label_doses.ENTRIES if e.kind == label_doses.LABELLED], ids=str
)
def test_a_labelled_entry_gives_a_range_in_mg_per_day_and_cites_its_label(entry):
    assert 0 < entry.low_mg <= entry.high_mg
    assert entry.label is not None
    assert entry.label.name and entry.label.holder
    assert entry.label.urls and all(
        url.startswith(("http://", "https://")) for url in entry.label.urls
    )
    assert entry.label.revised == "" or re.fullmatch(r"\d{4}(-\d{2}){0,2}", entry.label.revised)


def test_an_entry_without_a_us_label_says_so_and_why():
    lithium = label_doses.label_dose("lithium carbonate")
    assert lithium.kind == label_doses.NO_US_LABEL
    assert lithium.text == "No US label dose for depression (MDD)"
    assert lithium.reason
    assert lithium.as_json() is None
    assert all(e.reason for e in label_doses.ENTRIES if e.kind == label_doses.NO_US_LABEL)


def test_an_entry_not_yet_entered_prints_nothing():
    symbyax = label_doses.label_dose("Symbyax")
    assert symbyax.kind == label_doses.NOT_ENTERED
    assert (symbyax.text, symbyax.as_json(), symbyax.figures) == ("", None, "")


def test_medicines_labelled_for_other_conditions_or_postpartum_only_say_so():
    # Clomipramine's US label is for OCD; zuranolone's for postpartum depression only.
    clomipramine = label_doses.label_dose("Anafranil")
    zuranolone = label_doses.label_dose("Zurzuvae")
    assert clomipramine.kind == zuranolone.kind == label_doses.NO_US_LABEL
    assert "other conditions" in clomipramine.reason
    assert "postpartum depression only" in zuranolone.reason


def test_the_selegiline_patch_prints_as_the_patch():
    # The US MDD label is the skin patch's (mg per 24 hours); the tablets' label is not for MDD.
    emsam = label_doses.label_dose("Emsam")
    assert (emsam.formulation, emsam.low_mg, emsam.high_mg) == ("patch", 6, 12)
    assert emsam.figures == "patch 6\u201312"
    assert label_doses.label_dose("selegiline") == emsam
    assert label_doses.typed_texts()["emsam"] == "US label, adult MDD (patch): 6\u201312 mg/day"


def test_how_many_entries_of_each_kind():
    # docs/format.md states these counts; an entry changing kind changes both.
    kinds = [entry.kind for entry in label_doses.ENTRIES]
    counts = {kind: kinds.count(kind) for kind in set(kinds)}
    assert counts == {"labelled": 37, "no_us_label": 31, "not_entered": 2}


@pytest.mark.parametrize(
    ("name", "low", "high"),
    [
        # Held-out spot checks of well-known US label ranges for adult MDD.
        ("Zoloft", 50, 200),
        ("escitalopram oxalate", 10, 20),
        ("Celexa", 20, 40),
        ("Prozac", 20, 80),
        ("Cymbalta", 40, 120),
        ("Wellbutrin XL", 300, 450),
        ("bupropion SR", 300, 400),
        ("Effexor XR", 75, 225),
        ("Paxil CR", 25, 62.5),
        ("paroxetine", 20, 50),
        ("Abilify", 2, 15),
        ("Rexulti", 2, 3),
        ("Vraylar", 1.5, 3),
        ("Seroquel XR", 150, 300),
        # The second round (label copies read through the search tool).
        ("Remeron", 15, 45),
        ("trazodone", 150, 400),
        ("Trintellix", 10, 20),
        ("Viibryd", 20, 40),
        ("Fetzima", 40, 120),
        ("amitriptyline", 75, 150),
        ("Pamelor", 75, 150),
        ("imipramine", 75, 200),
        ("desipramine", 100, 300),
        ("doxepin", 75, 300),
        ("Nardil", 60, 90),
        ("Parnate", 30, 60),
        ("Marplan", 40, 60),
        ("nefazodone", 300, 600),
        ("Exxua", 18.2, 72.6),
        ("Wellbutrin", 300, 450),  # a plain name reads as the immediate-release form
        ("venlafaxine", 75, 225),
        ("protriptyline", 15, 60),
        ("trimipramine", 75, 200),
        ("amoxapine", 200, 400),
        ("maprotiline", 75, 150),
    ],
)
def test_spot_checks_of_label_ranges(name, low, high):
    entry = label_doses.label_dose(name)
    assert (entry.low_mg, entry.high_mg) == (low, high)


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("Wellbutrin XL", "XL"),
        ("bupropion hcl sr", "SR"),
        ("venlafaxine ER", "XR"),  # "ER" is the XR capsule for venlafaxine
        ("Paxil CR", "CR"),
        ("quetiapine extended release", "XR"),
        ("Zoloft XL", ""),  # sertraline has one form: the word changes nothing
        ("bupropion ER", ""),  # ER is SR or XL for bupropion: not told apart
    ],
)
def test_a_typed_name_picks_the_form_it_names(name, form):
    assert label_doses.formulation_of(name, drugs.generic_name(name)) == form


def test_the_texts_never_judge_a_dose():
    texts = [entry.text for entry in label_doses.ENTRIES] + [
        entry.compact for entry in label_doses.ENTRIES
    ]
    assert not [text for text in texts if JUDGING.search(text)]
    # The printed rule leaves adequacy to the clinician and judges nothing itself.
    assert "adequacy is the clinician's" in label_doses.RULE
    assert not JUDGING.search(label_doses.RULE)


def _one_trial_review(*rows) -> dict:
    review = blank_review()
    review["medication_trials"] = list(rows)
    return review


def test_the_summary_json_gives_each_course_its_label_range_or_null():
    review = _one_trial_review(
        trial("Zoloft", "ssri", max_daily_dose_mg=100, start="2025-01-01", end="2025-04-01"),
        trial("lithium", "mood_stabilizer", role="augmentation", start="2025-06-01"),
    )
    courses = facts_of(review).courses
    sertraline, lithium = courses
    assert sertraline["label_dose"]["low_mg"] == 50
    assert sertraline["label_dose"]["high_mg"] == 200
    assert "ZOLOFT" in sertraline["label_dose"]["source"]
    assert "https://" in sertraline["label_dose"]["source"]
    assert sertraline["medicines"][0]["label_dose"] == sertraline["label_dose"]
    assert lithium["label_dose"] is None


def test_the_ledger_prints_the_range_beside_the_dose_and_the_rule():
    review = _one_trial_review(trial("Wellbutrin XL", "ndri", max_daily_dose_mg=150))
    ledger = ledger_of(review)
    assert ledger.rows[0].dose == "150\u00a0mg"
    assert ledger.rows[0].label_dose == "XL 300\u2013450"
    assert label_doses.RULE in ledger.definitions


def test_the_ledger_names_each_medicine_of_a_step_begun_together():
    review = _one_trial_review(
        trial("sertraline", "ssri", start="2025-01-01", end="2025-04-01"),
        trial("mirtazapine", "nassa", role="combination", start="2025-01-01", end="2025-04-01"),
    )
    row = ledger_of(review).rows[0]
    assert row.label_dose == "sertraline: 50\u2013200; mirtazapine: 15\u201345"


@pytest.mark.django_db
def test_the_documentation_sheet_prints_the_range_beside_the_highest_dose(clinician):
    review = services.import_review(
        data=_one_trial_review(
            trial("citalopram", "ssri", max_daily_dose_mg=20, ongoing="yes", start="2026-01-01")
        )
        | {"visit_date": "2026-03-01", "patient_ref": "MRN-1"},
        by=clinician,
    )
    sheet = sheet_of(review, "tms")
    rows = next(item for item in sheet.items if item.id == "current_courses").value
    assert rows[0]["highest_dose"] == "20 mg/day (label 20\u201340)"
    assert label_doses.RULE in sheet.statement
    assert label_doses.RULE in documentation.STATEMENT


@pytest.mark.django_db
def test_the_medication_step_shows_the_range_beside_the_dose_and_serves_every_name(
    signed_in_client, clinician
):
    review = services.import_review(
        data=_one_trial_review(trial("Effexor XR", "snri", max_daily_dose_mg=150))
        | {"visit_date": "2026-03-01", "patient_ref": "MRN-1"},
        by=clinician,
    )
    page = signed_in_client.get(reverse("review_step", args=[review.pk, "medication"]))
    content = page.content.decode()
    hint = re.search(
        r'id="id_medication_trials-0-max_daily_dose_mg_helptext"[^>]*>([^<]*)<', content
    )
    assert hint and hint.group(1) == "US label, adult MDD (XR): 75\u2013225 mg/day"
    served = re.search(r'<script id="label-doses" type="application/json">(.*?)</script>', content)
    texts = json.loads(served.group(1))
    assert texts["zoloft"] == "US label, adult MDD: 50\u2013200 mg/day"
    assert texts["wellbutrin xl"] == "US label, adult MDD (XL): 300\u2013450 mg/day"
    assert texts["lithium"] == "No US label dose for depression (MDD)"
