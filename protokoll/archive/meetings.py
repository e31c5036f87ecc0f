"""Meetings in the archive: writing a processed meeting in one transaction, and reading it back as a record.

All writes for one meeting happen in one transaction (`write_transaction`, which takes the write lock at
once), so a crash or an error mid-ingest leaves no half meeting.
"""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from protokoll.archive.members import FACTION_ON_DATE_SQL
from protokoll.archive.schema import now, record_audit, require_meeting, write_transaction
from protokoll.domain import MeetingInfo, SpeakerTurns, Transcript, Utterance, Word
from protokoll.errors import DuplicateRecordingError, UnknownMeetingError
from protokoll.records import (
    AgendaItemRecord,
    MeetingRecord,
    MotionRecord,
    RecordingRecord,
    SpeakerRecord,
    StoredMeeting,
    SummaryRecord,
    UtteranceRecord,
    VoteRecord,
    from_row,
)

__all__ = [
    "save_meeting",
    "load_meeting",
    "find_recording",
    "meeting_ids",
    "recording_of",
    "meeting_body_and_date",
    "speaker_spans",
]


def find_recording(db: sqlite_utils.Database, sha256: str) -> int | None:
    """Return the meeting id that already holds a recording with this sha256."""
    row = db.execute("SELECT meeting_id FROM recordings WHERE sha256 = ?", [sha256]).fetchone()
    return row[0] if row else None


def _body_id(db: sqlite_utils.Database, name: str | None) -> int | None:
    if not name:
        return None
    row = db.execute("SELECT id FROM bodies WHERE name = ?", [name]).fetchone()
    return row[0] if row else db["bodies"].insert({"name": name}).last_pk


def save_meeting(
    db: sqlite_utils.Database,
    info: MeetingInfo,
    recording_path: Path | None,
    sha256: str | None,
    duration: float,
    container: str,
    transcript: Transcript,
    speakers: SpeakerTurns,
    utterances: list[Utterance],
    vectors: list[bytes] | None = None,
    vector_model: str = "",
    actor: str = "pipeline",
) -> int:
    """Write a processed meeting in one transaction and return its id.

    A caller that stores the minutes too wraps this and `save_minutes` in one `write_transaction`.
    """
    with write_transaction(db):
        existing = find_recording(db, sha256) if sha256 else None
        if existing is not None:
            raise DuplicateRecordingError(
                f"{recording_path.name} was already ingested as meeting {existing} (same sha256)", existing
            )
        meeting_id = (
            db["meetings"]
            .insert(
                {
                    "body_id": _body_id(db, info.body),
                    "title": info.title,
                    "date": info.date,
                    "place": info.place,
                    "language": transcript.language,
                    "public": int(info.public),
                    "status": "draft",
                    "duration": round(duration, 3),
                    "transcription_model": transcript.model,
                    "diarization_method": speakers.method,
                    "created_at": now(),
                }
            )
            .last_pk
        )
        if sha256:  # None for a transcript imported without its recording
            db["recordings"].insert(
                {
                    "meeting_id": meeting_id,
                    "path": str(recording_path.resolve()),
                    "sha256": sha256,
                    "duration": round(duration, 3),
                    "container": container,
                }
            )
        speaker_ids = _insert_speakers(db, meeting_id, speakers, utterances)
        _insert_utterances(db, meeting_id, speaker_ids, utterances, vectors, vector_model)
        record_audit(db, actor, "ingest", "meetings", meeting_id, None,
                     json.dumps({"title": info.title, "utterances": len(utterances)}, ensure_ascii=False))  # fmt: skip
    return meeting_id


def _insert_speakers(db, meeting_id: int, speakers: SpeakerTurns, utterances: list[Utterance]) -> dict[str, int]:
    """Insert one speaker row per label (with its voice print); return label -> speaker id."""
    labels = list(dict.fromkeys(speakers.speakers + [u.speaker for u in utterances]))
    speaker_ids = {}
    spoken: dict[str, float] = {}
    for turn in speakers.turns:
        spoken[turn.speaker] = spoken.get(turn.speaker, 0.0) + turn.end - turn.start
    for label in labels:
        embedding = speakers.embeddings.get(label)
        row = {"meeting_id": meeting_id, "label": label, "name": None,
               "embedding": json.dumps(embedding) if embedding else None,
               "voice_consistency": speakers.consistency.get(label),
               "speech_seconds": round(spoken[label], 2) if label in spoken else None}  # fmt: skip
        speaker_ids[label] = db["speakers"].insert(row).last_pk
    return speaker_ids


def _insert_utterances(db, meeting_id: int, speaker_ids: dict[str, int], utterances, vectors, vector_model) -> None:
    """Insert the utterances in order, with their words as JSON and, if given, their search vectors."""
    rows = [
        {
            "meeting_id": meeting_id,
            "speaker_id": speaker_ids[u.speaker],
            "position": position,
            "start": u.start,
            "end": u.end,
            "text": u.text,
            "words": json.dumps([[w.text, w.start, w.end, w.probability] for w in u.words], ensure_ascii=False),
            "redacted": 0,
        }
        for position, u in enumerate(utterances)
    ]
    db["utterances"].insert_all(rows, batch_size=500)
    if vectors is None:
        return
    ids = dict(db.execute("SELECT position, id FROM utterances WHERE meeting_id = ?", [meeting_id]).fetchall())
    db["utterance_vectors"].insert_all(
        ({"utterance_id": ids[p], "model": vector_model, "vector": v} for p, v in enumerate(vectors)),
        batch_size=500,
    )


def meeting_ids(db: sqlite_utils.Database) -> list[int]:
    """Return all meeting ids, oldest first."""
    return [row[0] for row in db.execute("SELECT id FROM meetings ORDER BY id")]


def load_meeting(db: sqlite_utils.Database, meeting_id: int, include_redacted: bool = False) -> StoredMeeting:
    """Return a meeting with everything stored about it (utterances marked non-public only if asked)."""
    rows = list(
        db.query(
            "SELECT m.*, b.name AS body FROM meetings m LEFT JOIN bodies b ON b.id = m.body_id WHERE m.id = ?",
            [meeting_id],
        )
    )
    if not rows:
        raise UnknownMeetingError(f"there is no meeting with id {meeting_id}")
    meeting = from_row(MeetingRecord, {**rows[0], "public": bool(rows[0]["public"])})
    recording = next(
        (
            from_row(RecordingRecord, row)
            for row in db.query("SELECT sha256, duration, container FROM recordings WHERE meeting_id = ?", [meeting_id])
        ),
        None,
    )
    speakers = [
        from_row(SpeakerRecord, row)
        for row in db.query(
            f"SELECT s.id, s.label, s.name, s.person_id, {FACTION_ON_DATE_SQL} AS faction, "
            "coalesce(p.role, s.role) AS role, s.name_source, s.voice_score, s.voice_consistency FROM speakers s "
            "JOIN meetings m ON m.id = s.meeting_id LEFT JOIN persons p ON p.id = s.person_id "
            "WHERE s.meeting_id = ? ORDER BY s.id",
            [meeting_id],
        )
    ]
    return StoredMeeting(
        meeting, recording, speakers, _load_utterances(db, meeting_id, speakers, include_redacted),
        **_load_minutes(db, meeting_id),
    )  # fmt: skip


def _load_utterances(db, meeting_id: int, speakers: list[SpeakerRecord], include_redacted: bool) -> list:
    names = {s.id: s.display_name for s in speakers}
    translated = dict(
        db.execute(
            "SELECT t.utterance_id, t.text FROM translations t JOIN utterances u ON u.id = t.utterance_id "
            "WHERE u.meeting_id = ? AND t.language = 'en'",
            [meeting_id],
        ).fetchall()
    )
    clause = "" if include_redacted else "AND redacted = 0"
    return [
        UtteranceRecord(
            id=row["id"],
            speaker=names.get(row["speaker_id"], "?"),
            speaker_id=row["speaker_id"],
            start=row["start"],
            end=row["end"],
            text=row["text"],
            words=[Word(t, s, e, p) for t, s, e, p in json.loads(row["words"] or "[]")],
            agenda_item_id=row["agenda_item_id"],
            text_en=translated.get(row["id"]),
        )
        for row in db.query(
            f"SELECT id, speaker_id, start, end, text, words, agenda_item_id FROM utterances "
            f"WHERE meeting_id = ? {clause} ORDER BY start, position",
            [meeting_id],
        )
    ]


def _load_minutes(db: sqlite_utils.Database, meeting_id: int) -> dict:
    items = [
        from_row(AgendaItemRecord, {**row, "public": bool(row["public"]), "unrecognised": bool(row["unrecognised"])})
        for row in db.query("SELECT * FROM agenda_items WHERE meeting_id = ? ORDER BY position", [meeting_id])
    ]
    votes = [
        from_row(
            VoteRecord,
            {
                **row,
                "unanimous": bool(row["unanimous"]),
                **{side: json.loads(row[side] or "[]") for side in ("yes_groups", "no_groups", "abstain_groups")},
            },
        )
        for row in db.query(
            "SELECT v.*, m.kind AS motion, m.proposer FROM votes v LEFT JOIN motions m ON m.id = v.motion_id "
            "WHERE v.meeting_id = ? ORDER BY v.start",
            [meeting_id],
        )
    ]
    summaries = [
        from_row(
            SummaryRecord,
            {
                **row,
                "sources": json.loads(row["sources"] or "[]"),
                "checks": json.loads(row["checks"] or "{}"),
                "sentences": json.loads(row["sentences"] or "[]"),
            },  # fmt: skip
        )
        for row in db.query("SELECT * FROM summaries WHERE meeting_id = ? ORDER BY id", [meeting_id])
    ]
    motions = [
        from_row(MotionRecord, row)
        for row in db.query("SELECT * FROM motions WHERE meeting_id = ? ORDER BY id", [meeting_id])
    ]
    return {"agenda_items": items, "motions": motions, "votes": votes, "summaries": summaries}


def recording_of(db: sqlite_utils.Database, meeting_id: int) -> tuple[str, str | None] | None:
    """Return (path, language) of a meeting's recording, None for a transcript imported without one."""
    require_meeting(db, meeting_id)
    row = db.execute(
        "SELECT r.path, m.language FROM recordings r JOIN meetings m ON m.id = r.meeting_id WHERE r.meeting_id = ?",
        [meeting_id],
    ).fetchone()
    return (row[0], row[1]) if row else None


def meeting_body_and_date(db: sqlite_utils.Database, meeting_id: int) -> tuple[int | None, str | None]:
    """Return a meeting's body id and date, or raise UnknownMeetingError."""
    row = db.execute("SELECT body_id, date FROM meetings WHERE id = ?", [meeting_id]).fetchone()
    if row is None:
        raise UnknownMeetingError(f"there is no meeting with id {meeting_id}")
    return row[0], row[1]


def speaker_spans(db: sqlite_utils.Database, meeting_id: int) -> list[tuple[str, float, float]]:
    """Return (speaker label, start, end) of every utterance of a meeting (for judging who a label is)."""
    return db.execute(
        "SELECT s.label, u.start, u.end FROM utterances u JOIN speakers s ON s.id = u.speaker_id "
        "WHERE u.meeting_id = ? ORDER BY u.start",
        [meeting_id],
    ).fetchall()
