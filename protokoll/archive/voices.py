"""The voice register and name suggestions: biometric prints per body (only where enabled), and the
clerk's confirmations and rejections of names the machine proposed."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import sqlite_utils

from protokoll.archive.meetings import meeting_body_and_date
from protokoll.archive.people import assign_person
from protokoll.archive.schema import now, record_audit, require_meeting, write_transaction
from protokoll.errors import NotFoundError, UnknownSpeakerError, ValidationError

__all__ = [
    "Suggestion",
    "set_voice_register",
    "voice_register_enabled",
    "register_voice",
    "delete_voice_prints",
    "registered_prints",
    "save_suggestions",
    "apply_voice_name",
    "suggestions",
    "decide_suggestion",
    "speaker_voices",
    "turns_by_label",
    "settle_suggestions",
    "person_name",
]

PRINT_MODEL = "campplus-192"


@dataclass
class Suggestion:
    id: int
    meeting_id: int
    label: str
    person_id: int | None
    name: str
    source: str  # voice | floor | thanks
    score: float | None
    evidence: str | None
    start: float | None
    status: str  # open | recognised (named automatically) | confirmed | rejected | replaced


def voice_register_enabled(db: sqlite_utils.Database, body_id: int | None) -> bool:
    if body_id is None:
        return False
    row = db.execute("SELECT voice_register FROM bodies WHERE id = ?", [body_id]).fetchone()
    return bool(row and row[0])


def set_voice_register(db: sqlite_utils.Database, body: str, enabled: bool, actor: str) -> int:
    """Switch a body's voice register on or off; return how many prints were deleted.

    Switching off deletes the register's prints and the meeting prints of every named speaker of the
    body's meetings (from which the register could be rebuilt); unnamed speakers keep theirs.
    """
    with write_transaction(db):
        row = db.execute("SELECT id, voice_register FROM bodies WHERE name = ?", [body]).fetchone()
        if row is None:
            raise NotFoundError(f"there is no body named {body!r}")
        deleted = 0
        if not enabled:
            deleted = db.execute("DELETE FROM voice_prints WHERE body_id = ?", [row[0]]).rowcount
            deleted += db.execute(
                "UPDATE speakers SET embedding = NULL WHERE person_id IS NOT NULL AND embedding IS NOT NULL AND "
                "meeting_id IN (SELECT id FROM meetings WHERE body_id = ?)",
                [row[0]],
            ).rowcount
        db.execute("UPDATE bodies SET voice_register = ? WHERE id = ?", [int(enabled), row[0]])
        record_audit(
            db, actor, "voice_register", "bodies", row[0], row[1], f"{int(enabled)} ({deleted} prints deleted)"
        )
    return deleted


def register_voice(db: sqlite_utils.Database, meeting_id: int, label: str, person_id: int, actor: str) -> bool:
    """Add a named speaker's voice print to the person's register; return whether one was stored.

    Nothing is stored unless the body's register is enabled and the speaker has a print that is
    consistently one voice (a label into which diarization merged two would teach the register a
    mixture) and that is mostly speech the clerk could read and hear in its utterances (see
    `MIN_HEARD_SHARE`). A person keeps one print per meeting (a later confirmation in the same
    meeting replaces it).
    """
    from protokoll.speakers.voices import MIN_CONSISTENCY, MIN_HEARD_SHARE

    body_id, _ = meeting_body_and_date(db, meeting_id)
    if not voice_register_enabled(db, body_id):
        return False
    row = db.execute(
        "SELECT s.embedding, s.speech_seconds, (SELECT COALESCE(SUM(u.end - u.start), 0) FROM utterances u "
        "WHERE u.speaker_id = s.id), s.voice_consistency FROM speakers s WHERE s.meeting_id = ? AND s.label = ?",
        [meeting_id, label],
    ).fetchone()
    if row is None or not row[0] or (row[3] is not None and row[3] < MIN_CONSISTENCY):
        return False
    embedding, speech, heard, _ = row
    if speech and heard < MIN_HEARD_SHARE * speech:
        return False
    vector = np.asarray(json.loads(embedding), dtype=np.float32)
    with write_transaction(db):
        db.execute("DELETE FROM voice_prints WHERE person_id = ? AND meeting_id = ?", [person_id, meeting_id])
        db["voice_prints"].insert(
            {
                "person_id": person_id,
                "body_id": body_id,
                "meeting_id": meeting_id,
                "model": PRINT_MODEL,
                "vector": vector.tobytes(),
                "seconds": speech or heard,
                "created_by": actor,
                "created_at": now(),
            }
        )
        record_audit(db, actor, "register_voice", "persons", person_id, None, f"meeting {meeting_id} {label}")
    return True


def delete_voice_prints(db: sqlite_utils.Database, person_id: int, actor: str) -> int:
    """Delete every voice print of a person, in the register and in the meetings they were named in; return how many."""
    with write_transaction(db):
        if db.execute("SELECT 1 FROM persons WHERE id = ?", [person_id]).fetchone() is None:
            raise NotFoundError(f"there is no person with id {person_id}")
        deleted = db.execute("DELETE FROM voice_prints WHERE person_id = ?", [person_id]).rowcount
        # The meetings' own prints of the speakers named as this person could re-register them: gone too.
        deleted += db.execute(
            "UPDATE speakers SET embedding = NULL WHERE person_id = ? AND embedding IS NOT NULL", [person_id]
        ).rowcount
        record_audit(db, actor, "delete_voice_prints", "persons", person_id, None, str(deleted))
    return deleted


def registered_prints(db: sqlite_utils.Database, body_id: int) -> dict:
    """Return {person id: [print vectors]} of the body's register."""
    prints: dict[int, list[np.ndarray]] = {}
    for person_id, vector in db.execute(
        "SELECT person_id, vector FROM voice_prints WHERE body_id = ? AND model = ?", [body_id, PRINT_MODEL]
    ):
        prints.setdefault(person_id, []).append(np.frombuffer(vector, dtype=np.float32))
    return prints


def speaker_voices(db: sqlite_utils.Database, meeting_id: int) -> tuple[dict, dict, dict]:
    """Return each speaker label's voice print, seconds of speech (by diarization, else by its utterances),
    and voice consistency in a meeting."""
    voices, seconds, consistency = {}, {}, {}
    for label, embedding, spoken, consistent in db.execute(
        "SELECT s.label, s.embedding, COALESCE(s.speech_seconds, (SELECT COALESCE(SUM(u.end - u.start), 0) "
        "FROM utterances u WHERE u.speaker_id = s.id)), s.voice_consistency FROM speakers s WHERE s.meeting_id = ?",
        [meeting_id],
    ):
        if embedding:
            voices[label] = json.loads(embedding)
        seconds[label] = float(spoken or 0.0)
        consistency[label] = consistent
    return voices, seconds, consistency


def _speaker_id(db, meeting_id: int, label: str) -> int:
    row = db.execute("SELECT id FROM speakers WHERE meeting_id = ? AND label = ?", [meeting_id, label]).fetchone()
    if row is None:
        raise UnknownSpeakerError(f"meeting {meeting_id} has no speaker {label!r}")
    return row[0]


def save_suggestions(db: sqlite_utils.Database, meeting_id: int, rows: list[dict]) -> None:
    """Replace a meeting's open suggestions with these (dicts: label, person_id, name, source, score, evidence,
    utterance_id, start, status); decided ones stay."""
    with write_transaction(db):
        db.execute(
            "DELETE FROM speaker_suggestions WHERE meeting_id = ? AND status IN ('open', 'recognised')", [meeting_id]
        )
        for row in rows:
            values = {k: v for k, v in row.items() if k != "label"}
            values.update(meeting_id=meeting_id, speaker_id=_speaker_id(db, meeting_id, row["label"]))
            values.setdefault("status", "open")
            db["speaker_suggestions"].insert(values)


def apply_voice_name(
    db: sqlite_utils.Database, meeting_id: int, label: str, person_id: int, name: str, score: float
) -> None:
    """Name a speaker as recognised by the register (the clerk confirms or rejects it later)."""
    db.execute(
        "UPDATE speakers SET name = ?, person_id = ?, name_source = 'voice', voice_score = ? "
        "WHERE meeting_id = ? AND label = ?",
        [name, person_id, score, meeting_id, label],
    )
    record_audit(db, "voice register", "recognise_speaker", "meetings", meeting_id, label, f"{name} ({score:.2f})")


def suggestions(db: sqlite_utils.Database, meeting_id: int, open_only: bool = False) -> list[Suggestion]:
    """Return a meeting's name suggestions, the open and recognised ones first."""
    require_meeting(db, meeting_id)
    where = " AND g.status IN ('open', 'recognised')" if open_only else ""
    return [
        Suggestion(*row)
        for row in db.execute(
            "SELECT g.id, g.meeting_id, s.label, g.person_id, g.name, g.source, g.score, g.evidence, g.start, g.status "
            "FROM speaker_suggestions g JOIN speakers s ON s.id = g.speaker_id WHERE g.meeting_id = ?" + where +
            " ORDER BY g.status NOT IN ('open', 'recognised'), s.label, g.source, g.id",
            [meeting_id],
        )
    ]  # fmt: skip


def decide_suggestion(db: sqlite_utils.Database, suggestion_id: int, accept: bool, actor: str) -> Suggestion:
    """Confirm a suggestion (name the speaker, register the voice) or reject it (a recognised name is removed)."""
    row = db.execute(
        "SELECT g.id, g.meeting_id, s.label, g.person_id, g.name, g.source, g.score, g.evidence, g.start, g.status, "
        "s.id, s.person_id, s.name_source FROM speaker_suggestions g JOIN speakers s ON s.id = g.speaker_id "
        "WHERE g.id = ?",
        [suggestion_id],
    ).fetchone()
    if row is None:
        raise NotFoundError(f"there is no name suggestion with id {suggestion_id}")
    suggestion = Suggestion(*row[:10])
    speaker_id, named_person, name_source = row[10:]
    if suggestion.status not in ("open", "recognised"):
        raise ValidationError(f"suggestion {suggestion_id} was already {suggestion.status}")
    with write_transaction(db):
        if accept:
            assign_person(
                db, suggestion.meeting_id, suggestion.label, suggestion.name, None, actor, suggestion.person_id
            )
            if suggestion.person_id:
                register_voice(db, suggestion.meeting_id, suggestion.label, suggestion.person_id, actor)
            db.execute(
                "UPDATE speaker_suggestions SET status = 'replaced' WHERE speaker_id = ? AND id != ? "
                "AND status IN ('open', 'recognised')",
                [speaker_id, suggestion_id],
            )
        elif name_source == "voice" and named_person == suggestion.person_id:
            db.execute(
                "UPDATE speakers SET name = NULL, person_id = NULL, name_source = NULL, voice_score = NULL "
                "WHERE id = ?",
                [speaker_id],
            )
        status = "confirmed" if accept else "rejected"
        db.execute(
            "UPDATE speaker_suggestions SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?",
            [status, actor, now(), suggestion_id],
        )
        record_audit(db, actor, f"{status}_suggestion", "speaker_suggestions", suggestion_id, suggestion.label,
                     suggestion.name)  # fmt: skip
    suggestion.status = status
    return suggestion


@dataclass
class LabelledTurn:
    speaker: str  # the speaker label
    text: str
    start: float
    utterance_id: int
    named_by_clerk: bool


def turns_by_label(db: sqlite_utils.Database, meeting_id: int) -> list[LabelledTurn]:
    """Return a meeting's public utterances in order, by speaker label (what name suggestions read)."""
    return [
        LabelledTurn(label, text, start, utterance_id, source in ("clerk", "import"))
        for label, text, start, utterance_id, source in db.execute(
            "SELECT s.label, u.text, u.start, u.id, s.name_source FROM utterances u JOIN speakers s "
            "ON s.id = u.speaker_id WHERE u.meeting_id = ? AND u.redacted = 0 ORDER BY u.start, u.id",
            [meeting_id],
        )
    ]


def settle_suggestions(db: sqlite_utils.Database, meeting_id: int, label: str, person_id: int, actor: str) -> None:
    """A clerk named a speaker: its open suggestions of that person are confirmed, the others replaced."""
    speaker_id = _speaker_id(db, meeting_id, label)
    db.execute(
        "UPDATE speaker_suggestions SET status = CASE WHEN person_id = ? THEN 'confirmed' ELSE 'replaced' END, "
        "decided_by = ?, decided_at = ? WHERE speaker_id = ? AND status IN ('open', 'recognised')",
        [person_id, actor, now(), speaker_id],
    )


def person_name(db: sqlite_utils.Database, person_id: int) -> str:
    row = db.execute("SELECT name FROM persons WHERE id = ?", [person_id]).fetchone()
    if row is None:
        raise NotFoundError(f"there is no person with id {person_id}")
    return row[0]
