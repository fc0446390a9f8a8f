"""A deterministic corpus of malformed review files: mutations of a valid sample.

`corpus(n, seed)` yields (name, bytes) pairs. Each file is rich_review() with one to three
mutations: a value replaced by something hostile (written as raw JSON text, so that what Python's
encoder refuses to write, such as a 5,000-digit integer, NaN or a lone surrogate, still appears),
a key removed, renamed or added, deep nesting, duplicated codes, truncation or bytes that are not
UTF-8. The same seed always gives the same files.
"""

import json
import random
from collections.abc import Iterator

from tests.reviews.samples import rich_review

MARK = "@@hostile@@"

HOSTILE_VALUES = [
    '""',
    '"\\ud800"',
    '"text \\udfff here"',
    '"\\u0000"',
    '"PHI\\u0000text"',
    "9" * 5000,
    "-" + "1" * 4400,
    "1" * 20,
    "1e400",
    "-1e400",
    "NaN",
    "Infinity",
    "-Infinity",
    "1.5",
    "-1",
    "0",
    "true",
    "null",
    "[]",
    "{}",
    '["cost"]',
    "[" * 1000 + "]" * 1000,
    "[" * 100_000 + "]" * 100_000,
    '{"a":' * 900 + "1" + "}" * 900,
    '"' + "x" * 200_000 + '"',
    json.dumps(["cost"] * 1000),
    json.dumps(["cost", "cost"]),
    json.dumps(["cost"] * 200_000),
    '"2026-02-30"',
    '"20261120"',
    '"\\u202eMRN"',
    '"line\\nbreak"',
    '"unknown "',
    '"UNKNOWN"',
    json.dumps([{"scale": "phq9", "score": 1, "date": None}] * 3),
]


def _paths(value, path=()) -> Iterator[tuple]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _parent(data, path):
    for part in path[:-1]:
        data = data[part]
    return data


def _mutate(data: dict, rng: random.Random) -> str | None:
    """Change data in place; returns raw JSON text to put where MARK is, if any."""
    paths = [path for path in _paths(data) if path]
    path = rng.choice(paths)
    parent, last = _parent(data, path), path[-1]
    kind = rng.randrange(6)
    if kind <= 2:
        parent[last] = MARK
        return rng.choice(HOSTILE_VALUES)
    if kind == 3 and isinstance(parent, dict):
        del parent[last]
    elif kind == 4 and isinstance(parent, dict):
        parent[rng.choice(["\ud800", "", "unknown_key", last + " ", last.upper()])] = 1
    else:
        parent[last] = [parent[last]] * rng.randrange(2, 5)
    return None


def corpus(count: int = 300, seed: int = 15) -> Iterator[tuple[str, bytes]]:
    rng = random.Random(seed)
    for number in range(count):
        data = rich_review()
        replacements = [_mutate(data, rng) for _ in range(rng.randrange(1, 4))]
        text = json.dumps(data)  # ensure_ascii: lone surrogates become \ud800 escapes
        for raw in replacements:
            if raw is not None:
                text = text.replace(f'"{MARK}"', raw, 1)
        raw_bytes = text.encode("utf-8")
        damage = rng.randrange(10)
        if damage == 0:
            raw_bytes = raw_bytes[: rng.randrange(1, len(raw_bytes))]
        elif damage == 1:
            at = rng.randrange(len(raw_bytes))
            raw_bytes = raw_bytes[:at] + bytes([rng.randrange(0x80, 0x100)]) + raw_bytes[at:]
        yield f"fuzz-{number:04d}.json", raw_bytes
