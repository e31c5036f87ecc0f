"""Read an existing transcript file (older minutes, other tools) into the shapes the speech stages produce.

The JSON holds `title`, optional `date`, `body`, `place`, `public`, `speakers` (label -> name,
faction, role) and `utterances` (speaker label, text, optional start/end in seconds). Missing
times are estimated at 0.4 s a word so that order and deep links still work. Named speakers
become persons when stored, which makes the faction filter of the search work.

Every field is checked for its type and range before anything is stored (`check_transcript`), and a
transcript is limited in size (MAX_UTTERANCES, MAX_TRANSCRIPT_CHARS, MAX_TRANSCRIPT_HOURS), so that a
wrong or hostile file is refused with a one-line message instead of a half-made meeting.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from protokoll.checks import check_date, check_text
from protokoll.domain import MeetingInfo, SpeakerTurns, Transcript, Turn, Utterance, Word
from protokoll.errors import InputError, ValidationError
from protokoll.minutes.agenda import AgendaEntry, parse_agenda

__all__ = [
    "ImportedTranscript", "parse_transcript", "read_transcript", "check_transcript",
    "MAX_UTTERANCES", "MAX_TRANSCRIPT_CHARS", "MAX_TRANSCRIPT_HOURS", "MAX_TRANSCRIPT_BYTES",
]  # fmt: skip

_SECONDS_PER_WORD = 0.4
# An eight-hour session has about 5,000 utterances and 400,000 characters; these leave room for the
# longest and still refuse a file that would fill the archive (and the summaries) with one import.
MAX_UTTERANCES = 20_000
MAX_TRANSCRIPT_CHARS = 2_000_000
MAX_TRANSCRIPT_HOURS = 24.0
MAX_TRANSCRIPT_BYTES = 50_000_000
_MAX_FIELD_CHARS = 1000  # a title, body, place, speaker label, name, faction or role


def read_transcript(path: Path) -> dict:
    """Return a transcript file's JSON, or raise an InputError saying what is wrong with it."""
    path = Path(path)
    try:
        if path.is_file() and path.stat().st_size > MAX_TRANSCRIPT_BYTES:
            raise InputError(f"transcript {path.name} is larger than {MAX_TRANSCRIPT_BYTES // 1_000_000} MB")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise InputError(f"cannot read transcript {path}: {error}") from error
    check_transcript(data, f"transcript {path.name}")
    return data


def check_transcript(data, name: str = "transcript") -> None:
    """Raise an InputError (one line, naming the field) unless `data` is a transcript as the module doc says."""
    if not isinstance(data, dict) or not isinstance(data.get("utterances"), list) or not data.get("title"):
        raise InputError(f"{name}: expected an object with 'title' and a list of 'utterances'")
    try:
        check_text(data["title"], "'title'", _MAX_FIELD_CHARS, required=True)
        for key in ("body", "place"):
            check_text(data.get(key), f"'{key}'", _MAX_FIELD_CHARS)
        check_date(data.get("date"), "'date'")
        language = data.get("language")
        if language is not None:
            from protokoll.speech.transcribe import check_language

            if language == "auto":
                raise ValidationError("'language' must be the language the transcript is in, not 'auto'")
            check_language(language, "'language'")
        if "public" in data and not isinstance(data["public"], bool):
            raise ValidationError("'public' must be true or false")
        _check_speakers(data.get("speakers"))
        _check_utterances(data["utterances"])
        agenda = data.get("agenda")
        if agenda is not None and not isinstance(agenda, str | list | dict):
            raise ValidationError("'agenda' must be text, a list of items or an OParl Meeting")
    except ValidationError as error:
        raise ValidationError(f"{name}: {error}") from error


def _check_speakers(speakers) -> None:
    if speakers is None:
        return
    if not isinstance(speakers, dict):
        raise ValidationError("'speakers' must be an object of label -> {name, faction, role}")
    for label, person in speakers.items():
        check_text(label, "a speaker label", _MAX_FIELD_CHARS, required=True)
        if not isinstance(person, dict):
            raise ValidationError(f"speakers[{label!r}] must be an object with name, faction, role")
        for key in ("name", "faction", "role"):
            check_text(person.get(key), f"speakers[{label!r}].{key}", _MAX_FIELD_CHARS)


def _check_utterances(utterances: list) -> None:
    if not utterances:
        raise ValidationError("'utterances' is empty: a transcript needs at least one")
    if len(utterances) > MAX_UTTERANCES:
        raise ValidationError(f"{len(utterances):,} utterances; at most {MAX_UTTERANCES:,} are allowed")
    characters = 0
    for index, item in enumerate(utterances):
        if not isinstance(item, dict):
            raise ValidationError(f"utterance {index} must be an object with 'speaker' and 'text'")
        speaker = item.get("speaker")
        if isinstance(speaker, int) and not isinstance(speaker, bool):
            speaker = str(speaker)  # labels such as 1, 2 are usual in older exports
        if not isinstance(speaker, str) or not speaker.strip() or not str(item.get("text") or "").strip():
            raise ValidationError(f"utterance {index} needs 'speaker' and 'text'")
        check_text(speaker, f"utterance {index}: 'speaker'", _MAX_FIELD_CHARS)
        check_text(item["text"], f"utterance {index}: 'text'")
        characters += len(item["text"])
        if characters > MAX_TRANSCRIPT_CHARS:
            raise ValidationError(f"the text is longer than {MAX_TRANSCRIPT_CHARS:,} characters")
        times = {key: item[key] for key in ("start", "end") if item.get(key) is not None}
        for key, value in times.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise ValidationError(f"utterance {index}: '{key}' must be a number of seconds, not {value!r}"[:200])
            if not 0 <= value <= MAX_TRANSCRIPT_HOURS * 3600:
                raise ValidationError(
                    f"utterance {index}: '{key}' {value:g} s is outside 0 to {MAX_TRANSCRIPT_HOURS:g} hours"
                )
        if len(times) == 2 and times["end"] < times["start"]:
            raise ValidationError(f"utterance {index}: 'end' {times['end']:g} s is before 'start' {times['start']:g} s")


def _utterances(data: dict) -> list[Utterance]:
    result, clock = [], 0.0
    for item in data["utterances"]:
        tokens = str(item["text"]).split()
        start = float(item["start"]) if item.get("start") is not None else clock
        end = float(item["end"]) if item.get("end") is not None else start + _SECONDS_PER_WORD * len(tokens)
        end = max(end, start)  # an end given without a start may precede the estimated start
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
    check_transcript(data)
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
