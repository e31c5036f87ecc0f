"""What open-data clients may read, as rows: bodies, meetings, agenda items, persons, organizations and
memberships, filtered by when they were created or modified, a page at a time.

Every query applies the public rule of `visibility` (its SQL constants), so the OParl endpoint sees
what the reader sees: published, public meetings; public agenda items; utterances not marked
non-public; approved summaries. A meeting that was withdrawn (or made non-public) after publication
is returned only to clients asking what changed, as deleted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from protokoll.archive.members import FACTION_ON_DATE_SQL
from protokoll.archive.visibility import APPROVED_SUMMARY_SQL, PUBLIC_MEETING_SQL, PUBLIC_UTTERANCE_SQL

__all__ = [
    "ChangeWindow",
    "DELETED_MEETING_SQL",
    "open_data_bodies",
    "open_data_body",
    "meeting_page",
    "meeting_row",
    "item_page",
    "item_row",
    "meeting_parts",
    "person_page",
    "person_row",
    "organization_page",
    "organization_row",
    "membership_page",
    "membership_row",
    "person_memberships",
]

# Over `meetings m`: once published, no longer public. Open data reports it as deleted.
DELETED_MEETING_SQL = "(m.status = 'withdrawn' OR (m.status = 'published' AND m.public = 0))"


@dataclass(frozen=True)
class ChangeWindow:
    """OParl's list filters, as UTC timestamps in the archive's form; `deleted` asks for deleted objects too."""

    created_since: str | None = None
    created_until: str | None = None
    modified_since: str | None = None
    modified_until: str | None = None

    @property
    def deleted(self) -> bool:
        # The spec: deleted objects are listed only to a client asking what changed since a time.
        return self.modified_since is not None

    def clause(self, created: str, modified: str) -> tuple[str, list[str]]:
        """SQL conditions over the given created and modified columns, and their parameters."""
        parts, params = [], []
        for value, sql in (
            (self.created_since, f"{created} >= ?"),
            (self.created_until, f"{created} <= ?"),
            (self.modified_since, f"{modified} >= ?"),
            (self.modified_until, f"{modified} <= ?"),
        ):
            if value is not None:
                parts.append(sql)
                params.append(value)
        return " AND ".join(parts) or "1", params


def _meeting_visible(window: ChangeWindow) -> str:
    return f"({PUBLIC_MEETING_SQL} OR {DELETED_MEETING_SQL})" if window.deleted else f"({PUBLIC_MEETING_SQL})"


def _page(db, sql: str, params: list, order: str, offset: int, limit: int) -> tuple[list[dict], int]:
    total = db.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]
    rows = list(db.query(f"{sql} ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, offset]))
    return rows, total


# Bodies: those with a published meeting (now or before) or a member list.
_BODY_SQL = (
    "SELECT b.id, b.name, b.created_at, b.modified_at, b.oparl_id FROM bodies b WHERE "
    f"EXISTS (SELECT 1 FROM meetings m WHERE m.body_id = b.id AND ({PUBLIC_MEETING_SQL} OR {DELETED_MEETING_SQL})) "
    "OR EXISTS (SELECT 1 FROM memberships ms WHERE ms.body_id = b.id)"
)


def open_data_bodies(db: sqlite_utils.Database, window: ChangeWindow | None = None) -> list[dict]:
    where, params = (window or ChangeWindow()).clause("created_at", "modified_at")
    return list(db.query(f"SELECT * FROM ({_BODY_SQL}) WHERE {where} ORDER BY id", params))


def open_data_body(db: sqlite_utils.Database, body_id: int) -> dict | None:
    return next(iter(db.query(f"SELECT * FROM ({_BODY_SQL}) WHERE id = ?", [body_id])), None)


_MEETING_COLUMNS = (
    "m.id, m.title, m.date, m.starts_at, m.place, m.duration, m.body_id, m.created_at, m.modified_at, m.oparl_id, "
    f"NOT ({PUBLIC_MEETING_SQL}) AS deleted"
)


def meeting_page(db, body_id: int, window: ChangeWindow, offset: int, limit: int) -> tuple[list[dict], int]:
    """A page of a body's meetings in id order, and how many there are."""
    where, params = window.clause("m.created_at", "m.modified_at")
    sql = f"SELECT {_MEETING_COLUMNS} FROM meetings m WHERE m.body_id = ? AND {_meeting_visible(window)} AND {where}"
    return _page(db, sql, [body_id, *params], "id", offset, limit)


def meeting_row(db, meeting_id: int) -> dict | None:
    """A meeting the public sees, or one that is deleted for open data; else None."""
    sql = (
        f"SELECT {_MEETING_COLUMNS} FROM meetings m WHERE m.id = ? AND ({PUBLIC_MEETING_SQL} OR {DELETED_MEETING_SQL})"
    )
    return next(iter(db.query(sql, [meeting_id])), None)


_ITEM_COLUMNS = (
    "i.meeting_id, i.position, i.number, i.title, i.public, i.start, i.end, i.oparl_id, i.id AS item_id, "
    f"m.starts_at, m.created_at, m.modified_at, NOT ({PUBLIC_MEETING_SQL}) AS deleted"
)


def item_page(db, body_id: int, window: ChangeWindow, offset: int, limit: int) -> tuple[list[dict], int]:
    """A page of the public agenda items of a body's meetings, in meeting and agenda order."""
    where, params = window.clause("m.created_at", "m.modified_at")
    sql = (
        f"SELECT {_ITEM_COLUMNS} FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id "
        f"WHERE m.body_id = ? AND i.public = 1 AND {_meeting_visible(window)} AND {where}"
    )
    return _page(db, sql, [body_id, *params], "meeting_id, position", offset, limit)


def item_row(db, meeting_id: int, position: int) -> dict | None:
    sql = (
        f"SELECT {_ITEM_COLUMNS} FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id "
        f"WHERE i.meeting_id = ? AND i.position = ? AND i.public = 1 "
        f"AND ({PUBLIC_MEETING_SQL} OR {DELETED_MEETING_SQL})"
    )
    return next(iter(db.query(sql, [meeting_id, position])), None)


def meeting_parts(db, meeting_ids: list[int]) -> dict[int, dict]:
    """For public meetings: their public items, each item's votes, speeches and approved plain text, and
    the meeting's approved plain text and speakers, read in a few queries for a whole page of meetings."""
    if not meeting_ids:
        return {}
    marks = ", ".join("?" for _ in meeting_ids)
    parts = {i: {"items": [], "votes": {}, "speeches": {}, "plain": {}, "participants": []} for i in meeting_ids}
    for row in db.query(
        f"SELECT i.id AS item_id, i.meeting_id, i.position, i.number, i.title, i.public, i.start, i.end, i.oparl_id "
        f"FROM agenda_items i WHERE i.meeting_id IN ({marks}) AND i.public = 1 ORDER BY i.meeting_id, i.position",
        meeting_ids,
    ):
        parts[row["meeting_id"]]["items"].append(row)
    for row in db.query(
        "SELECT v.meeting_id, v.agenda_item_id, v.result, v.yes, v.no, v.abstain, v.unanimous, v.majority, "
        "v.start, v.resolution, v.yes_groups, v.no_groups, v.abstain_groups, mo.kind AS motion, mo.proposer "
        f"FROM votes v LEFT JOIN motions mo ON mo.id = v.motion_id WHERE v.meeting_id IN ({marks}) "
        "ORDER BY v.meeting_id, v.start",
        meeting_ids,
    ):
        for side in ("yes_groups", "no_groups", "abstain_groups"):
            row[side] = json.loads(row[side] or "[]")
        parts[row["meeting_id"]]["votes"].setdefault(row["agenda_item_id"], []).append(row)
    for row in db.query(
        f"SELECT s.meeting_id, s.agenda_item_id, s.text FROM summaries s WHERE s.meeting_id IN ({marks}) "
        f"AND s.kind = 'plain' AND s.language = 'de' AND {APPROVED_SUMMARY_SQL}",
        meeting_ids,
    ):
        parts[row["meeting_id"]]["plain"][row["agenda_item_id"]] = row["text"]
    for row in db.query(_SPEECH_SQL.format(marks=marks), meeting_ids):
        speeches = parts[row["meeting_id"]]["speeches"].setdefault(row["agenda_item_id"], [])
        if speeches and speeches[-1]["speaker_id"] == row["speaker_id"]:
            speeches[-1]["end"] = row["end"]
        else:
            speeches.append(dict(row))
    for row in db.query(_PARTICIPANT_SQL.format(marks=marks), meeting_ids):
        parts[row["meeting_id"]]["participants"].append(row["person_id"])
    return parts


# Public utterances inside public agenda items, with their speaker; consecutive ones of one speaker
# make one speech. (What was said outside any item is in the verbatim protocol's files.)
_SPEECH_SQL = (
    "SELECT u.meeting_id, u.agenda_item_id, u.speaker_id, u.start, u.end, s.name, s.person_id, "
    f"{FACTION_ON_DATE_SQL} AS faction FROM utterances u JOIN speakers s ON s.id = u.speaker_id "
    "JOIN meetings m ON m.id = u.meeting_id LEFT JOIN persons p ON p.id = s.person_id "
    "WHERE u.meeting_id IN ({marks}) AND u.agenda_item_id IS NOT NULL AND "
    f"{PUBLIC_UTTERANCE_SQL} ORDER BY u.meeting_id, u.start, u.position"
)

# Persons heard in a meeting's public part.
_PARTICIPANT_SQL = (
    "SELECT DISTINCT s.meeting_id, s.person_id FROM speakers s WHERE s.meeting_id IN ({marks}) "
    "AND s.person_id IS NOT NULL AND EXISTS (SELECT 1 FROM utterances u WHERE u.speaker_id = s.id "
    f"AND {PUBLIC_UTTERANCE_SQL}) ORDER BY s.meeting_id, s.person_id"
)


# Persons open data may name: members of the body, and persons heard in its public meetings.
_PERSON_SQL = (
    "SELECT p.id, p.name, p.given_name, p.family_name, p.title, p.form_of_address, p.created_at, p.modified_at, "
    "p.oparl_id FROM persons p WHERE EXISTS (SELECT 1 FROM memberships ms WHERE ms.person_id = p.id{body_ms}) "
    "OR EXISTS (SELECT 1 FROM speakers s JOIN meetings m ON m.id = s.meeting_id JOIN utterances u "
    f"ON u.speaker_id = s.id WHERE s.person_id = p.id{{body_m}} AND {PUBLIC_MEETING_SQL} AND {PUBLIC_UTTERANCE_SQL})"
)


def person_page(db, body_id: int, window: ChangeWindow, offset: int, limit: int) -> tuple[list[dict], int]:
    where, params = window.clause("created_at", "modified_at")
    persons = _PERSON_SQL.format(body_ms=" AND ms.body_id = ?", body_m=" AND m.body_id = ?")
    sql = f"SELECT * FROM ({persons}) WHERE {where}"
    return _page(db, sql, [body_id, body_id, *params], "id", offset, limit)


def person_row(db, person_id: int) -> dict | None:
    persons = _PERSON_SQL.format(body_ms="", body_m="")
    return next(iter(db.query(f"SELECT * FROM ({persons}) WHERE id = ?", [person_id])), None)


_MEMBERSHIP_SQL = (
    "SELECT ms.id, ms.person_id, ms.body_id, ms.organization_id, ms.role, ms.start_date, ms.end_date, "
    "ms.created_at, ms.modified_at, ms.oparl_id FROM memberships ms"
)


def membership_page(db, body_id: int, window: ChangeWindow, offset: int, limit: int) -> tuple[list[dict], int]:
    where, params = window.clause("ms.created_at", "ms.modified_at")
    return _page(db, f"{_MEMBERSHIP_SQL} WHERE ms.body_id = ? AND {where}", [body_id, *params], "id", offset, limit)


def membership_row(db, membership_id: int) -> dict | None:
    return next(iter(db.query(f"{_MEMBERSHIP_SQL} WHERE ms.id = ?", [membership_id])), None)


def person_memberships(db, person_ids: list[int]) -> dict[int, list[dict]]:
    marks = ", ".join("?" for _ in person_ids)
    found: dict[int, list[dict]] = {i: [] for i in person_ids}
    if person_ids:
        for row in db.query(f"{_MEMBERSHIP_SQL} WHERE ms.person_id IN ({marks}) ORDER BY ms.id", person_ids):
            found[row["person_id"]].append(row)
    return found


# Organizations of a body: those its members belong to (factions, parties, committees).
_ORGANIZATION_SQL = (
    "SELECT o.id, o.name, o.short_name, o.kind, o.created_at, o.modified_at, o.oparl_id, "
    "(SELECT min(ms.body_id) FROM memberships ms WHERE ms.organization_id = o.id) AS body_id FROM organizations o "
    "WHERE EXISTS (SELECT 1 FROM memberships ms WHERE ms.organization_id = o.id{body})"
)


def organization_page(db, body_id: int, window: ChangeWindow, offset: int, limit: int) -> tuple[list[dict], int]:
    where, params = window.clause("created_at", "modified_at")
    sql = f"SELECT * FROM ({_ORGANIZATION_SQL.format(body=' AND ms.body_id = ?')}) WHERE {where}"
    return _page(db, sql, [body_id, *params], "id", offset, limit)


def organization_row(db, organization_id: int) -> dict | None:
    sql = f"SELECT * FROM ({_ORGANIZATION_SQL.format(body='')}) WHERE id = ?"
    return next(iter(db.query(sql, [organization_id])), None)
