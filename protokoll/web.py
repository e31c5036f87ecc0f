"""The Gradio web interface: the citizens' reader, search, and the clerk's workspace.

Public pages read only through `store.public_meeting`, `store.list_meetings(public_only=True)`
and `search(..., public_only=True)`, so what is unpublished or non-public cannot reach them
whatever the page does. Deep links are `?meeting=ID&t=SECONDS` (and `&lang=en`); the player
starts at that second through a media fragment on the public audio rendition. Long transcripts
are paged. Recordings are processed in a background thread that reports to the `jobs` table,
so progress survives a page reload.
"""

import datetime as dt
import html
import os
import shutil
import threading
import uuid
from pathlib import Path
from urllib.parse import urlencode

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported: no telemetry

from . import store  # noqa: E402
from .accounts import verify_clerk  # noqa: E402
from .agenda import read_agenda  # noqa: E402
from .audio import check_upload  # noqa: E402
from .config import Settings  # noqa: E402
from .domain import MeetingInfo  # noqa: E402
from .errors import InputError, ProtokollError, UnknownMeetingError  # noqa: E402
from .factcheck import MOTIONS_EN  # noqa: E402
from .minutes import summarize_meeting  # noqa: E402
from .publication import PUBLIC_EXPORTS, public_folder, refresh_public_files  # noqa: E402
from .search import SearchFilters, group_by_meeting, search  # noqa: E402
from .summaries import RESULTS_EN  # noqa: E402
from .text import clock  # noqa: E402

__all__ = ["build_app", "serve", "PAGE_SIZE"]

PAGE_SIZE = 150  # utterances per transcript page

LABELS = {
    "de": {
        "meetings": "Veröffentlichte Sitzungen",
        "none": "Noch keine Sitzung veröffentlicht.",
        "summary": "Das Wichtigste in einfacher Sprache",
        "decisions": "Beschlüsse",
        "agenda": "Tagesordnung",
        "transcript": "Wortprotokoll",
        "listen": "Aufzeichnung",
        "downloads": "Herunterladen",
        "page": "Seite",
        "back": "Alle Sitzungen",
        "switch": "English",
        "not_dealt": "nicht behandelt",
        "no_summary": "Die Zusammenfassung wird noch geprüft.",
        "play_from": "Anhören ab",
    },
    "en": {
        "meetings": "Published meetings",
        "none": "No meeting has been published yet.",
        "summary": "The main points in plain language",
        "decisions": "Decisions",
        "agenda": "Agenda",
        "transcript": "Transcript",
        "listen": "Recording",
        "downloads": "Download",
        "page": "Page",
        "back": "All meetings",
        "switch": "Deutsch",
        "not_dealt": "not dealt with",
        "no_summary": "The summary is still being checked.",
        "play_from": "Listen from",
    },
}

CSS = """
.pk a { color: #0b4f9c; text-decoration: underline; }
.pk a:focus, .pk button:focus { outline: 3px solid #b35c00; outline-offset: 2px; }
.pk .utterance { margin: 0.3em 0; line-height: 1.5; }
.pk .time { font-variant-numeric: tabular-nums; margin-right: 0.4em; }
.pk .current { background: #fff3c4; }
.pk mark { background: #ffe08a; color: #000; }
.pk audio { width: 100%; }
@media (max-width: 640px) { .pk { font-size: 1.05rem; } }
"""
HEAD = '<script>document.documentElement.lang = new URLSearchParams(location.search).get("lang") || "de";</script>'


def _e(text) -> str:
    return html.escape(str(text if text is not None else ""))


def _link(**params) -> str:
    return "?" + urlencode({k: v for k, v in params.items() if v is not None})


def _file_url(path: Path) -> str:
    return f"/gradio_api/file={path.resolve()}"


# --- public pages -----------------------------------------------------------------------------


def home_html(db, language: str = "de") -> str:
    labels = LABELS[language]
    meetings = store.list_meetings(db, public_only=True)
    parts = [f'<div class="pk"><h1>{labels["meetings"]}</h1>']
    if not meetings:
        parts.append(f"<p>{labels['none']}</p>")
    by_body: dict[str, list[dict]] = {}
    for meeting in meetings:
        by_body.setdefault(meeting["body"] or "-", []).append(meeting)
    for body, rows in by_body.items():
        parts.append(f"<h2>{_e(body)}</h2><ul>")
        for meeting in rows:
            href = _link(meeting=meeting["id"], lang=language if language != "de" else None)
            parts.append(f'<li><a href="{href}">{_e(meeting["date"] or "")} {_e(meeting["title"])}</a></li>')
        parts.append("</ul>")
    parts.append(f'<p><a href="{_link(lang="en" if language == "de" else None)}">{labels["switch"]}</a></p></div>')
    return "".join(parts)


def vote_text(vote: dict, language: str) -> str:
    """ "Änderungsantrag angenommen, einstimmig (22 Ja, 14 Nein, 3 Enthaltungen)", or its English."""
    words = {"de": ("Ja", "Nein", "Enthaltungen", "einstimmig"), "en": ("for", "against", "abstentions", "unanimous")}
    yes, no, abstain, unanimous = words[language]
    counts = [f"{vote[key]} {word}" for key, word in (("yes", yes), ("no", no), ("abstain", abstain))
              if vote[key] is not None]  # fmt: skip
    motion, result = vote["motion"], vote["result"]
    if language == "en":
        motion, result = MOTIONS_EN.get(motion, motion), RESULTS_EN.get(result, result)
    text = f"{motion} {result}" + (f", {unanimous}" if vote["unanimous"] else "")
    return text + (f" ({', '.join(counts)})" if counts else "")


def _summary_text(bundle: dict, kind: str, item_id, language: str) -> str | None:
    for summary in bundle["summaries"]:
        if summary["kind"] == kind and summary["agenda_item_id"] == item_id and summary["language"] == language:
            return summary["text"]
    return None


def meeting_html(db, meeting_id: int, at: float | None, language: str, page: int | None, data_dir: Path) -> str:
    """The public page of one meeting: summary and decisions first, then agenda, player, transcript."""
    labels = LABELS[language]
    bundle = store.public_meeting(db, meeting_id)
    meeting = bundle["meeting"]
    lang = language if language != "de" else None

    def at_link(seconds: float) -> str:
        return _link(meeting=meeting_id, t=int(seconds), lang=lang)

    switch = _link(meeting=meeting_id, lang="en" if language == "de" else None)
    parts = [
        f'<div class="pk"><p><a href="{_link(lang=lang)}">← {labels["back"]}</a> · '
        f'<a href="{switch}">{labels["switch"]}</a></p>',
        f"<h1>{_e(meeting['title'])}</h1><p>{_e(meeting.get('body') or '')} · {_e(meeting.get('date') or '')}</p>",
    ]
    summary = _summary_text(bundle, "plain", None, language)
    parts.append(f"<h2>{labels['summary']}</h2><p>{_e(summary) if summary else labels['no_summary']}</p>")
    titles = {i["id"]: f"TOP {i['number']}: {i['title']}" for i in bundle["agenda_items"]}
    parts.append(f"<h2>{labels['decisions']}</h2><ul>")
    for vote in bundle["votes"]:
        parts.append(
            f'<li><a class="decision" href="{at_link(vote["start"])}">{_e(titles.get(vote["agenda_item_id"], ""))}: '
            f"{_e(vote_text(vote, language))} – {labels['play_from']} {clock(vote['start'])}</a></li>"
        )
    parts.append(f"</ul><h2>{labels['agenda']}</h2><ol>")
    for item in bundle["agenda_items"]:
        if item["start"] is None:
            parts.append(f"<li>TOP {_e(item['number'])}: {_e(item['title'])} ({labels['not_dealt']})</li>")
        else:
            parts.append(
                f'<li><a href="{at_link(item["start"])}">TOP {_e(item["number"])}: {_e(item["title"])}</a> '
                f"[{clock(item['start'])}]</li>"
            )
    parts.append("</ol>")
    folder = public_folder(data_dir, meeting_id)
    audio = folder / "audio.webm"
    if audio.is_file():
        start = f"#t={int(at)}" if at is not None else ""
        parts.append(
            f'<h2>{labels["listen"]}</h2><audio id="player" controls preload="metadata" '
            f'aria-label="{labels["listen"]}" src="{_file_url(audio)}{start}"></audio>'
        )
    downloads = [f'<a href="{_file_url(folder / f"protokoll.{fmt}")}" download>{fmt.upper()}</a>'
                 for fmt in PUBLIC_EXPORTS if (folder / f"protokoll.{fmt}").is_file()]  # fmt: skip
    if downloads:
        parts.append(f"<p>{labels['downloads']}: {' · '.join(downloads)}</p>")
    utterances = bundle["utterances"]
    pages = max(1, -(-len(utterances) // PAGE_SIZE))
    # Links carry whole seconds, so the utterance at the link is the last one that starts within
    # the second after it (one that starts at 99.05 s is the one ?t=99 points to).
    current = None
    if at is not None:
        current = next((n for n in range(len(utterances) - 1, -1, -1) if utterances[n]["start"] < at + 1), 0)
    current_id = utterances[current]["id"] if current is not None and utterances else None
    if page is None:
        page = (current or 0) // PAGE_SIZE + 1
    page = min(max(page, 1), pages)
    parts.append(f"<h2>{labels['transcript']}</h2>")
    if pages > 1:
        nav = " ".join(
            f'<a href="{_link(meeting=meeting_id, page=p, lang=lang)}"'
            f"{' aria-current=page' if p == page else ''}>{p}</a>"
            for p in range(1, pages + 1)
        )
        parts.append(f'<nav aria-label="{labels["page"]}">{labels["page"]}: {nav}</nav>')

    def shown(utterance: dict) -> str:
        if language == "en" and utterance.get("text_en"):
            return utterance["text_en"]
        return utterance["text"]

    if language == "en" and any(u.get("text_en") for u in utterances):
        parts.append("<p><em>English machine translation (Whisper); the German transcript is the record.</em></p>")
    current_item = None
    for utterance in utterances[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
        if utterance["agenda_item_id"] != current_item and utterance["agenda_item_id"] in titles:
            parts.append(f"<h3>{_e(titles[utterance['agenda_item_id']])}</h3>")
        current_item = utterance["agenda_item_id"]
        here = utterance["id"] == current_id
        parts.append(
            f'<p class="utterance{" current" if here else ""}" id="u{utterance["id"]}">'
            f'<a class="time" href="{at_link(utterance["start"])}" '
            f'aria-label="{labels["play_from"]} {clock(utterance["start"])}">{clock(utterance["start"])}</a>'
            f"<strong>{_e(utterance['speaker'])}:</strong> {_e(shown(utterance))}</p>"
        )
    parts.append("</div>")
    return "".join(parts)


def search_html(db, embedder, query: str, body: str, date_from: str, date_to: str, speaker: str, item: str) -> str:
    if not (query or "").strip():
        return '<div class="pk"><p>Bitte einen Suchbegriff eingeben.</p></div>'
    filters = SearchFilters(
        body=body or None,
        date_from=date_from or None,
        date_to=date_to or None,
        speaker=speaker or None,
        agenda_item=item or None,
    )
    try:
        hits = search(db, query, filters, mode="hybrid", limit=30, embedder=embedder)
    except ProtokollError as error:
        return f'<div class="pk"><p role="alert">{_e(error)}</p></div>'
    if not hits:
        return '<div class="pk"><p>Keine Treffer.</p></div>'
    parts = ['<div class="pk">']
    for group in group_by_meeting(hits):
        parts.append(f"<h2>{_e(group.date or '')} {_e(group.meeting_title)} ({_e(group.body or '-')})</h2><ul>")
        for hit in group.hits:
            snippet = _e(hit.snippet).replace("[", "<mark>").replace("]", "</mark>")
            parts.append(
                f'<li><a class="hit" href="{hit.link}">{clock(hit.start)} {_e(hit.speaker)}</a>: {snippet}</li>'
            )
        parts.append("</ul>")
    parts.append("</div>")
    return "".join(parts)


# --- the clerk's workspace --------------------------------------------------------------------


class Workspace:
    """The clerk's actions; every one is audited in the store and re-runs what depends on it."""

    def __init__(self, settings: Settings, pipeline_factory):
        self.settings = settings
        self._pipeline_factory = pipeline_factory
        self._pipeline = None
        self._lock = threading.Lock()
        self._ingesting = threading.Lock()

    @property
    def pipeline(self):
        with self._lock:
            if self._pipeline is None:
                self._pipeline = self._pipeline_factory(self.settings)
            return self._pipeline

    def db(self):
        return store.open_database(self.settings.database)

    def start_ingest(self, path: str, title: str, date: str, body: str, agenda_path: str | None) -> str:
        # What can be checked at once is, so that the clerk sees the message here and not in the job list.
        check_upload(path, self.settings.max_duration_hours, self.settings.max_file_mb)
        agenda = read_agenda(agenda_path) if agenda_path else None
        if date:
            try:
                dt.date.fromisoformat(date)
            except ValueError as error:
                raise InputError(f"das Datum {date!r} hat nicht die Form JJJJ-MM-TT") from error
        info = MeetingInfo(title=title or Path(path).stem, date=date or None, body=body or None)
        # Gradio's upload folder is temporary; the archive keeps its own copy (the public audio is made from it).
        kept = Path(self.settings.data_dir) / "recordings" / f"{uuid.uuid4().hex[:8]}-{Path(path).name}"
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, kept)
        path = str(kept)

        def run():
            with self._ingesting:  # one recording at a time: the models are shared
                try:
                    self.pipeline.ingest(self.db(), path, info, agenda=agenda)
                except ProtokollError:  # the jobs table holds the message for the page
                    kept.unlink(missing_ok=True)

        threading.Thread(target=run, daemon=True).start()
        return f"{Path(path).name}: Verarbeitung gestartet."

    def after_change(self, db, meeting_id: int) -> None:
        summarize_meeting(db, meeting_id, self.pipeline.embedder, actor="workspace")
        refresh_public_files(db, meeting_id, self.settings.data_dir)


def jobs_html(db) -> str:
    rows = list(db.query("SELECT * FROM jobs ORDER BY id DESC LIMIT 8"))
    if not rows:
        return "<p>Keine Aufträge.</p>"
    items = []
    for job in rows:
        state = {"running": "läuft", "done": "fertig", "failed": "fehlgeschlagen"}.get(job["status"], job["status"])
        detail = f" – {_e(job['error'])}" if job["error"] else ""
        meeting = f" → Sitzung {job['meeting_id']}" if job["meeting_id"] else ""
        items.append(
            f'<li class="job job-{job["status"]}">{_e(job["source"])}: {state}, {_e(job["stage"])} '
            f'<progress max="1" value="{job["progress"] or 0}" aria-label="Fortschritt">'
            f"</progress> {round(100 * (job['progress'] or 0))} %{meeting}{detail}</li>"
        )
    return '<ul aria-live="polite">' + "".join(items) + "</ul>"


def meetings_table(db) -> list[list]:
    return [
        [m["id"], m["date"], m["title"], m["status"], m["body"]] for m in store.list_meetings(db, public_only=False)
    ]


def review_html(db, meeting_id: int) -> str:
    bundle = store.load_meeting(db, meeting_id)
    speakers = ", ".join(f"{s['label']} = {s['name'] or '?'}" for s in bundle["speakers"])
    summaries = "".join(
        f"<li>[{_e(s['status'])}] {_e(s['kind'])}/{_e(s['language'])}: {_e(s['text'][:300])}</li>"
        for s in bundle["summaries"]
        if s["agenda_item_id"] is None or s["kind"] == "results"
    )
    lines = "".join(
        f"<li>#{u['id']} [{clock(u['start'])}] {_e(u['speaker'])}: {_e(u['text'])}</li>"
        for u in bundle["utterances"][:400]
    )
    return (
        f'<div class="pk"><p>Status: <strong>{_e(bundle["meeting"]["status"])}</strong>. Sprecher: {_e(speakers)}</p>'
        f"<h3>Zusammenfassungen</h3><ul>{summaries}</ul><h3>Transkript</h3><ul>{lines}</ul></div>"
    )


def build_app(settings: Settings, embedder=None, pipeline_factory=None):
    """Return the Gradio Blocks app."""
    import gradio as gr

    if pipeline_factory is None:
        from .pipeline import Pipeline

        pipeline_factory = Pipeline
    workspace = Workspace(settings, pipeline_factory)
    state = {"embedder": embedder}

    def text_embedder():
        if state["embedder"] is None:
            state["embedder"] = workspace.pipeline.embedder
        return state["embedder"]

    def open_page(request: gr.Request):
        params = request.query_params if request else {}
        language = "en" if params.get("lang") == "en" else "de"
        db = workspace.db()
        try:
            if params.get("meeting"):
                at = float(params["t"]) if params.get("t") else None
                page = int(params["page"]) if params.get("page") else None
                return meeting_html(db, int(params["meeting"]), at, language, page, settings.data_dir)
        except (ValueError, UnknownMeetingError) as error:
            return f'<div class="pk"><p role="alert">{_e(error)}</p><p><a href="?">Alle Sitzungen</a></p></div>'
        return home_html(db, language)

    with gr.Blocks(title="Protokoll", analytics_enabled=False) as app:
        with gr.Tabs():
            with gr.Tab("Sitzungen", id="reader"):
                reader = gr.HTML(elem_id="reader")
            with gr.Tab("Suche", id="search"):
                with gr.Row():
                    query = gr.Textbox(label="Suchbegriff", elem_id="query", scale=3)
                    search_button = gr.Button("Suchen", variant="primary", elem_id="search-button")
                with gr.Row():
                    body = gr.Textbox(label="Gremium")
                    date_from = gr.Textbox(label="Datum ab (JJJJ-MM-TT)")
                    date_to = gr.Textbox(label="Datum bis (JJJJ-MM-TT)")
                    speaker = gr.Textbox(label="Sprecher")
                    item_filter = gr.Textbox(label="Tagesordnungspunkt (Nummer oder Titel)")
                results = gr.HTML(elem_id="results")
            with gr.Tab("Verwaltung", id="workspace"):
                clerk = gr.State(None)
                with gr.Group(visible=True) as login_box:
                    username = gr.Textbox(label="Benutzername", elem_id="username")
                    password = gr.Textbox(label="Passwort", type="password", elem_id="password")
                    login_button = gr.Button("Anmelden", elem_id="login")
                    login_message = gr.Markdown()
                with gr.Column(visible=False) as desk:
                    gr.Markdown("### Aufzeichnung hochladen")
                    upload = gr.File(label="Aufzeichnung", file_types=["audio", "video"], elem_id="upload")
                    with gr.Row():
                        title = gr.Textbox(label="Titel", elem_id="title")
                        date = gr.Textbox(label="Datum (JJJJ-MM-TT)", elem_id="date")
                        body_name = gr.Textbox(label="Gremium", elem_id="body")
                    agenda_file = gr.File(label="Tagesordnung (optional)", elem_id="agenda")
                    start_button = gr.Button("Verarbeiten", variant="primary", elem_id="start")
                    start_message = gr.Markdown(elem_id="start-message")
                    jobs = gr.HTML(elem_id="jobs")
                    timer = gr.Timer(2.0)
                    gr.Markdown("### Sitzungen")
                    table = gr.Dataframe(headers=["id", "Datum", "Titel", "Status", "Gremium"], interactive=False)
                    meeting_id = gr.Number(label="Sitzung (id)", precision=0, elem_id="meeting-id")
                    show_button = gr.Button("Anzeigen", elem_id="show")
                    with gr.Row():
                        label = gr.Textbox(label="Sprecherkennung (z. B. SPEAKER_00)", elem_id="label")
                        new_name = gr.Textbox(label="Name oder zweite Kennung", elem_id="new-name")
                        faction = gr.Textbox(label="Fraktion (optional)", elem_id="faction")
                        rename_button = gr.Button("Umbenennen", elem_id="rename")
                        merge_button = gr.Button("Zusammenführen", elem_id="merge")
                    with gr.Row():
                        utterance_id = gr.Number(label="Äußerung (#)", precision=0, elem_id="utterance-id")
                        corrected = gr.Textbox(label="Korrigierter Text", elem_id="corrected")
                        correct_button = gr.Button("Text korrigieren", elem_id="correct")
                    with gr.Row():
                        range_from = gr.Number(label="Nichtöffentlich ab (s)", elem_id="range-from")
                        range_to = gr.Number(label="bis (s)", elem_id="range-to")
                        hide_button = gr.Button("Nichtöffentlich markieren", elem_id="hide")
                    with gr.Row():
                        approve_button = gr.Button("Zusammenfassungen freigeben", elem_id="approve")
                        publish_button = gr.Button("Veröffentlichen", variant="primary", elem_id="publish")
                        withdraw_button = gr.Button("Zurückziehen", elem_id="withdraw")
                    action_message = gr.Markdown(elem_id="action-message")
                    review = gr.HTML(elem_id="review")

        app.load(open_page, None, reader)
        for trigger in (query.submit, search_button.click):
            trigger(
                lambda q, b, f, t, s, i: search_html(workspace.db(), text_embedder(), q, b, f, t, s, i),
                [query, body, date_from, date_to, speaker, item_filter],
                results,
            )

        def login(name, secret):
            if verify_clerk(workspace.db(), name, secret):
                return name, gr.update(visible=False), gr.update(visible=True), "", meetings_table(workspace.db())
            return None, gr.update(), gr.update(), "Anmeldung fehlgeschlagen.", gr.update()

        login_button.click(login, [username, password], [clerk, login_box, desk, login_message, table])
        password.submit(login, [username, password], [clerk, login_box, desk, login_message, table])

        def start(who, path, title_, date_, body_, agenda_path):
            if not who:
                return "Bitte anmelden."
            if not path:
                return "Bitte eine Aufzeichnung wählen."
            try:
                return workspace.start_ingest(path, title_, date_, body_, agenda_path)
            except ProtokollError as error:
                return f"Fehler: {error}"

        start_button.click(start, [clerk, upload, title, date, body_name, agenda_file], start_message)

        def refresh(who):
            if not who:
                return gr.update(), gr.update()
            db = workspace.db()
            return jobs_html(db), meetings_table(db)

        timer.tick(refresh, clerk, [jobs, table])

        def action(kind):
            def run(who, mid, label_, name_, faction_, uid, text_, start_, end_):
                if not who:
                    return "Bitte anmelden.", ""
                db = workspace.db()
                try:
                    message = "Gespeichert."
                    if kind == "correct":
                        uid = int(uid)
                        row = db.execute("SELECT meeting_id FROM utterances WHERE id = ?", [uid]).fetchone()
                        if row is None:
                            raise UnknownMeetingError(f"es gibt keine Äußerung #{uid}")
                        mid = row[0]
                        store.correct_utterance(db, uid, text_, who, text_embedder())
                    if mid is None:
                        raise UnknownMeetingError("bitte eine Sitzung (id) angeben")
                    mid = int(mid)
                    if kind == "rename":
                        store.assign_person(db, mid, label_, name_, faction_ or None, who)
                    elif kind == "merge":
                        store.merge_speakers(db, mid, label_, name_, who)
                    elif kind == "hide":
                        count = store.mark_non_public(db, mid, float(start_), float(end_), who)
                        message = f"{count} Äußerungen nichtöffentlich."
                    elif kind == "approve":
                        message = f"{store.approve_summaries(db, mid, who)} Zusammenfassungen freigegeben."
                    elif kind in ("publish", "withdraw"):
                        store.set_publication(db, mid, kind == "publish", who)
                        refresh_public_files(db, mid, settings.data_dir)
                    if kind in ("rename", "merge", "correct", "hide"):
                        workspace.after_change(db, mid)  # summaries and public files follow the change
                    return message, review_html(db, mid)
                except (ProtokollError, TypeError, ValueError) as error:
                    return f"Fehler: {error}", gr.update()

            return run

        inputs = [clerk, meeting_id, label, new_name, faction, utterance_id, corrected, range_from, range_to]
        for button, kind in (
            (rename_button, "rename"),
            (merge_button, "merge"),
            (correct_button, "correct"),
            (hide_button, "hide"),
            (approve_button, "approve"),
            (publish_button, "publish"),
            (withdraw_button, "withdraw"),
        ):
            button.click(action(kind), inputs, [action_message, review])

        def show(who, mid):
            if not who:
                return "Bitte anmelden."
            try:
                return review_html(workspace.db(), int(mid))
            except (ProtokollError, TypeError, ValueError) as error:
                return f"Fehler: {_e(error)}"

        show_button.click(show, [clerk, meeting_id], review)
    return app


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860, block: bool = True):
    """Start the web interface; it binds to localhost unless a host is given."""
    import gradio as gr

    app = build_app(settings)
    public_root = Path(settings.data_dir) / "public"
    public_root.mkdir(parents=True, exist_ok=True)
    app.queue(default_concurrency_limit=4)
    return app.launch(
        server_name=host,
        server_port=port,
        allowed_paths=[str(public_root)],
        max_file_size=f"{int(settings.max_file_mb)}mb",
        show_error=False,
        prevent_thread_lock=not block,
        css=CSS,
        head=HEAD,
        theme=gr.themes.Default(),
    )
