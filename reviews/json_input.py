"""Checks on an imported JSON file before the review format is even looked at.

`reviews.exports.interchange` checks what the keys mean; this module makes sure that what it is
given is a plain, storable JSON value: no nesting deeper than the format's own, no integer too
long to convert, no NaN or Infinity, no text the database cannot store (NUL, lone surrogates such as
"\\ud800"), no repeated code in a list of codes and no list longer than any review needs. Each
problem is a sentence naming the key, so a malformed file gives a clear message and never a
traceback, and nothing is written.
"""

import json
import re
from collections.abc import Iterator

from reviews.text import UNSTORABLE

# A review file is a few kilobytes; this leaves room for very long notes.
MAX_BYTES = 2_000_000
# review → section → list of rows → row → value: 4 levels; anything deeper is not a review.
MAX_DEPTH = 6
# The longest number the format holds is a dose or a score; 15 digits is far beyond any.
MAX_DIGITS = 15
# More rows than any patient's record would hold (trials, therapies, procedures, scores).
MAX_ITEMS = 500
# Problems listed before giving up: a hostile file can have a million of them.
MAX_PROBLEMS = 50


class InvalidJson(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class _LongNumber:
    """An integer literal too long to convert (Python refuses beyond 4,300 digits)."""

    def __init__(self, literal: str):
        self.digits = len(literal.lstrip("-"))


class _NotANumber:
    def __init__(self, literal: str):
        self.literal = literal


def _parse_int(literal: str) -> int | _LongNumber:
    return _LongNumber(literal) if len(literal.lstrip("-")) > MAX_DIGITS else int(literal)


def _parse_float(literal: str) -> float | _LongNumber | _NotANumber:
    if len(literal) > 40:
        return _LongNumber(literal)
    value = float(literal)
    return value if value not in (float("inf"), float("-inf")) else _NotANumber(literal)


def load(raw: bytes, name: str) -> object:
    """The file's JSON value, checked; InvalidJson listing what is wrong otherwise."""
    if len(raw) > MAX_BYTES:
        raise InvalidJson([f"{name}: {len(raw):,} bytes is more than a review file holds"])
    try:
        # utf-8-sig: a byte-order mark, as some Windows editors write, is no reason to refuse.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidJson([f"{name}: not UTF-8 text ({exc.reason})"]) from None
    too_deep = _first_too_deep(text)
    if too_deep is not None:
        raise InvalidJson([f"{too_deep}: nested deeper than a review ever is"])
    try:
        data = json.loads(
            text,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_NotANumber,
        )
    except json.JSONDecodeError as exc:
        raise InvalidJson(
            [f"{name}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"]
        ) from None
    except RecursionError:  # the depth scan above should have caught it
        raise InvalidJson([f"{name}: nested deeper than a review ever is"]) from None
    problems = list(_problems(data, "", 0))
    if problems:
        if len(problems) > MAX_PROBLEMS:
            problems = problems[:MAX_PROBLEMS] + [f"… and {len(problems) - MAX_PROBLEMS} more"]
        raise InvalidJson(problems)
    return data


def _where(path: str) -> str:
    return path or "top level"


def _text_problem(text: str, what: str) -> str | None:
    match = UNSTORABLE.search(text)
    if match is None:
        return None
    return f"{what} contains U+{ord(match.group()):04X}, a character that cannot be stored"


def _problems(value: object, path: str, depth: int) -> Iterator[str]:
    if depth > MAX_DEPTH:
        yield f"{_where(path)}: nested deeper than a review ever is"
        return
    if isinstance(value, _LongNumber):
        yield f"{_where(path)}: a number with {value.digits:,} digits is not a review's number"
    elif isinstance(value, _NotANumber):
        yield f"{_where(path)}: {value.literal} is not a number a review holds"
    elif isinstance(value, str):
        problem = _text_problem(value, "the text")
        if problem:
            yield f"{_where(path)}: {problem}"
    elif isinstance(value, dict):
        for key, item in value.items():
            problem = _text_problem(key, "the key")
            if problem:
                yield f"{_where(path)}: {problem}"
                continue
            yield from _problems(item, f"{path}.{key}" if path else key, depth + 1)
    elif isinstance(value, list):
        if len(value) > MAX_ITEMS:
            yield f"{_where(path)}: {len(value):,} entries is more than a review holds"
            return
        seen: set[str] = set()
        for index, item in enumerate(value):
            if isinstance(item, str):
                if item in seen:
                    yield f"{_where(path)}: {item!r} is listed more than once"
                    return
                seen.add(item)
            yield from _problems(item, f"{path}[{index}]", depth + 1)


_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"\s*(:)?|[\[\]{}]')


def _first_too_deep(text: str) -> str | None:
    """Where the text nests brackets deeper than MAX_DEPTH, as a key path, or None.

    Scans the raw text (strings skipped) so that a file of a million "[" never reaches the
    parser's recursion limit.
    """
    path: list[str] = []
    key = None
    for token in _TOKENS.finditer(text):
        bracket = token.group()
        if bracket[0] == '"':
            key = bracket[1 : bracket.rindex('"')] if token.group(1) else None
        elif bracket in "[{":
            path.append(key or "")
            key = None
            if len(path) > MAX_DEPTH + 1:
                return ".".join(part for part in path if part) or "top level"
        else:
            if path:
                path.pop()
            key = None
    return None
