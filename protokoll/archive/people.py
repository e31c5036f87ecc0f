"""Speakers of a meeting and the persons behind them: naming, linking to persons, merging labels."""

from __future__ import annotations

import json

import sqlite_utils

from protokoll.archive.schema import now, record_audit, require_meeting, write_transaction
from protokoll.errors import UnknownMergeError, UnknownSpeakerError, UnknownUtteranceError, ValidationError

__all__ = [
    "rename_speaker",
    "assign_person",
    "merge_speakers",
    "speaker_merges",
    "unmerge_speakers",
    "known_names",
    "link_speakers",
    "speaking_time",
    "speaking_time_by_faction",
]


def rename_speaker(db: sqlite_utils.Database, meeting_id: int, label: str, name: str, actor: str) -> None:
    """Give a meeting's speaker label a display name, recorded in the audit table."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError("a speaker name cannot be empty")
    with write_transaction(db):
        row = db.execute(
            "SELECT id, name FROM speakers WHERE meeting_id = ? AND label = ?", [meeting_id, label]
        ).fetchone()
        if row is None:
            require_meeting(db, meeting_id)
            raise UnknownSpeakerError(f"meeting {meeting_id} has no speaker {label!r}")
        speaker_id, before = row
        db["speakers"].update(speaker_id, {"name": name, "name_source": "clerk", "voice_score": None})
        record_audit(db, actor, "rename_speaker", "speakers", speaker_id, before, name)


def assign_person(
    db: sqlite_utils.Database,
    meeting_id: int,
    label: str,
    name: str,
    faction: str | None,
    actor: str,
    person_id: int | None = None,
) -> int:
    """Name a speaker label and link it to a person (the one given, else found by name, else created);
    return the person's id. The name counts as the clerk's from now on.

    A faction given is stored with the person, which makes the faction filter of search find them.
    """
    name = " ".join(name.split())
    with write_transaction(db):
        rename_speaker(db, meeting_id, label, name, actor)
        if person_id is not None:
            row = db.execute("SELECT id, faction FROM persons WHERE id = ?", [person_id]).fetchone()
        else:
            row = db.execute("SELECT id, faction FROM persons WHERE name = ?", [name]).fetchone()
        if row is None:
            person_id = db["persons"].insert({"name": name, "faction": faction or None}).last_pk
        else:
            person_id = row[0]
            if faction and faction != row[1]:
                db["persons"].update(person_id, {"faction": faction})
                record_audit(db, actor, "set_faction", "persons", person_id, row[1], faction)
        db.execute(
            "UPDATE speakers SET person_id = ?, name_source = 'clerk', voice_score = NULL WHERE meeting_id = ? "
            "AND label = ?",
            [person_id, meeting_id, label],
        )
    return person_id


def merge_speakers(db: sqlite_utils.Database, meeting_id: int, label: str, into: str, actor: str) -> int:
    """Give all of one speaker label's utterances to another label of the same meeting; return how many.

    What the merge removes (the label's row, its suggestions, which utterances moved) is kept in `speaker_merges`,
    so that `unmerge_speakers` can undo it.
    """
    with write_transaction(db):
        rows = {
            row[0]: row[1]
            for row in db.execute(
                "SELECT label, id FROM speakers WHERE meeting_id = ? AND label IN (?, ?)", [meeting_id, label, into]
            )  # fmt: skip
        }
        if label == into:
            raise ValidationError(f"cannot merge speaker {label!r} into itself")
        if label not in rows or into not in rows:
            require_meeting(db, meeting_id)
            missing = label if label not in rows else into
            raise UnknownSpeakerError(f"meeting {meeting_id} has no speaker {missing!r}")
        speaker = next(iter(db.query("SELECT * FROM speakers WHERE id = ?", [rows[label]])))
        suggestions = list(db.query("SELECT * FROM speaker_suggestions WHERE speaker_id = ?", [rows[label]]))
        moved = [r[0] for r in db.execute("SELECT id FROM utterances WHERE speaker_id = ?", [rows[label]]).fetchall()]
        db.execute("UPDATE utterances SET speaker_id = ? WHERE speaker_id = ?", [rows[into], rows[label]])
        db.execute("DELETE FROM speakers WHERE id = ?", [rows[label]])
        db.execute(
            "INSERT INTO speaker_merges (meeting_id, into_id, speaker, suggestions, utterance_ids, merged_by, "
            "merged_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [meeting_id, rows[into], json.dumps(speaker), json.dumps(suggestions), json.dumps(moved), actor, now()],
        )
        record_audit(db, actor, "merge_speakers", "speakers", rows[into], label, into)
    return len(moved)


def reassign_utterance(db: sqlite_utils.Database, utterance_id: int, label: str, actor: str) -> int:
    """Give one utterance to another speaker label of its meeting (diarization put it with the wrong voice);
    return the meeting's id."""
    with write_transaction(db):
        row = db.execute(
            "SELECT u.meeting_id, s.label FROM utterances u LEFT JOIN speakers s ON s.id = u.speaker_id WHERE u.id = ?",
            [utterance_id],
        ).fetchone()
        if row is None:
            raise UnknownUtteranceError(f"there is no utterance with id {utterance_id}")
        meeting_id, before = row
        target = db.execute(
            "SELECT id FROM speakers WHERE meeting_id = ? AND label = ?", [meeting_id, label]
        ).fetchone()
        if target is None:
            raise UnknownSpeakerError(f"meeting {meeting_id} has no speaker {label!r}")
        db.execute("UPDATE utterances SET speaker_id = ? WHERE id = ?", [target[0], utterance_id])
        record_audit(db, actor, "reassign_utterance", "utterances", utterance_id, before, label)
    return meeting_id


def speaker_merges(db: sqlite_utils.Database, meeting_id: int) -> list[dict]:
    """A meeting's merges not undone, newest first: id, label (merged away), into_label, merged_by, merged_at, and
    undoable (false while the speaker it went into is itself merged away: that later merge is undone first)."""
    require_meeting(db, meeting_id)
    return list(db.query(
        "SELECT m.id, json_extract(m.speaker, '$.label') AS label, coalesce(s.label, (SELECT json_extract(o.speaker, "
        "'$.label') FROM speaker_merges o WHERE json_extract(o.speaker, '$.id') = m.into_id)) AS into_label, "
        "m.merged_by, m.merged_at, s.id IS NOT NULL AS undoable FROM speaker_merges m "
        "LEFT JOIN speakers s ON s.id = m.into_id WHERE m.meeting_id = ? ORDER BY m.id DESC",
        [meeting_id],
    ))  # fmt: skip


def unmerge_speakers(db: sqlite_utils.Database, meeting_id: int, merge_id: int, actor: str) -> int:
    """Undo a merge: the label comes back with its name, voice print and suggestions, and the utterances that
    moved (and are still with the label they moved to) return to it; return how many. The caller re-runs the
    summaries, as after merging."""
    with write_transaction(db):
        row = db.execute(
            "SELECT into_id, speaker, suggestions, utterance_ids FROM speaker_merges WHERE id = ? AND meeting_id = ?",
            [merge_id, meeting_id],
        ).fetchone()
        if row is None:
            require_meeting(db, meeting_id)
            raise UnknownMergeError(f"meeting {meeting_id} has no merge {merge_id} to undo")
        into_id, speaker, suggestions, moved = row[0], json.loads(row[1]), json.loads(row[2]), json.loads(row[3])
        if db.execute("SELECT 1 FROM speakers WHERE id = ?", [into_id]).fetchone() is None:
            raise ValidationError(f"merge {merge_id} cannot be undone before the later merge of its speaker")
        for table, record in [("speakers", speaker), *(("speaker_suggestions", g) for g in suggestions)]:
            # Column names come from the table itself (stored by `merge_speakers`), not from outside.
            columns, marks = ", ".join(f'"{column}"' for column in record), ", ".join("?" * len(record))
            db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(record.values()))
        back = db.conn.executemany(
            "UPDATE utterances SET speaker_id = ? WHERE id = ? AND speaker_id = ?",
            [(speaker["id"], utterance_id, into_id) for utterance_id in moved],
        ).rowcount
        db.execute("DELETE FROM speaker_merges WHERE id = ?", [merge_id])
        record_audit(db, actor, "unmerge_speakers", "speakers", speaker["id"], None, speaker["label"])
    return back


def known_names(db: sqlite_utils.Database) -> set[str]:
    """Return every person's name and every name a clerk gave a speaker (vocabulary for recognition and checks)."""
    return {row[0] for row in db.execute("SELECT name FROM persons")} | {
        row[0] for row in db.execute("SELECT name FROM speakers WHERE name IS NOT NULL")
    }


def link_speakers(db: sqlite_utils.Database, meeting_id: int, people: dict, actor: str) -> None:
    """Name a meeting's speaker labels and link them to persons (found by name, or created).

    `people` maps a label to {"name", "faction", "role"}, as an imported transcript gives it.
    """
    with write_transaction(db):
        for label, person in people.items():
            if not isinstance(person, dict):
                continue
            if not person.get("name"):
                if person.get("role"):
                    db.execute("UPDATE speakers SET role = ? WHERE meeting_id = ? AND label = ?",
                               [person["role"], meeting_id, label])  # fmt: skip
                continue
            found = db.execute("SELECT id FROM persons WHERE name = ?", [person["name"]]).fetchone()
            person_id = (
                found[0]
                if found
                else db["persons"]
                .insert({"name": person["name"], "faction": person.get("faction"), "role": person.get("role")})
                .last_pk
            )
            db.execute(
                "UPDATE speakers SET name = ?, person_id = ?, name_source = 'import' "
                "WHERE meeting_id = ? AND label = ?",
                [person["name"], person_id, meeting_id, label],
            )
            record_audit(db, actor, "rename_speaker", "meetings", meeting_id, label, person["name"])


def speaking_time(
    db: sqlite_utils.Database,
    meeting_id: int | None = None,
    body: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    public_only: bool = False,
) -> list[dict]:
    """Return seconds spoken and utterances per person (or unnamed speaker) and faction held then, most first.

    For one meeting, or over the meetings of a body and a period. `public_only` counts only what
    citizens see: published meetings, public parts.
    """
    from protokoll.archive.members import FACTION_ON_DATE_SQL
    from protokoll.archive.visibility import PUBLIC_MEETING_SQL, PUBLIC_UTTERANCE_SQL

    if meeting_id is not None:
        require_meeting(db, meeting_id)
    given = [(sql, value) for sql, value in [("m.id = ?", meeting_id), ("b.name = ?", body),
             ("m.date >= ?", date_from), ("m.date <= ?", date_to)] if value not in (None, "")]  # fmt: skip
    where, params = [sql for sql, _ in given], [value for _, value in given]
    if public_only:
        where += [PUBLIC_MEETING_SQL, PUBLIC_UTTERANCE_SQL]
    rows = db.execute(
        f"SELECT COALESCE(p.name, s.name, s.label) AS speaker, {FACTION_ON_DATE_SQL}, SUM(u.end - u.start), COUNT(*), "
        "COUNT(DISTINCT m.id) FROM utterances u JOIN speakers s ON s.id = u.speaker_id "
        "JOIN meetings m ON m.id = u.meeting_id LEFT JOIN bodies b ON b.id = m.body_id "
        "LEFT JOIN persons p ON p.id = s.person_id "
        f"{'WHERE ' + ' AND '.join(where) if where else ''} "
        "GROUP BY COALESCE(CAST(p.id AS TEXT), s.name, s.meeting_id || ':' || s.label), 2 ORDER BY 3 DESC",
        params,
    ).fetchall()
    return [
        {"speaker": name, "faction": faction, "seconds": round(seconds or 0.0, 1), "utterances": count,
         "meetings": meetings}
        for name, faction, seconds, count, meetings in rows
    ]  # fmt: skip


def speaking_time_by_faction(rows: list[dict]) -> list[dict]:
    """Sum `speaking_time` rows by faction (speakers without one under None), most first."""
    totals: dict[str | None, dict] = {}
    for row in rows:
        entry = totals.setdefault(row["faction"], {"faction": row["faction"], "seconds": 0.0, "speakers": 0})
        entry["seconds"] = round(entry["seconds"] + row["seconds"], 1)
        entry["speakers"] += 1
    return sorted(totals.values(), key=lambda e: -e["seconds"])
