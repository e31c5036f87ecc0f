"""The minutes in the archive: agenda items, motions, votes and summaries of a meeting, and their approval."""

from __future__ import annotations

import json

import sqlite_utils

from protokoll.archive.schema import now, record_audit, require_meeting, write_transaction
from protokoll.errors import UnknownVoteError, ValidationError
from protokoll.minutes.votes import RESULTS

__all__ = ["save_minutes", "approve_summaries", "decide_vote", "vote_decisions"]


def save_minutes(db: sqlite_utils.Database, meeting_id: int, minutes, agenda_json: str | None, actor: str) -> None:
    """Replace a meeting's agenda items, motions, votes and summaries in one transaction.

    Utterances are linked to their item; every summary starts as a draft again, since the text it
    rests on may have changed.
    """
    with write_transaction(db):
        require_meeting(db, meeting_id)
        before = db.execute("SELECT count(*) FROM summaries WHERE meeting_id = ?", [meeting_id]).fetchone()[0]
        for table in ("summaries", "votes", "motions"):
            db.execute(f"DELETE FROM {table} WHERE meeting_id = ?", [meeting_id])
        db.execute("UPDATE utterances SET agenda_item_id = NULL WHERE meeting_id = ?", [meeting_id])
        db.execute("DELETE FROM agenda_items WHERE meeting_id = ?", [meeting_id])
        if agenda_json is not None:
            db.execute("UPDATE meetings SET agenda = ? WHERE id = ?", [agenda_json, meeting_id])
        item_ids = _insert_items(db, meeting_id, minutes.items)
        _insert_votes(db, meeting_id, minutes.votes, item_ids)
        _insert_summaries(db, meeting_id, minutes.summaries, item_ids)
        record_audit(
            db, actor, "summarize", "meetings", meeting_id, f"{before} summaries",
            f"{len(minutes.items)} items, {len(minutes.votes)} votes, {len(minutes.summaries)} summaries",
        )  # fmt: skip


_GROUP_SIDES = ("yes_groups", "no_groups", "abstain_groups")


def _insert_items(db, meeting_id: int, items) -> dict[str, int]:
    """Insert the agenda items and link each utterance to its item; return number -> item id."""
    item_ids = {}
    for position, item in enumerate(items):
        item_ids[item.number] = (
            db["agenda_items"]
            .insert(
                {
                    "meeting_id": meeting_id,
                    "position": position,
                    "number": item.number,
                    "title": item.title,
                    "public": int(item.public),
                    "oparl_id": item.oparl_id,
                    "source": item.source,
                    "start": item.start,
                    "end": item.end,
                    "cue_utterance_id": item.cue_utterance_id,
                    "cue_text": item.cue_text,
                    "unrecognised": int(item.unrecognised),
                }
            )
            .last_pk
        )
        if item.utterance_ids:
            db.conn.executemany(
                "UPDATE utterances SET agenda_item_id = ? WHERE id = ?",
                [(item_ids[item.number], utterance_id) for utterance_id in item.utterance_ids],
            )
    return item_ids


def _insert_votes(db, meeting_id: int, votes, item_ids: dict[str, int]) -> None:
    """Insert each vote with the motion it decides."""
    for vote in votes:
        item_id = item_ids.get(vote.item_number)
        motion_id = (
            db["motions"]
            .insert(
                {
                    "meeting_id": meeting_id,
                    "agenda_item_id": item_id,
                    "kind": vote.motion,
                    "proposer": vote.proposer,
                    "utterance_id": vote.utterance_id,
                }
            )
            .last_pk
        )
        db["votes"].insert(
            {
                "meeting_id": meeting_id,
                "motion_id": motion_id,
                "agenda_item_id": item_id,
                "result": vote.result,
                "yes": vote.yes,
                "no": vote.no,
                "abstain": vote.abstain,
                "unanimous": int(vote.unanimous),
                "majority": vote.majority,
                "utterance_id": vote.utterance_id,
                "start": vote.start,
                "evidence": vote.evidence,
                "resolution": vote.resolution,
                "decided_by": vote.decided_by,
                **{side: json.dumps(getattr(vote, side), ensure_ascii=False) for side in _GROUP_SIDES},
            }
        )


def _insert_summaries(db, meeting_id: int, summaries, item_ids: dict[str, int]) -> None:
    """Insert the summaries as drafts."""
    created = now()
    db["summaries"].insert_all(
        {
            "meeting_id": meeting_id,
            "agenda_item_id": item_ids.get(summary.item_number) if summary.item_number else None,
            "kind": summary.kind,
            "language": summary.language,
            "text": summary.text,
            "sources": json.dumps(summary.sources),
            "method": summary.method,
            "model": summary.model,
            "checks": json.dumps(summary.checks, ensure_ascii=False),
            "sentences": json.dumps(summary.sentences, ensure_ascii=False),
            "status": "draft",
            "created_at": created,
        }
        for summary in summaries
    )


def approve_summaries(db: sqlite_utils.Database, meeting_id: int, actor: str) -> int:
    """Mark a meeting's draft summaries approved by a clerk; return how many."""
    with write_transaction(db):
        require_meeting(db, meeting_id)
        count = db.execute(
            "UPDATE summaries SET status = 'approved', approved_by = ?, approved_at = ? "
            "WHERE meeting_id = ? AND status = 'draft'",
            [actor, now(), meeting_id],
        ).rowcount
        record_audit(db, actor, "approve_summaries", "meetings", meeting_id, "draft", f"{count} approved")
    return count


def vote_decisions(db: sqlite_utils.Database, meeting_id: int) -> dict[tuple[int, str], tuple[str, str]]:
    """The clerk's decisions on a meeting's results: (utterance id, evidence) -> (result, clerk)."""
    return {
        (row["utterance_id"], row["evidence"]): (row["result"], row["decided_by"])
        for row in db.query("SELECT * FROM vote_decisions WHERE meeting_id = ?", [meeting_id])
    }


def decide_vote(db: sqlite_utils.Database, vote_id: int, result: str, actor: str) -> int:
    """Record a clerk's decision on a vote's result (an unclear one, or a correction); return its meeting's id.

    The decision is kept by where the result was stated, so it holds when the minutes re-run.
    """
    if result not in RESULTS:
        raise ValidationError(f"{result!r} is not a result: use one of {', '.join(RESULTS)}")
    with write_transaction(db):
        row = db.execute(
            "SELECT meeting_id, utterance_id, evidence, result FROM votes WHERE id = ?", [vote_id]
        ).fetchone()
        if row is None:
            raise UnknownVoteError(f"there is no vote with id {vote_id}")
        meeting_id, utterance_id, evidence, before = row
        db["vote_decisions"].upsert(
            {"meeting_id": meeting_id, "utterance_id": utterance_id, "evidence": evidence, "result": result,
             "decided_by": actor, "decided_at": now()},
            pk=("utterance_id", "evidence"),
        )  # fmt: skip
        db.execute("UPDATE votes SET result = ?, decided_by = ? WHERE id = ?", [result, actor, vote_id])
        record_audit(db, actor, "decide_vote", "votes", vote_id, before, result)
    return meeting_id
