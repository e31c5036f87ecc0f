"""An English version of a transcript through Whisper's own translate task.

No text translation model ships offline, but Whisper can translate speech into English while
it recognises it. The recording is run once more with `task="translate"`; the English words are
given to the utterances they were spoken in (by time), and stored beside the German text. The
German transcript stays the record; the English one is marked as machine translation wherever
it is shown.
"""

from __future__ import annotations

from pathlib import Path

from protokoll.errors import InputError
from protokoll.speech.audio import load_recording

__all__ = ["translate_recording", "words_to_utterances"]


def words_to_utterances(words, utterances: list[dict]) -> dict[int, str]:
    """Join words (with start/end) into the text of the utterance each was spoken in, or the nearest."""
    texts: dict[int, list[str]] = {u.id: [] for u in utterances}
    ordered = sorted(utterances, key=lambda u: u.start)
    for word in words:
        middle = (word.start + word.end) / 2
        owner = min(
            ordered,
            key=lambda u: 0.0 if u.start <= middle <= u.end else min(abs(u.start - middle), abs(u.end - middle)),
        )
        texts[owner.id].append(word.text)
    return {utterance_id: " ".join(parts) for utterance_id, parts in texts.items() if parts}


def translate_recording(path: str | Path, language: str | None, transcriber, progress=None):
    """Return the English words of a recording (Whisper's translate task) as a Transcript."""
    if not Path(path).is_file():
        raise InputError(f"the recording is no longer at {path}")
    audio = load_recording(path).audio
    return transcriber(audio, language=language or None, task="translate", progress=progress)
