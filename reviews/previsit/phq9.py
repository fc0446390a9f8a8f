"""The PHQ-9, as the patient answers it. No Django imports.

The PHQ-9 (Drs R. L. Spitzer, J. B. W. Williams, K. Kroenke and colleagues, with an educational
grant from Pfizer Inc.) states that no permission is required to reproduce, translate, display
or distribute it; its items are reproduced here word for word for that reason, as its terms
allow. Its total is the sum of the nine items (0–27); the difficulty item is not scored. The
product computes the sum only and never names a severity band.
"""

from dataclasses import dataclass

QUESTION = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)
ITEMS: tuple[str, ...] = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)
ANSWERS: tuple[tuple[int, str], ...] = (
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
)
DIFFICULTY_QUESTION = (
    "If you checked off any problems, how difficult have these problems made it for you to do "
    "your work, take care of things at home, or get along with other people?"
)
DIFFICULTY: tuple[tuple[str, str], ...] = (
    ("not_difficult", "Not difficult at all"),
    ("somewhat", "Somewhat difficult"),
    ("very", "Very difficult"),
    ("extremely", "Extremely difficult"),
)
ITEM9 = len(ITEMS)  # the item on thoughts of death or self-harm, by its number


@dataclass(frozen=True)
class Phq9:
    items: tuple[int, ...]  # nine answers, 0–3 each
    difficulty: str = ""

    @property
    def total(self) -> int:
        """The PHQ-9 total: the sum of the nine items (0–27)."""
        return sum(self.items)

    @property
    def item9(self) -> int:
        return self.items[ITEM9 - 1]

    @property
    def item9_answer(self) -> str:
        """Item 9's answer in the words the patient chose ("Several days")."""
        return dict(ANSWERS)[self.item9]

    @classmethod
    def of(cls, answers: dict) -> "Phq9 | None":
        """From an invitation's stored answers; None when the patient sent no PHQ-9."""
        items = answers.get("phq9")
        if not items or len(items) != len(ITEMS):
            return None
        return cls(tuple(int(item) for item in items), answers.get("phq9_difficulty", ""))
