"""What text may be stored: checks shared by web forms, autosave and import.

PostgreSQL's text and jsonb types cannot hold NUL (U+0000), and no UTF-8 encoder can write a
lone surrogate (U+D800–U+DFFF, which only arrives through JSON escapes such as "\\ud800"). Both
are removed or refused before any query, so the database never answers with an error that quotes
the typed text into its own log or ours.

Patient references are identifiers shown in lists, file names and PDFs: they also refuse
invisible characters, right-to-left controls and line breaks, which could make two references
look alike or reorder the text around them.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError

# NUL and lone surrogates: the characters no PostgreSQL text column can store.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable(text: str) -> bool:
    return UNSTORABLE.search(text) is not None


def storable(text: str) -> str:
    """The text without characters PostgreSQL cannot store (nothing else changes)."""
    return UNSTORABLE.sub("", text)


def _invisible_or_directional(char: str) -> bool:
    # Cc: control characters (tab, line breaks, NUL…); Cf: format characters (zero-width space,
    # joiners, byte-order mark, bidirectional controls such as U+202E); Zl/Zp: line and paragraph
    # separators; Cs: lone surrogates; Co/Cn: private-use and unassigned code points.
    # Zs other than the plain space: no-break and other spaces that look the same but differ.
    category = unicodedata.category(char)
    return category in {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"} or (
        category == "Zs" and char != " "
    )


def check_patient_ref(value: str) -> str:
    """The reference as given, or ValidationError naming what it may not contain."""
    for char in value:
        if _invisible_or_directional(char):
            raise ValidationError(
                "The patient reference may not contain invisible, right-to-left or line-break "
                f"characters (found U+{ord(char):04X}). Type it again with letters, digits, "
                "spaces and punctuation only.",
                code="patient_ref_characters",
            )
    return value
