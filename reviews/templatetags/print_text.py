"""`soft_wrap`: break opportunities in long unbroken runs of text a clinician typed.

WeasyPrint looks for a break in a long run without spaces (a pasted URL or hash, "aaaa…")
character by character, which takes seconds for a few thousand characters, and such a run would
widen a table past the page. Zero-width spaces every few characters of such runs keep both in
check; overflow-wrap in the stylesheets still catches what is left. No break goes inside a
grapheme (combining marks, emoji sequences, flags). A browser gains the same break points.
"""

import re
import unicodedata

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

SOFT_WRAP_EVERY = 24
ZERO_WIDTH_SPACE = "\u200b"
ZWJ = "\u200d"
_LONG_RUN = re.compile(r"\S{" + str(SOFT_WRAP_EVERY + 1) + ",}")


@register.filter(is_safe=True)
def soft_wrap(value) -> SafeString:
    """The text, escaped, with zero-width break opportunities inside runs longer than
    SOFT_WRAP_EVERY characters without a space."""
    if isinstance(value, SafeString):  # markup already: its text cannot be told from its tags
        return value
    text = str(value)
    if _LONG_RUN.search(text):
        text = _LONG_RUN.sub(_split_run, text)
    return mark_safe(conditional_escape(text))  # noqa: S308 (escaped on this line)


def _split_run(match: re.Match) -> str:
    out, count, previous = [], 0, ""
    for char in match.group(0):
        if count >= SOFT_WRAP_EVERY and _may_break_between(previous, char):
            out.append(ZERO_WIDTH_SPACE)
            count = 0
        out.append(char)
        count += 1
        previous = char
    return "".join(out)


def _may_break_between(before: str, after: str) -> bool:
    """False inside a grapheme: before a combining mark, joiner, variation selector or skin
    tone, after a joiner, and between the two regional indicators of a flag."""
    code = ord(after)
    if (
        unicodedata.category(after) in ("Mn", "Me", "Mc")
        or after == ZWJ
        or 0xFE00 <= code <= 0xFE0F
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0000 <= code <= 0xE01EF
    ):
        return False
    if _is_regional_indicator(after) and _is_regional_indicator(before):
        return False
    return before != ZWJ


def _is_regional_indicator(char: str) -> bool:
    return len(char) == 1 and 0x1F1E6 <= ord(char) <= 0x1F1FF


_ISO_DATE = re.compile(r"\d{4}(?:-\d\d){0,2}")


@register.filter(is_safe=True)
def keep_dates_whole(value) -> SafeString:
    """The text, escaped, with each ISO date ("2024-04-01") kept on one line: browsers break
    lines after a hyphen, which turns a date range into four lines in a narrow column."""
    escaped = str(conditional_escape(value))
    return mark_safe(_ISO_DATE.sub(r'<span class="nowrap">\g<0></span>', escaped))  # noqa: S308


_RANGE = re.compile(r"\d+(?:\.\d+)?\u2013\d+(?:\.\d+)?")


@register.filter(is_safe=True)
def keep_ranges_whole(value) -> SafeString:
    """The text, escaped, with each range of figures ("50–200") kept on one line: a line may
    break after an en dash, which splits a dose range in a narrow column."""
    escaped = str(conditional_escape(value))
    return mark_safe(_RANGE.sub(r'<span class="nowrap">\g<0></span>', escaped))  # noqa: S308
