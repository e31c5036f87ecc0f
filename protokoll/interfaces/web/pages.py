"""The public pages as HTML: the meeting list, one meeting (summary, decisions, agenda, player, transcript), search.

They read only through `archive.list_meetings(public_only=True)`, `archive.public_meeting` and
`search(..., public_only=True)`, so what is unpublished or non-public cannot reach them whatever
the page does. Deep links are `?meeting=ID&t=SECONDS` (and `&lang=en`); the player starts at that
second through a media fragment on the public audio rendition. Long transcripts are paged.
"""

import html
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from protokoll import archive
from protokoll.archive.search import SearchFilters, group_by_meeting, search
from protokoll.checks import date_from_form
from protokoll.errors import ProtokollError, ValidationError
from protokoll.minutes import wording
from protokoll.minutes.plain import ITEM_HEADING, date_text
from protokoll.minutes.text import clock
from protokoll.publication.public_files import PUBLIC_EXPORTS, public_folder
from protokoll.records import StoredMeeting, UtteranceRecord

__all__ = ["home_html", "meeting_html", "search_html", "PAGE_SIZE", "CSS", "HEAD", "escape"]

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
        "item": "TOP",
        "switch": "English",
        "not_dealt": "nicht behandelt",
        "not_found": "Beginn in der Aufzeichnung nicht erkannt",
        "no_summary": "Die Zusammenfassung wird noch geprüft.",
        "play_from": "Anhören ab",
        "speaking_time": "Redezeit",
        "person": "Person",
        "faction": "Fraktion",
        "minutes": "Minuten",
        "share": "Anteil",
        "no_faction": "ohne Fraktion",
        "in_plain": "In einfacher Sprache",
        "about": "Worum geht es?",
        "said": "Was wurde gesagt?",
        "decided": "Was wurde entschieden?",
        "next": "Wie geht es weiter?",
        "plain_pages": "Leseansicht (schnell, auch ohne JavaScript)",
        "no_body": "Ohne Gremium",
        "share_moment": "Link zu dieser Stelle",
        "copied": "Link kopiert",
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
        "item": "Item",
        "german_note": "Titles, names of groups, quotations and the transcript are in German, as they were said; "
        "they are not translated.",
        "switch": "Deutsch",
        "not_dealt": "not dealt with",
        "not_found": "start not found in the recording",
        "no_summary": "The summary is still being checked.",
        "play_from": "Listen from",
        "speaking_time": "Speaking time",
        "person": "Person",
        "faction": "Group",
        "minutes": "Minutes",
        "share": "Share",
        "no_faction": "no group",
        "in_plain": "In plain language",
        "about": "What is it about?",
        "said": "What was said?",
        "decided": "What was decided?",
        "next": "What happens next?",
        "plain_pages": "Reading view (fast, works without JavaScript)",
        "no_body": "No body given",
        "share_moment": "Link to this moment",
        "copied": "Link copied",
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
.pk .at { margin-left: 0.3em; font-size: 0.85em; }
.pk.login input { border: 1px solid #767676; border-radius: 4px; padding: 0.4em; min-width: 16em; }
.pk.login button, .pk.account button { border: 1px solid #767676; border-radius: 4px; padding: 0.3em 1em; }
.pk input:focus, .pk textarea:focus, .pk select:focus { outline: 3px solid #b35c00; outline-offset: 2px; }
.pk .review-action { margin: 0.4em 0; }
.pk .review-action input, .pk .review-action select, .pk .review-action textarea {
  border: 1px solid #767676; border-radius: 4px; padding: 0.2em 0.4em; }
.pk .review-action button { border: 1px solid #767676; border-radius: 4px; padding: 0.2em 0.8em; margin: 0 0.3em; }
.pk .rows li { margin: 0.5em 0; }
.pk .rows textarea { display: block; width: 100%; }
@media (max-width: 640px) { .pk { font-size: 1.05rem; } }
/* Gradio's defaults fail WCAG AA contrast: the primary button (white on orange, 2.8:1), the upload zones' "- or -". */
button.primary, button.primary:hover { background: #0b4f9c !important; border-color: #0b4f9c !important;
  color: #fff !important; }
button.primary:hover { background: #083b75 !important; }
.upload-container .or { color: #595959 !important; }
"""
HEAD = (
    '<script>document.documentElement.lang = new URLSearchParams(location.search).get("lang") || "de";'
    # Gradio names its upload zones "Click to upload or drop files" whatever they show; a screen reader user
    # who is told to say what is visible must be able to (WCAG 2.5.3, axe's label-content-name-mismatch).
    "new MutationObserver(() => document.querySelectorAll('.upload-container[aria-label]').forEach(zone => {"
    "const shown = zone.innerText.replace(/\\s+/g, ' ').trim();"
    "if (shown && zone.getAttribute('aria-label') !== shown) zone.setAttribute('aria-label', shown);"
    "})).observe(document.documentElement, {subtree: true, childList: true});"
    # Gradio's tabs take clicks only; the arrow keys, Home and End move between them as WAI-ARIA's tabs pattern says.
    "document.addEventListener('keydown', event => {"
    "const tab = event.target.closest && event.target.closest('[role=tab]');"
    "if (!tab || !['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;"
    "const tabs = [...tab.closest('[role=tablist]').querySelectorAll('[role=tab]')];"
    "const at = tabs.indexOf(tab), step = event.key === 'ArrowRight' ? 1 : -1;"
    "const next = event.key === 'Home' ? 0 : event.key === 'End' ? tabs.length - 1 :"
    " (at + step + tabs.length) % tabs.length;"
    "event.preventDefault(); tabs[next].focus(); tabs[next].click();"
    "});</script>"
)


def escape(text) -> str:
    """Return text (None as empty) escaped for HTML."""
    return html.escape(str(text if text is not None else ""))


def _link(**params) -> str:
    return "?" + urlencode({k: v for k, v in params.items() if v is not None})


@dataclass(frozen=True)
class Addresses:
    """How the public pages link to each other and to the public files, relative to the page itself (so
    they hold behind a proxy's path). `APP`: query strings of the app's start page (`?meeting=ID&t=S`);
    `PAGES`: the server-rendered reader (`sitzungen/ID?t=S`), one folder below the server's root."""

    root: str  # from the page to the server's root
    paths: bool  # the reader's own paths instead of the app's query strings

    def home(self, lang: str | None) -> str:
        return f"{self.root}sitzungen/{_link(lang=lang)}".rstrip("?") if self.paths else _link(lang=lang)

    def meeting(self, meeting_id: int, lang: str | None = None, t: int | None = None, page: int | None = None,
                anchor: int | None = None) -> str:  # fmt: skip
        fragment = f"#u{anchor}" if anchor is not None else ""
        if self.paths:
            query = _link(t=t, page=page, lang=lang)
            return f"{self.root}sitzungen/{meeting_id}{query if query != '?' else ''}{fragment}"
        return _link(meeting=meeting_id, t=t, page=page, lang=lang) + fragment

    def file(self, path: Path) -> str:
        """A file of `public/ID/` (served by app.serve's `public` route), without the server's own folders."""
        return f"{self.root}public/{path.parent.name}/{path.name}"


APP = Addresses(root="", paths=False)
PAGES = Addresses(root="../", paths=True)


# --- public pages -----------------------------------------------------------------------------


def home_html(db, language: str = "de", addresses: Addresses = APP) -> str:
    labels = LABELS[language]
    meetings = archive.list_meetings(db, public_only=True)
    parts = [f'<div class="pk"><h1>{labels["meetings"]}</h1>']
    if not meetings:
        parts.append(f"<p>{labels['none']}</p>")
    by_body: dict[str, list[dict]] = {}
    for meeting in meetings:
        by_body.setdefault(meeting["body"] or labels["no_body"], []).append(meeting)
    for body, rows in by_body.items():
        parts.append(f"<h2>{escape(body)}</h2><ul>")
        for meeting in rows:
            href = addresses.meeting(meeting["id"], lang=language if language != "de" else None)
            when = date_text(meeting["date"], language) or ""  # "12. November 2026", as people read dates
            parts.append(f'<li><a href="{href}">{escape(when)}: {escape(meeting["title"])}</a></li>')
        parts.append("</ul>")
    parts.append(f'<p><a href="{addresses.home("en" if language == "de" else None)}">{labels["switch"]}</a>')
    if not addresses.paths:  # the app's tab points to the reader's own pages
        reader = Addresses(root="", paths=True).home(None if language == "de" else language)
        parts.append(f' · <a href="{reader}">{labels["plain_pages"]}</a>')
    parts.append("</p></div>")
    return "".join(parts)


def meeting_html(
    db, meeting_id: int, at: float | None, language: str, page: int | None, data_dir: Path, addresses: Addresses = APP
) -> str:
    """The public page of one meeting: summary and decisions first, then agenda, player, transcript."""
    labels = LABELS[language]
    bundle = archive.public_meeting(db, meeting_id)
    meeting = bundle.meeting
    lang = language if language != "de" else None
    starts = [u.start for u in bundle.utterances]

    def at_link(seconds: float) -> str:
        # The utterance the second falls in is the link's anchor: the page scrolls to it without scripts.
        where = bisect_right(starts, int(seconds) + 1) - 1
        anchor = bundle.utterances[where].id if where >= 0 else None
        return addresses.meeting(meeting_id, lang=lang, t=int(seconds), anchor=anchor)

    switch = addresses.meeting(meeting_id, lang="en" if language == "de" else None)
    parts = [
        f'<div class="pk"><p><a href="{addresses.home(lang)}">← {labels["back"]}</a> · '
        f'<a href="{switch}">{labels["switch"]}</a></p>',
        f"<h1>{_german(meeting.title, language)}</h1><p>{_german(meeting.body or '', language)} · "
        f"{escape(date_text(meeting.date, language) or '')}</p>",
    ]
    if language == "en":
        parts.append(f'<p class="note">{labels["german_note"]}</p>')
    summary = bundle.summary("plain", None, language)
    parts.append(f"<h2>{labels['summary']}</h2>")
    parts.append(_plain_html(summary, labels, at_link) if summary else f"<p>{labels['no_summary']}</p>")
    titles = {i.id: f"{labels['item']} {escape(i.number)}: {_german(i.title, language)}" for i in bundle.agenda_items}
    parts.append(f"<h2>{labels['decisions']}</h2><ul>")
    for vote in bundle.votes:
        parts.append(
            f'<li><a class="decision" href="{at_link(vote.start)}">'
            f"{titles.get(vote.agenda_item_id, '')}: "
            f"{escape(wording.vote_text(vote, language))} – {labels['play_from']} {clock(vote.start)}</a></li>"
        )
    parts.append(f"</ul><h2>{labels['agenda']}</h2><ol>")
    for item in bundle.agenda_items:
        if item.start is None:
            state = labels["not_found" if item.unrecognised else "not_dealt"]
            parts.append(f"<li>{titles[item.id]} ({state})</li>")
        else:
            outcome = wording.item_result([v for v in bundle.votes if v.agenda_item_id == item.id])
            if outcome and language == "en":
                outcome = wording.ITEM_RESULTS_EN.get(outcome, outcome)
            plain = bundle.summary("plain", item.id, language)
            parts.append(
                f'<li><a href="{at_link(item.start)}">{titles[item.id]}</a> '
                f"[{clock(item.start)}]" + (f" – <strong>{escape(outcome)}</strong>" if outcome else "")
                + (f"<details><summary>{labels['in_plain']}</summary>{_plain_html(plain, labels, at_link, True)}"
                   "</details>" if plain and plain.sentences else "") + "</li>"
            )  # fmt: skip
    parts.append("</ol>")
    parts += _speaking_time_html(db, meeting_id, labels)
    folder = public_folder(data_dir, meeting_id)
    audio = folder / "audio.webm"
    if audio.is_file():
        start = f"#t={int(at)}" if at is not None else ""
        player = (
            f'<audio id="player" controls preload="metadata" aria-label="{labels["listen"]}" '
            f'src="{addresses.file(audio)}{start}">{_subtitles(folder, addresses)}</audio>'
        )
        if addresses.paths:  # the reader's own pages: a bar that stays in view, with their script's share button
            player = (
                f'<div class="player">{player}<button type="button" id="share" data-copied="{labels["copied"]}">'
                f'{labels["share_moment"]}</button> <span id="share-status" role="status"></span></div>'
            )
        parts.append(f"<h2>{labels['listen']}</h2>{player}")
    downloads = [f'<a href="{addresses.file(folder / f"protokoll.{fmt}")}" download>{fmt.upper()}</a>'
                 for fmt in PUBLIC_EXPORTS if (folder / f"protokoll.{fmt}").is_file()]  # fmt: skip
    if downloads:
        parts.append(f"<p>{labels['downloads']}: {' · '.join(downloads)}</p>")
    parts += _transcript_html(bundle, at, language, page, titles, at_link, addresses)
    parts.append("</div>")
    return "".join(parts)


def _subtitles(folder: Path, addresses: Addresses) -> str:
    """The transcript as the player's WebVTT track (for assistive technology and players that show it)."""
    vtt = folder / "protokoll.vtt"
    if not vtt.is_file():
        return ""
    return f'<track kind="subtitles" srclang="de" label="Deutsch" src="{addresses.file(vtt)}" default>'


def _german(text: str, language: str) -> str:
    """German content (titles, what was said) on an English page, marked so that screen readers speak it German."""
    return f'<span lang="de">{escape(text)}</span>' if language == "en" and text else escape(text)


def _plain_html(summary, labels: dict, at_link, by_part: bool = False) -> str:
    """A plain-language text, each sentence with a link to the moment it rests on; an item's text under the
    four questions it answers, the session's decisions as a list."""
    if not summary.sentences:
        return f"<p>{escape(summary.text)}</p>"

    def sentence(entry: dict) -> str:
        text = escape(entry["text"])
        if entry.get("start") is None:
            return text
        return (f'{text}<a class="at" href="{at_link(entry["start"])}" aria-label="{labels["play_from"]} '
                f'{clock(entry["start"])}">▶ {clock(entry["start"])}</a>')  # fmt: skip

    parts = []
    if by_part:
        for part in ("about", "said", "decided", "next"):
            entries = [e for e in summary.sentences if e["part"] == part]
            if entries:
                parts.append(f"<h4>{labels[part]}</h4><p>{' '.join(sentence(e) for e in entries)}</p>")
        return "".join(parts)
    decisions = [e for e in summary.sentences if e["part"] == "decided"]
    others = [e for e in summary.sentences if e["part"] != "decided"]
    if others:
        parts.append(f"<p>{sentence(others[0])}</p>")
    if decisions:
        parts.append(f"<p>{escape(decisions[0]['text'])}</p><ul>")
        parts += [f"<li>{sentence(e)}</li>" for e in decisions[1:]]
        parts.append("</ul>")
    # The rest in paragraphs, one for the session's facts and one for each item's part.
    paragraphs: list[list[str]] = []
    for entry in others[1:]:
        opens_item = entry["text"].startswith(tuple(ITEM_HEADING.values()))
        if opens_item or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(f"<strong>{sentence(entry)}</strong>" if opens_item else sentence(entry))
    parts += [f"<p>{' '.join(paragraph)}</p>" for paragraph in paragraphs]
    return "".join(parts)


def _speaking_time_html(db, meeting_id: int, labels: dict) -> list[str]:
    """Who spoke how long (of what the public sees), per person and per faction."""
    persons = archive.speaking_time(db, meeting_id, public_only=True)
    total = sum(r["seconds"] for r in persons)
    if not total:
        return []

    def table(column: str, rows: list[tuple[str, float]]) -> str:
        cells = "".join(
            f"<tr><td>{escape(name)}</td><td>{spoken / 60:.1f}</td><td>{100 * spoken / total:.0f} %</td></tr>"
            for name, spoken in rows
        )
        return (f'<table class="stats"><thead><tr><th scope="col">{column}</th><th scope="col">{labels["minutes"]}'
                f'</th><th scope="col">{labels["share"]}</th></tr></thead><tbody>{cells}</tbody></table>')  # fmt: skip

    parts = [
        f"<h2>{labels['speaking_time']}</h2>",
        table(
            labels["person"],
            [(f"{r['speaker']} ({r['faction']})" if r["faction"] else r["speaker"], r["seconds"]) for r in persons],
        ),  # fmt: skip
    ]
    factions = archive.speaking_time_by_faction(persons)
    if any(f["faction"] for f in factions):
        parts.append(table(labels["faction"], [(f["faction"] or labels["no_faction"], f["seconds"]) for f in factions]))
    return parts


def _transcript_html(
    bundle: StoredMeeting,
    at: float | None,
    language: str,
    page: int | None,
    titles: dict,
    at_link,
    addresses: Addresses,
) -> list:
    """The transcript page that holds `at` (or the given page), with page links and item headings."""
    labels = LABELS[language]
    meeting_id = bundle.meeting.id
    lang = language if language != "de" else None
    parts = []
    utterances = bundle.utterances
    pages = max(1, -(-len(utterances) // PAGE_SIZE))
    # Links carry whole seconds, so the utterance at the link is the last one that starts within
    # the second after it (one that starts at 99.05 s is the one ?t=99 points to).
    current = None
    if at is not None:
        current = next((n for n in range(len(utterances) - 1, -1, -1) if utterances[n].start < at + 1), 0)
    current_id = utterances[current].id if current is not None and utterances else None
    if page is None:
        page = (current or 0) // PAGE_SIZE + 1
    page = min(max(page, 1), pages)
    parts.append(f"<h2>{labels['transcript']}</h2>")
    if pages > 1:
        nav = " ".join(
            f'<a href="{addresses.meeting(meeting_id, lang=lang, page=p)}"'
            f"{' aria-current=page' if p == page else ''}>{p}</a>"
            for p in range(1, pages + 1)
        )
        parts.append(f'<nav aria-label="{labels["page"]}">{labels["page"]}: {nav}</nav>')

    def shown(utterance: UtteranceRecord) -> str:
        """The utterance as HTML: its English translation where asked for and made, else the German, marked."""
        if language == "en" and utterance.text_en:
            return escape(utterance.text_en)
        return _german(utterance.text, language)

    if language == "en" and any(u.text_en for u in utterances):
        parts.append("<p><em>English machine translation (Whisper); the German transcript is the record.</em></p>")
    current_item = None
    names = bundle.speaker_headings()
    for utterance in utterances[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
        if utterance.agenda_item_id != current_item and utterance.agenda_item_id in titles:
            parts.append(f"<h3>{titles[utterance.agenda_item_id]}</h3>")
        current_item = utterance.agenda_item_id
        here = utterance.id == current_id
        parts.append(
            f'<p class="utterance{" current" if here else ""}" id="u{utterance.id}" data-start="{utterance.start}">'
            f'<a class="time" href="{at_link(utterance.start)}" '
            f'aria-label="{labels["play_from"]} {clock(utterance.start)}">{clock(utterance.start)}</a>'
            f"<strong>{escape(names.get(utterance.speaker_id, utterance.speaker))}:</strong> "
            f"{shown(utterance)}</p>"
        )
    return parts


def search_html(
    db, embedder, query: str, body: str, date_from: str, date_to: str, speaker: str, item: str,
    faction: str = "", addresses: Addresses = APP,
) -> str:  # fmt: skip
    """The public search's results: hits with the words searched for, then passages near in meaning."""
    if not (query or "").strip():
        return '<div class="pk"><p>Bitte einen Suchbegriff eingeben.</p></div>'
    try:
        date_from, date_to = date_from_form(date_from, "Datum ab"), date_from_form(date_to, "Datum bis")
        if date_from and date_to and date_to < date_from:
            raise ValidationError(f"Datum bis ({date_to}) liegt vor Datum ab ({date_from})")
        filters = SearchFilters(body=body or None, date_from=date_from, date_to=date_to, speaker=speaker or None,
                                faction=faction or None, agenda_item=item or None)  # fmt: skip
        hits = search(db, query, filters, mode="hybrid", limit=30, embedder=embedder)
    except ProtokollError as error:
        return f'<div class="pk"><p role="alert">{escape(error)}</p></div>'
    if not hits:
        return '<div class="pk"><p role="status">Keine Treffer.</p></div>'
    # Hits with the words searched for first; sentences that are only near in meaning apart, below them.
    exact = [h for h in hits if "keyword" in h.matched_by]
    related = [h for h in hits if "keyword" not in h.matched_by]
    parts = ['<div class="pk">', f'<p role="status">{_count(len(exact), "Treffer", "Treffer")} mit dem '
             f'Suchbegriff, {_count(len(related), "verwandte Stelle", "verwandte Stellen")}.</p>']  # fmt: skip
    for heading, chosen in (
        ("Treffer mit dem Suchbegriff", exact),
        ("Verwandte Stellen (ähnliche Bedeutung)", related),
    ):
        if not chosen:
            continue
        parts.append(f'<section class="hits"><h2>{heading} ({len(chosen)})</h2>')
        for group in group_by_meeting(chosen):
            parts.append(
                f"<h3>{escape(group.date or '')} {escape(group.meeting_title)}"
                f"{f' ({escape(group.body)})' if group.body else ''}</h3><ul>"
            )
            for hit in group.hits:
                snippet = escape(hit.snippet).replace("[", "<mark>").replace("]", "</mark>")
                href = addresses.meeting(hit.meeting_id, t=int(hit.start), anchor=hit.utterance_id)
                parts.append(
                    f'<li><a class="hit" href="{href}">{clock(hit.start)} {escape(hit.speaker)}'
                    f"{f' ({escape(hit.faction)})' if hit.faction else ''}</a>: {snippet}"
                    + (
                        f' <span class="item">(TOP {escape(hit.item_number)}: {escape(hit.item_title or "")})</span>'
                        if hit.item_number
                        else ""
                    )  # fmt: skip
                    + "</li>"
                )
            parts.append("</ul>")
        parts.append("</section>")
    parts.append("</div>")
    return "".join(parts)


def _count(number: int, one: str, many: str) -> str:
    return f"{'Keine' if number == 0 else number} {one if number == 1 else many}"
