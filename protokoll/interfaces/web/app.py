"""The Gradio app: three tabs (the citizens' reader, search, the clerk's workspace) wired to the pages and services.

Telemetry is off: Gradio's analytics are disabled before it is imported. Only the public folder
(the published renditions and exports) is served as files; the original recordings never are.
"""

import os
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported: no telemetry

from protokoll import archive  # noqa: E402
from protokoll.config import Settings  # noqa: E402
from protokoll.errors import ProtokollError, UnknownMeetingError  # noqa: E402
from protokoll.interfaces.web.pages import CSS, HEAD, escape, home_html, meeting_html, search_html  # noqa: E402
from protokoll.interfaces.web.security import LoginThrottle, SecurityHeaders  # noqa: E402
from protokoll.interfaces.web.workspace import Workspace, jobs_html, meetings_table, review_html  # noqa: E402
from protokoll.minutes.votes import RESULTS  # noqa: E402
from protokoll.services import Services  # noqa: E402

__all__ = ["build_app", "serve"]

_ACTIONS = ("rename", "merge", "confirm", "reject", "correct", "hide", "decide", "approve", "publish", "withdraw")


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


def _search_tab(gr, workspace: Workspace) -> None:
    with gr.Row():
        query = gr.Textbox(label="Suchbegriff", elem_id="query", scale=3)
        search_button = gr.Button("Suchen", variant="primary", elem_id="search-button")
    with gr.Row():
        filters = [
            gr.Textbox(label="Gremium"),
            gr.Textbox(label="Datum ab (JJJJ-MM-TT)"),
            gr.Textbox(label="Datum bis (JJJJ-MM-TT)"),
            gr.Textbox(label="Sprecher"),
            gr.Textbox(label="Tagesordnungspunkt (Nummer oder Titel)"),
        ]
    results = gr.HTML(elem_id="results")

    def run(q, *values):
        return search_html(workspace.db(), workspace.services.embedder, q, *values)

    for trigger in (query.submit, search_button.click):
        trigger(run, [query, *filters], results)


# One per server process: failed logins by account and by address (see security.LoginThrottle).
THROTTLE = LoginThrottle()


def _login_box(gr, workspace: Workspace, clerk):
    """Build the login form; return a function that wires it to the desk it opens and the meeting table."""
    with gr.Group(visible=True) as login_box:
        username = gr.Textbox(label="Benutzername", elem_id="username")
        password = gr.Textbox(label="Passwort", type="password", elem_id="password")
        login_button = gr.Button("Anmelden", elem_id="login")
        login_message = gr.Markdown()

    def login(name, secret, request: gr.Request):
        address = request.client.host if request and request.client else None
        wait = THROTTLE.wait(name, address)
        if wait > 0:
            refused = f"Zu viele Fehlversuche. Bitte in {int(wait) + 1} Sekunden erneut versuchen."
            return None, gr.update(), gr.update(), refused, gr.update()
        if archive.verify_clerk(workspace.db(), name, secret):
            THROTTLE.succeeded(name, address)
            return name, gr.update(visible=False), gr.update(visible=True), "", meetings_table(workspace.db())
        THROTTLE.failed(name, address)
        return None, gr.update(), gr.update(), "Anmeldung fehlgeschlagen.", gr.update()

    def wire(desk, table) -> None:
        outputs = [clerk, login_box, desk, login_message, table]
        login_button.click(login, [username, password], outputs)
        password.submit(login, [username, password], outputs)

    return wire


def _upload_panel(gr, workspace: Workspace, clerk) -> tuple:
    gr.Markdown("### Aufzeichnung hochladen")
    upload = gr.File(label="Aufzeichnung", file_types=["audio", "video"], elem_id="upload")
    with gr.Row():
        title = gr.Textbox(label="Titel", elem_id="title")
        date = gr.Textbox(label="Datum (JJJJ-MM-TT)", elem_id="date")
        body = gr.Textbox(label="Gremium", elem_id="body")
    agenda = gr.File(label="Tagesordnung (optional)", elem_id="agenda")
    start_button = gr.Button("Verarbeiten", variant="primary", elem_id="start")
    start_message = gr.Markdown(elem_id="start-message")
    jobs = gr.HTML(elem_id="jobs")

    def start(who, path, title_, date_, body_, agenda_path):
        if not who:
            return "Bitte anmelden."
        if not path:
            return "Bitte eine Aufzeichnung wählen."
        try:
            return workspace.start_ingest(path, title_, date_, body_, agenda_path)
        except ProtokollError as error:
            return f"Fehler: {error}"

    start_button.click(start, [clerk, upload, title, date, body, agenda], start_message)
    return jobs


def _members_panel(gr, workspace: Workspace, clerk) -> None:
    """Import a body's members (CSV or OParl JSON), so that names are suggested and factions shown."""
    with gr.Accordion("Mitglieder eines Gremiums importieren", open=False):
        members_file = gr.File(label="Mitgliederliste (CSV oder OParl-JSON)", file_types=[".csv", ".json"],
                               elem_id="members-file")  # fmt: skip
        members_body = gr.Textbox(label="Gremium", elem_id="members-body")
        import_button = gr.Button("Importieren", elem_id="members-import")
        members_message = gr.Markdown(elem_id="members-message")

    def run(who, path, body):
        if not who:
            return "Bitte anmelden."
        if not path:
            return "Bitte eine Mitgliederliste wählen."
        try:
            counts = workspace.services.import_members(path, body, who)
        except ProtokollError as error:
            return f"Fehler: {error}"
        return (f"{counts['persons']} Personen, {counts['organizations']} Fraktionen und Gruppen, "
                f"{counts['memberships']} Mitgliedschaften importiert.")  # fmt: skip

    import_button.click(run, [clerk, members_file, members_body], members_message)


def _review_panel(gr, workspace: Workspace, clerk) -> None:
    meeting_id = gr.Number(label="Sitzung (id)", precision=0, elem_id="meeting-id")
    show_button = gr.Button("Anzeigen", elem_id="show")
    buttons = {}
    with gr.Row():
        label = gr.Textbox(label="Sprecherkennung (z. B. SPEAKER_00)", elem_id="label")
        new_name = gr.Textbox(label="Name oder zweite Kennung", elem_id="new-name")
        faction = gr.Textbox(label="Fraktion (optional)", elem_id="faction")
        buttons["rename"] = gr.Button("Umbenennen", elem_id="rename")
        buttons["merge"] = gr.Button("Zusammenführen", elem_id="merge")
    with gr.Row():
        suggestion_id = gr.Number(label="Namensvorschlag (id)", precision=0, elem_id="suggestion-id")
        buttons["confirm"] = gr.Button("Vorschlag annehmen", elem_id="confirm")
        buttons["reject"] = gr.Button("Vorschlag ablehnen", elem_id="reject")
    with gr.Row():
        utterance_id = gr.Number(label="Äußerung (#)", precision=0, elem_id="utterance-id")
        corrected = gr.Textbox(label="Korrigierter Text", elem_id="corrected")
        buttons["correct"] = gr.Button("Text korrigieren", elem_id="correct")
    with gr.Row():
        range_from = gr.Number(label="Nichtöffentlich ab (s)", elem_id="range-from")
        range_to = gr.Number(label="bis (s)", elem_id="range-to")
        buttons["hide"] = gr.Button("Nichtöffentlich markieren", elem_id="hide")
    with gr.Row():
        vote_id = gr.Number(label="Abstimmung (id)", precision=0, elem_id="vote-id")
        vote_result = gr.Dropdown(list(RESULTS), label="Ergebnis", elem_id="vote-result")
        buttons["decide"] = gr.Button("Ergebnis festlegen", elem_id="decide")
    with gr.Row():
        buttons["approve"] = gr.Button("Zusammenfassungen freigeben", elem_id="approve")
        buttons["publish"] = gr.Button("Veröffentlichen", variant="primary", elem_id="publish")
        buttons["withdraw"] = gr.Button("Zurückziehen", elem_id="withdraw")
    action_message = gr.Markdown(elem_id="action-message")
    review = gr.HTML(elem_id="review")

    def action(kind):
        def run(who, *values):
            if not who:
                return "Bitte anmelden.", ""
            try:
                message, mid = workspace.act(kind, who, *values)
                return message, review_html(workspace.db(), mid)
            except (ProtokollError, ValueError) as error:
                return f"Fehler: {error}", gr.update()

        return run

    inputs = [clerk, meeting_id, label, new_name, faction, utterance_id, corrected, range_from, range_to, vote_id,
              vote_result, suggestion_id]  # fmt: skip
    for kind in _ACTIONS:
        buttons[kind].click(action(kind), inputs, [action_message, review])

    def show(who, mid):
        if not who:
            return "Bitte anmelden."
        try:
            return review_html(workspace.db(), int(mid))
        except (ProtokollError, TypeError, ValueError) as error:
            return f"Fehler: {escape(error)}"

    show_button.click(show, [clerk, meeting_id], review)


def _workspace_tab(gr, workspace: Workspace) -> None:
    clerk = gr.State(None)
    wire_login = _login_box(gr, workspace, clerk)
    with gr.Column(visible=False) as desk:
        jobs = _upload_panel(gr, workspace, clerk)
        timer = gr.Timer(2.0)
        gr.Markdown("### Sitzungen")
        table = gr.Dataframe(headers=["id", "Datum", "Titel", "Status", "Gremium"], interactive=False)
        _review_panel(gr, workspace, clerk)
        _members_panel(gr, workspace, clerk)
    wire_login(desk, table)

    def refresh(who):
        if not who:
            return gr.update(), gr.update()
        db = workspace.db()
        return jobs_html(db), meetings_table(db)

    timer.tick(refresh, clerk, [jobs, table])


def build_app(settings: Settings, embedder=None, pipeline_factory=None):
    """Return the Gradio Blocks app."""
    import gradio as gr

    workspace = Workspace(settings, Services(settings, pipeline_factory=pipeline_factory, embedder=embedder))
    with gr.Blocks(title="Protokoll", analytics_enabled=False) as app:
        with gr.Tabs():
            with gr.Tab("Sitzungen", id="reader"):
                reader = gr.HTML(elem_id="reader")
            with gr.Tab("Suche", id="search"):
                _search_tab(gr, workspace)
            with gr.Tab("Verwaltung", id="workspace"):
                _workspace_tab(gr, workspace)

        def open_page(request: gr.Request):
            return _reader(settings, workspace, request)

        app.load(open_page, None, reader)
    return app


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860, block: bool = True):
    """Start the web interface; it binds to localhost unless a host is given."""
    import gradio as gr
    from starlette.middleware import Middleware

    app = build_app(settings)
    public_root = Path(settings.data_dir) / "public"
    public_root.mkdir(parents=True, exist_ok=True)
    app.queue(default_concurrency_limit=4)
    return app.launch(
        app_kwargs={"middleware": [Middleware(SecurityHeaders)]},
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
