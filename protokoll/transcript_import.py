"""Bring an existing transcript into the archive without its recording (older minutes, other tools).

The JSON holds `title`, optional `date`, `body`, `place`, `public`, `speakers` (label -> name,
faction, role) and `utterances` (speaker label, text, optional start/end in seconds). Missing
times are estimated at 0.4 s a word so that order and deep links still work. Named speakers
become persons, which makes the faction filter of the search work.
"""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from . import store
from .agenda import AgendaEntry, parse_agenda
from .domain import MeetingInfo, SpeakerTurns, Transcript, Turn, Utterance, Word
from .embeddings import to_blob
from .errors import InputError
from .minutes import summarize_meeting

__all__ = ["import_transcript", "read_transcript"]

_SECONDS_PER_WORD = 0.4


def read_transcript(path: Path) -> dict:
    """Return a transcript file's JSON, or raise an InputError saying what is wrong with it."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"cannot read transcript {path}: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("utterances"), list) or not data.get("title"):
        raise InputError(f"transcript {Path(path).name}: expected an object with 'title' and a list of 'utterances'")
    for index, utterance in enumerate(data["utterances"]):
        if (
            not isinstance(utterance, dict)
            or not str(utterance.get("text", "")).strip()
            or not utterance.get("speaker")
        ):
            raise InputError(f"transcript {Path(path).name}: utterance {index} needs 'speaker' and 'text'")
    return data


def _utterances(data: dict) -> list[Utterance]:
    result, clock = [], 0.0
    for item in data["utterances"]:
        tokens = str(item["text"]).split()
        start = float(item.get("start", clock))
        end = float(item.get("end", start + _SECONDS_PER_WORD * len(tokens)))
        step = (end - start) / len(tokens)
        words = [Word(t, round(start + i * step, 3), round(start + (i + 1) * step, 3)) for i, t in enumerate(tokens)]
        result.append(Utterance(str(item["speaker"]), start, end, " ".join(tokens), words))
        clock = end + 1.0
    return result


def import_transcript(
    db: sqlite_utils.Database, data: dict, embedder, status: str = "draft", agenda: list[AgendaEntry] | None = None
) -> int:
    """Store a transcript (see module doc) as a meeting with its minutes and return its id.

    The agenda is the one given, else the transcript's own `agenda` key (any form `parse_agenda`
    reads), else the items are found from the chair's cues alone.
    """
    if agenda is None and data.get("agenda"):
        raw = data["agenda"]
        agenda = parse_agenda(raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False), "transcript agenda")
    utterances = _utterances(data)
    words = [w for u in utterances for w in u.words]
    duration = max((u.end for u in utterances), default=0.0)
    speakers = data.get("speakers") or {}
    info = MeetingInfo(
        title=data["title"],
        date=data.get("date"),
        body=data.get("body"),
        place=data.get("place"),
        language=data.get("language", "de"),
        public=bool(data.get("public", True)),
    )
    transcript = Transcript(words, info.language or "de", 1.0, duration, model="imported transcript")
    turns = SpeakerTurns([Turn(u.start, u.end, u.speaker) for u in utterances], method="imported transcript")
    vectors = [to_blob(v) for v in embedder.encode([u.text for u in utterances])]

    def link_persons(db, meeting_id, _ids):
        for label, person in speakers.items():
            if not isinstance(person, dict) or not person.get("name"):
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
                "UPDATE speakers SET name = ?, person_id = ? WHERE meeting_id = ? AND label = ?",
                [person["name"], person_id, meeting_id, label],
            )
        db.execute("UPDATE meetings SET status = ? WHERE id = ?", [status, meeting_id])
        summarize_meeting(db, meeting_id, embedder, agenda, actor="import")

    return store.save_meeting(
        db,
        info,
        None,
        None,
        duration,
        "",
        transcript,
        turns,
        utterances,
        vectors=vectors,
        vector_model=embedder.name,
        extra=link_persons,
    )
