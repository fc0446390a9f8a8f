import pytest

from tests.wording import copied_runs, directive_phrases, word_runs


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("We recommend an SSRI.", ["recommend"]),
        ("Recommended next: TMS.", ["Recommended"]),
        ("The patient should try ECT.", ["should"]),
        ("A dose MUST be raised.", ["MUST"]),
        ("Clinicians are advised to wait.", ["advised"]),
        ("ECT is indicated.", ["indicated"]),
        ("Lithium is contraindicated here.", ["contraindicated"]),
        ("Consider augmentation.", ["Consider"]),
        ("Switching is appropriate.", ["appropriate"]),
        ("A good candidate for rTMS.", ["candidate"]),
        ("Eligible for esketamine.", ["Eligible"]),
        ("The patient meets criteria for TRD.", ["meets criteria"]),
        ("She meets the criteria.", ["meets the criteria"]),
        ("Sertraline is first-line.", ["first-line"]),
        ("This history meets the payer's terms.", ["meets"]),
        ("She qualifies for TMS.", ["qualifies"]),
        ("Criteria met: 2 of 3.", ["Criteria met"]),
        ("Item satisfied.", ["satisfied"]),
        ("Dose: missing for approval.", ["missing for approval"]),
        ("a first line treatment", ["first line"]),
        ("The next step for this patient is ECT.", ["next step for this patient"]),
        ("Prescribe bupropion.", ["Prescribe"]),
        ("You need to see a psychiatrist.", ["You need to"]),
        ("The patient has treatment-resistant depression.", ["has treatment-resistant depression"]),
        ("He had treatment resistant depression.", ["had treatment resistant depression"]),
        (
            "The patient with treatment-resistant depression",
            ["The patient with treatment-resistant depression"],
        ),
        ("This patient is treatment-resistant.", ["patient is treatment-resistant"]),
        ("a treatment-resistant patient", ["treatment-resistant patient"]),
        ("the patient\nshould\twait", ["should"]),  # any whitespace between words
        ("should and must", ["should", "must"]),
    ],
)
def test_directive_phrases_are_found(text, found):
    assert directive_phrases(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "Pain in the shoulder.",
        "Mustard allergy; a musty smell.",
        "A considerable effect was recorded.",
        "Funds were appropriated.",
        "The documents mention ECT.",
        "This review records 3 antidepressant trials.",
        "Taking the medicine as prescribed: partly.",
        "S3 is a patient guide to treatment-resistant depression.",
        "What treatment-resistant depression is, and possible causes.",
        "Thoughts of suicide sometimes come with treatment-resistant depression.",
        "People who have treatment-resistant depression describe it.",
        "S1 describes a first course of TMS.",  # "first" alone is not "first-line"
        "The criteria a payer uses are not recorded here.",
        "",
    ],
)
def test_descriptive_text_has_no_directive_phrases(text):
    assert directive_phrases(text) == []


def test_word_runs_ignore_case_punctuation_and_curly_apostrophes():
    assert word_runs("One, two; THREE four five six.") == {
        ("one", "two", "three", "four", "five", "six")
    }
    assert word_runs("a person’s b c d e") == word_runs("A person's b c d e")
    assert word_runs("only five words here now") == set()


def test_copied_runs_names_each_text_that_shares_six_words_with_a_source():
    seeds = word_runs("the quick brown fox jumps over the lazy dog")
    texts = [
        "Yesterday the quick brown fox jumps over a fence.",  # 6 words shared
        "The quick brown fox jumps; then it rests.",  # only 5
    ]
    assert copied_runs(texts, seeds) == {texts[0]: ["the quick brown fox jumps over"]}
