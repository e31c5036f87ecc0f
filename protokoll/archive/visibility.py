"""The one rule of what the public may see, and the changes to it: publish, withdraw, mark a range non-public.

A meeting is public when it is marked public and published; within it, an utterance is public
unless it was marked non-public (redacted) or belongs to a non-public agenda item; a summary is
public once a clerk approved it. Every public reader (the web pages, search, the exports in the
public folder) reads through this module, never around it.
"""

from __future__ import annotations

import dataclasses
import json
import math

import sqlite_utils

from protokoll.archive.meetings import load_meeting
from protokoll.archive.schema import now, record_audit, require_meeting, write_transaction
from protokoll.errors import (
    UnapprovedSummariesError,
    UnclearVotesError,
    UnknownMeetingError,
    UnknownRangeError,
    ValidationError,
)
from protokoll.minutes.text import clock
from protokoll.minutes.votes import UNCLEAR
from protokoll.records import StoredMeeting

__all__ = [
    "PUBLIC_MEETING_SQL",
    "PUBLIC_UTTERANCE_SQL",
    "PUBLIC_ITEM_SQL",
    "APPROVED_SUMMARY_SQL",
    "list_meetings",
    "public_meeting",
    "set_publication",
    "mark_non_public",
    "unmark_non_public",
    "non_public_ranges",
    "non_public_range_rows",
]

# Over `meetings m`: the meeting is published and public.
PUBLIC_MEETING_SQL = "m.public = 1 AND m.status = 'published'"
# Over `utterances u`: not marked non-public, and not in a non-public agenda item.
PUBLIC_UTTERANCE_SQL = (
    "u.redacted = 0 AND (u.agenda_item_id IS NULL OR "
    "u.agenda_item_id NOT IN (SELECT id FROM agenda_items WHERE public = 0))"
)
# Over `agenda_items`: the item is public.
PUBLIC_ITEM_SQL = "public = 1"
# Over `summaries s`: a clerk approved it.
APPROVED_SUMMARY_SQL = "s.status = 'approved'"


def list_meetings(db: sqlite_utils.Database, public_only: bool = True) -> list[dict]:
    """Meetings newest first; for the public only those published and public."""
    where = f"WHERE {PUBLIC_MEETING_SQL}" if public_only else ""
    return list(
        db.query(
            "SELECT m.id, m.title, m.date, m.status, m.public, m.duration, b.name AS body FROM meetings m "
            f"LEFT JOIN bodies b ON b.id = m.body_id {where} ORDER BY m.date DESC, m.id DESC"
        )
    )


def public_meeting(db: sqlite_utils.Database, meeting_id: int) -> StoredMeeting:
    """A meeting as the public may see it: only if published and public, without non-public parts.

    Agenda items marked non-public, and their utterances, votes and summaries, are left out; only
    approved summaries are shown.
    """
    if db.execute(f"SELECT 1 FROM meetings m WHERE m.id = ? AND {PUBLIC_MEETING_SQL}", [meeting_id]).fetchone() is None:
        raise UnknownMeetingError(f"there is no published meeting with id {meeting_id}")
    bundle = load_meeting(db, meeting_id)
    public_items = _ids(db, f"SELECT id FROM agenda_items WHERE meeting_id = ? AND {PUBLIC_ITEM_SQL}", meeting_id)
    public_utterances = _ids(db, f"SELECT u.id FROM utterances u WHERE u.meeting_id = ? AND {PUBLIC_UTTERANCE_SQL}",
                             meeting_id)  # fmt: skip
    approved = _ids(db, f"SELECT s.id FROM summaries s WHERE s.meeting_id = ? AND {APPROVED_SUMMARY_SQL}", meeting_id)

    def in_public_item(part) -> bool:
        return part.agenda_item_id is None or part.agenda_item_id in public_items

    utterances = [u for u in bundle.utterances if u.id in public_utterances]
    spoken = {u.speaker_id for u in utterances}
    return dataclasses.replace(
        bundle,
        # The agenda as the clerk gave it names the non-public items too; the public items are below.
        meeting=dataclasses.replace(bundle.meeting, agenda=None),
        recording=None,  # the file's hash and path are the clerk's business
        # How sure the voice register was is the clerk's review aid, not part of the record.
        speakers=[
            dataclasses.replace(s, voice_score=None, voice_consistency=None) for s in bundle.speakers if s.id in spoken
        ],
        utterances=utterances,
        agenda_items=[i for i in bundle.agenda_items if i.id in public_items],
        votes=[v for v in bundle.votes if in_public_item(v)],
        motions=[m for m in bundle.motions if in_public_item(m)],
        summaries=[s for s in bundle.summaries if s.id in approved and in_public_item(s)],
    )


def _ids(db: sqlite_utils.Database, sql: str, meeting_id: int) -> set[int]:
    return {row[0] for row in db.execute(sql, [meeting_id])}


def set_publication(db: sqlite_utils.Database, meeting_id: int, publish: bool, actor: str) -> None:
    """Publish or withdraw a meeting. Publishing needs every summary approved by a clerk first."""
    with write_transaction(db):
        row = db.execute("SELECT status FROM meetings WHERE id = ?", [meeting_id]).fetchone()
        if row is None:
            raise UnknownMeetingError(f"there is no meeting with id {meeting_id}")
        if publish:
            drafts = db.execute(
                "SELECT count(*) FROM summaries WHERE meeting_id = ? AND status != 'approved'", [meeting_id]
            ).fetchone()[0]
            if drafts:
                raise UnapprovedSummariesError(
                    f"meeting {meeting_id} has {drafts} summaries not yet approved: approve them first"
                )
            unclear = [
                f"vote {vote_id} at {clock(start or 0)}"
                for vote_id, start in db.execute(
                    "SELECT id, start FROM votes WHERE meeting_id = ? AND result = ? ORDER BY start",
                    [meeting_id, UNCLEAR],
                )
            ]
            if unclear:
                raise UnclearVotesError(
                    f"meeting {meeting_id} has results no clerk has decided yet ({', '.join(unclear)}): "
                    "decide them first (protokoll decide VOTE RESULT)"
                )
        status = "published" if publish else "withdrawn"
        db.execute("UPDATE meetings SET status = ? WHERE id = ?", [status, meeting_id])
        record_audit(db, actor, "publish" if publish else "withdraw", "meetings", meeting_id, row[0], status)


# An utterance lies in a range when most of it does (the rule of mark_non_public).
_MOSTLY_INSIDE = "start < ? AND end > ? AND min(end, ?) - max(start, ?) > (end - start) / 2"


def mark_non_public(db: sqlite_utils.Database, meeting_id: int, start: float, end: float, actor: str) -> int:
    """Mark [start, end) seconds of a meeting non-public; return how many utterances it hides.

    The range is stored as it is: the public audio is silenced over exactly this span. An utterance is
    hidden when most of it lies inside one range (so an utterance that only touches the range's edge keeps
    its place, and a vote in it stays public). Hidden utterances leave every public view, search and export
    at once (those read `redacted`); the caller re-runs the summaries, which read only public utterances.
    """
    if not (math.isfinite(start) and math.isfinite(end) and 0 <= start < end):
        raise ValidationError(f"the range {start}-{end} s is not a time range")
    with write_transaction(db):
        require_meeting(db, meeting_id)
        db["non_public_ranges"].insert(
            {"meeting_id": meeting_id, "start": start, "end": end, "marked_by": actor, "marked_at": now()}
        )
        ids = [
            row[0]
            for row in db.execute(
                f"SELECT id FROM utterances WHERE meeting_id = ? AND redacted = 0 AND {_MOSTLY_INSIDE}",
                [meeting_id, end, start, end, start],
            )
        ]
        db.conn.executemany("UPDATE utterances SET redacted = 1 WHERE id = ?", [(i,) for i in ids])
        record_audit(db, actor, "mark_non_public", "meetings", meeting_id, None,
                     json.dumps({"start": start, "end": end, "utterances": ids}))  # fmt: skip
    return len(ids)


def unmark_non_public(db: sqlite_utils.Database, meeting_id: int, range_id: int, actor: str) -> int:
    """Make a non-public range public again (the clerk's undo); return how many utterances show again.

    An utterance that most of another remaining range covers stays hidden. The caller re-runs the
    summaries and the public files, as after marking.
    """
    with write_transaction(db):
        row = db.execute(
            "SELECT start, end FROM non_public_ranges WHERE id = ? AND meeting_id = ?", [range_id, meeting_id]
        ).fetchone()
        if row is None:
            require_meeting(db, meeting_id)
            raise UnknownRangeError(f"meeting {meeting_id} has no non-public range {range_id}")
        start, end = row
        db.execute("DELETE FROM non_public_ranges WHERE id = ?", [range_id])
        shown = [
            r[0]
            for r in db.execute(
                f"SELECT id FROM utterances u WHERE meeting_id = ? AND redacted = 1 AND {_MOSTLY_INSIDE} "
                "AND NOT EXISTS (SELECT 1 FROM non_public_ranges r WHERE r.meeting_id = u.meeting_id AND "
                "u.start < r.end AND u.end > r.start "
                "AND min(u.end, r.end) - max(u.start, r.start) > (u.end - u.start) / 2)",
                [meeting_id, end, start, end, start],
            )
        ]
        db.conn.executemany("UPDATE utterances SET redacted = 0 WHERE id = ?", [(i,) for i in shown])
        record_audit(db, actor, "mark_public", "meetings", meeting_id, json.dumps({"start": start, "end": end}),
                     json.dumps({"utterances": shown}))  # fmt: skip
    return len(shown)


def non_public_range_rows(db: sqlite_utils.Database, meeting_id: int) -> list[dict]:
    """The non-public ranges of a meeting with their ids, who marked them and when, in time order."""
    require_meeting(db, meeting_id)
    return list(db.query(
        "SELECT id, start, end, marked_by, marked_at FROM non_public_ranges WHERE meeting_id = ? ORDER BY start, id",
        [meeting_id],
    ))  # fmt: skip


def non_public_ranges(db: sqlite_utils.Database, meeting_id: int) -> list[tuple[float, float]]:
    """The ranges a clerk marked non-public in a meeting, as (start, end) seconds."""
    return [
        (row[0], row[1])
        for row in db.execute(
            "SELECT start, end FROM non_public_ranges WHERE meeting_id = ? ORDER BY start", [meeting_id]
        )
    ]
