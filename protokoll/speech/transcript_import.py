"""Read an existing transcript file (older minutes, other tools) into the shapes the speech stages produce.

The JSON holds `title`, optional `date`, `body`, `place`, `public`, `speakers` (label -> name,
faction, role) and `utterances` (speaker label, text, optional start/end in seconds). Missing
times are estimated at 0.4 s a word so that order and deep links still work. Named speakers
become persons when stored, which makes the faction filter of the search work.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from protokoll.domain import MeetingInfo, SpeakerTurns, Transcript, Turn, Utterance, Word
from protokoll.errors import InputError
from protokoll.minutes.agenda import AgendaEntry, parse_agenda

__all__ = ["ImportedTranscript", "parse_transcript", "read_transcript"]

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


@dataclass
class ImportedTranscript:
    """A transcript file in the shapes the speech stages produce, ready to store."""

    info: MeetingInfo
    transcript: Transcript
    speakers: SpeakerTurns
    utterances: list[Utterance]
    people: dict  # label -> {"name", "faction", "role"}
    agenda: list[AgendaEntry] | None


def parse_transcript(data: dict) -> ImportedTranscript:
    """Turn a transcript's JSON (see module doc, checked by `read_transcript`) into stage outputs.

    The agenda is the transcript's own `agenda` key (any form `parse_agenda` reads), if any.
    """
    agenda = None
    if data.get("agenda"):
        raw = data["agenda"]
        agenda = parse_agenda(raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False), "transcript agenda")
    utterances = _utterances(data)
    words = [w for u in utterances for w in u.words]
    duration = max((u.end for u in utterances), default=0.0)
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
    return ImportedTranscript(info, transcript, turns, utterances, data.get("speakers") or {}, agenda)
