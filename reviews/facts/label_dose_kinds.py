"""The kinds of entry of the US label dose table and how each prints (reviews.facts.label_doses
says what each field means and how the entries are read). No Django imports.
"""

from dataclasses import dataclass

LABELLED, NO_US_LABEL, NOT_ENTERED = "labelled", "no_us_label", "not_entered"

NO_US_LABEL_TEXT = "No US label dose for depression (MDD)"


@dataclass(frozen=True)
class Label:
    name: str  # the product label's title: "ZOLOFT (sertraline hydrochloride) tablets"
    holder: str  # the firm the copy names
    revised: str  # "2023-08-08", "2022-08", or "" when the copy shows no date
    urls: tuple[str, ...]  # where the label text and its figures were read

    @property
    def citation(self) -> str:
        revised = f"revised {self.revised}" if self.revised else "revision date not shown"
        return f"{self.name}, {self.holder}, {revised}; {', '.join(self.urls)}"


@dataclass(frozen=True)
class LabelDose:
    medicine: str  # a generic of the drug table
    formulation: str  # "" for the form a plain name means; "XL", "SR", "XR", "CR"
    kind: str  # LABELLED, NO_US_LABEL or NOT_ENTERED
    low_mg: float | None = None
    high_mg: float | None = None
    adjunctive: bool = False  # the label's MDD dose is as an add-on to an antidepressant
    label: Label | None = None
    reason: str = ""  # NO_US_LABEL: why there is no US dose for depression

    @property
    def text(self) -> str:
        """What the step prints beside the dose; "" when nothing."""
        if self.kind == NO_US_LABEL:
            return NO_US_LABEL_TEXT
        if self.kind != LABELLED:
            return ""
        return f"US label, adult MDD{self._qualifier}: {_range(self)} mg/day"

    @property
    def compact(self) -> str:
        """Beside a dose on the documentation sheet: "label 50\u2013200", "label: none"."""
        if self.kind == NO_US_LABEL:
            return "label: none"
        return f"label {self.figures}" if self.figures else ""

    @property
    def figures(self) -> str:
        """Under a dose in the trial ledger, whose column says "label": "50\u2013200",
        "XL 300\u2013450", "add-on 2\u201315", "none"; "" when nothing."""
        if self.kind == NO_US_LABEL:
            return "none"
        if self.kind != LABELLED:
            return ""
        words = [self.formulation, "add-on" if self.adjunctive else ""]
        return " ".join([*(word for word in words if word), _range(self)])

    @property
    def _qualifier(self) -> str:
        what = ", ".join(
            part for part in (self.formulation, "adjunctive" if self.adjunctive else "") if part
        )
        return f" ({what})" if what else ""

    def as_json(self) -> dict | None:
        """`facts.courses[].label_dose` of the summary: null unless the label gives a range."""
        if self.kind != LABELLED or self.label is None:
            return None
        return {"low_mg": self.low_mg, "high_mg": self.high_mg, "source": self.label.citation}


def _range(entry: LabelDose) -> str:
    low, high = f"{entry.low_mg:g}", f"{entry.high_mg:g}"
    return low if low == high else f"{low}\u2013{high}"


def labelled(medicine, formulation, low, high, label, *, adjunctive=False) -> LabelDose:
    return LabelDose(medicine, formulation, LABELLED, low, high, adjunctive, label)


def no_label(reason: str, *medicines: str, formulation: str = "") -> tuple[LabelDose, ...]:
    return tuple(LabelDose(m, formulation, NO_US_LABEL, reason=reason) for m in medicines)


def not_entered(*medicines: str, formulation: str = "") -> tuple[LabelDose, ...]:
    return tuple(LabelDose(m, formulation, NOT_ENTERED) for m in medicines)
