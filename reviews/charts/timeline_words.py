"""The timeline's alternative text: what one chart (one part of a long timeline) shows, in words,
for a screen reader and for the PDF's tagged figure. Pure; no Django imports."""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from reviews.charts.text import clean


def describe(
    bars: Sequence, kinds: Mapping[str, Any], *, part: tuple[int, int], visit: date | None
) -> str:
    """ "Timeline, part 1 of 2, 2016 to 2024: Medication trials: sertraline (ongoing at the visit),
    citalopram. Psychotherapies: CBT. No dates recorded: lithium." for the rows of this chart."""
    dated = [bar for bar in bars if bar.start is not None]
    lead = "Timeline" + (f", part {part[0]} of {part[1]}" if part[1] > 1 else "")
    if dated:
        first = min(bar.start for bar in dated).year
        last = max((bar.end or visit or bar.start) for bar in dated).year
        lead += f", {first}" + (f" to {last}" if last != first else "")
    groups: dict[str, list[str]] = {}
    undated = []
    for bar in bars:
        name = clean(bar.label) + (" (ongoing at the visit)" if bar.ongoing else "")
        if bar.start is None:
            undated.append(clean(bar.label))
        else:
            heading = kinds[bar.kind].heading if bar.kind in kinds else clean(bar.kind)
            groups.setdefault(heading, []).append(name)
    sentences = [f"{heading}: {', '.join(names)}." for heading, names in groups.items()]
    if undated:
        sentences.append(f"No dates recorded: {', '.join(undated)}.")
    return f"{lead}: {' '.join(sentences)}"
