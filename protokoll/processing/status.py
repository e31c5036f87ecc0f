"""How a job's state reads for people: stage names in German and English, and the time left."""

from __future__ import annotations

import datetime as dt

__all__ = ["STAGE_NAMES", "STATE_NAMES", "seconds_left", "remaining_text"]

# Stage (as the pipeline reports it) -> (German, English).
STAGE_NAMES = {
    "queued": ("wartet auf einen freien Arbeitsplatz", "waiting for a worker"),
    "decode": ("Aufnahme wird gelesen", "reading the recording"),
    "transcribe": ("Spracherkennung", "transcribing"),
    "diarize": ("Sprecher werden unterschieden", "telling speakers apart"),
    "attribute": ("Wörter werden Sprechern zugeordnet", "attributing words"),
    "index": ("Suchindex", "indexing"),
    "summarize": ("Zusammenfassungen", "summarizing"),
    "store": ("wird gespeichert", "storing"),
    "done": ("fertig", "done"),
}
STATE_NAMES = {
    "queued": ("in der Warteschlange", "queued"),
    "running": ("läuft", "running"),
    "done": ("fertig", "done"),
    "failed": ("fehlgeschlagen", "failed"),
    "cancelled": ("abgebrochen", "cancelled"),
}


def seconds_left(job: dict, now: dt.datetime | None = None) -> float | None:
    """Estimate the seconds a running job still needs from its progress since this attempt began; None if unknown.

    Progress is weighted by each stage's usual share of the work (`speech.pipeline.STAGES`), so the
    estimate holds from about a twentieth of the work on.
    """
    progress, started = job.get("progress") or 0.0, job.get("started_at")
    if job.get("status") != "running" or not started or progress < 0.05:
        return None
    now = now or dt.datetime.now(dt.UTC)
    elapsed = (now - dt.datetime.fromisoformat(started)).total_seconds()
    return max(elapsed, 0.0) * (1.0 - progress) / progress


def remaining_text(job: dict, german: bool = True) -> str:
    """ "noch etwa 12 min" / "about 12 min left", or "" when no estimate can be made."""
    left = seconds_left(job)
    if left is None:
        return ""
    minutes = max(1, round(left / 60))
    return f"noch etwa {minutes} min" if german else f"about {minutes} min left"
