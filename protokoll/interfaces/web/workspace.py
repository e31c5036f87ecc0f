"""The clerk's workspace: uploads processed in the background, the job list, the meeting table and review, the actions.

Every action goes through `services`, so it is audited and followed by the same re-runs (summaries,
public files) as from the command line. Recordings are processed in a background thread that
reports to the job ledger, so progress survives a page reload.
"""

import shutil
import uuid
from pathlib import Path

from protokoll import archive
from protokoll.config import Settings
from protokoll.domain import MeetingInfo
from protokoll.errors import ProtokollError, ValidationError
from protokoll.interfaces.web.pages import escape
from protokoll.minutes.agenda import read_agenda
from protokoll.minutes.text import clock
from protokoll.minutes.votes import RESULTS, UNCLEAR
from protokoll.minutes.wording import vote_text
from protokoll.processing.status import STAGE_NAMES, STATE_NAMES, remaining_text
from protokoll.services import Services, check_date
from protokoll.speakers.voices import MIN_CONSISTENCY
from protokoll.speech.audio import check_upload

__all__ = ["Workspace", "ClerkForms", "FORM_MESSAGES", "audit_html", "jobs_html", "meetings_table", "review_html"]


class ClerkForms:
    """The plain forms of the workspace, each one click: cancel or retry a job; in a meeting's review, confirm
    or reject a name suggestion, decide an unclear vote, make a non-public range public again.

    Each POST must come from this site and a logged-in clerk, goes through `services` (audited, with the
    same re-runs as anywhere), and returns to the workspace, with the review open where it was one.
    """

    def __init__(self, sessions, services: Services, queue):
        self.sessions, self.services, self.queue = sessions, services, queue

    def routes(self) -> list:
        from starlette.routing import Route

        return [
            Route("/clerk/jobs/{job_id:int}/{action:str}", self.job, methods=["POST"]),
            Route("/clerk/suggestions/{suggestion_id:int}/{action:str}", self.suggestion, methods=["POST"]),
            Route("/clerk/votes/{vote_id:int}/decide", self.vote, methods=["POST"]),
            Route("/clerk/meetings/{meeting_id:int}/ranges/{range_id:int}/show", self.show_range, methods=["POST"]),
        ]

    async def _run(self, request, act) -> tuple[str, int | None]:
        """Run act(clerk) for a logged-in clerk of this site; return (outcome, meeting id or None)."""
        from starlette.concurrency import run_in_threadpool

        from protokoll.interfaces.web.login import same_origin

        if not same_origin(request):
            return "refused", None

        def run():
            clerk = self.sessions.clerk(request.cookies)
            if clerk is None:
                return "login", None
            try:
                return act(clerk)
            except ProtokollError:
                return "refused", None

        return await run_in_threadpool(run)

    @staticmethod
    def _back(request, outcome: str, meeting_id: int | None, key: str = "done"):
        from protokoll.interfaces.web.login import back_to_workspace

        query = {key: outcome, **({"review": meeting_id} if meeting_id else {})}
        return back_to_workspace(request.url.path, **query)

    async def job(self, request):
        action, job_id = request.path_params["action"], request.path_params["job_id"]
        if action not in ("cancel", "retry"):
            return self._back(request, "refused", None, "job")

        def act(clerk):
            if action == "cancel":
                self.services.cancel_job(job_id, clerk)
            else:
                self.services.retry_job(job_id, clerk)
                self.queue.enqueue(job_id)
            return action, None

        return self._back(request, *await self._run(request, act), "job")

    async def suggestion(self, request):
        action, suggestion_id = request.path_params["action"], request.path_params["suggestion_id"]
        if action not in ("confirm", "reject"):
            return self._back(request, "refused", None)

        def act(clerk):
            decided = self.services.decide_suggestion(suggestion_id, action == "confirm", clerk)
            return ("confirmed" if action == "confirm" else "rejected"), decided.meeting_id

        return self._back(request, *await self._run(request, act))

    async def vote(self, request):
        result = (await request.form()).get("result")

        def act(clerk):
            if result not in RESULTS or result == UNCLEAR:
                raise ValidationError("bitte ein Ergebnis wählen")
            return "decided", self.services.decide_vote(request.path_params["vote_id"], result, clerk)

        return self._back(request, *await self._run(request, act))

    async def show_range(self, request):
        meeting_id, range_id = request.path_params["meeting_id"], request.path_params["range_id"]

        def act(clerk):
            self.services.show_range(meeting_id, range_id, clerk)
            return "shown", meeting_id

        return self._back(request, *await self._run(request, act))


# What the workspace says after a form (the `done` of its address).
FORM_MESSAGES = {
    "confirmed": "Vorschlag angenommen: der Name ist eingetragen.",
    "rejected": "Vorschlag abgelehnt.",
    "decided": "Ergebnis festgelegt.",
    "shown": "Der Abschnitt ist wieder öffentlich; die Zusammenfassungen sind neu erstellt und brauchen eine Freigabe.",
    "refused": "Das ging nicht: die Angabe ist nicht (mehr) gültig.",
    "login": "Bitte erneut anmelden.",
}


class Workspace:
    """The clerk's actions, as the workspace's buttons call them."""

    def __init__(self, settings: Settings, services: Services, queue=None):
        from protokoll.processing.queue import JobQueue

        self.settings = settings
        self.services = services
        self.queue = queue or JobQueue(settings)

    def db(self):
        return self.services.db()

    def start_ingest(
        self, path: str, title: str, date: str, body: str, agenda_path: str | None, clerk: str | None = None
    ) -> str:
        """Check an upload at once, keep a copy in the data folder, and queue it for the workers."""
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
        job_id = self.services.submit(kept, info, agenda=agenda, actor=clerk or "pipeline")
        self.queue.enqueue(job_id)
        return f"{kept.name}: Verarbeitung gestartet (Auftrag {job_id}); der Fortschritt steht in der Liste."

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


def _job_button(job_id: int, action: str, label: str) -> str:
    return (f'<form class="job-action" method="post" action="clerk/jobs/{job_id}/{action}">'
            f'<button type="submit" aria-label="{label}: Auftrag {job_id}">{label}</button></form>')  # fmt: skip


def jobs_html(db) -> str:
    """The newest jobs with their state, stage, progress and time left (a job whose worker died is queued again)."""
    rows = archive.recent_jobs(db)
    if not rows:
        return "<p>Keine Aufträge.</p>"
    items = []
    for job in rows:
        state = STATE_NAMES.get(job["status"], (job["status"],))[0]
        stage = STAGE_NAMES.get(job["stage"], (job["stage"] or "",))[0] if job["status"] == "running" else ""
        detail = f" – {escape(job['error'])}" if job["error"] else ""
        if job.get("warning"):
            detail += f' <strong class="job-warning">Hinweis: {escape(job["warning"])}</strong>'
        if (job.get("attempts") or 0) > 1 and job["status"] in ("queued", "running"):
            detail += f" (Versuch {job['attempts']}, setzt beim letzten Zwischenstand fort)"
        meeting = f" → Sitzung {job['meeting_id']}" if job["meeting_id"] else ""
        left = remaining_text(job)
        action = ""
        if job["status"] in ("queued", "running"):
            action = _job_button(job["id"], "cancel", "Abbrechen")
        elif job["status"] in ("failed", "cancelled") and job.get("request"):
            action = _job_button(job["id"], "retry", "Erneut versuchen")
        items.append(
            f'<li class="job job-{job["status"]}">Auftrag {job["id"]}, {escape(job["source"])}: {state}'
            f"{', ' + escape(stage) if stage else ''} "
            f'<progress max="1" value="{job["progress"] or 0}" aria-label="Fortschritt">'
            f"</progress> {round(100 * (job['progress'] or 0))} %{', ' + left if left else ''}{meeting}{detail}"
            f"{action}</li>"
        )
    return '<ul aria-live="polite">' + "".join(items) + "</ul>"


_AUDIT_ACTIONS = {
    "ingest": "Aufzeichnung verarbeitet", "rename_speaker": "Sprecher benannt",
    "merge_speakers": "Sprecher zusammengeführt",
    "set_faction": "Fraktion gesetzt", "correct_text": "Text korrigiert", "mark_non_public": "nichtöffentlich markiert",
    "mark_public": "wieder öffentlich",
    "approve_summaries": "Zusammenfassungen freigegeben", "publish": "veröffentlicht", "withdraw": "zurückgezogen",
    "decide_vote": "Ergebnis festgelegt", "translate": "übersetzt", "cancel": "Auftrag abgebrochen",
    "retry": "Auftrag erneut gestartet", "recognise_speaker": "Stimme erkannt",
    "link_oparl_meeting": "mit OParl verknüpft",
}  # fmt: skip


def audit_html(db, meeting_id: int | None = None, limit: int = 100) -> str:
    """The newest audit entries (who, when, what, before and after), for one meeting or all."""
    rows = archive.audit_entries(db, meeting_id, limit)
    if not rows:
        return "<p>Keine Änderungen.</p>"
    cells = "".join(
        f"<tr><td>{escape(r['at'])}</td><td>{escape(r['actor'])}</td>"
        f"<td>{escape(_AUDIT_ACTIONS.get(r['action'], r['action']))}</td>"
        f"<td>{escape(r['table_name'])} {r['row_id'] if r['row_id'] is not None else ''}</td>"
        f"<td>{escape(_short(r['before']))}</td><td>{escape(_short(r['after']))}</td></tr>"
        for r in rows
    )
    return ('<table class="audit"><caption>Änderungen, neueste zuerst</caption><thead><tr><th scope="col">Zeit (UTC)'
            '</th><th scope="col">Wer</th><th scope="col">Was</th><th scope="col">Woran</th><th scope="col">vorher'
            f'</th><th scope="col">nachher</th></tr></thead><tbody>{cells}</tbody></table>')  # fmt: skip


def _short(value, limit: int = 160) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def meetings_table(db) -> list[list]:
    """Every meeting, public or not, as rows for the clerk's table."""
    return [
        [m["id"], m["date"], m["title"], m["status"], m["body"]] for m in archive.list_meetings(db, public_only=False)
    ]


def _form(action: str, label: str, described: str, fields: str = "") -> str:
    name = f"{escape(label)}: {escape(described)}"
    return (f'<form class="review-action" method="post" action="{action}">{fields}'
            f'<button type="submit" aria-label="{name}">{escape(label)}</button></form>')  # fmt: skip


def _decide_form(vote_id: int) -> str:
    options = "".join(f'<option value="{escape(r)}">{escape(r)}</option>' for r in RESULTS if r != UNCLEAR)
    field = (f'<label for="result-{vote_id}">Ergebnis</label> '
             f'<select id="result-{vote_id}" name="result" required><option value="">bitte wählen</option>{options}'
             "</select> ")  # fmt: skip
    return _form(f"clerk/votes/{vote_id}/decide", "Festlegen", f"Abstimmung {vote_id}", field)


def review_html(db, meeting_id: int) -> str:
    """A meeting as the clerk checks it: status, speakers, name suggestions and votes to decide with one click
    each, non-public ranges (each can be made public again), summaries in full, the numbered transcript."""
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
        + _form(f"clerk/suggestions/{g.id}/confirm", "Annehmen", f"{g.label} ist {g.name}")
        + _form(f"clerk/suggestions/{g.id}/reject", "Ablehnen", f"{g.label} ist nicht {g.name}")
        + "</li>"
        for g in archive.suggestions(db, meeting_id, open_only=True)
    )
    ranges = "".join(
        f'<li class="range">{clock(r["start"])}–{clock(r["end"])}'
        f"{', markiert von ' + escape(r['marked_by']) if r['marked_by'] else ''}"
        + _form(
            f"clerk/meetings/{meeting_id}/ranges/{r['id']}/show",
            "Wieder öffentlich",
            f"Abschnitt {clock(r['start'])} bis {clock(r['end'])}",
        )  # fmt: skip
        + "</li>"
        for r in archive.non_public_range_rows(db, meeting_id)
    )
    summaries = "".join(
        f"<li>[{escape(s.status)}] {escape(s.kind)}/{escape(s.language)}: {escape(s.text)}</li>"
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
        + f"<br><q>{escape(v.evidence or '')}</q>{_decide_form(v.id)}</li>"
        for v in bundle.votes
    )
    return (
        f'<div class="pk"><p>Status: <strong>{escape(bundle.meeting.status)}</strong>. '
        f"Sprecher: {escape(speakers)}</p>"
        f"<h3>Namensvorschläge</h3><ul>{suggestions or '<li>keine</li>'}</ul>"
        f"<h3>Abstimmungen</h3><ul>{votes or '<li>keine</li>'}</ul>"
        f"<h3>Nichtöffentliche Abschnitte</h3><ul>{ranges or '<li>keine</li>'}</ul>"
        f"<h3>Zusammenfassungen</h3><ul>{summaries}</ul><h3>Transkript</h3><ul>{lines}</ul></div>"
    )
