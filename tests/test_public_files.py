"""Public files: the audio is silent over every range a clerk marked non-public, and a correction to a
published meeting replaces each file whole, so readers are never served half of one."""

from __future__ import annotations

import json
import threading

import numpy as np

from protokoll import archive
from protokoll.publication.public_files import public_folder
from protokoll.speech.audio import SAMPLE_RATE, load_recording

# Ranges that cut across utterances: a vote, and the end of one speech and the start of the next.
RANGES = [(100.0, 112.0), (141.0, 150.0)]


def _dbfs(samples: np.ndarray) -> float:
    return 20 * np.log10(float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) + 1e-12)


def test_public_audio_is_silent_over_every_non_public_range(sample_copy):
    services, meeting_id = sample_copy
    db = services.db()
    before = {u.id: u for u in archive.load_meeting(db, meeting_id).utterances}
    for start, end in RANGES:
        services.hide_range(meeting_id, start, end, "kaya")
    original = load_recording(archive.recording_of(db, meeting_id)[0]).audio
    public = load_recording(public_folder(services.settings.data_dir, meeting_id) / "audio.webm").audio
    assert archive.non_public_ranges(db, meeting_id) == RANGES
    for start, end in RANGES:
        inside = slice(int((start + 0.05) * SAMPLE_RATE), int((end - 0.05) * SAMPLE_RATE))
        assert _dbfs(original[inside]) > -40  # there is speech to silence
        assert _dbfs(public[inside]) < -60, (start, end, _dbfs(public[inside]))
    assert _dbfs(public[: 90 * SAMPLE_RATE]) > -40  # the rest is still there
    # An utterance is hidden when most of it lies inside a range, not when it only touches one.
    shown = {u.id for u in archive.public_meeting(db, meeting_id).utterances}
    for utterance in before.values():
        inside = max(min(utterance.end, e) - max(utterance.start, s) for s, e in RANGES)
        assert (utterance.id in shown) == (inside <= (utterance.end - utterance.start) / 2), utterance.text


def test_readers_get_whole_files_while_a_clerk_corrects_a_published_meeting(sample_copy):
    services, meeting_id = sample_copy
    folder = public_folder(services.settings.data_dir, meeting_id)
    complete = {(folder / "audio.webm").stat().st_size}
    failures, seen, done = [], set(), threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                json.loads((folder / "protokoll.json").read_text(encoding="utf-8"))
                seen.add(len((folder / "audio.webm").read_bytes()))
            except (OSError, ValueError) as error:
                failures.append(repr(error))

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    try:
        for start, end in RANGES:  # each correction re-runs the minutes and republishes
            services.hide_range(meeting_id, start, end, "kaya")
            complete.add((folder / "audio.webm").stat().st_size)
    finally:
        done.set()
        for reader in readers:
            reader.join()
    assert failures == []
    assert seen and seen <= complete
