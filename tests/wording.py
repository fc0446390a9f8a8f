"""Test oracles for the product's words: no directive wording, no text copied from a source.

The product describes; it never tells a reader what to do, never says a patient qualifies for
something and never labels a patient as having treatment-resistant depression (DESIGN.md, "the
rule that is never bent"). Every test that checks generated or shown text asks these functions.
"""

import os
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

# Phrases that recommend, direct, or judge a patient against criteria. Word boundaries keep
# "shoulder", "mustard", "considerable" and "appropriated" out; inflections are listed on purpose.
_DIRECTIVE_PATTERNS = (
    r"recommend\w*",
    r"should",
    r"must",
    r"advis(?:e|ed|es|ing|able)",
    r"(?:contra)?indicated",
    r"consider(?:s|ed|ing)?",
    r"(?:in)?appropriate(?:ly)?",
    r"candidates?",
    r"eligib(?:le|ility)",
    r"meets? (?:the )?criteria",
    r"meets?",
    r"qualif\w*",
    r"criteria (?:is |are |were |was )?met",
    r"satisf(?:y|ies|ied|ying)",
    r"missing for approval",
    r"first[- ]line",
    r"next steps? for (?:this|the) patient",
    r"prescribe",  # the instruction; "taken as prescribed" describes adherence
    r"you need to",
    # "treatment-resistant" said of the patient; the sources' name for the condition is fine
    # ("thoughts that come with treatment-resistant depression", "people who have …").
    r"(?:has|had|having) treatment[- ]resistant depression",
    r"(?:this|the) (?:patient|person) with treatment[- ]resistant depression",
    r"(?:patient|person|they|she|he) (?:is|are|was|were) treatment[- ]resistant",
    r"treatment[- ]resistant (?:patient|person|case)s?",
)
DIRECTIVE = re.compile(r"\b(?:" + "|".join(_DIRECTIVE_PATTERNS) + r")\b", re.IGNORECASE)

# ../shared/seeds beside the clone, as in CI; TRDREVIEW_SEEDS points elsewhere (a worktree).
SEEDS = Path(
    os.environ.get("TRDREVIEW_SEEDS") or Path(__file__).resolve().parents[2] / "shared" / "seeds"
)
SEED_COUNT = 5
COPIED_RUN = 6  # words: a run this long shared with a source document counts as copied


def directive_phrases(text: str) -> list[str]:
    """The directive or eligibility phrases in `text`, as written there; [] when it describes."""
    return [match.group(0) for match in DIRECTIVE.finditer(" ".join(text.split()))]


def word_runs(text: str, length: int = COPIED_RUN) -> set[tuple[str, ...]]:
    """Every run of `length` consecutive words, lower case, punctuation ignored."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    words = re.findall(r"[a-z0-9']+", text)
    return {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}


def seed_runs() -> set[tuple[str, ...]]:
    """The word runs of the source documents; fails in CI (where they are always beside the
    clone) and skips elsewhere when they are not there."""
    seed_files = sorted(SEEDS.glob("*.txt"))
    if len(seed_files) != SEED_COUNT:
        message = f"{SEED_COUNT} source documents not found in {SEEDS}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return set().union(*(word_runs(path.read_text(encoding="utf-8")) for path in seed_files))


def copied_runs(texts: Iterable[str], seeds: set[tuple[str, ...]]) -> dict[str, list[str]]:
    """For each text sharing a run of COPIED_RUN words with a source, the runs it shares."""
    copied = {}
    for text in texts:
        shared = word_runs(text) & seeds
        if shared:
            copied[text] = sorted(" ".join(run) for run in shared)
    return copied
