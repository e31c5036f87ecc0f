"""A council information system as a source: its OParl objects (1.0 and 1.1) as Protokoll reads them.

No network here (`oparl_client` fetches, `archive.oparl_import` stores). This module types objects
(embedded ones often lack `type`), takes apart the embedded lists that are objects of their own (a
meeting's agenda items, a person's memberships), hashes an object's content without the stamps some
vendors set to the time of the request (`created`, `modified`), and turns an OParl meeting into what
an ingest takes: title, date, place, body, agenda and the participants the meeting expects.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from protokoll.domain import MeetingInfo
from protokoll.errors import InputError, ValidationError
from protokoll.minutes.agenda import AgendaEntry, parse_agenda
from protokoll.speakers.directory import Person, parse_oparl

__all__ = [
    "OParlObject",
    "HarvestedBody",
    "Harvest",
    "OParlMeeting",
    "PERSONAL_FIELDS",
    "check_oparl_url",
    "object_type",
    "oparl_version",
    "split_embedded",
    "content_hash",
    "agenda_from_items",
    "participant_from_oparl",
    "place_of",
    "meeting_from_oparl",
]

MAX_URL_CHARS = 2000
# What vendors stamp with the time of the request: left out of the content hash, in embedded objects too.
_STAMPS = frozenset({"created", "modified"})
# Embedded lists kept as objects of their own: (container type, field) -> (their type, the field naming
# the container). In the container they are replaced by their ids.
_EMBEDDED = {("Meeting", "agendaItem"): ("AgendaItem", "meeting"), ("Person", "membership"): ("Membership", "person")}
# A person's contact details are public in the council's system, but naming speakers needs none of them:
# they are not kept (and so do not count as a change either).
PERSONAL_FIELDS = ("email", "phone", "streetAddress", "postalCode", "locality", "life", "lifeSource")


@dataclass
class OParlObject:
    """One object as read: its id (a URL), short type (`Meeting`), content, and the object it belongs to
    (an agenda item's meeting, a membership's person)."""

    oparl_id: str
    type: str
    content: dict
    parent: str | None = None

    @property
    def deleted(self) -> bool:
        return self.content.get("deleted") is True

    @property
    def modified(self) -> str | None:
        value = self.content.get("modified")
        return value if isinstance(value, str) else None

    @property
    def hash(self) -> str:
        return content_hash(self.content)


@dataclass
class HarvestedBody:
    """An OParl body and every object read from its lists, by id in the order read."""

    body: OParlObject
    objects: dict[str, OParlObject] = field(default_factory=dict)
    since: str | None = None  # the lists were asked for what changed since then; None: everything

    @property
    def name(self) -> str:
        content = self.body.content
        return " ".join(str(content.get("name") or content.get("shortName") or self.body.oparl_id).split())

    def add(self, found: list[OParlObject]) -> None:
        """Add objects; one read twice (embedded and from its own list) is merged into one."""
        for item in found:
            known = self.objects.get(item.oparl_id)
            if known is None:
                self.objects[item.oparl_id] = item
            else:
                known.content.update(item.content)
                known.parent = known.parent or item.parent


@dataclass
class Harvest:
    """What one walk of an OParl system read."""

    url: str
    system: OParlObject | None
    version: str  # "1.0", "1.1", or what the system states
    bodies: list[HarvestedBody]
    started_at: str  # when the walk began: the next import asks for what changed since (less an overlap)
    warnings: list[str] = field(default_factory=list)


@dataclass
class OParlMeeting:
    """An OParl meeting as an ingest takes it."""

    oparl_id: str
    title: str
    date: str | None
    start: str | None  # date-time with offset, as OParl gives it
    place: str | None
    body: str | None  # the body's name in the archive (or in the council's system, if not imported)
    body_oparl_id: str | None
    agenda: list[AgendaEntry]
    participants: list[Person]
    cancelled: bool = False
    warnings: list[str] = field(default_factory=list)

    def fill(self, info: MeetingInfo) -> MeetingInfo:
        """The meeting info with what it leaves open (date, body, place) taken from the OParl meeting."""
        return replace(info, title=info.title or self.title, date=info.date or self.date,
                       body=info.body or self.body, place=info.place or self.place)  # fmt: skip


def check_oparl_url(url, what: str = "the OParl URL") -> str:
    """Return the URL if it is an http(s) address with a host; else raise ValidationError."""
    if not isinstance(url, str) or not url.strip():
        raise ValidationError(f"{what} is empty")
    url = url.strip()
    parts = urlsplit(url)
    if len(url) > MAX_URL_CHARS or parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
        raise ValidationError(f"{what} {url[:80]!r} is not an http(s) address")
    return url


def object_type(item: dict, default: str | None = None) -> str | None:
    """The short type of an OParl object ('Meeting' of 'https://schema.oparl.org/1.1/Meeting')."""
    value = item.get("type")
    if isinstance(value, str) and value.strip():
        return value.strip().rstrip("/").rsplit("/", 1)[-1]
    return default


def oparl_version(system: dict | None) -> str:
    """'1.0' or '1.1' from a System's `oparlVersion` (or its type), else what it states."""
    for value in ((system or {}).get("oparlVersion"), (system or {}).get("type")):
        if isinstance(value, str):
            for version in ("1.0", "1.1"):
                if f"/{version}/" in value or value.rstrip("/").endswith(version):
                    return version
    return str((system or {}).get("oparlVersion") or "unknown")


def split_embedded(item: dict, type_hint: str, parent: str | None = None) -> list[OParlObject]:
    """The object and the objects embedded in it that are kept on their own (agenda items, memberships).

    Embedded objects get the field naming their container where they lack it, so an object reads the
    same whether it came embedded or from its own list (and hashes the same). An object without id
    is left out.
    """
    kind = object_type(item, type_hint) or type_hint
    oparl_id = item.get("id")
    if not isinstance(oparl_id, str) or not oparl_id.strip():
        return []
    content = {k: v for k, v in item.items() if not (kind == "Person" and k in PERSONAL_FIELDS)}
    found: list[OParlObject] = []
    for (container, key), (child_type, link) in _EMBEDDED.items():
        if kind == container and isinstance(content.get(key), list):
            ids = []
            for child in content[key]:
                if isinstance(child, dict):
                    child = {link: oparl_id, **child}
                    found.extend(split_embedded(child, child_type, oparl_id))
                    ids.append(child.get("id"))
                else:
                    ids.append(child)
            content[key] = ids
    if parent is None:
        link = {"AgendaItem": "meeting", "Membership": "person"}.get(kind)
        parent = content.get(link) if link and isinstance(content.get(link), str) else None
    return [OParlObject(oparl_id.strip(), kind, content, parent), *found]


def _without_stamps(value):
    if isinstance(value, dict):
        return {k: _without_stamps(v) for k, v in value.items() if k not in _STAMPS and k != "type"}
    if isinstance(value, list):
        return [_without_stamps(v) for v in value]
    return value


def content_hash(content: dict) -> str:
    """A hash of what an object says, without `created`, `modified` (which some vendors stamp with the time of
    the request) and `type` (the same object is typed `1.0/…` or `1.1/…`, or not at all when embedded)."""
    text = json.dumps(_without_stamps(content), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def agenda_from_items(items: list[dict]) -> list[AgendaEntry]:
    """The agenda of OParl AgendaItems: in their `order` (1.1) where given, else as listed.

    OParl allows items without a number (then its order or position stands in) and numbers given twice
    (a public and a non-public part each starting at 1): a repeated number gets its count, "1 (2)".
    """
    live = [i for i in items if isinstance(i, dict) and i.get("deleted") is not True]
    ordered = sorted(live, key=lambda i: (not isinstance(i.get("order"), int), i.get("order") or 0))  # stable
    rows, seen = [], {}
    for position, item in enumerate(ordered, start=1):
        number = str(item.get("number") or "").strip() or str(item.get("order") or position)
        seen[number] = seen.get(number, 0) + 1
        if seen[number] > 1:
            number = f"{number} ({seen[number]})"
        title = item.get("name") if isinstance(item.get("name"), str) and item["name"].strip() else None
        public = item.get("public") if isinstance(item.get("public"), bool) else True
        rows.append({"number": number, "title": title or f"Tagesordnungspunkt {number}", "public": public,
                     "oparl_id": item.get("id")})  # fmt: skip
    return parse_agenda(json.dumps(rows, ensure_ascii=False), "the OParl meeting's agenda") if rows else []


def participant_from_oparl(person: dict) -> Person | None:
    """An OParl Person as a directory person (name parts, title, form of address); None if it has no name."""
    try:
        directory = parse_oparl([{k: v for k, v in person.items() if k != "membership"}], "OParl Person")
    except InputError:
        return None
    return directory.persons[0] if directory.persons else None


def place_of(location) -> str | None:
    """A Location's words for where it is: its description, else room, street and town."""
    if not isinstance(location, dict):
        return None
    description = location.get("description")
    if isinstance(description, str) and description.strip():
        return " ".join(description.split())
    parts = [location.get(k) for k in ("room", "streetAddress", "locality")]
    return ", ".join(" ".join(p.split()) for p in parts if isinstance(p, str) and p.strip()) or None


def meeting_from_oparl(
    meeting: dict,
    body: str | None = None,
    body_oparl_id: str | None = None,
    location: dict | None = None,
    participants: list[Person] | None = None,
) -> OParlMeeting:
    """The facts an ingest takes from an OParl Meeting (its location given apart where it came by URL)."""
    start = meeting.get("start") if isinstance(meeting.get("start"), str) else None
    date = start[:10] if start and len(start) >= 10 else None
    name = meeting.get("name") if isinstance(meeting.get("name"), str) and meeting["name"].strip() else None
    items = meeting.get("agendaItem") if isinstance(meeting.get("agendaItem"), list) else []
    return OParlMeeting(
        oparl_id=str(meeting["id"]),
        title=" ".join(name.split()) if name else f"Sitzung vom {date or 'unbekannten Datum'}",
        date=date,
        start=start if start and "T" in start else None,
        place=place_of(location if location is not None else meeting.get("location")),
        body=body,
        body_oparl_id=body_oparl_id,
        agenda=agenda_from_items(items),
        participants=list(participants or []),
        cancelled=meeting.get("cancelled") is True,
    )
