"""The clerk's workspace: uploads processed in the background, the job list, the meeting table and review, the actions.

Every action goes through `services`, so it is audited and followed by the same re-runs (summaries,
public files) as from the command line. Recordings are processed in a background thread that
reports to the job ledger, so progress survives a page reload; one recording at a time, since
the models are shared.
"""

import shutil
import threading
import uuid
from pathlib import Path

from protokoll import archive
from protokoll.config import Settings
from protokoll.domain import MeetingInfo
from protokoll.errors import ProtokollError, ValidationError
from protokoll.interfaces.web.pages import escape
from protokoll.minutes.agenda import read_agenda
from protokoll.minutes.text import clock
from protokoll.minutes.votes import UNCLEAR
from protokoll.minutes.wording import vote_text
from protokoll.services import Services, check_date
from protokoll.speakers.voices import MIN_CONSISTENCY
from protokoll.speech.audio import check_upload

__all__ = ["Workspace", "jobs_html", "meetings_table", "review_html"]

_JOB_STATES = {"running": "läuft", "done": "fertig", "failed": "fehlgeschlagen"}


class Workspace:
    """The clerk's actions, as the workspace's buttons call them."""

    def __init__(self, settings: Settings, services: Services):
        self.settings = settings
        self.services = services
        self._ingesting = threading.Lock()

    def db(self):
        return self.services.db()

    def start_ingest(self, path: str, title: str, date: str, body: str, agenda_path: str | None) -> str:
        """Check an upload at once, keep a copy in the data folder, and process it in the background."""
        # What can be checked at once is, so that the clerk sees the message here and not in the job list.
        check_upload(path, self.settings.max_duration_hours, self.settings.max_file_mb)
        agenda = read_agenda(agenda_path) if agenda_path else None
        try:
            check_date(date or None)
        except ValidationError as error:
            raise ValidationError(f"das Datum {date!r} hat nicht die Form JJJJ-MM-TT") from error
        info = MeetingInfo(title=title or Path(path).stem, date=date or None, body=body or None)
        # Gradio's upload folder is temporary; the archive keeps its own copy (the public audio is made from it).
        kept = Path(self.settings.data_dir) / "recordings" / f"{uuid.uuid4().hex[:8]}-{Path(path).name}"
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, kept)

        def run():
            with self._ingesting:
                try:
                    self.services.ingest(kept, info, agenda=agenda)
                except ProtokollError:  # the job ledger holds the message for the page
                    kept.unlink(missing_ok=True)

        threading.Thread(target=run, daemon=True).start()
        return f"{kept.name}: Verarbeitung gestartet."

    def act(
        self, kind: str, clerk: str, meeting_id, label, name, faction, utterance_id, text, start, end, vote_id=None,
        result=None, suggestion_id=None,
    ) -> tuple:  # fmt: skip
        """Run one workspace action; return (message, the meeting's id)."""
        services = self.services
        if kind == "correct":
            meeting_id = services.correct(_whole(utterance_id, "Äußerung (#)"), text, clerk)
            return "Gespeichert.", meeting_id
        if kind == "decide":
            if not result:
                raise ValidationError("bitte ein Ergebnis wählen")
            meeting_id = services.decide_vote(_whole(vote_id, "Abstimmung (id)"), result, clerk)
            return f"Ergebnis festgelegt: {result}.", meeting_id
        if kind in ("confirm", "reject"):
            decided = services.decide_suggestion(_whole(suggestion_id, "Vorschlag (id)"), kind == "confirm", clerk)
            verdict = "ist" if kind == "confirm" else "ist nicht"
            return f"{decided.label} {verdict} {decided.name}.", decided.meeting_id
        meeting_id = _whole(meeting_id, "Sitzung (id)")
        if kind == "rename":
            services.name_speaker(meeting_id, label, name, faction or None, clerk)
        elif kind == "merge":
            services.merge_speakers(meeting_id, label, name, clerk)
        elif kind == "hide":
            count = services.hide_range(meeting_id, _seconds(start, "ab"), _seconds(end, "bis"), clerk)
            return f"{count} Äußerungen nichtöffentlich.", meeting_id
        elif kind == "approve":
            return f"{services.approve(meeting_id, clerk)} Zusammenfassungen freigegeben.", meeting_id
        elif kind == "publish":
            services.publish(meeting_id, clerk)
        elif kind == "withdraw":
            services.withdraw(meeting_id, clerk)
        return "Gespeichert.", meeting_id


def _whole(value, field: str) -> int:
    if value is None or value == "":
        raise ValidationError(f"bitte {field} angeben")
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise ValidationError(f"{field}: {value!r} ist keine Zahl") from error


def _seconds(value, field: str) -> float:
    if value is None or value == "":
        raise ValidationError(f"bitte die Zeit ({field}, in Sekunden) angeben")
    return float(value)


def jobs_html(db) -> str:
    """The newest jobs with their state and progress (a job whose process died shows as failed)."""
    rows = archive.recent_jobs(db)
    if not rows:
        return "<p>Keine Aufträge.</p>"
    items = []
    for job in rows:
        state = _JOB_STATES.get(job["status"], job["status"])
        detail = f" – {escape(job['error'])}" if job["error"] else ""
        if job.get("warning"):
            detail += f' <strong class="job-warning">Hinweis: {escape(job["warning"])}</strong>'
        meeting = f" → Sitzung {job['meeting_id']}" if job["meeting_id"] else ""
        items.append(
            f'<li class="job job-{job["status"]}">{escape(job["source"])}: {state}, {escape(job["stage"])} '
            f'<progress max="1" value="{job["progress"] or 0}" aria-label="Fortschritt">'
            f"</progress> {round(100 * (job['progress'] or 0))} %{meeting}{detail}</li>"
        )
    return '<ul aria-live="polite">' + "".join(items) + "</ul>"


def meetings_table(db) -> list[list]:
    """Every meeting, public or not, as rows for the clerk's table."""
    return [
        [m["id"], m["date"], m["title"], m["status"], m["body"]] for m in archive.list_meetings(db, public_only=False)
    ]


def review_html(db, meeting_id: int) -> str:
    """A meeting as the clerk checks it: status, speakers, summaries, the transcript with utterance numbers."""
    bundle = archive.load_meeting(db, meeting_id)
    speakers = ", ".join(
        f"{s.label} = {s.heading if s.name else '?'}"
        + (f" (erkannt, {s.voice_score:.2f})" if s.name_source == "voice" else "")
        + (" (mehrere Stimmen?)" if s.voice_consistency is not None and s.voice_consistency < MIN_CONSISTENCY else "")
        for s in bundle.speakers
    )
    suggestions = "".join(
        f'<li class="suggestion">Vorschlag {g.id}: {escape(g.label)} = <strong>{escape(g.name)}</strong> – '
        + (
            f"Stimme {g.score:.2f}" + (", schon eingetragen" if g.status == "recognised" else "")
            if g.source == "voice"
            else f"[{clock(g.start or 0)}] <q>{escape(g.evidence or '')}</q>"
        )
        + "</li>"
        for g in archive.suggestions(db, meeting_id, open_only=True)
    )
    summaries = "".join(
        f"<li>[{escape(s.status)}] {escape(s.kind)}/{escape(s.language)}: {escape(s.text[:300])}</li>"
        for s in bundle.summaries
        if s.agenda_item_id is None or s.kind == "results"
    )
    lines = "".join(
        f"<li>#{u.id} [{clock(u.start)}] {escape(u.speaker)}: {escape(u.text)}</li>" for u in bundle.utterances[:400]
    )
    votes = "".join(
        f'<li class="{"unclear" if v.result == UNCLEAR else "vote"}">Abstimmung {v.id} [{clock(v.start or 0)}]: '
        f"{escape(vote_text(v, 'de'))}"
        + (" – <strong>bitte prüfen und Ergebnis festlegen</strong>" if v.result == UNCLEAR else "")
        + (f" (festgelegt von {escape(v.decided_by)})" if v.decided_by else "")
        + f"<br><q>{escape(v.evidence or '')}</q></li>"
        for v in bundle.votes
    )
    return (
        f'<div class="pk"><p>Status: <strong>{escape(bundle.meeting.status)}</strong>. '
        f"Sprecher: {escape(speakers)}</p>"
        f"<h3>Namensvorschläge</h3><ul>{suggestions or '<li>keine</li>'}</ul>"
        f"<h3>Abstimmungen</h3><ul>{votes or '<li>keine</li>'}</ul>"
        f"<h3>Zusammenfassungen</h3><ul>{summaries}</ul><h3>Transkript</h3><ul>{lines}</ul></div>"
    )
