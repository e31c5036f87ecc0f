"""What the public may download: an audio rendition with non-public ranges silenced, and the exports.

The original recording is never served. On publishing (and after every change to a published
meeting) the public folder gets `audio.webm` (Opus, 16 kHz mono, silenced over every range a clerk
marked non-public and every utterance the public does not see) and the exports made from
`archive.public_meeting`. Withdrawing removes them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import av
import numpy as np
import sqlite_utils

from protokoll.archive import load_meeting, non_public_ranges, public_meeting, recording_of
from protokoll.errors import UnknownMeetingError
from protokoll.publication import render, write_export
from protokoll.speech.audio import SAMPLE_RATE, load_recording

__all__ = ["refresh_public_files", "public_folder", "PUBLIC_EXPORTS"]

PUBLIC_EXPORTS = ("pdf", "md", "vtt", "json")
# The results protocol on its own (decisions, without the transcript): OParl's `resultsProtocol`.
RESULTS_EXPORTS = ("pdf", "md")


def public_folder(data_dir: Path, meeting_id: int) -> Path:
    return Path(data_dir) / "public" / str(meeting_id)


def _write_opus(audio: np.ndarray, path: Path) -> None:
    """Opus in WebM: about 15 MB an hour, and its cues let a player jump to a given second."""
    with av.open(str(path), "w", format="webm") as container:
        stream = container.add_stream("libopus", rate=SAMPLE_RATE)
        stream.bit_rate = 32000
        samples = (np.clip(audio, -1, 1) * 32767).astype(np.int16)
        step = SAMPLE_RATE * 10
        for start in range(0, len(samples), step):
            frame = av.AudioFrame.from_ndarray(samples[None, start : start + step], format="s16", layout="mono")
            frame.sample_rate = SAMPLE_RATE
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)


def _replace(path: Path, write) -> None:
    """Write a file beside its old version, then switch: a reader gets the old file or the new, never half of one."""
    fresh = path.with_name(f".new-{path.name}")
    write(fresh)
    os.replace(fresh, path)


def refresh_public_files(db: sqlite_utils.Database, meeting_id: int, data_dir: Path) -> Path | None:
    """Rewrite (or, if the meeting is not public now, remove) a meeting's public files; return the folder.

    Each file is replaced whole (see `_replace`), so readers of a published meeting keep being served
    while a clerk's correction is published.
    """
    folder = public_folder(data_dir, meeting_id)
    try:
        bundle = public_meeting(db, meeting_id)
    except UnknownMeetingError:
        shutil.rmtree(folder, ignore_errors=True)
        return None
    folder.mkdir(parents=True, exist_ok=True)
    written = set()
    for fmt in PUBLIC_EXPORTS:
        content = render(bundle, fmt)
        _replace(folder / f"protokoll.{fmt}", lambda path, content=content: write_export(path, content))
        written.add(f"protokoll.{fmt}")
    for fmt in RESULTS_EXPORTS:
        content = render(bundle, fmt, "results")
        _replace(folder / f"ergebnisprotokoll.{fmt}", lambda path, content=content: write_export(path, content))
        written.add(f"ergebnisprotokoll.{fmt}")
    recording = recording_of(db, meeting_id)
    if recording and Path(recording[0]).is_file():
        audio = load_recording(recording[0]).audio.copy()
        kept = {u.id for u in bundle.utterances}
        hidden = [(u.start, u.end) for u in load_meeting(db, meeting_id, include_redacted=True).utterances
                  if u.id not in kept]  # fmt: skip
        for start, end in hidden + non_public_ranges(db, meeting_id):
            audio[int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE) + 1] = 0.0
        _replace(folder / "audio.webm", lambda path: _write_opus(audio, path))
        written.add("audio.webm")
    for stale in (p for p in folder.iterdir() if p.name not in written):
        stale.unlink()
    return folder
