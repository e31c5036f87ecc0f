"""A body's members: storing an imported directory, and who belonged to the body (and which faction) when."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from protokoll.archive.schema import record_audit, write_transaction
from protokoll.errors import NotFoundError
from protokoll.speakers.directory import Directory

__all__ = [
    "Member",
    "import_directory",
    "members_of",
    "body_id",
    "ensure_body",
    "body_memberships",
    "rename_person",
    "FACTION_ON_DATE_SQL",
]

# Over speakers s, meetings m and persons p: the faction the speaker's person belonged to on the
# meeting's date, else the person's latest (p.faction).
FACTION_ON_DATE_SQL = (
    "COALESCE((SELECT COALESCE(o.short_name, o.name) FROM memberships ms JOIN organizations o "
    "ON o.id = ms.organization_id WHERE ms.person_id = s.person_id AND o.kind = 'faction' AND m.date IS NOT NULL "
    "AND (ms.start_date IS NULL OR substr(ms.start_date, 1, 10) <= m.date) "
    "AND (ms.end_date IS NULL OR substr(ms.end_date, 1, 10) >= m.date) ORDER BY ms.start_date DESC LIMIT 1), "
    "p.faction)"
)


@dataclass
class Member:
    """A person as a member of a body on a date, with the faction and role held then."""

    person_id: int
    name: str
    given_name: str | None
    family_name: str | None
    title: str | None
    form_of_address: str | None
    faction: str | None
    role: str | None
    current: bool  # a member on the date asked for (else: a member at another time)


def body_id(db: sqlite_utils.Database, name: str) -> int:
    """Return a body's id by name, or raise NotFoundError."""
    row = db.execute("SELECT id FROM bodies WHERE name = ?", [name]).fetchone()
    if row is None:
        raise NotFoundError(f"there is no body named {name!r}")
    return row[0]


def ensure_body(db: sqlite_utils.Database, name: str) -> int:
    """Return a body's id, creating the body if it is new."""
    row = db.execute("SELECT id FROM bodies WHERE name = ?", [name]).fetchone()
    return row[0] if row else db["bodies"].insert({"name": name}).last_pk


def _upsert(db, table: str, values: dict, oparl_id: str | None, name: str) -> tuple[int, bool]:
    """Update the row known by OParl id, else by name, with the values given; else insert it.
    Return (id, whether it was inserted)."""
    row = None
    if oparl_id:
        row = db.execute(f"SELECT id FROM {table} WHERE oparl_id = ?", [oparl_id]).fetchone()
    if row is None:
        row = db.execute(f"SELECT id FROM {table} WHERE name = ?", [name]).fetchone()
    if row is None:
        return db[table].insert(values).last_pk, True
    db[table].update(row[0], {k: v for k, v in values.items() if v is not None})
    return row[0], False


def _person_id(db, person, actor: str) -> int:
    values = {
        "name": person.name,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "title": person.title,
        "form_of_address": person.form_of_address,
        "oparl_id": person.oparl_id,
    }
    person_id, inserted = _upsert(db, "persons", values, person.oparl_id, person.name)
    if inserted:
        record_audit(db, actor, "import_person", "persons", person_id, None, person.name)
    return person_id


def _organization_id(db, organization) -> int:
    values = {
        "name": organization.name,
        "short_name": organization.short_name,
        "kind": organization.kind,
        "oparl_id": organization.oparl_id,
    }
    return _upsert(db, "organizations", values, organization.oparl_id, organization.name)[0]


def import_directory(
    db: sqlite_utils.Database, body: str, directory: Directory, actor: str, complete: bool = False
) -> dict[str, int]:
    """Store persons, organizations and memberships for a body in one transaction; return counts.

    A person or organization already known (by OParl id, else by name) is updated, not duplicated;
    the body's memberships from an earlier import of the same persons are replaced. A `complete`
    directory is the body's whole list (the workspace's table): whoever is not in it leaves the body.
    """
    with write_transaction(db):
        body_row = ensure_body(db, body)
        leaving = []
        if complete:
            leaving = [r[0] for r in db.execute("SELECT DISTINCT person_id FROM memberships WHERE body_id = ?",
                                                [body_row])]  # fmt: skip
            db.execute("DELETE FROM memberships WHERE body_id = ?", [body_row])
        persons = {p.key: _person_id(db, p, actor) for p in directory.persons}
        organizations = {o.key: _organization_id(db, o) for o in directory.organizations}
        organization_count = len(organizations)
        for membership in directory.memberships:
            key = membership.organization_key
            if key and key not in organizations:
                # An organization not in the file, known from an earlier import (an OParl update names only
                # what changed).
                row = db.execute("SELECT id FROM organizations WHERE oparl_id = ?", [key]).fetchone()
                if row is not None:
                    organizations[key] = row[0]
            if membership.person_key not in persons:
                # A membership whose person was not in the file: known from an earlier import?
                row = db.execute("SELECT id FROM persons WHERE oparl_id = ?", [membership.person_key]).fetchone()
                if row is None:
                    continue
                persons[membership.person_key] = row[0]
        db.execute(
            f"DELETE FROM memberships WHERE body_id = ? AND person_id IN ({','.join('?' * len(persons))})",
            [body_row, *persons.values()],
        )
        stored = 0
        for membership in directory.memberships:
            person_id = persons.get(membership.person_key)
            if person_id is None:
                continue
            db["memberships"].insert(
                {
                    "person_id": person_id,
                    "body_id": body_row,
                    "organization_id": organizations.get(membership.organization_key or ""),
                    "role": membership.role,
                    "start_date": membership.start_date,
                    "end_date": membership.end_date,
                    "oparl_id": membership.oparl_id,
                }
            )
            stored += 1
        if not any(m.person_key for m in directory.memberships):
            for person_id in persons.values():  # persons without memberships still belong to the body
                db["memberships"].insert({"person_id": person_id, "body_id": body_row})
                stored += 1
        _refresh_current_factions(db, list({*persons.values(), *leaving}))
        record_audit(
            db, actor, "import_members", "bodies", body_row, None,
            f"{len(persons)} persons, {organization_count} organizations, {stored} memberships",
        )  # fmt: skip
    return {"persons": len(persons), "organizations": organization_count, "memberships": stored}


def _refresh_current_factions(db, person_ids: list[int]) -> None:
    """Keep persons.faction (what search filters on) at each person's latest faction."""
    for person_id in person_ids:
        row = db.execute(
            "SELECT COALESCE(o.short_name, o.name) FROM memberships m JOIN organizations o ON o.id = m.organization_id "
            "WHERE m.person_id = ? AND o.kind = 'faction' ORDER BY m.end_date IS NULL DESC, m.end_date DESC, "
            "m.start_date DESC LIMIT 1",
            [person_id],
        ).fetchone()
        if row:
            db.execute("UPDATE persons SET faction = ? WHERE id = ?", [row[0], person_id])


def body_memberships(db: sqlite_utils.Database, body: str) -> list[dict]:
    """A body's memberships as the members CSV has them (name, faction, role, start_date, end_date), with
    the person's id; by name, then start. An unknown body has none."""
    rows = db.execute(
        "SELECT p.id, p.name, COALESCE(o.short_name, o.name), m.role, m.start_date, m.end_date FROM memberships m "
        "JOIN bodies b ON b.id = m.body_id JOIN persons p ON p.id = m.person_id "
        "LEFT JOIN organizations o ON o.id = m.organization_id WHERE b.name = ? ORDER BY p.name, m.start_date",
        [body],
    ).fetchall()
    columns = ("person_id", "name", "faction", "role", "start_date", "end_date")
    return [dict(zip(columns, row, strict=True)) for row in rows]


def rename_person(db: sqlite_utils.Database, person_id: int, name: str, actor: str) -> None:
    """Correct a person's name (everywhere the person is linked: speakers named after them follow)."""
    name = " ".join(name.split())
    row = db.execute("SELECT name FROM persons WHERE id = ?", [person_id]).fetchone()
    if row is None:
        raise NotFoundError(f"no person with id {person_id}")
    if row[0] == name:
        return
    with write_transaction(db):
        db["persons"].update(person_id, {"name": name})
        db.execute("UPDATE speakers SET name = ? WHERE person_id = ? AND name = ?", [name, person_id, row[0]])
        record_audit(db, actor, "rename_person", "persons", person_id, row[0], name)


def members_of(db: sqlite_utils.Database, body: int, date: str | None = None) -> list[Member]:
    """Return the body's members, those of `date` first (current=True), each once with the faction held then."""
    rows = db.execute(
        "SELECT p.id, p.name, p.given_name, p.family_name, p.title, p.form_of_address, "
        "COALESCE(o.short_name, o.name), o.kind, m.role, m.start_date, m.end_date "
        "FROM memberships m JOIN persons p ON p.id = m.person_id LEFT JOIN organizations o ON o.id = m.organization_id "
        "WHERE m.body_id = ? ORDER BY p.id",
        [body],
    ).fetchall()
    members: dict[int, Member] = {}
    other_factions: dict[int, str] = {}  # held at another time: shown only for persons not members then
    for person_id, name, given, family, title, address, org, kind, role, start, end in rows:
        on_date = date is None or ((not start or start[:10] <= date) and (not end or end[:10] >= date))
        member = members.get(person_id)
        if member is None:
            member = members[person_id] = Member(person_id, name, given, family, title, address, None, None, False)
        if on_date:
            member.current = True
            member.faction = org if kind == "faction" else member.faction
            member.role = member.role or role
        elif kind == "faction":
            other_factions[person_id] = org
    for member in members.values():
        if not member.current:
            member.faction = other_factions.get(member.person_id)
    return sorted(members.values(), key=lambda m: (not m.current, m.name))
