"""The OParl import in the archive: a council information system's catalogue, its members, and the link
between a recorded meeting and its OParl meeting.

Every object read is kept in `oparl_objects` as read (without persons' contact details), with a hash
of its content that leaves out `created` and `modified`: an object a vendor re-stamped but did not
change counts as unchanged, and is not written again. The members lists (persons, organizations,
memberships) follow through `members.import_directory`, for the persons whose object or memberships
changed. The catalogue's meetings and agenda items stay out of `meetings` (they are not recordings);
the views `oparl_meetings` and `oparl_agenda_items` read them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import sqlite_utils

from protokoll.archive.members import Member, ensure_body, import_directory, members_of
from protokoll.archive.schema import now, record_audit, write_transaction
from protokoll.errors import InputError
from protokoll.opendata.oparl_source import Harvest, HarvestedBody, OParlMeeting, OParlObject
from protokoll.speakers.directory import Directory, Person, parse_oparl, split_name

__all__ = [
    "ObjectCounts",
    "OParlImport",
    "SINCE_OVERLAP",
    "store_oparl_import",
    "oparl_import_since",
    "link_oparl_meeting",
    "meeting_participants",
    "expected_members",
    "body_name_by_oparl_id",
    "persons_by_oparl_id",
]

# The next import asks for what changed since the last one began, less this: the server's clock (or its
# time zone) may be off. Objects read twice are recognised by their hash, so the overlap costs only time.
SINCE_OVERLAP = dt.timedelta(days=1)
COUNTED_TYPES = ("Meeting", "AgendaItem", "Person", "Organization", "Membership")


@dataclass
class ObjectCounts:
    """What an import did with the objects of one type."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def add(self, outcome: str | None) -> None:
        if outcome:
            setattr(self, outcome, getattr(self, outcome) + 1)

    @property
    def read(self) -> int:
        return self.new + self.updated + self.unchanged


@dataclass
class OParlImport:
    """What one OParl import stored, per body."""

    bodies: list[str] = field(default_factory=list)  # the archive's body names
    since: dict[str, str | None] = field(default_factory=dict)  # body name -> modified_since asked, None: all
    counts: dict[str, ObjectCounts] = field(default_factory=lambda: {t: ObjectCounts() for t in COUNTED_TYPES})
    members: dict[str, int] = field(default_factory=lambda: {"persons": 0, "organizations": 0, "memberships": 0})
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(c.new + c.updated + c.deleted for c in self.counts.values())


def oparl_import_since(db: sqlite_utils.Database, overlap: dt.timedelta = SINCE_OVERLAP) -> dict[str, str]:
    """For each OParl body imported before: the date-time to ask for changes since (its last import's start,
    less the overlap)."""
    since = {}
    for oparl_id, started in db.execute("SELECT oparl_id, last_import_started FROM oparl_bodies"):
        try:
            since[oparl_id] = (dt.datetime.fromisoformat(started) - overlap).isoformat(timespec="seconds")
        except (TypeError, ValueError):
            continue  # unreadable: that body is read whole
    return since


def store_oparl_import(
    db: sqlite_utils.Database, harvest: Harvest, actor: str, body_name: str | None = None
) -> OParlImport:
    """Store a harvest in one transaction (nothing is stored if any part fails); return what changed.

    Each OParl body is kept under the archive's body linked to it (`bodies.oparl_id`), else one of its
    name; `body_name` (for a harvest of one body) names the archive's body instead.
    """
    report = OParlImport(warnings=list(harvest.warnings))
    stamp = now()
    with write_transaction(db):
        if harvest.system is not None:
            _store_object(db, harvest.system, None, stamp)
        for read in harvest.bodies:
            oparl_body = read.body.oparl_id
            body_id, name = _link_body(db, read, body_name if len(harvest.bodies) == 1 else None)
            report.bodies.append(name)
            report.since[name] = read.since
            _store_object(db, read.body, oparl_body, stamp)
            outcomes: dict[str, list[OParlObject]] = {"new": [], "updated": [], "deleted": []}
            for item in read.objects.values():
                outcome = _store_object(db, item, oparl_body, stamp)
                if item.type in report.counts:
                    report.counts[item.type].add(outcome)
                if outcome in outcomes:
                    outcomes[outcome].append(item)
            before = db.execute("SELECT body_id FROM oparl_bodies WHERE oparl_id = ?", [oparl_body]).fetchone()
            # Imported into another body of the archive than last time: its members lists are written whole.
            whole = before is not None and before[0] != body_id
            stored = _update_members(db, body_id, name, oparl_body, outcomes, whole, actor, report.warnings)
            for key, value in stored.items():
                report.members[key] += value
            db.execute(
                "INSERT INTO oparl_bodies (oparl_id, body_id, system, oparl_version, last_import_started, "
                "last_import_finished) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (oparl_id) DO UPDATE SET "
                "body_id = excluded.body_id, system = excluded.system, oparl_version = excluded.oparl_version, "
                "last_import_started = excluded.last_import_started, "
                "last_import_finished = excluded.last_import_finished",
                [oparl_body, body_id, harvest.url, harvest.version, harvest.started_at, now()],
            )
        summary = {t: c.__dict__ for t, c in report.counts.items()} | {"url": harvest.url}
        record_audit(db, actor, "oparl_import", "oparl_bodies", None, None, json.dumps(summary, ensure_ascii=False))
    return report


def _link_body(db, read: HarvestedBody, name: str | None) -> tuple[int, str]:
    """The archive's body for an OParl body: the one named (linked to it from now on), else the one linked
    to it, else one of the OParl body's name."""
    oparl_id = read.body.oparl_id
    row = None if name else db.execute("SELECT id, name FROM bodies WHERE oparl_id = ?", [oparl_id]).fetchone()
    if row is not None:
        return row[0], row[1]
    name = name or read.name
    body_id = ensure_body(db, name)
    if db.execute("SELECT oparl_id FROM bodies WHERE id = ?", [body_id]).fetchone()[0] != oparl_id:
        db.execute("UPDATE bodies SET oparl_id = NULL WHERE oparl_id = ?", [oparl_id])  # one body per OParl body
        db.execute("UPDATE bodies SET oparl_id = ? WHERE id = ?", [oparl_id, body_id])
    return body_id, name


def _store_object(db, item: OParlObject, body: str | None, stamp: str) -> str | None:
    """Keep one object (of an OParl body, by its id); return 'new', 'updated', 'unchanged', 'deleted', or None
    (the deletion of an object never read)."""
    row = db.execute("SELECT content_hash, deleted FROM oparl_objects WHERE oparl_id = ?", [item.oparl_id]).fetchone()
    if item.deleted:
        if row is None or row[1]:
            return None
        db.execute("UPDATE oparl_objects SET deleted = 1, modified = ?, changed_at = ?, seen_at = ? WHERE oparl_id = ?",
                   [item.modified, stamp, stamp, item.oparl_id])  # fmt: skip
        return "deleted"
    digest = item.hash
    if row is not None and row[0] == digest and not row[1]:
        db.execute("UPDATE oparl_objects SET seen_at = ?, body = coalesce(?, body) WHERE oparl_id = ?",
                   [stamp, body, item.oparl_id])  # fmt: skip
        return "unchanged"
    values = [item.type, body, item.parent, json.dumps(item.content, ensure_ascii=False), digest, item.modified]
    if row is None:
        db.execute(
            "INSERT INTO oparl_objects (type, body, parent, content, content_hash, modified, oparl_id, "
            "first_seen_at, changed_at, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [*values, item.oparl_id, stamp, stamp, stamp],
        )
        return "new"
    db.execute(
        "UPDATE oparl_objects SET type = ?, body = coalesce(?, body), parent = ?, content = ?, "
        "content_hash = ?, modified = ?, deleted = 0, changed_at = ?, seen_at = ? WHERE oparl_id = ?",
        [*values, stamp, stamp, item.oparl_id],
    )
    return "updated"


def _catalogue(db, sql: str, params: list) -> list[dict]:
    return [json.loads(row[0]) for row in db.execute(sql, params)]


def _update_members(
    db, body_id: int, body: str, oparl_body: str, outcomes: dict, whole: bool, actor: str, warnings: list[str]
) -> dict[str, int]:
    """Bring the body's members lists up to the catalogue, for what changed: persons whose object or one of
    whose memberships changed (with all their memberships), changed organizations, deleted persons. `whole`:
    every person of the OParl body."""
    changed = outcomes["new"] + outcomes["updated"]
    persons = {o.oparl_id for o in changed if o.type == "Person"}
    persons |= {o.parent for o in changed + outcomes["deleted"] if o.type == "Membership" and o.parent}
    if whole:
        persons |= {row[0] for row in db.execute("SELECT oparl_id FROM oparl_objects WHERE type = 'Person' AND "
                                                 "body = ? AND NOT deleted", [oparl_body])}  # fmt: skip
    directory = Directory()
    for person_id in sorted(persons):
        person = _catalogue(db, "SELECT content FROM oparl_objects WHERE oparl_id = ? AND type = 'Person' "
                                "AND NOT deleted", [person_id])  # fmt: skip
        if not person:
            continue  # a membership of a person the body does not list
        memberships = _catalogue(db, "SELECT content FROM oparl_objects WHERE type = 'Membership' AND parent = ? "
                                     "AND NOT deleted ORDER BY oparl_id", [person_id])  # fmt: skip
        _merge(directory, [*person, *memberships], person_id, warnings)
    for organization in (o for o in changed if o.type == "Organization"):
        _merge(directory, [organization.content], organization.oparl_id, warnings)
    for person in (o for o in outcomes["deleted"] if o.type == "Person"):
        # Kept as a person (speakers may be named after them), but no longer a member of the body.
        db.execute("DELETE FROM memberships WHERE body_id = ? AND person_id IN (SELECT id FROM persons WHERE "
                   "oparl_id = ?)", [body_id, person.oparl_id])  # fmt: skip
    if not directory.persons and not directory.organizations:
        return {}
    return import_directory(db, body, directory, actor)


def _merge(directory: Directory, objects: list[dict], source: str, warnings: list[str]) -> None:
    """Add what the objects say to the directory; an object the members lists cannot take is a warning."""
    try:
        read = parse_oparl(objects, source, require_members=False)
    except InputError as error:
        warnings.append(f"left out of the members lists: {error}")
        return
    directory.persons += read.persons
    directory.organizations += read.organizations
    directory.memberships += read.memberships


# --- a recorded meeting and its OParl meeting -----------------------------------------------------


def body_name_by_oparl_id(db: sqlite_utils.Database, oparl_id: str) -> str | None:
    """The name of the archive's body linked to an OParl body, if any."""
    row = db.execute("SELECT name FROM bodies WHERE oparl_id = ? ORDER BY id LIMIT 1", [oparl_id]).fetchone()
    return row[0] if row else None


def persons_by_oparl_id(db: sqlite_utils.Database, oparl_ids: list[str]) -> dict[str, Person]:
    """The archive's persons of these OParl ids, as directory persons."""
    found = {}
    for oparl_id in oparl_ids:
        row = db.execute("SELECT name, given_name, family_name, title, form_of_address FROM persons WHERE "
                         "oparl_id = ? ORDER BY id LIMIT 1", [oparl_id]).fetchone()  # fmt: skip
        if row:
            found[oparl_id] = Person(oparl_id, row[0], row[1], row[2], row[3], row[4], oparl_id)
    return found


def _person_of(db, person: Person, actor: str) -> int:
    """The archive's person for a participant: by OParl id, else by name (then given the id), else new."""
    row = db.execute("SELECT id FROM persons WHERE oparl_id = ?", [person.oparl_id]).fetchone()
    if row:
        return row[0]
    row = db.execute("SELECT id FROM persons WHERE name = ? AND oparl_id IS NULL", [person.name]).fetchone()
    if row:
        db.execute("UPDATE persons SET oparl_id = ? WHERE id = ?", [person.oparl_id, row[0]])
        return row[0]
    title, given, family = split_name(person.name)
    person_id = db["persons"].insert(
        {"name": person.name, "given_name": person.given_name or given, "family_name": person.family_name or family,
         "title": person.title or title, "form_of_address": person.form_of_address, "oparl_id": person.oparl_id}
    ).last_pk  # fmt: skip
    record_audit(db, actor, "import_person", "persons", person_id, None, person.name)
    return person_id


def link_oparl_meeting(db: sqlite_utils.Database, meeting_id: int, meeting: OParlMeeting, actor: str) -> None:
    """Link a stored meeting to its OParl meeting: its id, its start (the clock time of the session's
    beginning, for open data), the body's OParl id where the body has none, the expected participants."""
    with write_transaction(db):
        db["meetings"].update(meeting_id, {"oparl_id": meeting.oparl_id, "starts_at": meeting.start})
        if meeting.body_oparl_id:
            db.execute("UPDATE bodies SET oparl_id = ? WHERE oparl_id IS NULL AND id = (SELECT body_id FROM meetings "
                       "WHERE id = ?) AND NOT EXISTS (SELECT 1 FROM bodies WHERE oparl_id = ?)",
                       [meeting.body_oparl_id, meeting_id, meeting.body_oparl_id])  # fmt: skip
        db.execute("DELETE FROM meeting_participants WHERE meeting_id = ?", [meeting_id])
        for person in meeting.participants:
            db["meeting_participants"].insert(
                {"meeting_id": meeting_id, "oparl_id": person.oparl_id, "person_id": _person_of(db, person, actor),
                 "name": person.name}, replace=True,
            )  # fmt: skip
        record_audit(db, actor, "link_oparl_meeting", "meetings", meeting_id, None,
                     json.dumps({"oparl_id": meeting.oparl_id, "participants": len(meeting.participants)}))  # fmt: skip


def meeting_participants(db: sqlite_utils.Database, meeting_id: int) -> list[dict]:
    """The participants a meeting's OParl meeting expected: name, OParl id and the archive's person id."""
    rows = db.execute("SELECT coalesce(p.name, mp.name), mp.oparl_id, mp.person_id FROM meeting_participants mp "
                      "LEFT JOIN persons p ON p.id = mp.person_id WHERE mp.meeting_id = ? ORDER BY 1",
                      [meeting_id]).fetchall()  # fmt: skip
    return [{"name": name, "oparl_id": oparl_id, "person_id": person_id} for name, oparl_id, person_id in rows]


def expected_members(db: sqlite_utils.Database, meeting_id: int, body_id: int, date: str | None) -> list[Member]:
    """The body's members (see `members_of`), and the meeting's expected participants who are not among them
    (a department head, a guest): the persons a speaker of this meeting may be named as."""
    members = members_of(db, body_id, date)
    known = {m.person_id for m in members}
    rows = db.execute(
        "SELECT p.id, p.name, p.given_name, p.family_name, p.title, p.form_of_address, p.faction "
        "FROM meeting_participants mp JOIN persons p ON p.id = mp.person_id WHERE mp.meeting_id = ? ORDER BY p.name",
        [meeting_id],
    ).fetchall()
    extra = [Member(*row, role=None, current=True) for row in rows if row[0] not in known]
    return [*(m for m in members if m.current), *extra, *(m for m in members if not m.current)]
