"""The archive's public part as OParl 1.1 objects and list pages (https://schema.oparl.org/1.1/).

A body is the council or committee whose meetings were recorded. Its meetings carry their agenda
items, the verbatim and results protocols as `File` objects, and the public audio. What OParl has no
field for (votes with counts and groups, speeches with their times, the approved plain-language text,
the recording's seconds) goes into extension properties named `protokoll:…`, which the spec allows
and clients ignore when they do not know them. All reads go through `archive.opendata`, which applies
the reader's public rule.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

import sqlite_utils

from protokoll.archive import opendata as rows
from protokoll.errors import NotFoundError, ValidationError
from protokoll.minutes.wording import item_result

__all__ = [
    "OPARL_VERSION",
    "OParlEndpoint",
    "ListRequest",
    "GoneError",
    "PUBLIC_FILES",
    "LIST_KINDS",
]

OPARL_VERSION = "https://schema.oparl.org/1.1/"
VENDOR = "protokoll:"


def _type(name: str) -> str:
    return f"{OPARL_VERSION}{name}"


class GoneError(NotFoundError):
    """The object was public once and is withdrawn (HTTP 410 for files)."""


@dataclass(frozen=True)
class PublicFile:
    title: str
    mime_type: str
    master: str | None = None  # the file this one is derived from
    text_from: str | None = None  # the file whose text is this file's `text`


# The files of a published meeting's public folder (publication.public_files) as OParl sees them.
PUBLIC_FILES = {
    "protokoll.pdf": PublicFile("Wortprotokoll", "application/pdf", text_from="protokoll.md"),
    "ergebnisprotokoll.pdf": PublicFile("Ergebnisprotokoll", "application/pdf", text_from="ergebnisprotokoll.md"),
    "protokoll.md": PublicFile("Wortprotokoll (Text)", "text/markdown", "protokoll.pdf", "protokoll.md"),
    "ergebnisprotokoll.md": PublicFile(
        "Ergebnisprotokoll (Text)", "text/markdown", "ergebnisprotokoll.pdf", "ergebnisprotokoll.md"
    ),
    "protokoll.vtt": PublicFile("Transkript mit Zeitmarken (WebVTT)", "text/vtt", "protokoll.pdf"),
    "protokoll.json": PublicFile("Sitzung als JSON", "application/json", "protokoll.pdf"),
    "audio.webm": PublicFile("Tonaufnahme (nichtöffentliche Teile stumm)", "audio/webm"),
}

# External lists of a body, and how many objects a page holds at most (a client's `limit` may lower it).
LIST_KINDS = {
    "organization": 100,
    "person": 100,
    "meeting": 20,  # each meeting embeds its agenda items
    "agendaItem": 100,
    "membership": 100,
    "file": 100,
    "locationList": 100,
    "legislativeTermList": 100,
    "paper": 100,
    "consultation": 100,
}
_FILTERS = ("created_since", "created_until", "modified_since", "modified_until")


@dataclass(frozen=True)
class ListRequest:
    """A list page asked for: OParl's filters, the page and the client's limit hint."""

    window: rows.ChangeWindow
    page: int = 1
    limit: int | None = None
    omit_internal: bool = False

    @classmethod
    def parse(cls, params) -> ListRequest:
        """Read the query parameters; a malformed one is a ValidationError that names it."""
        stamps = {name: _utc(name, params.get(name)) for name in _FILTERS}
        return cls(
            rows.ChangeWindow(**stamps),
            _positive("page", params.get("page"), 1),
            _positive("limit", params.get("limit"), None),
            str(params.get("omit_internal", "")).lower() == "true",
        )

    def query(self, page: int | None = None) -> dict:
        """The parameters a link to another page of the same list keeps."""
        kept = {name: getattr(self.window, name) for name in _FILTERS if getattr(self.window, name)}
        if self.limit:
            kept["limit"] = self.limit
        if self.omit_internal:
            kept["omit_internal"] = "true"
        if page and page > 1:
            kept["page"] = page
        return kept


def _positive(name: str, value, default):
    if value in (None, ""):
        return default
    if not re.fullmatch(r"\d{1,9}", str(value)) or int(value) < 1:
        raise ValidationError(f"{name}={value!r} is not a positive whole number")
    return int(value)


def _utc(name: str, value) -> str | None:
    """A filter's date-time in the archive's form (UTC, seconds). A '+' sent unencoded arrives as a space."""
    if value in (None, ""):
        return None
    text = str(value).strip().replace(" ", "+")
    try:
        stamp = dt.datetime.fromisoformat(text)
    except ValueError:
        stamp = None
    if stamp is None or stamp.tzinfo is None or "T" not in text:
        raise ValidationError(f"{name}={value!r} is not a date-time with time zone, e.g. 2026-01-01T00:00:00+01:00")
    return stamp.astimezone(dt.UTC).isoformat(timespec="seconds")


def _clock(starts_at: str | None, seconds: float | None) -> str | None:
    """The date-time `seconds` into a session that began at `starts_at`, where both are known."""
    if not starts_at or seconds is None or not math.isfinite(seconds):
        return None
    return (dt.datetime.fromisoformat(starts_at) + dt.timedelta(seconds=round(seconds))).isoformat()


class _Checksums:
    """sha512 of the public files, computed once per file version."""

    def __init__(self):
        self._known: dict[Path, tuple[tuple[int, int], str]] = {}

    def __call__(self, path: Path, stat: os.stat_result) -> str:
        version = (stat.st_mtime_ns, stat.st_size)
        known = self._known.get(path)
        if known is None or known[0] != version:
            digest = hashlib.sha512()
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            known = (version, digest.hexdigest())
            self._known[path] = known
        return known[1]


class OParlEndpoint:
    """Builds the OParl objects and list pages of one archive, with ids under `base_url`.

    `base_url` is the endpoint's root (".../oparl/v1"), `site_url` the reader's; `data_dir` holds the
    public folders whose files the `File` objects describe.
    """

    def __init__(self, db: sqlite_utils.Database, base_url: str, site_url: str, data_dir: Path, license: str):
        self.db = db
        self.base = base_url.rstrip("/")
        self.site = site_url.rstrip("/")
        self.public_root = Path(data_dir) / "public"
        self.license = license
        self.checksum = _Checksums()

    def url(self, *parts) -> str:
        return "/".join([self.base, *(str(p) for p in parts)])

    # System and bodies -------------------------------------------------------------------------

    def system(self) -> dict:
        bodies = rows.open_data_bodies(self.db)
        stamps = [b["created_at"] for b in bodies if b["created_at"]]
        return _compact(
            {
                "id": self.url("system"),
                "type": _type("System"),
                "oparlVersion": OPARL_VERSION,
                "otherOparlVersions": [],
                "license": self.license,
                "body": self.url("bodies"),
                "name": "Protokoll: Sitzungen in Wort und Beschluss",
                "website": f"{self.site}/",
                "created": min(stamps, default=None),
                "modified": max((b["modified_at"] for b in bodies if b["modified_at"]), default=None),
                "web": f"{self.site}/",
            }
        )

    def body(self, body_id: int) -> dict:
        row = rows.open_data_body(self.db, body_id)
        if row is None:
            raise NotFoundError(f"there is no body with id {body_id}")
        return _compact(self._body(row))

    def _body(self, row: dict) -> dict:
        body = {
            "id": self.url("body", row["id"]),
            "type": _type("Body"),
            "system": self.url("system"),
            "name": row["name"],
            "license": self.license,
            "legislativeTerm": [],
            **{kind: self.url("body", row["id"], kind) for kind in LIST_KINDS},
            "classification": "Gremium",
            "created": row["created_at"],
            "modified": row["modified_at"],
            "web": f"{self.site}/",
        }
        if row["oparl_id"]:
            body["equivalent"] = [row["oparl_id"]]
        return body

    def bodies_page(self, request: ListRequest) -> dict:
        chosen = rows.open_data_bodies(self.db, request.window)
        return self._page(self.url("bodies"), [self._body(b) for b in chosen], len(chosen), request, len(chosen) or 1)

    # Lists of a body -------------------------------------------------------------------------------

    def body_list(self, body_id: int, kind: str, request: ListRequest) -> dict:
        if kind not in LIST_KINDS:
            raise NotFoundError(f"a body has no list {kind!r}")
        self.body(body_id)  # an unknown body is a 404, not an empty list
        size = min(request.limit or LIST_KINDS[kind], LIST_KINDS[kind])
        offset = (request.page - 1) * size
        window = request.window
        if kind == "meeting":
            found, total = rows.meeting_page(self.db, body_id, window, offset, size)
            data = self._meetings(found, request.omit_internal)
        elif kind == "agendaItem":
            found, total = rows.item_page(self.db, body_id, window, offset, size)
            data = self._items(found)
        elif kind == "person":
            found, total = rows.person_page(self.db, body_id, window, offset, size)
            data = self._persons(found, request.omit_internal)
        elif kind == "organization":
            found, total = rows.organization_page(self.db, body_id, window, offset, size)
            data = [self._organization(r) for r in found]
        elif kind == "membership":
            found, total = rows.membership_page(self.db, body_id, window, offset, size)
            data = [self._membership(r) for r in found]
        elif kind == "file":
            entries = self._file_entries(body_id, window)
            total, data = len(entries), [self._file(*entry) for entry in entries[offset : offset + size]]
        elif kind == "locationList":
            places = [m for m in self._all_meetings(body_id, window) if m["place"] or m["deleted"]]
            total, data = len(places), [self._location(m) for m in places[offset : offset + size]]
        else:  # papers, consultations and legislative terms are not what Protokoll knows
            total, data = 0, []
        return self._page(self.url("body", body_id, kind), data, total, request, size)

    def _page(self, address: str, data: list, total: int, request: ListRequest, size: int) -> dict:
        pages = max(1, math.ceil(total / size))
        if request.page > pages and total:
            raise NotFoundError(f"this list has {pages} pages, not {request.page}")

        def link(page: int) -> str:
            query = urlencode(request.query(page))
            return f"{address}?{query}" if query else address

        links = {"first": link(1), "self": link(request.page), "last": link(pages)}
        if request.page > 1:
            links["prev"] = link(request.page - 1)
        if request.page < pages:
            links["next"] = link(request.page + 1)
        return {
            "data": _compact(data),
            "pagination": {
                "totalElements": total,
                "elementsPerPage": size,
                "currentPage": request.page,
                "totalPages": pages,
            },
            "links": links,
        }

    def _all_meetings(self, body_id: int, window) -> list[dict]:
        return rows.meeting_page(self.db, body_id, window, 0, -1)[0]

    # Meetings and agenda items ---------------------------------------------------------------------

    def meeting(self, meeting_id: int) -> dict:
        row = rows.meeting_row(self.db, meeting_id)
        if row is None:
            raise NotFoundError(f"there is no published meeting with id {meeting_id}")
        return _compact(self._meetings([row], omit_internal=False)[0])

    def _meetings(self, found: list[dict], omit_internal: bool) -> list[dict]:
        parts = rows.meeting_parts(self.db, [m["id"] for m in found if not m["deleted"]])
        return [self._meeting(m, parts.get(m["id"]), omit_internal) for m in found]

    def _stub(self, kind: str, address: str, row: dict) -> dict:
        """What every object has; a deleted one has nothing more (the spec's soft delete)."""
        stub = {"id": address, "type": _type(kind), "created": row["created_at"], "modified": row["modified_at"]}
        if row.get("deleted"):
            stub["deleted"] = True
        return stub

    def _meeting(self, row: dict, parts: dict | None, omit_internal: bool) -> dict:
        meeting = self._stub("Meeting", self.url("meeting", row["id"]), row)
        if row["deleted"]:
            return meeting
        meeting.update(name=row["title"], meetingState="durchgeführt", cancelled=False)
        if row["starts_at"]:
            meeting["start"] = row["starts_at"]
            if row["duration"]:
                meeting["end"] = _clock(row["starts_at"], row["duration"])
        if row["place"]:
            meeting["location"] = self._location(row)
        meeting["participant"] = [self.url("person", p) for p in parts["participants"]]
        files = {name: self._file(row, name, embedded=True) for name in self._files_of(row["id"])}
        if "protokoll.pdf" in files:
            meeting["verbatimProtocol"] = files["protokoll.pdf"]
        if "ergebnisprotokoll.pdf" in files:
            meeting["resultsProtocol"] = files["ergebnisprotokoll.pdf"]
        if not omit_internal:
            meeting["auxiliaryFile"] = [files["audio.webm"]] if "audio.webm" in files else []
            meeting["agendaItem"] = [self._item({**i, **_meeting_of(row)}, parts) for i in parts["items"]]
        meeting["web"] = f"{self.site}/?meeting={row['id']}"
        meeting[VENDOR + "date"] = row["date"]
        meeting[VENDOR + "duration"] = row["duration"]
        if parts["plain"].get(None):
            meeting[VENDOR + "summary"] = parts["plain"][None]
        if row["oparl_id"]:
            meeting[VENDOR + "councilInformationSystem"] = row["oparl_id"]
        return meeting

    def agenda_item(self, meeting_id: int, position: int) -> dict:
        row = rows.item_row(self.db, meeting_id, position)
        if row is None:
            raise NotFoundError(f"there is no public agenda item {position} in a published meeting {meeting_id}")
        return _compact(self._items([row])[0])

    def _items(self, found: list[dict]) -> list[dict]:
        parts = rows.meeting_parts(self.db, sorted({i["meeting_id"] for i in found if not i["deleted"]}))
        return [self._item(i, parts.get(i["meeting_id"])) for i in found]

    def _item(self, row: dict, parts: dict | None) -> dict:
        item = self._stub("AgendaItem", self.url("agendaitem", row["meeting_id"], row["position"]), row)
        if row["deleted"]:
            return item
        votes = parts["votes"].get(row["item_id"], [])
        item.update(
            meeting=self.url("meeting", row["meeting_id"]),
            number=row["number"],
            order=row["position"],
            name=row["title"],
            public=bool(row["public"]),
        )
        result = item_result([SimpleNamespace(**v) for v in votes])
        if result:
            item["result"] = result
        resolutions = [v["resolution"] for v in votes if v["resolution"]]
        if resolutions:
            item["resolutionText"] = "\n\n".join(resolutions)
        for field, seconds in (("start", row["start"]), ("end", row["end"])):
            clock = _clock(row["starts_at"], seconds)
            if clock:
                item[field] = clock
        if row["start"] is not None:
            item["web"] = f"{self.site}/?meeting={row['meeting_id']}&t={int(row['start'])}"
        item[VENDOR + "recordingStart"] = row["start"]
        item[VENDOR + "recordingEnd"] = row["end"]
        item[VENDOR + "votes"] = [self._vote(v) for v in votes]
        item[VENDOR + "speeches"] = [self._speech(s) for s in parts["speeches"].get(row["item_id"], [])]
        if parts["plain"].get(row["item_id"]):
            item[VENDOR + "summary"] = parts["plain"][row["item_id"]]
        return item

    @staticmethod
    def _vote(vote: dict) -> dict:
        return {
            "motion": vote["motion"],
            "proposer": vote["proposer"],
            "result": vote["result"],
            "yes": vote["yes"],
            "no": vote["no"],
            "abstain": vote["abstain"],
            "unanimous": bool(vote["unanimous"]),
            "majority": vote["majority"],
            "yesGroups": vote["yes_groups"],
            "noGroups": vote["no_groups"],
            "abstainGroups": vote["abstain_groups"],
            "resolution": vote["resolution"],
            "recordingTime": vote["start"],
        }

    def _speech(self, speech: dict) -> dict:
        return {
            "speaker": speech["name"],
            "person": self.url("person", speech["person_id"]) if speech["person_id"] else None,
            "faction": speech["faction"],
            "recordingStart": speech["start"],
            "recordingEnd": speech["end"],
        }

    # Locations -----------------------------------------------------------------------------------------

    def location(self, meeting_id: int) -> dict:
        row = rows.meeting_row(self.db, meeting_id)
        if row is None or not (row["place"] or row["deleted"]):
            raise NotFoundError(f"there is no location of a published meeting {meeting_id}")
        return _compact(self._location(row))

    def _location(self, meeting: dict) -> dict:
        location = self._stub("Location", self.url("location", meeting["id"]), meeting)
        if not meeting["deleted"]:
            location.update(description=meeting["place"], meeting=[self.url("meeting", meeting["id"])])
        return location

    # Persons, organizations, memberships ------------------------------------------------------------

    def person(self, person_id: int) -> dict:
        row = rows.person_row(self.db, person_id)
        if row is None:
            raise NotFoundError(f"there is no person with id {person_id} in the public record")
        return _compact(self._persons([row], omit_internal=False)[0])

    def _persons(self, found: list[dict], omit_internal: bool) -> list[dict]:
        memberships = rows.person_memberships(self.db, [p["id"] for p in found]) if not omit_internal else {}
        persons = []
        for row in found:
            person = self._stub("Person", self.url("person", row["id"]), row)
            person["name"] = row["name"]
            for field, column in (("familyName", "family_name"), ("givenName", "given_name"),
                                  ("formOfAddress", "form_of_address")):  # fmt: skip
                if row[column]:
                    person[field] = row[column]
            if row["title"]:
                person["title"] = [row["title"]]
            if row["oparl_id"]:
                person[VENDOR + "councilInformationSystem"] = row["oparl_id"]
            if not omit_internal:
                person["membership"] = [self._membership(m) for m in memberships[row["id"]]]
            persons.append(person)
        return persons

    def organization(self, organization_id: int) -> dict:
        row = rows.organization_row(self.db, organization_id)
        if row is None:
            raise NotFoundError(f"there is no organization with id {organization_id} in the public record")
        return _compact(self._organization(row))

    def _organization(self, row: dict) -> dict:
        organization = self._stub("Organization", self.url("organization", row["id"]), row)
        organization.update(
            body=self.url("body", row["body_id"]),
            name=row["name"],
            organizationType=_ORGANIZATION_TYPES.get(row["kind"], "sonstiges"),
            classification=_CLASSIFICATIONS.get(row["kind"], row["kind"]),
        )
        if row["short_name"]:
            organization["shortName"] = row["short_name"]
        return organization

    def membership(self, membership_id: int) -> dict:
        row = rows.membership_row(self.db, membership_id)
        if row is None:
            raise NotFoundError(f"there is no membership with id {membership_id}")
        return _compact(self._membership(row))

    def _membership(self, row: dict) -> dict:
        membership = self._stub("Membership", self.url("membership", row["id"]), row)
        membership["person"] = self.url("person", row["person_id"])
        if row["organization_id"]:
            membership["organization"] = self.url("organization", row["organization_id"])
        membership[VENDOR + "body"] = self.url("body", row["body_id"])
        for field, column in (("role", "role"), ("startDate", "start_date"), ("endDate", "end_date")):
            if row[column]:
                membership[field] = row[column][:10]
        return membership

    # Files -----------------------------------------------------------------------------------------------

    def _files_of(self, meeting_id: int) -> list[str]:
        folder = self.public_root / str(meeting_id)
        present = set(os.listdir(folder)) if folder.is_dir() else set()
        return [name for name in PUBLIC_FILES if name in present]

    def _file_entries(self, body_id: int, window) -> list[tuple[dict, str]]:
        entries = []
        for meeting in self._all_meetings(body_id, window):
            names = list(PUBLIC_FILES) if meeting["deleted"] else self._files_of(meeting["id"])
            entries += [(meeting, name) for name in names]
        return entries

    def file(self, meeting_id: int, name: str) -> dict:
        row = rows.meeting_row(self.db, meeting_id)
        if row is None or name not in PUBLIC_FILES or (not row["deleted"] and name not in self._files_of(meeting_id)):
            raise NotFoundError(f"there is no public file {name!r} of meeting {meeting_id}")
        return _compact(self._file(row, name))

    def public_file(self, meeting_id: int, name: str) -> tuple[Path, str]:
        """The path of a public file and the name a download saves it under; GoneError once withdrawn."""
        row = rows.meeting_row(self.db, meeting_id)
        if row is None or name not in PUBLIC_FILES:
            raise NotFoundError(f"there is no public file {name!r} of meeting {meeting_id}")
        if row["deleted"]:
            raise GoneError(f"meeting {meeting_id} was withdrawn; its files are no longer published")
        path = self.public_root / str(meeting_id) / name
        if not path.is_file():
            raise NotFoundError(f"there is no public file {name!r} of meeting {meeting_id}")
        return path, _download_name(row, name)

    def _file(self, meeting: dict, name: str, embedded: bool = False) -> dict:
        file = self._stub("File", self.url("file", meeting["id"], name), meeting)
        if meeting["deleted"]:
            return file
        kind = PUBLIC_FILES[name]
        path = self.public_root / str(meeting["id"]) / name
        stat = path.stat()
        file.update(
            name=kind.title,
            fileName=name,
            mimeType=kind.mime_type,
            date=meeting["date"],
            size=stat.st_size,
            sha512Checksum=self.checksum(path, stat),
            accessUrl=f"{self.site}/public/{meeting['id']}/{name}",
            downloadUrl=self.url("download", meeting["id"], name),
            meeting=[self.url("meeting", meeting["id"])],
            fileLicense=self.license,
        )
        present = self._files_of(meeting["id"])
        if kind.master and kind.master in present:
            file["masterFile"] = self.url("file", meeting["id"], kind.master)
        derived = [self.url("file", meeting["id"], n) for n in present if PUBLIC_FILES[n].master == name]
        if derived:
            file["derivativeFile"] = derived
        # The text of a whole session runs to hundreds of kilobytes: it is given on the File itself, and
        # left out where the File is embedded in each Meeting of a list page.
        if kind.text_from and not embedded and kind.text_from in present:
            file["text"] = (path.parent / kind.text_from).read_text(encoding="utf-8")
        return file


# Properties the schemas require, which stay even when empty.
_REQUIRED_EMPTY = {"legislativeTerm", "data"}


def _compact(value):
    """Without null, empty strings and empty lists (the spec: leave out what has no data), at every depth."""
    if isinstance(value, dict):
        return {
            key: _compact(item) for key, item in value.items() if key in _REQUIRED_EMPTY or item not in (None, "", [])
        }
    if isinstance(value, list):
        return [_compact(item) for item in value]
    return value


_ORGANIZATION_TYPES = {"faction": "Fraktion", "party": "Partei", "committee": "Gremium", "administration": "Verwaltung"}
_CLASSIFICATIONS = {"faction": "Fraktion", "party": "Partei", "committee": "Ausschuss", "administration": "Verwaltung"}


def _meeting_of(meeting: dict) -> dict:
    """The meeting's columns an embedded agenda item reads."""
    return {
        "meeting_id": meeting["id"],
        "starts_at": meeting["starts_at"],
        "created_at": meeting["created_at"],
        "modified_at": meeting["modified_at"],
        "deleted": meeting["deleted"],
    }


def _download_name(meeting: dict, name: str) -> str:
    """'2026-11-20 Ratssitzung Wortprotokoll.pdf': what a saved file is called."""
    title = re.sub(r"[^\w .,()-]+", " ", f"{meeting['date'] or ''} {meeting['title']}").strip()
    title = re.sub(r"\s+", " ", title)[:120]
    return f"{title} {PUBLIC_FILES[name].title.split(' (')[0]}{Path(name).suffix}"
