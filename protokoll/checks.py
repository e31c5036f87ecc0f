"""Checks of the values users give (dates, ids, free text), shared by the services, the archive and the parsers.

Each check raises a ValidationError with a one-line message that names the field. They run before
anything is written or any model loads, so that bad input never reaches SQLite, which would answer
with an OverflowError (an id past 2^63), "unterminated string" (a NUL byte in a keyword query) or
a UnicodeEncodeError (a file name or argument that is not UTF-8).
"""

from __future__ import annotations

import datetime as dt
import os
import re

from protokoll.errors import NotFoundError, ValidationError

__all__ = [
    "MAX_ID",
    "check_date",
    "date_from_form",
    "check_period",
    "check_id",
    "check_text",
    "printable",
    "unusable_character",
]

MAX_ID = 2**63 - 1  # SQLite's largest INTEGER; ids beyond it cannot exist
# YYYY-MM-DD only: Python's fromisoformat also takes "20261231" and "2026-W53-4", which the archive's
# string comparisons of dates would misorder.
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Control characters (tab, newline and carriage return are whitespace and allowed) and lone surrogates,
# which is what Python makes of bytes that are not UTF-8 in a command-line argument or a file name.
_UNUSABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """The text as it can be shown: bytes that were not UTF-8 become U+FFFD."""
    return os.fsencode(text).decode("utf-8", "replace") if _has_surrogates(text) else text


def unusable_character(text: str) -> str | None:
    """The first control character or undecodable byte in text, or None (a binary file that decoded)."""
    match = _UNUSABLE.search(text)
    return match.group() if match else None


def _has_surrogates(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


def check_date(value, label: str = "date") -> str | None:
    """Return an ISO date (YYYY-MM-DD) unchanged (None for none), or raise a ValidationError naming the field."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ValidationError(f"{label} {_shown(value)} is not a date of the form YYYY-MM-DD")
    try:
        dt.date.fromisoformat(value)
    except ValueError as error:
        raise ValidationError(f"{label} {value!r} is not a date of the form YYYY-MM-DD") from error
    return value


_GERMAN_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")


def date_from_form(value, label: str) -> str | None:
    """Return a date a person typed, German (20.11.2026, 1.2.2026) or ISO (2026-11-20), as ISO; None for none.
    Anything else is refused with a message in German naming the field, as the web forms show it."""
    value = (value or "").strip() if isinstance(value, str) else value
    if value in (None, ""):
        return None
    german = _GERMAN_DATE.fullmatch(value) if isinstance(value, str) else None
    try:
        if german:
            day, month, year = (int(part) for part in german.groups())
            return dt.date(year, month, day).isoformat()
        return check_date(value, label)
    except (ValueError, ValidationError) as error:
        raise ValidationError(f"{label}: {_shown(value)} ist kein Datum (TT.MM.JJJJ oder JJJJ-MM-TT)") from error


def check_period(
    date_from, date_to, labels: tuple[str, str] = ("from date", "to date")
) -> tuple[str | None, str | None]:
    """Return a checked (from, to) pair of dates, refusing a period that ends before it begins."""
    start, end = check_date(date_from, labels[0]), check_date(date_to, labels[1])
    if start and end and end < start:
        raise ValidationError(f"{labels[1]} {end} is before {labels[0]} {start}")
    return start, end


def check_id(value, error: type[NotFoundError], what: str) -> int:
    """Return an id that can exist in the archive, or raise `error` ("there is no meeting with id …")."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise error(f"there is no {what} with id {_shown(value)}")
    return value


def check_text(value, label: str, max_chars: int | None = None, required: bool = False) -> str | None:
    """Return free text unchanged, refusing what is not text, control characters, undecodable bytes, excess length."""
    if value is None:
        if required:
            raise ValidationError(f"{label} is missing")
        return None
    if not isinstance(value, str):
        raise ValidationError(f"{label} must be text, not {type(value).__name__}")
    char = unusable_character(value)
    if char:
        what = "bytes that are not UTF-8" if _has_surrogates(char) else f"a control character (U+{ord(char):04X})"
        raise ValidationError(f"{label} contains {what}")
    if max_chars is not None and len(value) > max_chars:
        raise ValidationError(f"{label} is longer than {max_chars:,} characters")
    if required and not value.strip():
        raise ValidationError(f"{label} cannot be empty")
    return value


def _shown(value) -> str:
    """A value for a one-line message: short, printable, quoted like repr."""
    try:
        text = repr(printable(value)) if isinstance(value, str) else repr(value)
    except ValueError:  # an int past Python's 4,300-digit limit for conversion to text
        return "(a number too long to show)"
    return text if len(text) <= 60 else text[:57] + "..."
