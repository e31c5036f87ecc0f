"""The Gradio app: three tabs (the citizens' reader, search, the clerk's workspace) wired to the pages and services.

Telemetry is off (protokoll.telemetry_off). Only the public folder (the published renditions and
exports) is served as files; the original recordings never are. Who is a clerk is decided by the
session cookie of login.py, for every action anew.
"""

from pathlib import Path
from urllib.parse import urlencode

from protokoll import archive
from protokoll.archive.search import search_choices
from protokoll.config import Settings
from protokoll.errors import ProtokollError, UnknownMeetingError
from protokoll.interfaces.web.login import COOKIE, ClerkSessions, ClerksOnlyUploads, account_html, login_form_html
from protokoll.interfaces.web.pages import CSS, HEAD, escape, home_html, meeting_html, search_html
from protokoll.interfaces.web.security import KnownFunctionsOnly, SecurityHeaders
from protokoll.interfaces.web.workspace import (
    Workspace,
    audit_html,
    form_message,
    jobs_html,
    meetings_table,
    review_html,
)
from protokoll.services import MEMBER_COLUMNS, Services

__all__ = ["build_app", "serve"]


def _reader(settings: Settings, workspace: Workspace, request) -> str:
    params = request.query_params if request else {}
    language = "en" if params.get("lang") == "en" else "de"
    db = workspace.db()
    try:
        if params.get("meeting"):
            at = float(params["t"]) if params.get("t") else None
            page = int(params["page"]) if params.get("page") else None
            return meeting_html(db, int(params["meeting"]), at, language, page, settings.data_dir)
    except (ValueError, UnknownMeetingError) as error:
        return f'<div class="pk"><p role="alert">{escape(error)}</p><p><a href="?">Alle Sitzungen</a></p></div>'
    return home_html(db, language)


def _search_tab(gr, workspace: Workspace):
    """The search; return a function for the page's load that fills the filters' choices (bodies, speakers and
    factions of published meetings), with the components it fills."""
    gr.HTML('<h1 class="pk">Suche in den Sitzungen</h1>')
    with gr.Row():
        query = gr.Textbox(label="Suchbegriff", elem_id="query", scale=3)
        search_button = gr.Button("Suchen", variant="primary", elem_id="search-button")
    with gr.Row():
        body = gr.Dropdown([], label="Gremium", elem_id="filter-body")
        date_from = gr.Textbox(label="Datum ab (TT.MM.JJJJ)", elem_id="filter-from")
        date_to = gr.Textbox(label="Datum bis (TT.MM.JJJJ)", elem_id="filter-to")
        speaker = gr.Dropdown([], label="Sprecherin oder Sprecher", elem_id="filter-speaker")
        faction = gr.Dropdown([], label="Fraktion", elem_id="filter-faction")
        item = gr.Textbox(label="Tagesordnungspunkt (Nummer oder Titel)", elem_id="filter-item")
    results = gr.HTML(elem_id="results")

    def run(q, body, date_from, date_to, speaker, faction, item):
        found = search_html(workspace.db(), workspace.services.embedder, q, body, date_from, date_to, speaker, item,
                            faction)  # fmt: skip
        if not (q or "").strip():
            return found
        # The same search as a page of its own, whose address can be kept and shared.
        asked = {"q": q, "gremium": body, "von": date_from, "bis": date_to, "sprecher": speaker, "fraktion": faction,
                 "top": item}  # fmt: skip
        address = "suche?" + urlencode({key: value for key, value in asked.items() if value})
        link = f'<p><a href="{escape(address)}">Link zu dieser Suche</a></p>'
        return found[: -len("</div>")] + link + "</div>"  # inside the results' box

    for trigger in (query.submit, search_button.click):
        trigger(run, [query, body, date_from, date_to, speaker, faction, item], results)

    def choices():
        known = search_choices(workspace.db())
        return (gr.update(choices=["", *known["bodies"]]), gr.update(choices=["", *known["speakers"]]),
                gr.update(choices=["", *known["factions"]]))  # fmt: skip

    return choices, [body, speaker, faction]


def _upload_panel(gr, workspace: Workspace, clerk) -> tuple:
    gr.Markdown("## Aufzeichnung hochladen")
    upload = gr.File(label="Aufzeichnung", file_types=["audio", "video"], elem_id="upload")
    with gr.Row():
        title = gr.Textbox(label="Titel", elem_id="title")
        date = gr.Textbox(label="Datum (TT.MM.JJJJ)", elem_id="date")
        body = gr.Textbox(label="Gremium", elem_id="body")
    agenda = gr.File(label="Tagesordnung (optional)", elem_id="agenda")
    start_button = gr.Button("Verarbeiten", variant="primary", elem_id="start")
    start_message = gr.Markdown(elem_id="start-message")
    jobs = gr.HTML(elem_id="jobs")

    def start(request: gr.Request, path, title_, date_, body_, agenda_path):
        if not clerk(request):
            return "Bitte anmelden."
        if not path:
            return "Bitte eine Aufzeichnung wählen."
        try:
            return workspace.start_ingest(path, title_, date_, body_, agenda_path, clerk(request))
        except ProtokollError as error:
            return f"Fehler: {error}"

    start_button.click(start, [upload, title, date, body, agenda], start_message)
    return jobs


_MEMBER_HEADERS = ["Nr.", "Name", "Fraktion", "Rolle", "von (JJJJ-MM-TT)", "bis (JJJJ-MM-TT)"]


def _members_panel(gr, workspace: Workspace, clerk) -> None:
    """A body's members: imported from CSV or OParl JSON, then edited in a table (the table is the
    members CSV: a new row adds a member, an emptied row removes one, a changed name corrects it)."""
    with gr.Accordion("Mitglieder eines Gremiums", open=False):
        members_body = gr.Textbox(label="Gremium", elem_id="members-body")
        with gr.Row():
            members_file = gr.File(label="Mitgliederliste (CSV oder OParl-JSON)", file_types=[".csv", ".json"],
                                   elem_id="members-file")  # fmt: skip
            import_button = gr.Button("Importieren", elem_id="members-import")
            show_button = gr.Button("Tabelle anzeigen", elem_id="members-show")
        table = gr.Dataframe(headers=_MEMBER_HEADERS, datatype="str", type="array", interactive=True,
                             col_count=(len(_MEMBER_HEADERS), "fixed"), elem_id="members-table")  # fmt: skip
        save_button = gr.Button("Tabelle speichern", elem_id="members-save")
        members_message = gr.Markdown(elem_id="members-message")

    def rows_of(body):
        rows = archive.body_memberships(workspace.db(), " ".join((body or "").split()))
        return [[r["person_id"], r["name"], r["faction"] or "", r["role"] or "", r["start_date"] or "",
                 r["end_date"] or ""] for r in rows]  # fmt: skip

    def counted(counts) -> str:
        return (f"{counts['persons']} Personen, {counts['organizations']} Fraktionen und Gruppen, "
                f"{counts['memberships']} Mitgliedschaften gespeichert.")  # fmt: skip

    def run_import(request: gr.Request, path, body):
        who = clerk(request)
        if not who:
            return "Bitte anmelden.", gr.update()
        if not path:
            return "Bitte eine Mitgliederliste wählen.", gr.update()
        try:
            counts = workspace.services.import_members(path, body, who)
        except ProtokollError as error:
            return f"Fehler: {error}", gr.update()
        return counted(counts), rows_of(body)

    def show(request: gr.Request, body):
        if not clerk(request):
            return "Bitte anmelden.", gr.update()
        rows = rows_of(body)
        if rows:
            return "", rows
        return f"{body or 'Das Gremium'} hat noch keine Mitglieder: Zeilen eintragen, dann speichern.", [[""] * 6]

    def save(request: gr.Request, body, rows):
        who = clerk(request)
        if not who:
            return "Bitte anmelden.", gr.update()
        columns = ("person_id", *MEMBER_COLUMNS)
        try:
            edited = [dict(zip(columns, row, strict=False)) for row in rows or []]
            counts = workspace.services.save_members(body, edited, who)
        except ProtokollError as error:
            return f"Fehler: {error}", gr.update()
        return counted(counts), rows_of(body)

    import_button.click(run_import, [members_file, members_body], [members_message, table])
    show_button.click(show, [members_body], [members_message, table])
    save_button.click(save, [members_body, table], [members_message, table])


def _review_panel(gr, workspace: Workspace, clerk) -> tuple:
    """The review of one meeting; return its meeting field, message line and review (a table row or a form's return
    fills them). Every action is a form inside the review (ClerkForms): nothing is typed but names and text."""
    meeting_id = gr.Number(label="Sitzung (id; oder eine Zeile der Tabelle anklicken)", precision=0,
                           elem_id="meeting-id")  # fmt: skip
    show_button = gr.Button("Anzeigen", elem_id="show")
    action_message = gr.Markdown(elem_id="action-message")
    review = gr.HTML(elem_id="review")

    def show(request: gr.Request, mid):
        if not clerk(request):
            return "Bitte anmelden."
        try:
            return review_html(workspace.db(), int(mid))
        except (ProtokollError, TypeError, ValueError) as error:
            return f"Fehler: {escape(error)}"

    show_button.click(show, [meeting_id], review)
    return meeting_id, action_message, review


def _audit_panel(gr, workspace: Workspace, clerk) -> None:
    """Who changed what, when: the audit table, newest first, for one meeting or for all."""
    with gr.Accordion("Änderungsprotokoll", open=False):
        with gr.Row():
            meeting = gr.Number(label="nur Sitzung (id, leer: alle)", precision=0, elem_id="audit-meeting")
            show = gr.Button("Änderungen anzeigen", elem_id="audit-show")
        entries = gr.HTML(elem_id="audit")

        def run(request: gr.Request, mid):
            if not clerk(request):
                return "Bitte anmelden."
            return audit_html(workspace.db(), int(mid) if mid else None)

        show.click(run, [meeting], entries)


def _workspace_tab(gr, workspace: Workspace, clerk):
    """The clerk's desk behind the login form; return what the page's load fills in."""
    gr.HTML('<h1 class="pk">Verwaltung</h1>')
    login_area = gr.HTML(elem_id="login-area")
    with gr.Column(visible=False) as desk:
        account = gr.HTML(elem_id="account")
        jobs = _upload_panel(gr, workspace, clerk)
        timer = gr.Timer(2.0)
        gr.Markdown("## Sitzungen")
        table = gr.Dataframe(headers=["id", "Datum", "Titel", "Status", "Gremium"], interactive=False,
                             elem_id="meetings")  # fmt: skip
        meeting_id, action_message, review = _review_panel(gr, workspace, clerk)
        _members_panel(gr, workspace, clerk)
        _audit_panel(gr, workspace, clerk)

    def choose(request: gr.Request, chosen: gr.SelectData):
        """A click on a row of the meetings table opens that meeting's review."""
        if not clerk(request) or not chosen.row_value:
            return gr.update(), gr.update()
        mid = int(chosen.row_value[0])
        return mid, review_html(workspace.db(), mid)

    table.select(choose, None, [meeting_id, review])

    def refresh(request: gr.Request):
        if not clerk(request):
            return gr.update(), gr.update()
        db = workspace.db()
        return jobs_html(db), meetings_table(db)

    timer.tick(refresh, None, [jobs, table])
    return login_area, desk, account, table, (meeting_id, action_message, review)


def _reopened(gr, workspace: Workspace, params) -> tuple:
    """After one of the review's forms (`?review=ID&done=…`): that meeting's review, open, with what was done."""
    try:
        meeting_id = int(params.get("review") or 0)
        review = review_html(workspace.db(), meeting_id) if meeting_id else None
    except (ProtokollError, ValueError):
        meeting_id, review = 0, None
    message = form_message(params.get("done") or "")
    if review is None:
        return gr.update(), message or gr.update(), gr.update()
    return meeting_id, message, review


def build_app(
    settings: Settings, sessions: ClerkSessions, embedder=None, pipeline_factory=None, queue=None, services=None
):
    """Return the Gradio Blocks app; `sessions` tells who is logged in (see login.py); uploads go to `queue`."""
    import gradio as gr

    services = services or Services(settings, pipeline_factory=pipeline_factory, embedder=embedder)
    workspace = Workspace(settings, services, queue)

    def clerk(request) -> str | None:
        return sessions.clerk(request.cookies if request else None)

    with gr.Blocks(title="Protokoll", analytics_enabled=False) as app:
        with gr.Tabs() as tabs:
            with gr.Tab("Sitzungen", id="reader"):
                reader = gr.HTML(elem_id="reader")
            with gr.Tab("Suche", id="search"):
                search_choices_now, search_filters = _search_tab(gr, workspace)
            with gr.Tab("Verwaltung", id="verwaltung"):
                login_area, desk, account, table, opened = _workspace_tab(gr, workspace, clerk)

        def open_page(request: gr.Request):
            params = request.query_params if request else {}
            who = clerk(request)
            tab = gr.update(selected="verwaltung") if params.get("tab") == "verwaltung" else gr.update()
            if who:
                return (_reader(settings, workspace, request), tab, gr.update(visible=False, value=""),
                        gr.update(visible=True), account_html(who), meetings_table(workspace.db()),
                        *_reopened(gr, workspace, params))  # fmt: skip
            if request and request.cookies.get(COOKIE) and not params.get("login"):
                params = {**params, "login": "expired"}
            return (_reader(settings, workspace, request), tab, gr.update(visible=True, value=login_form_html(params)),
                    gr.update(visible=False), "", gr.update(), gr.update(), gr.update(), gr.update())  # fmt: skip

        app.load(open_page, None, [reader, tabs, login_area, desk, account, table, *opened])
        app.load(search_choices_now, None, search_filters)
    return app


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860, block: bool = True, worker: bool = True):
    """Start the web interface; it binds to localhost unless a host is given.

    With `worker`, this process also processes queued recordings (one at a time) and sweeps the job
    ledger; without, only workers elsewhere (`protokoll worker`) do.
    """
    import gradio as gr
    from starlette.middleware import Middleware
    from starlette.routing import Mount

    from protokoll.interfaces.web.oparl import OParlRoutes, PublicFiles
    from protokoll.interfaces.web.opendata import bulk_routes
    from protokoll.interfaces.web.reader import ReaderPages
    from protokoll.interfaces.web.workers import WorkerAPI
    from protokoll.interfaces.web.workspace import ClerkForms
    from protokoll.processing.queue import JobQueue, Sweeper
    from protokoll.processing.worker import Worker

    sessions = ClerkSessions(settings)
    queue = JobQueue(settings)
    services = Services(settings)
    app = build_app(settings, sessions, queue=queue, services=services)
    workspace = Workspace(settings, services, queue)
    public_root = Path(settings.data_dir) / "public"
    public_root.mkdir(parents=True, exist_ok=True)
    app.queue(default_concurrency_limit=4)
    processing = Worker(settings, queue=queue, services=services) if worker else None  # one set of models
    if processing is not None:
        processing.start()
    else:
        Sweeper(services, queue).start()  # workers elsewhere die too; their jobs must come back
    try:
        return app.launch(
            app_kwargs={
                # The published files are served by this route alone, never through Gradio's file route.
                "routes": [
                    *sessions.routes(),
                    *ClerkForms(sessions, workspace).routes(),
                    *WorkerAPI(services, queue).routes(),
                    *OParlRoutes(settings).routes(),
                    *bulk_routes(settings),
                    *ReaderPages(settings, embedder=lambda: services.embedder).routes(),
                    Mount("/public", app=PublicFiles(settings), name="public"),
                ],
                "middleware": [
                    Middleware(SecurityHeaders),
                    Middleware(ClerksOnlyUploads, sessions=sessions),
                    Middleware(KnownFunctionsOnly, functions=lambda: set(app.fns)),
                ],
            },
            server_name=host,
            server_port=port,
            max_file_size=f"{int(settings.max_file_mb)}mb",
            show_error=False,
            footer_links=[],  # citizens get no "Use via API" or "Built with Gradio"; the app is theirs
            prevent_thread_lock=not block,
            css=CSS,
            head=HEAD,
            theme=gr.themes.Default(),
        )
    finally:
        if processing is not None and block:
            processing.stop()
