"""The citizens' reader as pages of the server itself (`sitzungen/` and `sitzungen/ID`): plain HTML that
loads at once, works without scripts and can be indexed, with a small script on top.

The pages are the same as the app's reader tab (`pages.meeting_html`, `pages.home_html`), addressed
by paths. Every time link is a real link (`sitzungen/ID?t=S#uN`: without scripts the server renders
the transcript page holding that second and the browser scrolls to its utterance); with scripts, a
link to this page's transcript seeks the player instead of loading the page, the player stays in
view, the utterance being heard is highlighted as playback goes on, and "Link zu dieser Stelle"
gives the address of the current second.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.routing import Route

from protokoll.archive.opendata import meeting_row
from protokoll.archive.search import search_choices
from protokoll.config import Settings
from protokoll.errors import UnknownMeetingError
from protokoll.interfaces.web.oparl import ArchivePerThread
from protokoll.interfaces.web.pages import (
    CSS,
    PAGES,
    Addresses,
    escape,
    home_html,
    meeting_html,
    search_html,
)

__all__ = ["ReaderPages"]

_TEXTS = {
    "de": {"skip": "Zum Inhalt", "meetings": "Sitzungen", "search": "Suche",
           "title": "Ratssitzungen", "unknown": "Diese Sitzung gibt es nicht (mehr)."},
    "en": {"skip": "Skip to content", "meetings": "Meetings", "search": "Search",
           "title": "Council meetings", "unknown": "This meeting does not exist (any more)."},
}  # fmt: skip

_PAGE_CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 0 auto; padding: 0 1rem 4rem; color: #1a1a1a; }
header nav a { margin-right: 1em; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; }
.pk audio { display: block; }
.player { position: sticky; top: 0; background: #fff; padding: 0.5em 0; z-index: 1; border-bottom: 1px solid #ccc; }
.player button { border: 1px solid #767676; border-radius: 4px; padding: 0.3em 1em; background: #fff; }
.pk .utterance { scroll-margin-top: 7em; }
form.search label { display: block; margin-top: 0.6em; font-weight: 600; }
form.search input, form.search select { font-size: 1rem; padding: 0.3em; border: 1px solid #767676;
  border-radius: 4px; }
form.search input[type=search] { width: min(30rem, 100%); }
form.search button { font-size: 1rem; padding: 0.35em 1.2em; margin-left: 0.4em; }
form.search fieldset { margin-top: 1em; border: 1px solid #ccc; }
"""

# Seeks instead of loading where the link's second is on this transcript page; highlights what is heard.
_SCRIPT = """
(() => {
  const player = document.getElementById("player");
  if (!player) return;
  const lines = [...document.querySelectorAll(".utterance[data-start]")];
  const here = location.pathname;
  const status = document.getElementById("share-status");
  let current = document.querySelector(".utterance.current");
  function mark(line) {
    if (line === current) return;
    if (current) current.classList.remove("current");
    current = line;
    if (line) line.classList.add("current");
  }
  function lineAt(seconds) {
    let found = null;
    for (const line of lines) { if (parseFloat(line.dataset.start) < seconds + 1) found = line; else break; }
    return found;
  }
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[href]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = new URL(link.href, location.href);
    const t = target.searchParams.get("t");
    if (t === null || target.pathname !== here) return;
    const line = target.hash ? document.getElementById(target.hash.slice(1)) : lineAt(+t);
    if (!line) return;  // on another transcript page: let the server render it
    event.preventDefault();
    player.currentTime = +t;
    player.play().catch(() => {});
    mark(line);
    line.scrollIntoView({ block: "center" });
    history.replaceState(null, "", target.pathname + target.search + target.hash);
  });
  player.addEventListener("timeupdate", () => {
    const line = lineAt(player.currentTime - 1);
    if (line) mark(line);
  });
  const share = document.getElementById("share");
  if (share) share.addEventListener("click", () => {
    const address = new URL(location.href);
    address.searchParams.set("t", Math.floor(player.currentTime));
    address.hash = current ? current.id : "";
    history.replaceState(null, "", address.pathname + address.search + address.hash);
    if (navigator.clipboard) navigator.clipboard.writeText(address.href).catch(() => {});
    status.textContent = share.dataset.copied + ": " + address.href;
  });
})();
"""


def _document(body: str, title: str, language: str, root: str = "../") -> str:
    texts = _TEXTS[language]
    home = f"{root}sitzungen/{'?lang=en' if language == 'en' else ''}"
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}{_PAGE_CSS}</style></head><body>"
        f'<a class="skip" href="#main">{texts["skip"]}</a>'
        f'<header><nav aria-label="{texts["title"]}"><a href="{home}">'
        f'{texts["meetings"]}</a><a href="{root}suche">{texts["search"]}</a></nav></header>'
        f'<main id="main">{body}</main><script>{_SCRIPT}</script></body></html>'
    )


class ReaderPages:
    """The routes of the server-rendered reader and search over one archive; `embedder` gives the
    sentence encoder for meaning search (loaded at the first search)."""

    def __init__(self, settings: Settings, embedder=None):
        self.settings = settings
        self._db = ArchivePerThread(settings)
        self._embedder = embedder

    def routes(self) -> list[Route]:
        return [
            Route("/suche", self.search, methods=["GET", "HEAD"]),
            Route("/sitzungen", lambda request: RedirectResponse("sitzungen/"), methods=["GET", "HEAD"]),
            Route("/sitzungen/", self.home, methods=["GET", "HEAD"]),
            Route("/sitzungen/{meeting:int}", self.meeting, methods=["GET", "HEAD"]),
        ]

    @staticmethod
    def _language(request: Request) -> str:
        return "en" if request.query_params.get("lang") == "en" else "de"

    async def home(self, request: Request):
        language = self._language(request)
        body = await run_in_threadpool(lambda: home_html(self._db(), language, PAGES))
        return HTMLResponse(_document(body, _TEXTS[language]["title"], language))

    async def search(self, request: Request):
        """The search as a page whose address holds the query and filters (a GET form): bookmarkable,
        shareable, and usable without scripts."""
        asked = {name: request.query_params.get(name, "")[:500] for name in _SEARCH_FIELDS}

        def render() -> str:
            db = self._db()
            form = _search_form(asked, search_choices(db))
            if not asked["q"].strip():
                return form
            embedder = self._embedder() if self._embedder else None
            return form + search_html(db, embedder, asked["q"], asked["gremium"], asked["von"], asked["bis"],
                                      asked["sprecher"], asked["top"], asked["fraktion"], SEARCH)  # fmt: skip

        body = await run_in_threadpool(render)
        title = f"Suche: {asked['q']}" if asked["q"].strip() else "Suche in den Ratssitzungen"
        return HTMLResponse(_document(body, title, "de", root=""))

    async def meeting(self, request: Request):
        language = self._language(request)
        meeting_id = request.path_params["meeting"]
        try:
            at = _number(request.query_params.get("t"), float)
            page = _number(request.query_params.get("page"), int)
        except ValueError:
            message = '<div class="pk"><p role="alert">t and page must be positive numbers.</p></div>'
            return HTMLResponse(_document(message, _TEXTS[language]["title"], language), status_code=400)

        def render() -> tuple[str, str]:
            body = meeting_html(self._db(), meeting_id, at, language, page, self.settings.data_dir, PAGES)
            return body, meeting_row(self._db(), meeting_id)["title"]

        try:
            body, title = await run_in_threadpool(render)
        except UnknownMeetingError:
            texts = _TEXTS[language]
            missing = f'<div class="pk"><p role="alert">{texts["unknown"]}</p></div>'
            return HTMLResponse(_document(missing, texts["title"], language), status_code=404)
        return HTMLResponse(_document(body, title, language))


# The search page's fields, as they appear in its address.
_SEARCH_FIELDS = ("q", "gremium", "von", "bis", "sprecher", "fraktion", "top")
SEARCH = Addresses(root="", paths=True)  # the search page lies at the server's root, beside sitzungen/


def _search_form(asked: dict, known: dict[str, list[str]]) -> str:
    """The search form, filled with what was asked: bodies to choose from, dates as date fields, speakers and
    factions offered as they are typed (the published ones)."""
    options = "".join(
        f"<option{' selected' if b == asked['gremium'] else ''}>{escape(b)}</option>" for b in known["bodies"]
    )

    def field(name: str, label: str, kind: str = "text", offered: list[str] | None = None) -> str:
        listed = f' list="l-{name}"' if offered else ""
        values = "".join(f'<option value="{escape(value)}">' for value in offered or [])
        return (f'<label for="f-{name}">{label}</label>'
                f'<input id="f-{name}" name="{name}" type="{kind}" value="{escape(asked[name])}"{listed}>'
                + (f'<datalist id="l-{name}">{values}</datalist>' if offered else ""))  # fmt: skip

    return (
        '<div class="pk"><h1>Suche in den Ratssitzungen</h1>'
        '<form class="search" method="get" action="suche" role="search">'
        f'{field("q", "Suchbegriff", "search")}<button type="submit">Suchen</button>'
        "<fieldset><legend>Eingrenzen (freiwillig)</legend>"
        f'<label for="f-gremium">Gremium</label><select id="f-gremium" name="gremium"><option value="">alle</option>'
        f"{options}</select>"
        f"{field('von', 'Datum ab', 'date')}{field('bis', 'Datum bis', 'date')}"
        f"{field('sprecher', 'Sprecherin oder Sprecher', offered=known['speakers'])}"
        f"{field('fraktion', 'Fraktion', offered=known['factions'])}"
        f"{field('top', 'Tagesordnungspunkt (Nummer oder Titel)')}"
        "</fieldset></form></div>"
    )


def _number(value, kind):
    if value in (None, ""):
        return None
    number = kind(value)
    if number < 0 or number != number or number > 10**7:
        raise ValueError(value)
    return number
