"""What the public may download: an audio rendition with non-public ranges silenced, and the exports.

The original recording is never served. On publishing (and after every change to a published
meeting) the public folder gets `audio.wav` (16 kHz mono PCM, with every non-public utterance and
item silenced) and the exports made
from `store.public_meeting`. Withdrawing removes them.
"""

from __future__ import annotations

import shutil
import wave
from pathlib import Path

import numpy as np
import sqlite_utils

from . import store
from .audio import SAMPLE_RATE, load_recording
from .errors import UnknownMeetingError
from .export import render

__all__ = ["refresh_public_files", "public_folder", "PUBLIC_EXPORTS"]

PUBLIC_EXPORTS = ("pdf", "md", "vtt", "json")


def public_folder(data_dir: Path, meeting_id: int) -> Path:
    return Path(data_dir) / "public" / str(meeting_id)


def _write_wav(audio: np.ndarray, path: Path) -> None:
    # Plain 16-bit PCM: every browser seeks in it to the exact second (our Opus output seeked wrongly).
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())


def refresh_public_files(db: sqlite_utils.Database, meeting_id: int, data_dir: Path) -> Path | None:
    """Rewrite (or, if the meeting is not public now, remove) a meeting's public files; return the folder."""
    folder = public_folder(data_dir, meeting_id)
    shutil.rmtree(folder, ignore_errors=True)
    try:
        bundle = store.public_meeting(db, meeting_id)
    except UnknownMeetingError:
        return None
    folder.mkdir(parents=True)
    for fmt in PUBLIC_EXPORTS:
        content = render(bundle, fmt)
        target = folder / f"protokoll.{fmt}"
        target.write_bytes(content) if isinstance(content, bytes) else target.write_text(content, encoding="utf-8")
    row = db.execute("SELECT path FROM recordings WHERE meeting_id = ?", [meeting_id]).fetchone()
    if row and Path(row[0]).is_file():
        audio = load_recording(row[0]).audio.copy()
        kept = {u["id"] for u in bundle["utterances"]}
        for start, end, utterance_id in db.execute(
            "SELECT start, end, id FROM utterances WHERE meeting_id = ?", [meeting_id]
        ).fetchall():
            if utterance_id not in kept:
                audio[int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE) + 1] = 0.0
        _write_wav(audio, folder / "audio.wav")
    return folder
