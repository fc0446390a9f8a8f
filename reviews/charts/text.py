"""Text inside the SVG charts: the font they are drawn in, how wide a label is, and how a label
is cut to fit its column. Shared by the timeline (charts.py) and the severity chart
(severity_chart.py); pure, no Django imports."""

import re
import unicodedata

# The PDF page's own font (static/css/pdf.css) and its fallbacks: one family less for WeasyPrint to
# load, and a chart on paper in the same type as the text around it.
FONT_FAMILY = "Noto Sans, DejaVu Sans, Noto Sans CJK JP, Noto Sans Arabic, sans-serif"
FONT_SIZE = 9
RIGHT_PADDING = 14  # room right of the plot, so the last label is not cut by the page

# Characters XML 1.0 does not allow, even escaped; a pasted control character must not make the
# SVG unreadable to a stricter parser.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def char_width(char: str) -> float:
    """Rough advance of one character at FONT_SIZE: wide for CJK and emoji, else average."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return FONT_SIZE
    if unicodedata.combining(char) or char in "\u200d\ufe0f":
        return 0
    return FONT_SIZE * 0.6


def text_width(text: str) -> float:
    return sum(char_width(char) for char in text)


def fit(text: str, max_width: float) -> str:
    """`text` on one line, cut with an ellipsis where it would run into the plot."""
    text = " ".join(text.split())
    if text_width(text) <= max_width:
        return text
    kept, used = [], char_width("…")
    for char in text:
        used += char_width(char)
        if used > max_width:
            break
        kept.append(char)
    return "".join(kept).rstrip() + "…"


def clean(text: str) -> str:
    """Text without the control characters XML cannot hold (the templates escape the rest)."""
    return _XML_INVALID.sub("", text)
