"""Agenda items: reading the clerk's agenda, and cutting a transcript into items at the chair's cues.

A cue is a sentence that opens an item: "Ich rufe Tagesordnungspunkt 3 auf", "Wir kommen zu
TOP 4", "Punkt fünf der Tagesordnung", "den nächsten Tagesordnungspunkt", or, where an agenda
is given, a call of an item by its title ("Wir kommen zum Spielplatz Am Kanal"). A mention of
an item that has already been dealt with ("wie unter Tagesordnungspunkt 1 gesagt") opens
nothing. Numbers may be digits, sub-items (5.1) or German words.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from protokoll.checks import unusable_character
from protokoll.errors import AgendaError
from protokoll.minutes.numbers import parse_number_word, parse_ordinal_word
from protokoll.minutes.text import Sentence, fold, sentences_of

__all__ = [
    "AgendaEntry", "AgendaItem", "parse_agenda", "read_agenda", "segment_agenda", "check_agenda_size",
    "MAX_AGENDA_ITEMS", "MAX_AGENDA_TITLE_CHARS", "MAX_AGENDA_BYTES",
]  # fmt: skip

# The largest agendas of city councils run to about 150 items. Each item costs a summary in every kind and
# language, so an agenda of 10,000 items on a short clip wrote 40,000 summaries: beyond this, refuse.
MAX_AGENDA_ITEMS = 300
MAX_AGENDA_TITLE_CHARS = 1000
MAX_AGENDA_BYTES = 1_000_000  # an agenda file; OParl's verbose JSON of 300 items stays far below


@dataclass
class AgendaEntry:
    """One item of the agenda the clerk gave."""

    number: str
    title: str
    public: bool = True
    oparl_id: str | None = None
    source: str = "agenda"  # "agenda": given by the clerk; "cue": named only in the session


@dataclass
class AgendaItem:
    """An agenda item as found in the session: where it starts and ends, which utterances it holds."""

    number: str
    title: str
    start: float | None
    end: float | None
    utterance_ids: list[int] = field(default_factory=list)
    public: bool = True
    oparl_id: str | None = None
    source: str = "agenda"  # "agenda": given by the clerk; "cue": found in the session alone
    cue_utterance_id: int | None = None
    cue_sentence_index: int = 0
    cue_text: str | None = None
    # Never called while a later item was: it may have come up with its cue misheard, so it is not
    # reported as "nicht behandelt".
    unrecognised: bool = False
    # (utterance id, sentence index) where the chair names it again after calling it with others: the
    # votes that follow are this item's ("Wir kommen zur Abstimmung über Zusatzpunkt 3").
    recalls: list[tuple[int, int]] = field(default_factory=list)

    @property
    def reached(self) -> bool:
        return self.start is not None


# --- reading an agenda -------------------------------------------------------------------------

_LINE = re.compile(
    r"^\s*(?:(?:TOP|Tagesordnungspunkt|Punkt|Ö|N)\s*)?(?P<number>\d+(?:\.\d+)*[a-z]?)[.):]?\s+(?P<title>.+?)\s*$",
    re.IGNORECASE,
)
_NON_PUBLIC = re.compile(r"\(?\s*nicht\s*öffentlich(?:er Teil)?\s*\)?", re.IGNORECASE)


def _clean_number(value) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"item number {json.dumps(value)[:40]} is neither text nor a number")
    number = str(value).strip().rstrip(".")
    if not number:
        raise ValueError("empty number")
    return number


def _entry(number, title, public=True, oparl_id=None) -> AgendaEntry:
    if title is not None and not isinstance(title, str):
        raise ValueError(f"item {number}: the title must be text, not {type(title).__name__}")
    if not isinstance(public, bool):
        raise ValueError(f"item {number}: 'public' must be true or false")
    if oparl_id is not None and not isinstance(oparl_id, str | int):
        raise ValueError(f"item {number}: the id must be text")
    title = " ".join((title or "").split())
    if not title:
        raise ValueError(f"item {number} has no title")
    if len(title) > MAX_AGENDA_TITLE_CHARS:
        raise ValueError(f"item {number}: the title is longer than {MAX_AGENDA_TITLE_CHARS} characters")
    if _NON_PUBLIC.search(title):
        public = False
        title = " ".join(_NON_PUBLIC.sub(" ", title).split()).strip(" -–:")
    return AgendaEntry(_clean_number(number), title, public, None if oparl_id is None else str(oparl_id))


def _from_text(text: str) -> list[AgendaEntry]:
    entries = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _LINE.match(line)
        if match:
            entries.append(_entry(match["number"], match["title"]))
        elif entries or not line.strip().endswith(":"):  # a heading line such as "Tagesordnung:" is skipped
            entries.append(_entry(str(len(entries) + 1), line))
    return entries


def _from_objects(items: list) -> list[AgendaEntry]:
    entries = []
    for index, item in enumerate(items, start=1):
        if isinstance(item, str):
            entries.append(_entry(index, item))
            continue
        if not isinstance(item, dict):
            raise ValueError(f"item {index} is neither a title nor an object")
        title = item.get("title", item.get("name"))
        number = item.get("number", index)
        if number in (None, ""):
            number = index
        entries.append(_entry(number, title, item.get("public", True), item.get("oparl_id", item.get("id"))))
    return entries


def parse_agenda(text: str, name: str = "agenda") -> list[AgendaEntry]:
    """Return the entries of an agenda given as text lines, a JSON list, or OParl AgendaItems.

    Text: one item a line ("TOP 3 Masterplan Schulsanierung", "3. Masterplan", "TOP 5.1 ...");
    "(nichtöffentlich)" in a title marks the item non-public. JSON: a list of titles or of
    objects with number/title; OParl: AgendaItem objects (name, number, public, id), a Meeting
    with `agendaItem`, or a list page with `data`.
    """
    if not isinstance(text, str):
        raise AgendaError(f"{name} must be text, not {type(text).__name__}")
    stripped = text.strip()
    if not stripped:
        raise AgendaError(f"{name} is empty")
    if unusable_character(text):  # a binary file that happens to decode as UTF-8
        raise AgendaError(f"{name} contains control characters: it is not a text file")
    try:
        if stripped[0] in "[{":
            try:
                data = json.loads(stripped)
            except (json.JSONDecodeError, RecursionError) as error:  # RecursionError: nested too deep
                raise AgendaError(f"{name} is not valid JSON: {error}") from error
            if isinstance(data, dict):
                data = data.get("agendaItem", data.get("data", data.get("agenda")))
            if not isinstance(data, list):
                raise AgendaError(f"{name}: expected a list of agenda items (or an OParl Meeting with agendaItem)")
            entries = _from_objects(data)
        else:
            entries = _from_text(text)
    except ValueError as error:
        raise AgendaError(f"{name}: {error}") from error
    if not entries:
        raise AgendaError(f"{name} has no items")
    check_agenda_size(entries, name)
    numbers = [e.number for e in entries]
    duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
    if duplicates:
        raise AgendaError(f"{name}: item number {', '.join(duplicates)} appears more than once")
    return entries


def check_agenda_size(entries: list[AgendaEntry], name: str = "agenda") -> None:
    """Refuse an agenda of more than MAX_AGENDA_ITEMS items."""
    if len(entries) > MAX_AGENDA_ITEMS:
        raise AgendaError(f"{name} has {len(entries):,} items; at most {MAX_AGENDA_ITEMS} are allowed")


def read_agenda(path: str | Path) -> list[AgendaEntry]:
    """Read an agenda file (see parse_agenda) or raise an InputError that says what is wrong."""
    path = Path(path)
    try:
        if path.is_file() and path.stat().st_size > MAX_AGENDA_BYTES:
            raise AgendaError(f"agenda {path.name} is larger than {MAX_AGENDA_BYTES // 1_000_000} MB")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise AgendaError(f"cannot read agenda {path}: {error}") from error
    return parse_agenda(text, path.name)


# --- finding the items in a transcript --------------------------------------------------------

_NUMBER = r"\d+(?:\.\d+)?(?:\s?[a-h]\b)?|[a-zäöüß]+"
# "Tagesordnungspunkt 5", "TOP 5", "Punkt 5", Berlin's "lfd. Nr. 12", the Bundestag's "Zusatzpunkt 2" / "ZP 2".
_NUMBERED_CUE = re.compile(
    rf"\b(?:(?P<kind>tagesordnungspunkte?[sn]?|top|punkte?[sn]?|zusatzpunkte?[sn]?|lfd\.\s?nr\.)\s+|(?P<zp>zp)\s?)(?P<number>{_NUMBER})",
    re.IGNORECASE,
)
_ORDINAL_CUE = re.compile(r"\b(?P<ordinal>[a-zäöüß]+)\s+(?:tagesordnungspunkt|punkt)\b", re.IGNORECASE)
# Plenary chairs call an item by its number alone, then read its title: "Ich rufe auf: 5 Die Zukunftsfähigkeit …",
# "Ich rufe nun auf: 16 Antrag nach Artikel 35 …".
_CALLED_NUMBER = re.compile(
    r"\brufe\s+(?:ich\s+)?(?:\w+\s+)?auf\s*:\s*(?P<number>\d{1,3}(?:\.\d{1,2})?(?:\s?[a-h])?)\s+(?=[A-ZÄÖÜ„\"])",
    re.IGNORECASE,
)
# Verbs with which a chair opens an item; a cue needs one of them or must open the sentence.
_CUE_VERB = re.compile(
    r"\b(?:rufe|aufrufen|aufzurufen|aufgerufen|kommen|komme|beginnen|beginne|steigen|weiter|fortfahren|fahren|übergehen|gehen"
    r"|eröffne)\b",
    re.IGNORECASE,
)
# A bare "Punkt" calls an item only with these ("Wir kommen zu Punkt 6"); "weiter zu Punkt 2" walks
# through the points of one motion.
# Minutes that record items taken up together, by their subject: the items start there.
_ARTICLE_FIRST = re.compile(r"^\s*(?:der|die)\s+(?:teil \w\s+)?$", re.IGNORECASE)
_TAKEN_TOGETHER = re.compile(
    r"^[^.]*\b(?:wird|werden|stehen|steht)\b[^.]*(?:\b(?:gemeinsam|zusammen|en ?bloc|im block)\b[^.]*"
    r"\b(?:beraten|behandelt|abgestimmt|aufgerufen)\b|\bauf der konsensliste\b)",
    re.IGNORECASE,
)
_POINT_CALL = re.compile(r"\b(?:rufe|aufrufen|aufzurufen|kommen|komme|eröffne)\b", re.IGNORECASE)
_LEADING_FILLER = re.compile(
    r"^(?:(?:dann|nun|jetzt|damit|so|und|also|gut|danke)[,.]?\s+)*(?:zu[mr]?\s+|mit\s+)?", re.I
)
_BACK_REFERENCE = re.compile(r"\b(?:wie|unter|bei|zu)\s+$", re.IGNORECASE)
_TITLE_SEPARATOR = re.compile(r"^\s*(?:der tagesordnung\s*)?(?:auf\s*)?[,:–-]\s*", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:dem|den|der|die|das|zum|zur)\s+", re.IGNORECASE)


def _number_value(token: str) -> str | None:
    token = token.strip()
    if token[0].isdigit():
        return re.sub(r"\s", "", token).lower()
    value = parse_number_word(token)
    return str(value) if value is not None and value > 0 else None


@dataclass
class _Cue:
    sentence: Sentence
    number: str | None  # None: by title, or "next"
    title_text: str
    is_next: bool = False
    joined: tuple[str, ...] = ()  # further items called with it: "Tagesordnungspunkte 14 bis 16"


def _cue_title(rest: str) -> str:
    """The title a chair reads after the number ("TOP 3: Müllgebühren 2027"), or "" if none follows."""
    separator = _TITLE_SEPARATOR.match(rest)
    if not separator:
        return ""
    rest = _ARTICLE.sub("", rest[separator.end() :])
    rest = re.split(r"(?<=[.!?])\s|\.\s*$|[.,]\s(?:Herr|Frau)\s", rest)[0].strip(" .,:;")
    return rest[:1].upper() + rest[1:] if rest else ""


# Items called together: "Tagesordnungspunkte 14 bis 16", "Zusatzpunkte 2 und 3", "TOP 5 a und b", "12, 13 und 18".
_JOINED_NUMBER = re.compile(
    r"\s*(?P<link>,|und|sowie|bis)\s+(?:(?:tagesordnungspunkte?|top|zusatzpunkte?|zp|punkte?)\s*)?"
    r"(?P<number>\d+(?:\.\d+)?(?:\s?[a-h]\b)?|[a-h]\b|[a-zäöüß]+)",
    re.IGNORECASE,
)
_LONGEST_JOINED_RANGE = 20


def _joined_numbers(first: str, rest: str) -> tuple[str, ...]:
    """The numbers of further items a chair calls together with `first` in `rest`, the text after it."""
    numbers, previous = [], first
    while match := _JOINED_NUMBER.match(rest):
        token = match["number"].lower()
        if len(token) == 1 and token.isalpha():
            base = re.match(r"\d+(?:\.\d+)?", previous)
            if not base or previous == base[0]:
                break  # "5 und a" is no sub-item; "5 a und b" is 5 b
            number = f"{base[0]}{token}"
        else:
            number = _number_value(token)
            if number is None:
                break
        if match["link"].lower() == "bis":
            numbers += _numbers_between(previous, number)
        numbers.append(number)
        previous = number
        rest = rest[match.end() :]
    return tuple(n for n in dict.fromkeys(numbers) if n != first)


def _numbers_between(low: str, high: str) -> list[str]:
    """The numbers strictly between two of a range: "14 bis 16" -> 15, "5a bis 5c" -> 5b."""
    if low.isdigit() and high.isdigit() and 0 < int(high) - int(low) <= _LONGEST_JOINED_RANGE:
        return [str(n) for n in range(int(low) + 1, int(high))]
    lettered = re.fullmatch(r"(\d+(?:\.\d+)?)([a-h])", low), re.fullmatch(r"(\d+(?:\.\d+)?)([a-h])", high)
    if all(lettered) and lettered[0][1] == lettered[1][1]:
        return [f"{lettered[0][1]}{chr(c)}" for c in range(ord(lettered[0][2]) + 1, ord(lettered[1][2]))]
    if low.isdigit() and lettered[1] and lettered[1][1].isdigit():
        # "3 bis 5b": 4, 5 and 5a; "5 bis 5b": 5a
        base = lettered[1][1]
        parts = [f"{base}{chr(c)}" for c in range(ord("a"), ord(lettered[1][2]))]
        if base == low:
            return parts
        if 0 < int(base) - int(low) <= _LONGEST_JOINED_RANGE:
            return [*_numbers_between(low, base), base, *parts]
    return []


def _numbered_cue(sentence: Sentence) -> _Cue | None:
    text = sentence.text
    for match in _NUMBERED_CUE.finditer(text):
        number = _number_value(match["number"])
        if number is None:
            continue
        before = text[: match.start()]
        kind = (match["kind"] or match["zp"]).lower()
        if kind.startswith(("zusatz", "zp")):
            number = f"ZP {number}"
        opens_sentence = not _LEADING_FILLER.sub("", before).strip()
        called = _CUE_VERB.search(before) or re.match(r"\s*auf(?:zurufen)?\b", text[match.end() :])
        # "Die Tagesordnungspunkte 5 und 6 werden gemeinsam beraten", "Der Teil A TOP 3 und 4 wird enbloc abgestimmt"
        called = called or (_ARTICLE_FIRST.match(before) and _TAKEN_TOGETHER.search(text[match.end() :]))
        # "Ich lasse nun unter Punkt 3 b der Tagesordnung über das Gesetz … abstimmen": the vote calls the item
        called = called or (re.search(r"\blasse\b", before, re.I) and re.search(r"\babstimmen\b", text[match.end() :]))
        if (
            kind.startswith("punkt")
            and "tagesordnung" not in text.lower()
            and not (
                opens_sentence or _POINT_CALL.search(before) or re.match(r"\s*auf(?:zurufen)?\b", text[match.end() :])
            )
        ):
            continue  # "Punkt 3 der Vorlage" is no agenda item, nor "weiter zu Punkt 2" of one motion
        if not (opens_sentence or called) or (_BACK_REFERENCE.search(before) and not opens_sentence and not called):
            continue
        joined = _joined_numbers(number.removeprefix("ZP "), text[match.end() :])
        if number.startswith("ZP "):
            joined = tuple(f"ZP {n}" for n in joined)
        return _Cue(sentence, number, "" if joined else _cue_title(text[match.end() :]), joined=joined)
    if called := _CALLED_NUMBER.search(text):
        rest = text[called.end() :]
        return _Cue(sentence, _number_value(called["number"]), rest[:1].upper() + rest[1:120].split(" Drucksache")[0])
    for match in _ORDINAL_CUE.finditer(text):
        word = match["ordinal"].lower()
        if not _CUE_VERB.search(text[: match.start()]) and not re.search(r"\bauf\b", text[match.end() :]):
            continue
        if word in ("nächsten", "nächste", "folgenden"):
            return _Cue(sentence, None, _cue_title(text[match.end() :]), is_next=True)
        value = parse_ordinal_word(word)
        if value:
            return _Cue(sentence, str(value), _cue_title(text[match.end() :]))
    return None


def _title_cue(sentence: Sentence, entries: list[AgendaEntry], started: set[str], embedder) -> _Cue | None:
    """A call of an item by its title alone: cue verb or "Unter/Zu <title>", title similar enough."""
    folded = fold(sentence.text)
    opens_with_title = re.match(r"^(?:unter|zu[mr]?)\s", folded) is not None
    if not (_CUE_VERB.search(sentence.text) or opens_with_title):
        return None
    candidates = [e for e in entries if e.number not in started]
    if not candidates:
        return None
    for entry in candidates:
        if fold(entry.title) in folded:
            return _Cue(sentence, entry.number, entry.title)
    if embedder is None or not _CUE_VERB.search(sentence.text):
        return None
    vectors = embedder.encode([sentence.text] + [e.title for e in candidates])
    similarity = vectors[1:] @ vectors[0]
    best = int(np.argmax(similarity))
    if similarity[best] >= _TITLE_SIMILARITY:
        return _Cue(sentence, candidates[best].number, candidates[best].title)
    return None


# Written minutes head an item with its number and title, often after the date, as council information
# systems print them: "03.12.2019 - 3.17.1 Festsetzung der Höhe der Kreisumlage", "TOP Ö 5.1 Haushalt".
_HEADING = re.compile(
    r"^(?:\d{1,2}\.\d{1,2}\.\d{4}\s*[-–]\s*)?(?:TOP\s*(?:[-–]\s*)?)?(?:Ö\s*)?(?P<number>\d+(?:\.\d+)*\s?[a-z]?)\.?\s+(?P<title>\S.*)",
)


def _heading_cue(sentence: Sentence, entries: list[AgendaEntry], started: set[str]) -> _Cue | None:
    """An item headed in written minutes: its number, then the first words of its title."""
    match = _HEADING.match(sentence.text)
    if not match:
        return None
    number = _clean_number(match["number"])
    for entry in entries:
        opening = " ".join(fold(entry.title).split()[:3]).rstrip(".")
        heading = fold(match["title"]).rstrip(".")
        # The heading may be cut where a sentence seemed to end ("5.10 21. Nachtrag …" -> "5.10 21.").
        if (
            entry.number == number
            and entry.number not in started
            and opening
            and (heading.startswith(opening) or opening.startswith(heading))
        ):
            return _Cue(sentence, entry.number, entry.title)
    return None


# Without an agenda, a paragraph of written minutes that is nothing but a number and a title heads an
# item ("2. Bürgerfragestunde", "18 Gesetz zur Änderung des …", "TOP Ö 2: Feststellung der Ladung").
# Numbers followed by what they count are not headings ("22 Ja-Stimmen", "3 Enthaltungen").
_BARE_HEADING = re.compile(
    r"^(?:\d{1,2}\.\d{1,2}\.\d{4}\s*[-–]\s*)?(?:TOP\s*(?:[-–]\s*)?)?(?P<public>Ö\s*)?"
    r"(?P<number>\d{1,3}(?:\.\d{1,2})*(?:\s?[a-h])?)(?P<public_after>\.?\s?Ö\b)?(?:\.|\s?[:)])?\s+"
    r"(?:[-–]\s+\d{2}[-/]\d{3,5}\s+)?"  # Hamburg's district assemblies: "Ö 3.1 - 21-3599 Fragen für …"
    r"(?P<title>[A-ZÄÖÜ].*)$"
)
_COUNTED = re.compile(
    r"^(?:Ja|Nein|Stimme|Stimmen|Gegenstimme|Gegenstimmen|Enthaltung|Enthaltungen|Mitglied|Mitglieder|Euro|Prozent|"
    r"Minute|Minuten|Stunde|Stunden|Jahr|Jahre|Jahren|Uhr|Tag|Tage|Tagen|Monat|Monate|Monaten|Abgeordnete|Personen|"
    r"Millionen|Milliarden|Mio|Mrd|Seite|Seiten|Punkt|Punkte)\b"
)
# A numbered entry inside the title: the paragraph lists an agenda ("02. Einwohnerfragestunde 03. Dorfplatz").
_LISTED_ENTRY = re.compile(r"\s\d{1,3}\.\s+[A-ZÄÖÜ]")
_LONGEST_HEADING_WORDS = 60  # the NRW Landtag's headings of two joined topics run to 53
# A title is no sentence: one that ends in a full stop after this many words is a numbered paragraph
# ("1. Der Vorsitzende stellt fest, dass … beschlussfähig sind.").
_LONGEST_TITLE_SENTENCE = 6


def _heading_title(text: str) -> str | None:
    """The title of a paragraph that heads an item, or None where the paragraph is no heading."""
    if _COUNTED.match(text):
        return None
    # "[…]" or "..." where the source cut the title short
    title = text.removesuffix("[…]").strip().removesuffix("...").removesuffix("…").strip()
    words = len(title.split())
    if words > _LONGEST_HEADING_WORDS or len(_LISTED_ENTRY.findall(title)) > 1:
        return None
    if (title.endswith(".") and words > _LONGEST_TITLE_SENTENCE) or title.endswith((",", ";")):
        return None  # a numbered paragraph or clause of a resolution
    return re.split(r"\s[–-]\s", title)[0].strip(" .:")


# The head of an item's page in SessionNet ("Auszug - Mitteilungen des Oberbürgermeisters / des Rates der Stadt /
# TOP: Ö 8 / Gremium: …"): the title first, the number on a later line.
_EXTRACT_HEAD = re.compile(
    r"^Auszug\s*-\s*(?P<title>[^\n]{1,200}?)(?:\n[^\n]{0,200}?)?\s+TOP:\s*(?P<public>Ö\s*)?"
    r"(?P<number>\d{1,3}(?:\.\d{1,2})*)(?=\s*(?:$|Gremium:))"  # (not "zu TOP: Ö 5 der letzten Sitzung" in the title)
)


def _extract_head_cue(utterance_text: str, sentence: Sentence) -> _Cue | None:
    """An item's page in a council information system, headed by its title and number."""
    if extract := _EXTRACT_HEAD.match(utterance_text):
        number = _clean_number(extract["number"])
        return _Cue(sentence, f"Ö {number}" if extract["public"] else number, extract["title"].strip())
    return None


def _bare_heading_cue(utterance_text: str, sentence: Sentence, last_number: str | None) -> _Cue | None:
    """An item headed in written minutes without an agenda: the whole paragraph is its number and title,
    and the number follows the last heading's (minutes number their items in order)."""
    match = _BARE_HEADING.match(" ".join(utterance_text.split()))
    title = _heading_title(match["title"]) if match else None
    if title is None:
        return None
    number = _clean_number(match["number"])
    if match["public"]:
        number = f"Ö {number}"  # as council information systems number the public part
    elif match["public_after"]:
        number = f"{number}.Ö"  # Baden-Württemberg's "1.Ö Bürgerfragestunde"
    if last_number is not None and _order(number) <= _order(last_number):
        return None
    return _Cue(sentence, number, title)


# Written minutes head the parts of an item as paragraphs of their own: "Tagesordnungspunkt 9:" –
# "a) Beschlussfassung über eine Neufassung des § 50" – … – "b) Beschlussfassung über die Zahl …".
_SUB_ITEM = re.compile(r"^(?P<letter>[a-h])\)\s+(?P<title>[A-ZÄÖÜ].*)$")


def _sub_item_cue(utterance_text: str, sentence: Sentence, current: str | None) -> _Cue | None:
    """A lettered part of the numbered item in force, headed in order: a) after the item, b) after a)."""
    match = _SUB_ITEM.match(" ".join(utterance_text.split()))
    parent = re.fullmatch(r"(?P<number>\d+(?:\.\d+)*)(?P<letter>[a-h]?)", current or "")
    if not match or not parent:
        return None
    if match["letter"] != (chr(ord(parent["letter"]) + 1) if parent["letter"] else "a"):
        return None
    title = _heading_title(match["title"])
    return _Cue(sentence, f"{parent['number']}{match['letter']}", title) if title else None


def _listed_title(number: str, text: str) -> str:
    """The title that a call of several items reads after one of their numbers ("Ich rufe die Zusatzpunkte 2 und 3
    auf: ZP2 Beratung des Antrags … – Drucksache 13/547 ZP3 …"), or "" where it reads none."""
    marker = r"(?:ZP|Zusatzpunkt|TOP|Tagesordnungspunkt)"
    match = re.search(
        rf"\b{marker}\s*{re.escape(number.removeprefix('ZP '))}(?![\d.])\s*[:.]?\s+(?P<title>[A-ZÄÖÜ].*?)"
        rf"(?=\s+[–-]\s+Drucksache|\s+{marker}\s*\d|$)",
        text,
    )
    return match["title"].strip(" .:–-") if match else ""


def _found_entry(number: str, title: str) -> AgendaEntry:
    """An item that was called in the session but is on no agenda given."""
    default = (
        f"Zusatzpunkt {number.removeprefix('ZP ')}" if number.startswith("ZP ") else f"Tagesordnungspunkt {number}"
    )
    return AgendaEntry(number, title or default, source="cue")


def _order(number: str) -> tuple:
    """Sort key of an item number: "3" < "3 a" < "3.1" < "4"."""
    return tuple(int(part) if part.isdigit() else part for part in re.findall(r"\d+|[a-z]", number))


# Agenda items that open a session, and that chairs rarely call by number.
_OPENING = re.compile(
    r"eröffnung|begrüßung|beschlussfähigkeit|ordnungsgemäße[nr]? (?:einladung|ladung)|feststellung der tagesordnung"
    r"|genehmigung der tagesordnung|regularien|formalien",
    re.IGNORECASE,
)
# Cosine similarity (USE multilingual) above which a chair's sentence calls an agenda item by title.
_TITLE_SIMILARITY = 0.45
# How much better a cue's words must match another item's title to override the spoken number
# (a misrecognised digit is likelier than a chair calling the wrong item by the wrong name).
_TITLE_OVERRIDE_MARGIN = 0.25


def _resolve(cue: _Cue, entries: list[AgendaEntry], started: set[str], current: str | None, embedder):
    """Return the agenda entry a cue calls, or None where the agenda has no such item."""
    by_number = {e.number: e for e in entries}
    if cue.is_next:
        numbers = [e.number for e in entries]
        index = numbers.index(current) + 1 if current in numbers else 0
        remaining = [n for n in numbers[index:] if n not in started]
        return by_number[remaining[0]] if remaining else None
    entry = by_number.get(cue.number)
    if embedder is not None and cue.title_text and entries:
        others = [e for e in entries if e.number not in started]
        if others:
            vectors = embedder.encode([cue.title_text] + [e.title for e in others])
            similarity = vectors[1:] @ vectors[0]
            best = int(np.argmax(similarity))
            numbered = float(similarity[others.index(entry)]) if entry in others else 0.0
            if others[best] is not entry and similarity[best] - numbered >= _TITLE_OVERRIDE_MARGIN:
                return others[best]
    return entry


# An item called and left at once for another has not started: fewer words than this were said in it.
_NOTHING_SAID_WORDS = 30

# A call whose item follows in the next utterance, as plenary protocols print it: "Ich rufe auf:".
_CALL_ALONE = re.compile(r"^(?:ich )?rufe (?:ich )?(?:\w+ )?auf\s*:$|^wir kommen (?:\w+ )?zu\s*:$", re.IGNORECASE)


def segment_agenda(
    utterances: list[dict],
    agenda: list[AgendaEntry] | None = None,
    embedder=None,
    read: dict[int, list[Sentence]] | None = None,
) -> list[AgendaItem]:
    """Cut utterances (dicts with id, start, end, text, words) into agenda items.

    `read` gives each utterance's sentences as they are to be read (with garbled procedure
    repaired, see `procedure`); by default, as they were heard.

    With an agenda, every entry is returned in agenda order (an entry never called has no start);
    called items missing from the agenda are added. Without one, the items are the cues found.
    Each utterance belongs to the item in force where it starts; the item's start is the time of
    the cue sentence itself.
    """
    entries = list(agenda or [])
    listed = {e.number: e for e in entries}
    started: set[str] = set()
    found: list[tuple[AgendaEntry, _Cue]] = []
    current = None

    def sentences(utterance) -> list[Sentence]:
        return read[utterance.id] if read is not None else sentences_of(utterance)

    flat = [s for u in utterances for s in sentences(u)]
    at = {(s.utterance_id, s.index): n for n, s in enumerate(flat)}

    def said_between(first: _Cue, then: _Cue) -> int:
        """Words said after one call and before the next."""
        start, end = (
            at[(first.sentence.utterance_id, first.sentence.index)],
            at[(then.sentence.utterance_id, then.sentence.index)],
        )
        return sum(len(s.text.split()) for s in flat[start + 1 : end])

    last_heading = call_alone = previous = None
    joint: set[str] = set()  # the items of the last call, when it called several
    recalls: dict[str, list[Sentence]] = {}
    for utterance in utterances:
        for index, sentence in enumerate(sentences(utterance)):
            before, previous = previous, sentence
            cue = _extract_head_cue(utterance.text, sentence) if index == 0 and not entries else None
            cue = cue or _numbered_cue(sentence)
            if cue is None and not entries and index == 0:
                cue = _bare_heading_cue(utterance.text, sentence, last_heading)
                last_heading = cue.number if cue is not None else last_heading
            if cue is None and index == 0:
                cue = _sub_item_cue(utterance.text, sentence, current)
                if cue is not None and entries and cue.number not in {e.number for e in entries}:
                    cue = None  # the clerk's agenda does not divide the item
                parent = found[-1] if found else None
                if (
                    cue is not None
                    and parent
                    and parent[1].sentence is before
                    and parent[0].source == "cue"
                    and cue.number.endswith("a")
                ):
                    # "Tagesordnungspunkt 9:" – "a) …": the call of the item is the call of its first part (unless
                    # the clerk's agenda lists the item itself, which then keeps its call)
                    cue = _Cue(before, cue.number, cue.title_text)
                    started.discard(found.pop()[0].number)
            if cue is not None and index == 0 and call_alone is not None:
                # "Ich rufe auf:" – "7 Bericht an den Landtag …": the item starts with the call
                cue = _Cue(call_alone, cue.number, cue.title_text)
            call_alone = sentence if _CALL_ALONE.match(sentence.text) else None
            entry = None
            if cue is not None:
                if cue.number in started:
                    if cue.number in joint:
                        # "Wir kommen zur Abstimmung über Zusatzpunkt 3": what follows is that item's again
                        recalls.setdefault(cue.number, []).append(sentence)
                    elif (
                        len(found) > 1
                        and found[-2][0].number == cue.number
                        and not found[-2][1].joined
                        and said_between(found[-2][1], found[-1][1]) < _NOTHING_SAID_WORDS
                    ):
                        # "Wir kommen zu TOP 51." – "45 soll auch ohne Aussprache sein?" – TOP 45 – "Jetzt kommen
                        # wir zu TOP 51": the item starts where the chair calls it again
                        found.append((found.pop(-2)[0], cue))
                        current, joint = cue.number, {cue.number}
                    continue
                entry = _resolve(cue, entries, started, current, embedder) if entries else None
                if entry is None and cue.number is not None:
                    entry = _found_entry(cue.number, cue.title_text)
            elif entries:
                cue = _heading_cue(sentence, entries, started) or _title_cue(sentence, entries, started, embedder)
                if cue is not None:
                    entry = next(e for e in entries if e.number == cue.number)
            if entry is None or entry.number in started:
                continue
            started.add(entry.number)
            current = entry.number
            together = [n for n in cue.joined if n not in started]
            joint = {entry.number, *together}
            if together:
                read_on = " ".join(s.text for s in sentences(utterance)[index:])  # where the titles are read
                if entry.source == "cue":
                    entry = _found_entry(entry.number, _listed_title(entry.number, read_on))
                found.append((entry, cue))
                started.update(together)
                found += [(listed.get(n) or _found_entry(n, _listed_title(n, read_on)), cue) for n in together]
            else:
                found.append((entry, cue))

    opening = entries[0] if entries else None
    first = next((s for u in utterances for s in sentences(u)), None)
    if opening and opening.number not in started and _OPENING.search(opening.title) and found and first:
        # The chair opens the session without calling the opening item by number ("Ich eröffne die
        # Sitzung … Wir kommen zu TOP 2"): the opening item runs from the first word to the first cue.
        found.insert(0, (opening, _Cue(first, opening.number, opening.title)))
    assumed = len(entries) == 1 and not found and first is not None
    if assumed:
        # An agenda of one item (a recording or minutes of that item alone): the item runs from the first
        # word, called or not. Written minutes often head it with the decision, not with a call.
        found.append((entries[0], _Cue(first, entries[0].number, entries[0].title)))
    items = []
    for index, (entry, cue) in enumerate(found):
        # items called together end together, where the next call starts
        following = next((later.sentence for _, later in found[index + 1 :] if later is not cue), None)
        items.append(
            AgendaItem(
                number=entry.number,
                title=entry.title,
                start=cue.sentence.start,
                end=following.start if following else max((u.end for u in utterances), default=None),
                public=entry.public,
                oparl_id=entry.oparl_id,
                source=entry.source,
                cue_utterance_id=cue.sentence.utterance_id,
                cue_sentence_index=cue.sentence.index,
                cue_text=None if assumed else cue.sentence.text,
                recalls=[(s.utterance_id, s.index) for s in recalls.get(entry.number, [])],
            )
        )
    _assign_utterances(items, utterances, sentences)
    if entries:
        by_number = {item.number: item for item in items}
        ordered = [
            by_number.pop(e.number, None) or AgendaItem(e.number, e.title, None, None, [], e.public, e.oparl_id)
            for e in entries
        ]
        items = ordered + sorted(by_number.values(), key=lambda item: item.start)
        for index, item in enumerate(items):
            item.unrecognised = not item.reached and any(later.reached for later in items[index + 1 :])
    return items


def _assign_utterances(items: list[AgendaItem], utterances: list[dict], sentences_of=sentences_of) -> None:
    """Each utterance goes to the item most of its words belong to.

    A sentence belongs to the last item called at or before it; the sentences of an utterance
    before its first cue belong to the item in force, or, before any item, to that first cue's
    (the chair's "Guten Abend. Ich rufe TOP 1 auf" is part of TOP 1). An utterance before any
    cue belongs to no item.
    """
    cues: dict[tuple[int, int], AgendaItem] = {}
    for item in items:  # of items called together, the first holds what was said
        cues.setdefault((item.cue_utterance_id, item.cue_sentence_index), item)
    current = None
    for utterance in utterances:
        sentences = sentences_of(utterance)
        in_force = current
        first_cue = next((cues[(utterance.id, s.index)] for s in sentences if (utterance.id, s.index) in cues), None)
        words: dict[int, int] = {}
        owners: dict[int, AgendaItem] = {}
        for sentence in sentences:
            in_force = cues.get((utterance.id, sentence.index), in_force)
            owner = in_force or first_cue
            if owner is not None:
                words[id(owner)] = words.get(id(owner), 0) + len(sentence.text.split())
                owners.setdefault(id(owner), owner)
        current = in_force
        if words:
            best = max(words, key=words.get)  # on a tie, the earlier item (dicts keep order)
            owners[best].utterance_ids.append(utterance.id)
