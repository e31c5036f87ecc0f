"""The clerk's workspace: uploads processed in the background, the job list, the meeting table and review, the actions.

Every action goes through `services`, so it is audited and followed by the same re-runs (summaries,
public files) as from the command line. Recordings are processed in a background thread that
reports to the job ledger, so progress survives a page reload.
"""

import shutil
import uuid
from pathlib import Path

from protokoll import archive
from protokoll.checks import date_from_form
from protokoll.config import Settings
from protokoll.domain import MeetingInfo
from protokoll.errors import ProtokollError, ValidationError
from protokoll.interfaces.web.pages import escape
from protokoll.minutes.agenda import read_agenda
from protokoll.minutes.text import clock
from protokoll.minutes.votes import RESULTS, UNCLEAR
from protokoll.minutes.wording import vote_text
from protokoll.processing.status import STAGE_NAMES, STATE_NAMES, remaining_text
from protokoll.services import Services
from protokoll.speakers.voices import MIN_CONSISTENCY
from protokoll.speech.audio import check_upload

__all__ = [
    "Workspace",
    "ClerkForms",
    "FORM_MESSAGES",
    "form_message",
    "audit_html",
    "jobs_html",
    "meetings_table",
    "review_html",
]


class ClerkForms:
    """The plain forms of the workspace: cancel or retry a job; in a meeting's review, name its speakers, correct
    a row or hide rows of the transcript, merge two speakers, confirm or reject a name suggestion, decide an unclear
    vote, make a non-public range public again, approve, publish and withdraw (the last three ask for a tick).

    Each POST must come from this site and a logged-in clerk, goes through `services` (audited, with the
    same re-runs as anywhere), and returns to the workspace, with the review open where it was one.
    """

    def __init__(self, sessions, workspace: "Workspace"):
        self.sessions, self.workspace = sessions, workspace

    def routes(self) -> list:
        from starlette.routing import Route

        return [
            Route("/clerk/jobs/{job_id:int}/{action:str}", self.job, methods=["POST"]),
            Route("/clerk/meetings/{meeting_id:int}/ranges/{range_id:int}/show", self.show_range, methods=["POST"]),
            Route("/clerk/meetings/{meeting_id:int}/merges/{merge_id:int}/undo", self.undo_merge, methods=["POST"]),
            Route("/clerk/meetings/{meeting_id:int}/audio", self.audio, methods=["GET"]),
            # clerk/meetings/ID/names, clerk/suggestions/ID/confirm, clerk/votes/ID/decide, …
            Route("/clerk/{kind:str}/{target:int}/{form:str}", self.form, methods=["POST"]),
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
        services = self.workspace.services

        def act(clerk):
            if action == "cancel":
                services.cancel_job(job_id, clerk)
            else:
                services.retry_job(job_id, clerk)
                self.workspace.queue.enqueue(job_id)
            return action, None

        return self._back(request, *await self._run(request, act), "job")

    async def form(self, request):
        """A review form (see `Workspace.submit`): the meeting's, a suggestion's or a vote's."""
        kind, form, target = (request.path_params[name] for name in ("kind", "form", "target"))
        allowed = {"suggestions": ("confirm", "reject"), "votes": ("decide",), "meetings": _MEETING_FORMS}.get(kind, ())
        fields = await request.form()
        if form not in allowed:
            return self._back(request, "refused", target if kind == "meetings" else None)

        def act(clerk):
            return self.workspace.submit("vote" if form == "decide" else form, clerk, target, fields)

        return self._back(request, *await self._run(request, act))

    async def show_range(self, request):
        meeting_id, range_id = request.path_params["meeting_id"], request.path_params["range_id"]

        def act(clerk):
            self.workspace.services.show_range(meeting_id, range_id, clerk)
            return "shown", meeting_id

        return self._back(request, *await self._run(request, act))

    async def audio(self, request):
        """The meeting's original recording, for logged-in clerks only (the public hear the published rendition,
        with non-public parts silenced); the review's rows link to it with a media fragment (`#t=start,end`)."""
        import mimetypes

        from starlette.concurrency import run_in_threadpool
        from starlette.responses import FileResponse, PlainTextResponse

        def find():
            if self.sessions.clerk(request.cookies) is None:
                return 403, None
            try:
                recording = archive.recording_of(self.workspace.db(), request.path_params["meeting_id"])
            except ProtokollError:
                return 404, None
            return (200, Path(recording[0])) if recording and Path(recording[0]).is_file() else (404, None)

        status, path = await run_in_threadpool(find)
        if path is None:
            text = "Bitte als Verwaltung anmelden." if status == 403 else "Zu dieser Sitzung gibt es keine Aufnahme."
            return PlainTextResponse(text, status_code=status)
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return FileResponse(path, media_type=media_type, headers={"Cache-Control": "private, no-store"})

    async def undo_merge(self, request):
        meeting_id, merge_id = request.path_params["meeting_id"], request.path_params["merge_id"]

        def act(clerk):
            self.workspace.services.unmerge_speakers(meeting_id, merge_id, clerk)
            return "unmerged", meeting_id

        return self._back(request, *await self._run(request, act))


# What the workspace says after a form (the `done` of its address; see `form_message`).
FORM_MESSAGES = {
    "named": "Namen gespeichert.",
    "corrected": "Text gespeichert.",
    "reassigned": "Die Zeile ist dem gewählten Sprecher zugeordnet.",
    "hidden": "Die gewählten Zeilen sind nichtöffentlich.",
    "merged": "Sprecher zusammengeführt; unter „Zusammengeführt“ lässt es sich rückgängig machen.",
    "unmerged": "Zusammenführung rückgängig gemacht: der Sprecher hat seine Zeilen wieder.",
    "unchanged": "Nichts geändert: die Angaben waren schon so gespeichert.",
    "approved": "Zusammenfassungen freigegeben.",
    "published": "Veröffentlicht: die Sitzung ist jetzt öffentlich.",
    "withdrawn": "Zurückgezogen: die Sitzung ist nicht mehr öffentlich.",
    "unconfirmed": "Nicht ausgeführt: bitte zuerst das Kästchen zur Bestätigung ankreuzen.",
    "confirmed": "Vorschlag angenommen: der Name ist eingetragen.",
    "rejected": "Vorschlag abgelehnt.",
    "decided": "Ergebnis festgelegt.",
    "shown": "Der Abschnitt ist wieder öffentlich; die Zusammenfassungen sind neu erstellt und brauchen eine Freigabe.",
    "refused": "Das ging nicht: die Angabe ist nicht (mehr) gültig.",
    "login": "Bitte erneut anmelden.",
}


def form_message(done: str) -> str:
    """What the workspace says after a form; an edit to a published meeting adds that it needs a new approval."""
    base, again = (done[: -len(AGAIN)], True) if done.endswith(AGAIN) else (done, False)
    message = FORM_MESSAGES.get(base, "")
    if message and again:
        message += (" Die Sitzung ist veröffentlicht: ihre Zusammenfassungen sind neu erstellt und öffentlich erst"
                    " wieder zu sehen, wenn Sie sie erneut freigeben.")  # fmt: skip
    return message


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
        info = MeetingInfo(title=title or Path(path).stem, date=date_from_form(date, "Datum"), body=body or None)
        # Gradio's upload folder is temporary; the archive keeps its own copy (the public audio is made from it).
        kept = Path(self.settings.data_dir) / "recordings" / f"{uuid.uuid4().hex[:8]}-{Path(path).name}"
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, kept)
        job_id = self.services.submit(kept, info, agenda=agenda, actor=clerk or "pipeline")
        self.queue.enqueue(job_id)
        return f"{kept.name}: Verarbeitung gestartet (Auftrag {job_id}); der Fortschritt steht in der Liste."

    def submit(self, form: str, clerk: str, target: int, fields) -> tuple[str, int]:
        """Carry out one of the review's forms for `clerk`; return (what was done, as a key of FORM_MESSAGES,
        and the meeting's id). `target` is the meeting's id, or the vote's or suggestion's for those forms;
        `fields` are the posted form fields (a mapping)."""
        services = self.services
        if form in ("confirm", "reject"):
            return form + "ed", services.decide_suggestion(target, form == "confirm", clerk).meeting_id
        if form == "vote":
            result = fields.get("result")
            if result not in RESULTS or result == UNCLEAR:
                raise ValidationError("bitte ein Ergebnis wählen")
            return "decided", services.decide_vote(target, result, clerk)
        if form not in _MEETING_FORMS:
            raise ValidationError(f"unbekanntes Formular {form!r}")
        meeting = archive.load_meeting(self.db(), target)
        if form in ("merge", "publish", "withdraw") and not fields.get("confirm"):
            return "unconfirmed", target
        was_published = meeting.meeting.status == "published"
        if form == "names":
            done = self._names(clerk, meeting, fields)
        elif form == "transcript":
            done = self._transcript(clerk, meeting, fields)
        elif form == "merge":
            label, into = fields.get("label"), fields.get("into")
            known = {s.label for s in meeting.speakers}
            if label not in known or into not in known or label == into:
                raise ValidationError("bitte zwei verschiedene Sprecher wählen")
            services.merge_speakers(target, label, into, clerk)
            done = "merged"
        elif form == "approve":
            services.approve(target, clerk)
            return "approved", target
        elif form == "publish":
            services.publish(target, clerk)
            return "published", target
        else:
            services.withdraw(target, clerk)
            return "withdrawn", target
        # A change re-writes the summaries as drafts: the clerk is told that a published meeting needs a new approval.
        return (done + AGAIN if was_published and done != "unchanged" else done), target

    def _names(self, clerk: str, meeting, fields) -> str:
        names = {}
        for speaker in meeting.speakers:
            name = (fields.get(f"name:{speaker.label}") or "").strip()
            faction = (fields.get(f"faction:{speaker.label}") or "").strip() or None
            if name and (name != (speaker.name or "") or faction != speaker.faction):
                names[speaker.label] = (name, faction)
        if not names:
            return "unchanged"
        self.services.name_speakers(meeting.meeting.id, names, clerk)
        return "named"

    def _transcript(self, clerk: str, meeting, fields) -> str:
        """The transcript form: a row's "Speichern" (`save` = its id) stores its text; "nichtöffentlich" hides
        the rows from the one marked "ab hier" to the one marked "bis hier"."""
        rows = {u.id: u for u in meeting.utterances}
        if fields.get("save"):
            utterance_id = _row(fields.get("save"), rows)
            text = (fields.get(f"text:{utterance_id}") or "").strip()
            labels = {s.id: s.label for s in meeting.speakers}
            label = fields.get(f"speaker:{utterance_id}") or labels.get(rows[utterance_id].speaker_id)
            done = "unchanged"
            if label != labels.get(rows[utterance_id].speaker_id):
                if label not in labels.values():
                    raise ValidationError(f"die Sitzung hat keinen Sprecher {label!r}")
                self.services.reassign_utterance(utterance_id, label, clerk)
                done = "reassigned"
            if text != rows[utterance_id].text:
                self.services.correct(utterance_id, text, clerk)
                done = "corrected"
            return done
        if not fields.get("from") or not fields.get("to"):
            raise ValidationError("bitte eine Zeile „ab hier“ und eine „bis hier“ wählen")
        first, last = sorted((rows[_row(fields.get("from"), rows)], rows[_row(fields.get("to"), rows)]),
                             key=lambda u: u.start)  # fmt: skip
        self.services.hide_range(meeting.meeting.id, first.start, last.end, clerk)
        return "hidden"


_MEETING_FORMS = ("names", "transcript", "merge", "approve", "publish", "withdraw")
AGAIN = "+again"


def _row(value, rows: dict) -> int:
    try:
        utterance_id = int(value)
    except (TypeError, ValueError) as error:
        raise ValidationError(f"keine Zeile des Transkripts: {value!r}") from error
    if utterance_id not in rows:
        raise ValidationError(f"die Zeile {utterance_id} gehört nicht zu dieser Sitzung")
    return utterance_id


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
    "merge_speakers": "Sprecher zusammengeführt", "unmerge_speakers": "Zusammenführung rückgängig",
    "set_faction": "Fraktion gesetzt", "correct_text": "Text korrigiert",
    "reassign_utterance": "Zeile anderem Sprecher zugeordnet", "mark_non_public": "nichtöffentlich markiert",
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


def _names_form(meeting_id: int, speakers, suggestions) -> str:
    """Every speaker's name and faction in one form, the open suggestion filled in: checking and one click saves all."""
    suggested = {}
    for g in suggestions:
        suggested.setdefault(g.label, g.name)
    rows = []
    for s in speakers:
        name = s.name or suggested.get(s.label, "")
        note = ""
        if s.name_source == "voice":
            note = f"erkannt an der Stimme ({s.voice_score:.2f})"
        elif not s.name and s.label in suggested:
            note = "Vorschlag, noch nicht gespeichert"
        if s.voice_consistency is not None and s.voice_consistency < MIN_CONSISTENCY:
            note += ("; " if note else "") + "mehrere Stimmen?"
        key = escape(s.label)
        rows.append(
            f'<tr><th scope="row">{key}</th>'
            f'<td><input id="name-{key}" name="name:{key}" value="{escape(name)}" aria-label="Name für {key}"></td>'
            f'<td><input id="faction-{key}" name="faction:{key}" value="{escape(s.faction or "")}" '
            f'aria-label="Fraktion für {key}"></td><td>{escape(note)}</td></tr>'
        )
    return (f'<form class="review-action names" method="post" action="clerk/meetings/{meeting_id}/names">'
            '<table><caption>Sprecher</caption><thead><tr><th scope="col">Kennung</th><th scope="col">Name</th>'
            f'<th scope="col">Fraktion</th><th scope="col">Hinweis</th></tr></thead><tbody>{"".join(rows)}</tbody>'
            '</table><button type="submit" id="save-names">Namen speichern</button></form>')  # fmt: skip


def _merge_form(meeting_id: int, speakers) -> str:
    options = "".join(
        f'<option value="{escape(s.label)}">{escape(s.heading + (f" ({s.label})" if s.name else ""))}</option>'
        for s in speakers
    )
    return (f'<form class="review-action merge" method="post" action="clerk/meetings/{meeting_id}/merge">'
            f'<label for="merge-label">Sprecher</label> <select id="merge-label" name="label" required>'
            f'<option value="">bitte wählen</option>{options}</select> '
            f'<label for="merge-into">ist dieselbe Person wie</label> <select id="merge-into" name="into" required>'
            f'<option value="">bitte wählen</option>{options}</select> '
            '<label><input type="checkbox" name="confirm" value="1" required> Zusammenführen bestätigen</label> '
            '<button type="submit" id="merge">Zusammenführen</button></form>')  # fmt: skip


def _transcript_form(meeting_id: int, utterances, speakers, with_audio: bool) -> str:
    """The transcript as a form: each row's speaker and text can be changed and saved; rows marked "ab hier" and
    "bis hier" are hidden from the public with one click."""

    def choice(u) -> str:
        options = "".join(
            f'<option value="{escape(s.label)}"{" selected" if s.id == u.speaker_id else ""}>{escape(s.heading)}'
            "</option>"
            for s in speakers
        )
        return f'<select name="speaker:{u.id}" aria-label="Sprecher der Zeile {u.id}">{options}</select> '

    rows = "".join(
        f'<li id="row-{u.id}"><span class="row-head">#{u.id} [{clock(u.start)}]</span> {choice(u)}'
        + (
            f'<a href="clerk/meetings/{meeting_id}/audio#t={u.start:.2f},{u.end:.2f}" target="_blank" rel="noopener" '
            f'aria-label="anhören: Zeile {u.id}"><span aria-hidden="true">▶ </span>anhören</a>'
            if with_audio
            else ""
        )
        + f'<textarea id="text-{u.id}" name="text:{u.id}" rows="2" aria-label="Text der Zeile {u.id}">'
        f"{escape(u.text)}</textarea>"
        f'<button type="submit" name="save" value="{u.id}" aria-label="Zeile {u.id} speichern">Speichern</button>'
        f'<label><input type="radio" name="from" value="{u.id}"> ab hier</label>'
        f'<label><input type="radio" name="to" value="{u.id}"> bis hier</label></li>'
        for u in utterances[:400]
    )
    return (f'<form class="review-action transcript" method="post" action="clerk/meetings/{meeting_id}/transcript">'
            '<p>Sprecher oder Text korrigieren: in der Zeile ändern und „Speichern“. Nichtöffentlich: eine Zeile '
            '„ab hier“, eine „bis hier“ wählen, dann <button type="submit" name="hide" value="1" id="hide">'
            f'Gewählte Zeilen nichtöffentlich</button></p><ol class="rows">{rows}</ol></form>')  # fmt: skip


def _publication_forms(meeting_id: int, status: str) -> str:
    approve = (f'<form class="review-action" method="post" action="clerk/meetings/{meeting_id}/approve">'
               '<button type="submit" id="approve">Zusammenfassungen freigeben</button></form>')  # fmt: skip
    action, label = ("withdraw", "Zurückziehen") if status == "published" else ("publish", "Veröffentlichen")
    tick = "Die Sitzung ist geprüft und darf öffentlich sein" if action == "publish" else "Wirklich zurückziehen"
    publication = (f'<form class="review-action" method="post" action="clerk/meetings/{meeting_id}/{action}">'
                   f'<label><input type="checkbox" name="confirm" value="1" required id="confirm-{action}"> {tick}'
                   f'</label> <button type="submit" id="{action}">{label}</button></form>')  # fmt: skip
    return approve + publication


def review_html(db, meeting_id: int) -> str:
    """A meeting as the clerk checks it: status and publication, the speakers' names in one form (suggestions
    filled in), suggestions and votes to decide with one click each, non-public ranges (each can be made public
    again), summaries in full, the transcript with its rows to edit or hide."""
    bundle = archive.load_meeting(db, meeting_id)
    open_suggestions = archive.suggestions(db, meeting_id, open_only=True)
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
        for g in open_suggestions
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
    votes = "".join(
        f'<li class="{"unclear" if v.result == UNCLEAR else "vote"}">Abstimmung {v.id} [{clock(v.start or 0)}]: '
        f"{escape(vote_text(v, 'de'))}"
        + (" – <strong>bitte prüfen und Ergebnis festlegen</strong>" if v.result == UNCLEAR else "")
        + (f" (festgelegt von {escape(v.decided_by)})" if v.decided_by else "")
        + f"<br><q>{escape(v.evidence or '')}</q>{_decide_form(v.id)}</li>"
        for v in bundle.votes
    )
    merges = "".join(
        f'<li class="merge">{escape(m["label"])} → {escape(m["into_label"])}, von {escape(m["merged_by"])}'
        + (
            _form(
                f"clerk/meetings/{meeting_id}/merges/{m['id']}/undo",
                "Rückgängig",
                f"{m['label']} wieder trennen von {m['into_label']}",
            )
            if m["undoable"]
            else " (erst die spätere Zusammenführung rückgängig machen)"
        )
        + "</li>"
        for m in archive.speaker_merges(db, meeting_id)
    )
    merges = f"<h4>Zusammengeführt</h4><ul>{merges}</ul>" if merges else ""
    status = bundle.meeting.status
    with_audio = archive.recording_of(db, meeting_id) is not None
    return (
        f'<div class="pk"><p>Status: <strong>{escape(status)}</strong>.</p>'
        f"{_publication_forms(meeting_id, status)}"
        f"<h3>Sprecher</h3>{_names_form(meeting_id, bundle.speakers, open_suggestions)}"
        f"{_merge_form(meeting_id, bundle.speakers)}"
        f"{merges}<h3>Namensvorschläge</h3><ul>{suggestions or '<li>keine</li>'}</ul>"
        f"<h3>Abstimmungen</h3><ul>{votes or '<li>keine</li>'}</ul>"
        f"<h3>Nichtöffentliche Abschnitte</h3><ul>{ranges or '<li>keine</li>'}</ul>"
        f"<h3>Zusammenfassungen</h3><ul>{summaries}</ul>"
        f"<h3>Transkript</h3>{_transcript_form(meeting_id, bundle.utterances, bundle.speakers, with_audio)}</div>"
    )
