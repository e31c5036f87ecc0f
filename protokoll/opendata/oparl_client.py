"""Reading a council information system's OParl server (1.0 and 1.1) over HTTP.

`harvest` walks System -> bodies -> each body's organization, person, membership, meeting and
agendaItem lists, page by page along `links.next`, and takes apart what is embedded (1.0 and 1.1
embed a meeting's agenda items and a person's memberships; 1.1 may also list them apart: an object
read twice is one). `fetch_meeting` reads one meeting for an ingest, with its location, body and
participants. Nothing here writes: `archive.oparl_import` stores a harvest in one transaction.

Known server quirks it copes with: a 404 for a list whose date filter leaves it empty (read as
empty); `created` / `modified` stamped with the time of the request (`oparl_source.content_hash`
leaves them out, so such objects are not counted as changed); a last page whose `next` leads to a
page already read (the walk stops there).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from urllib.parse import urlencode

import httpx

from protokoll.errors import InputError, OParlError
from protokoll.opendata.oparl_source import (
    Harvest,
    HarvestedBody,
    OParlMeeting,
    check_oparl_url,
    meeting_from_oparl,
    object_type,
    oparl_version,
    participant_from_oparl,
    split_embedded,
)
from protokoll.speakers.directory import Person

__all__ = ["OParlClient", "harvest", "fetch_meeting", "BODY_LISTS", "TIMEOUT_SECONDS", "MAX_ANSWER_BYTES"]

# A slow council system answers a list page of 100 meetings in a few seconds; 30 s means it is down.
TIMEOUT_SECONDS = 30.0
# The largest list pages (100 meetings with their agendas and files) are a few megabytes.
MAX_ANSWER_BYTES = 50_000_000
# A list of 100 objects a page: two million objects. Past that, a server's `next` links go in circles.
MAX_PAGES = 20_000
# A meeting names its participants by URL; each unknown one costs a request.
MAX_PARTICIPANTS = 300
# A body's lists read, with the type of their objects (1.1 adds `membership` and `agendaItem`).
BODY_LISTS = {
    "organization": "Organization",
    "person": "Person",
    "membership": "Membership",
    "meeting": "Meeting",
    "agendaItem": "AgendaItem",
}


class OParlClient:
    """GETs OParl answers as JSON objects, with one clear error for each way a server can fail."""

    def __init__(self, timeout: float = TIMEOUT_SECONDS, transport: httpx.BaseTransport | None = None):
        from protokoll import __version__

        self.timeout = timeout
        self.requests = 0
        self.empty_filtered: list[str] = []  # filtered lists answered with 404, read as empty
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)), follow_redirects=True, transport=transport,
            headers={"Accept": "application/json", "User-Agent": f"Protokoll/{__version__} (OParl import)"},
        )  # fmt: skip

    def __enter__(self) -> OParlClient:
        return self

    def __exit__(self, *_) -> None:
        self._http.close()

    def answer(self, url: str, params: dict | None = None, missing_ok: bool = False) -> dict | None:
        """The JSON object at url; None for a 404 where `missing_ok`."""
        self.requests += 1
        try:
            response = self._http.get(url, params=params)
        except httpx.TimeoutException as error:
            raise OParlError(f"the OParl server at {url} did not answer within {self.timeout:g} s") from error
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            raise OParlError(f"cannot reach the OParl server at {url}: {error}") from error
        if response.status_code == 404 and missing_ok:
            return None
        if response.status_code >= 400:
            raise OParlError(f"{response.url} answered HTTP {response.status_code}")
        if len(response.content) > MAX_ANSWER_BYTES:
            raise OParlError(f"{response.url} answered more than {MAX_ANSWER_BYTES // 1_000_000} MB")
        try:
            data = response.json()
        except (ValueError, RecursionError) as error:
            kind = response.headers.get("content-type", "no content type").split(";")[0]
            raise OParlError(f"{response.url} did not answer JSON ({kind}): is it an OParl server?") from error
        if not isinstance(data, dict):
            raise OParlError(f"{response.url} did not answer an OParl object (a JSON {type(data).__name__})")
        return data

    def get_object(self, url: str, expected: tuple[str, ...]) -> dict:
        """The OParl object at url, which must be of one of the expected types."""
        data = self.answer(url)
        kind = object_type(data)
        if kind not in expected:
            found = f"an OParl {kind}" if kind else "not an OParl object (it has no type)"
            raise OParlError(f"{url} is {found}, not {' or '.join(expected)}")
        if not isinstance(data.get("id"), str):
            raise OParlError(f"{url}: the {kind} has no id")
        return data

    def list_objects(self, url: str, params: dict | None = None) -> Iterator[dict]:
        """The objects of a list, page by page. A filtered list answered with 404 is empty (a vendor's quirk
        for a date window without objects)."""
        page_url, page_params, seen = url, params, set()
        while page_url and page_url not in seen and len(seen) < MAX_PAGES:
            seen.add(page_url)
            data = self.answer(page_url, page_params, missing_ok=bool(params))
            if data is None:
                self.empty_filtered.append(f"{page_url}?{urlencode(page_params)}" if page_params else page_url)
                return
            items = data.get("data")
            if not isinstance(items, list):
                raise OParlError(f"{page_url} is not an OParl list page (it has no 'data' list)")
            yield from (item for item in items if isinstance(item, dict))
            links = data.get("links") if isinstance(data.get("links"), dict) else {}
            # Later pages come from the server's links, which keep the filter (the spec requires it).
            page_url, page_params = links.get("next") if isinstance(links.get("next"), str) else None, None
        if page_url and page_url not in seen:
            raise OParlError(f"{url}: more than {MAX_PAGES} list pages")


def _choose_bodies(bodies: list[dict], name: str | None) -> list[dict]:
    """The bodies to import: all; with a name, the one of that name, short name or id (or the only one)."""
    if not bodies:
        raise OParlError("the OParl system lists no bodies")
    if not name:
        return bodies
    wanted = " ".join(name.split()).casefold()
    matching = [b for b in bodies if wanted in {" ".join(str(b.get(k) or "").split()).casefold()
                                                for k in ("name", "shortName", "id")}]  # fmt: skip
    if matching:
        return matching[:1]
    if len(bodies) == 1:
        return bodies  # one body, imported under the name given
    names = ", ".join(str(b.get("name") or b.get("id")) for b in bodies)
    raise InputError(f"the OParl system has {len(bodies)} bodies and none is named {name!r}: {names}")


def _read_body(http: OParlClient, body: dict, since: str | None) -> HarvestedBody:
    found = HarvestedBody(split_embedded(body, "Body")[0], since=since)
    params = {"modified_since": since} if since else None
    for field, kind in BODY_LISTS.items():
        value = body.get(field)
        if isinstance(value, str):
            items = http.list_objects(value, params)
        elif isinstance(value, list):  # embedded instead of listed (some vendors)
            items = (item for item in value if isinstance(item, dict))
        else:
            continue
        for item in items:
            found.add(split_embedded(item, kind))
    return found


def harvest(
    url: str, body: str | None = None, since: dict[str, str] | None = None, client: OParlClient | None = None
) -> Harvest:
    """Read an OParl system (or a body, given its URL): its bodies and their lists.

    `body` picks one body by name, short name or id. `since` maps a body's id to the date-time whose
    changes are asked for (`modified_since`); a body not in it is read whole.
    """
    url = check_oparl_url(url)
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    since = since or {}
    with client or OParlClient() as http:
        root = http.get_object(url, ("System", "Body"))
        if object_type(root) == "System":
            system = root
            listed = root.get("body")
            bodies = list(http.list_objects(listed)) if isinstance(listed, str) else listed
        else:
            system = http.get_object(root["system"], ("System",)) if isinstance(root.get("system"), str) else None
            bodies = [root]
        bodies = [b for b in bodies or [] if isinstance(b, dict) and isinstance(b.get("id"), str)
                  and b.get("deleted") is not True and object_type(b, "Body") == "Body"]  # fmt: skip
        read = [_read_body(http, b, since.get(b["id"])) for b in _choose_bodies(bodies, body)]
        warnings = [f"{page} answered 404 to a date filter: read as an empty list" for page in http.empty_filtered]
    system_object = split_embedded(system, "System")[0] if system else None
    return Harvest(url, system_object, oparl_version(system), read, started, warnings)


def fetch_meeting(
    url: str,
    body_name: Callable[[str], str | None] = lambda oparl_id: None,
    known_persons: Callable[[list[str]], dict[str, Person]] = lambda ids: {},
    client: OParlClient | None = None,
) -> OParlMeeting:
    """Read an OParl meeting for an ingest: its agenda, its location where given by URL, the body it belongs to
    (through its first organization) and its participants.

    `body_name` gives the archive's name of an OParl body it knows; `known_persons` the archive's persons of
    OParl ids it knows. Only what they do not know is fetched; what cannot be is a warning, not an error.
    """
    url = check_oparl_url(url, "the OParl meeting URL")
    warnings: list[str] = []
    with client or OParlClient() as http:
        meeting = http.get_object(url, ("Meeting",))
        if meeting.get("deleted") is True:
            raise OParlError(f"the OParl meeting {url} was deleted in the council information system")
        location = meeting.get("location")
        if isinstance(location, str):
            location = _optional(http, location, ("Location",), warnings)
        body_id, body = _body_of(http, meeting, body_name, warnings)
        ids = list(dict.fromkeys(p for p in meeting.get("participant") or [] if isinstance(p, str)))
        if len(ids) > MAX_PARTICIPANTS:
            warnings.append(f"the meeting names {len(ids)} participants; the first {MAX_PARTICIPANTS} are taken")
            ids = ids[:MAX_PARTICIPANTS]
        known = known_persons(ids)
        participants = []
        for person_id in ids:
            person = known.get(person_id)
            if person is None:
                found = _optional(http, person_id, ("Person",), warnings)
                person = participant_from_oparl(found) if found else None
            if person is not None:
                participants.append(person)
    result = meeting_from_oparl(meeting, body, body_id, location if isinstance(location, dict) else None, participants)
    result.warnings = warnings + (["the meeting is marked cancelled in the council information system"]
                                  if result.cancelled else [])  # fmt: skip
    return result


def _optional(http: OParlClient, url: str, expected: tuple[str, ...], warnings: list[str]) -> dict | None:
    """An object the meeting can do without: a failure to read it is a warning."""
    try:
        return http.get_object(check_oparl_url(url), expected)
    except (OParlError, InputError) as error:
        warnings.append(str(error))
        return None


def _body_of(http, meeting: dict, body_name, warnings: list[str]) -> tuple[str | None, str | None]:
    """(OParl id, name) of the body a meeting belongs to: that of its first organization."""
    organizations = [o for o in meeting.get("organization") or [] if isinstance(o, str)]
    organization = _optional(http, organizations[0], ("Organization",), warnings) if organizations else None
    body_id = organization.get("body") if organization else None
    if not isinstance(body_id, str):
        return None, None
    name = body_name(body_id)
    if name is None:
        body = _optional(http, body_id, ("Body",), warnings)
        name = " ".join(str(body.get("name") or body.get("shortName") or "").split()) or None if body else None
    return body_id, name
