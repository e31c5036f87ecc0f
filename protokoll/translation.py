"""An English version of a transcript through Whisper's own translate task.

No text translation model ships offline, but Whisper can translate speech into English while
it recognises it. The recording is run once more with `task="translate"`; the English words are
given to the utterances they were spoken in (by time), and stored beside the German text. The
German transcript stays the record; the English one is marked as machine translation wherever
it is shown.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from . import store
from .audio import load_recording
from .errors import InputError, UnknownMeetingError

__all__ = ["translate_meeting", "words_to_utterances"]


def words_to_utterances(words, utterances: list[dict]) -> dict[int, str]:
    """Join words (with start/end) into the text of the utterance each was spoken in, or the nearest."""
    texts: dict[int, list[str]] = {u["id"]: [] for u in utterances}
    ordered = sorted(utterances, key=lambda u: u["start"])
    for word in words:
        middle = (word.start + word.end) / 2
        owner = min(
            ordered,
            key=lambda u: (
                0.0 if u["start"] <= middle <= u["end"] else min(abs(u["start"] - middle), abs(u["end"] - middle))
            ),
        )
        texts[owner["id"]].append(word.text)
    return {utterance_id: " ".join(parts) for utterance_id, parts in texts.items() if parts}


def translate_meeting(db: sqlite_utils.Database, meeting_id: int, transcriber, progress=None) -> int:
    """Translate a meeting's recording into English and store it per utterance; return how many got text."""
    row = db.execute("SELECT path, m.language FROM recordings r JOIN meetings m ON m.id = r.meeting_id "
                     "WHERE r.meeting_id = ?", [meeting_id]).fetchone()  # fmt: skip
    if row is None:
        if db.execute("SELECT 1 FROM meetings WHERE id = ?", [meeting_id]).fetchone() is None:
            raise UnknownMeetingError(f"there is no meeting with id {meeting_id}")
        raise InputError(f"meeting {meeting_id} has no recording to translate (imported transcript)")
    if not Path(row[0]).is_file():
        raise InputError(f"the recording of meeting {meeting_id} is no longer at {row[0]}")
    audio = load_recording(row[0]).audio
    english = transcriber(audio, language=row[1] or None, task="translate", progress=progress)
    utterances = store.load_meeting(db, meeting_id, include_redacted=True)["utterances"]
    texts = words_to_utterances(english.words, utterances)
    store.save_translations(db, meeting_id, "en", texts, english.model)
    return len(texts)
