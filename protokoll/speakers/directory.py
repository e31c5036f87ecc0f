"""A body's members: persons, their groups and dated memberships, read from CSV or OParl JSON.

OParl (1.0 and 1.1) publishes `Person`, `Organization` and `Membership` objects, alone, as lists
or as list pages (`{"data": [...], "links": ...}`); a person may embed its memberships, and a
membership names its person and organization by URL. A CSV has one row per membership:
`name` is required; `title`, `given_name`, `family_name`, `form_of_address`, `faction`, `role`,
`start_date`, `end_date`, `oparl_id` are optional (a person with two factions over time has two rows).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from protokoll.checks import check_date, check_text
from protokoll.errors import InputError, ValidationError

__all__ = ["Person", "Organization", "Membership", "Directory", "read_directory", "parse_csv", "parse_oparl"]

# A council's members file, even OParl with every membership embedded, is well under a megabyte.
MAX_MEMBERS_BYTES = 20_000_000

# OParl's organizationType values (and CSV use) mapped to the kinds the archive keeps.
_KINDS = {"fraktion": "faction", "partei": "party", "verwaltungsbereich": "administration", "gremium": "committee"}
_GENDER = {"male": "Herr", "female": "Frau"}
# Academic titles before a name ("Dr. h. c.", "Prof. Dr.-Ing."); an initial such as "J." is part of the name.
_TITLES = {"Prof.", "Dr.", "Dres.", "Dipl.-Ing.", "Dr.-Ing.", "h.", "c.", "h.c.", "med.", "rer.", "nat.", "jur.",
           "phil.", "pol.", "oec."}  # fmt: skip


@dataclass
class Person:
    """One person; `key` identifies it within the file (OParl id or name)."""

    key: str
    name: str
    given_name: str | None = None
    family_name: str | None = None
    title: str | None = None
    form_of_address: str | None = None  # "Herr", "Frau", or None
    oparl_id: str | None = None


@dataclass
class Organization:
    """A faction, party, committee or administration department."""

    key: str
    name: str
    kind: str
    short_name: str | None = None
    oparl_id: str | None = None


@dataclass
class Membership:
    """A person's membership in an organization (None: in the body itself), from one date to another."""

    person_key: str
    organization_key: str | None
    role: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    oparl_id: str | None = None


@dataclass
class Directory:
    persons: list[Person] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)


def _clean(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict | list):
        raise InputError(f"expected text, not a JSON {'object' if isinstance(value, dict) else 'list'}: "
                         f"{json.dumps(value, ensure_ascii=False)[:40]}")  # fmt: skip
    if isinstance(value, str):
        _check_characters(value, "a value")
    text = " ".join(str(value).split())
    return text or None


def split_name(name: str) -> tuple[str | None, str | None, str | None]:
    """Return (title, given name, family name) of a printed name such as 'Dr. Anna Maria Becker'."""
    words = name.split()
    title = []
    while len(words) > 1 and words[0] in _TITLES:
        title.append(words.pop(0))
    if not words:
        return (" ".join(title) or None), None, None
    given = " ".join(words[:-1]) or None
    return (" ".join(title) or None), given, words[-1]


def parse_csv(text: str, source: str = "CSV") -> Directory:
    """Read a members CSV (comma or semicolon separated, header row)."""
    _check_characters(text, source)
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text.strip() else "", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.DictReader(io.StringIO(text), dialect=dialect))
    except csv.Error as error:  # a field over csv's size limit, say
        raise InputError(f"{source}: not a readable CSV ({error})") from error
    if not rows or "name" not in {(k or "").strip().lower() for k in rows[0]}:
        raise InputError(f"{source}: a members CSV needs a header row with a 'name' column")
    directory = Directory()
    persons: dict[str, Person] = {}
    organizations: dict[str, Organization] = {}
    for number, raw in enumerate(rows, start=2):
        row = {(k or "").strip().lower(): _clean(v) for k, v in raw.items()}
        name = row.get("name")
        if not name:
            raise InputError(f"{source}, line {number}: the name is empty")
        title, given, family = split_name(name)
        key = row.get("oparl_id") or name
        if key not in persons:
            persons[key] = Person(
                key, name, row.get("given_name") or given, row.get("family_name") or family,
                row.get("title") or title, _address(row.get("form_of_address")), row.get("oparl_id"),
            )  # fmt: skip
        faction = row.get("faction")
        if faction and faction not in organizations:
            organizations[faction] = Organization(faction, faction, "faction")
        for label in ("start_date", "end_date"):
            _check_date(row.get(label), f"{source}, line {number}: {label}")
        directory.memberships.append(
            Membership(key, faction, row.get("role"), row.get("start_date"), row.get("end_date"))
        )
    directory.persons = list(persons.values())
    directory.organizations = list(organizations.values())
    return directory


def _address(value: str | None) -> str | None:
    if not value:
        return None
    lowered = value.lower()
    return "Frau" if lowered.startswith("frau") else "Herr" if lowered.startswith("herr") else None


def _check_characters(text: str, source: str) -> None:
    try:
        check_text(text, source)
    except ValidationError as error:
        raise InputError(f"{error}: it is not a members file") from error


def _check_date(value, label: str) -> None:
    if value is not None and not isinstance(value, str):
        raise InputError(f"{label} {value!r} is not a date of the form YYYY-MM-DD"[:160])
    if value:
        check_date(value[:10], label)  # OParl may give a date-time; its date is what counts


def _objects(data) -> list[dict]:
    """Flatten an OParl object, a list of them, or a list page into objects (embedded memberships too)."""
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        data = data["data"]
    items = data if isinstance(data, list) else [data]
    objects = []
    for item in items:
        if not isinstance(item, dict):
            raise InputError("OParl: every entry must be a JSON object")
        objects.append(item)
        embedded = item.get("membership")
        if isinstance(embedded, list):
            objects.extend(m for m in embedded if isinstance(m, dict))
    return objects


def _type(item: dict) -> str:
    """The object's OParl type; older exports leave `type` out of embedded objects, so guess it from the keys."""
    if item.get("type"):
        return str(item["type"]).rstrip("/").rsplit("/", 1)[-1]
    if "person" in item or "organization" in item:
        return "Membership"
    if "familyName" in item or "givenName" in item or "formOfAddress" in item:
        return "Person"
    if "organizationType" in item or "classification" in item:
        return "Organization"
    return ""


def parse_oparl(data, source: str = "OParl", require_members: bool = True) -> Directory:
    """Read OParl Person, Organization and Membership objects (1.0 or 1.1).

    A members file must hold persons or memberships; an OParl import's update may hold organizations
    alone (`require_members=False`)."""
    directory = Directory()
    try:
        _read_oparl(data, source, directory)
    except InputError as error:
        message = str(error)
        raise InputError(message if message.startswith(source) else f"{source}: {message}") from error
    if require_members and not directory.persons and not directory.memberships:
        raise InputError(f"{source}: no OParl Person or Membership objects found")
    return directory


def _read_oparl(data, source: str, directory: Directory) -> None:
    for item in _objects(data):
        kind = _type(item)
        key = _clean(item.get("id"))
        if kind == "Person":
            name = _clean(item.get("name")) or _clean(
                " ".join(filter(None, [_clean(item.get("givenName")), _clean(item.get("familyName"))]))
            )
            if not name or not key:
                raise InputError(f"{source}: a Person needs an id and a name")
            title, given, family = split_name(name)
            titles = item.get("title")
            address = _GENDER.get(str(item.get("gender", "")).lower()) or _address(_clean(item.get("formOfAddress")))
            directory.persons.append(
                Person(
                    key, name, _clean(item.get("givenName")) or given, _clean(item.get("familyName")) or family,
                    _clean(" ".join(map(str, titles)) if isinstance(titles, list) else titles) or title,
                    address, key,
                )
            )  # fmt: skip
            embedded = item.get("membership")
            for membership in embedded if isinstance(embedded, list) else []:
                if isinstance(membership, dict) and not membership.get("person"):
                    membership["person"] = key
        elif kind == "Organization":
            name = _clean(item.get("name")) or _clean(item.get("shortName"))
            if not name or not key:
                raise InputError(f"{source}: an Organization needs an id and a name")
            org_type = (_clean(item.get("organizationType")) or _clean(item.get("classification")) or "").lower()
            directory.organizations.append(
                Organization(key, name, _KINDS.get(org_type, "committee"), _clean(item.get("shortName")), key)
            )
        elif kind == "Membership":
            person = _clean(item.get("person"))
            if not person:
                raise InputError(f"{source}: Membership {key or '?'} names no person")
            for label in ("startDate", "endDate"):
                _check_date(item.get(label), f"{source}: Membership {key}: {label}")
            directory.memberships.append(
                Membership(
                    person, _clean(item.get("organization")), _clean(item.get("role")),
                    _clean(item.get("startDate")), _clean(item.get("endDate")), key,
                )
            )  # fmt: skip


def read_directory(path: str | Path) -> Directory:
    """Read a members file: `.csv`, or `.json` holding OParl objects."""
    path = Path(path)
    try:
        if path.is_file() and path.stat().st_size > MAX_MEMBERS_BYTES:
            raise InputError(f"members file {path.name} is larger than {MAX_MEMBERS_BYTES // 1_000_000} MB")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise InputError(f"members file {path} does not exist") from error
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read members file {path}: {error}") from error
    if path.suffix.lower() == ".csv":
        return parse_csv(text, path.name)
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as error:  # RecursionError: nested too deep
            raise InputError(f"{path.name} is not valid JSON: {error}") from error
        return parse_oparl(data, path.name)
    raise InputError(f"{path.name}: members come as .csv or OParl .json")
