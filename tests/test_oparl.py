"""The OParl 1.1 endpoint: every object validates against the spec's schemas, the list rules (pages,
filters, deleted objects) and file access hold, and only what the public may see is served."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft7Validator, FormatChecker
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.testclient import TestClient

from protokoll import archive
from protokoll.config import PROJECT_ROOT, Settings
from protokoll.interfaces.web.oparl import OParlRoutes, PublicFiles
from protokoll.minutes.agenda import read_agenda
from protokoll.services import Services

SCHEMAS = {
    p.stem: json.loads(p.read_text()) for p in (Path(__file__).parent / "fixtures/oparl_schema_1.1").glob("*.json")
}
SAMPLES = PROJECT_ROOT / "samples"
MEMBERS = Path(__file__).parent / "data/members/emscherhausen.csv"
BASE = "http://testserver/oparl/v1"
FORMATS = FormatChecker()


@FORMATS.checks("url")
def _is_url(value) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value) -> bool:
    return "T" in value and dt.datetime.fromisoformat(value).tzinfo is not None


@FORMATS.checks("date", raises=ValueError)
def _is_date(value) -> bool:
    return len(value) == 10 and bool(dt.date.fromisoformat(value))


def validate(obj: dict, kind: str | None = None) -> None:
    """Validate an object against its schema, and its embedded objects against theirs."""
    kind = kind or obj["type"].rsplit("/", 1)[-1]
    schema = SCHEMAS[kind]
    Draft7Validator(schema, format_checker=FORMATS).validate(obj)
    if obj.get("deleted"):
        assert set(obj) <= {"id", "type", "created", "modified", "deleted"}, obj
    for key, value in obj.items():
        spec = schema["properties"].get(key, {})
        if spec.get("type") == "object" and "schema" in spec:
            validate(value, spec["schema"].removesuffix(".json"))
        if spec.get("type") == "array" and "schema" in spec.get("items", {}):
            for embedded in value:
                validate(embedded, spec["items"]["schema"].removesuffix(".json"))
        assert value is not None and value != "", f"{kind}.{key} is empty"


def _client(settings: Settings) -> TestClient:
    """The endpoint as `protokoll serve` mounts it."""
    app = Starlette(routes=[*OParlRoutes(settings).routes(), Mount("/public", app=PublicFiles(settings))])
    return TestClient(app)


def _get(client: TestClient, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:500])
    assert response.headers["access-control-allow-origin"] == "*"
    return response.json()


def _walk(client: TestClient) -> tuple[dict[str, dict], dict[str, list[dict]]]:
    """Every object and every list reachable from the system object: ({id: object}, {list url: objects})."""
    objects: dict[str, dict] = {}
    lists: dict[str, list[dict]] = {}
    queue = [f"{BASE}/system"]
    seen = set()
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        answer = _get(client, url)
        if "data" in answer:
            assert set(answer) == {"data", "pagination", "links"}, url
            lists.setdefault(url.split("?")[0], []).extend(answer["data"])
            found = answer["data"]
            if "next" in answer["links"]:
                queue.append(answer["links"]["next"])
        else:
            found = [answer]
        for obj in found:
            validate(obj)
            objects.setdefault(obj["id"], obj)
            queue += [u for u in _endpoint_urls(obj) if u not in seen]
    return objects, lists


def _endpoint_urls(value) -> list[str]:
    """Addresses of the endpoint inside an object (not the file downloads, which are files)."""
    if isinstance(value, dict):
        return [u for k, v in value.items() if k != "downloadUrl" for u in _endpoint_urls(v)]
    if isinstance(value, list):
        return [u for v in value for u in _endpoint_urls(v)]
    return [value] if isinstance(value, str) and value.startswith(BASE + "/") else []


@pytest.fixture(scope="module")
def town(tmp_path_factory, text_embedder):
    """An archive as a town hall has it: the sample session published (its last item non-public, one range
    hidden), its members imported, a second session still a draft, and a third published and withdrawn."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("oparl"))
    services = Services(settings, embedder=text_embedder)
    reference = json.loads((SAMPLES / "sample_session.json").read_text(encoding="utf-8"))
    reference["place"] = "Ratssaal, Rathaus Emscherhausen"
    agenda = read_agenda(SAMPLES / "sample_session.agenda.txt")
    agenda[-1] = dataclasses.replace(agenda[-1], public=False)
    published = services.import_transcript(reference, agenda=agenda, publish=True)
    services.import_members(MEMBERS, reference["body"], "clerk")
    meeting = archive.load_meeting(services.db(), published)
    secret_item = next(i for i in meeting.agenda_items if not i.public)
    hidden = next(u for u in meeting.utterances if u.start > 60 and u.agenda_item_id != secret_item.id)
    services.hide_range(published, hidden.start, hidden.end, "clerk")
    services.approve(published, "clerk")
    secret_texts = [u.text for u in meeting.utterances if u.agenda_item_id == secret_item.id] + [hidden.text]
    draft = services.import_transcript({**reference, "title": "Entwurf einer Sitzung", "date": "2026-12-01"})
    withdrawn = services.import_transcript({**reference, "title": "Zurückgezogene Sitzung", "date": "2026-12-02"},
                                           publish=True)  # fmt: skip
    services.withdraw(withdrawn, "clerk")
    return SimpleTown(settings, services, published, draft, withdrawn, secret_item.title, secret_texts)


@dataclasses.dataclass
class SimpleTown:
    settings: Settings
    services: Services
    published: int
    draft: int
    withdrawn: int
    secret_title: str
    secret_texts: list[str]


def test_every_object_of_the_endpoint_validates_against_the_oparl_schemas(town):
    client = _client(town.settings)
    objects, lists = _walk(client)
    kinds = {o["type"].rsplit("/", 1)[-1] for o in objects.values()}
    assert {"System", "Body", "Meeting", "AgendaItem", "File", "Person", "Organization", "Membership",
            "Location"} <= kinds  # fmt: skip
    # An object in a list is the object at its id.
    for listed in lists.values():
        for obj in listed:
            assert _get(client, obj["id"]) == obj
    meeting = objects[f"{BASE}/meeting/{town.published}"]
    for protocol in ("verbatimProtocol", "resultsProtocol"):
        assert {"accessUrl", "downloadUrl", "mimeType", "size", "sha512Checksum"} <= set(meeting[protocol])
        assert objects[meeting[protocol]["id"]]["text"].startswith("# ")
    derived = {objects[u]["mimeType"] for u in objects[meeting["verbatimProtocol"]["id"]]["derivativeFile"]}
    assert {"text/vtt", "application/json"} <= derived
    item = next(i for i in meeting["agendaItem"] if i.get("protokoll:votes"))
    assert {"number", "order", "name", "public", "result"} <= set(item)
    assert item["protokoll:speeches"] and all("recordingStart" in s for s in item["protokoll:speeches"])


def test_the_files_behind_each_file_object_are_what_it_says(town):
    client = _client(town.settings)
    files = _get(client, f"{BASE}/body/1/file")["data"]
    assert len(files) >= 5
    for file in files:
        for address in (file["accessUrl"], file["downloadUrl"]):
            content = client.get(address).content
            assert len(content) == file["size"]
            assert hashlib.sha512(content).hexdigest() == file["sha512Checksum"]


def test_a_recorded_session_validates_with_its_public_audio(sample_copy):
    services, meeting_id = sample_copy
    client = _client(services.settings)
    objects, _ = _walk(client)
    meeting = objects[f"{BASE}/meeting/{meeting_id}"]
    audio = meeting["auxiliaryFile"][0]
    assert audio["mimeType"] == "audio/webm"
    assert client.get(audio["accessUrl"], headers={"Range": "bytes=0-99"}).status_code == 206
    assert any(i.get("protokoll:speeches") for i in meeting["agendaItem"])


def test_list_pages_chain_through_every_object_in_a_stable_order(town):
    client = _client(town.settings)
    whole = _get(client, f"{BASE}/body/1/person")
    expected = [p["id"] for p in whole["data"]]
    assert len(expected) >= 5 and whole["pagination"]["totalElements"] == len(expected)
    assert "next" not in whole["links"]
    url, seen, pages = f"{BASE}/body/1/person?limit=2&omit_internal=true", [], []
    while url:
        page = _get(client, url)
        pages.append(page)
        seen += [p["id"] for p in page["data"]]
        assert all("membership" not in p for p in page["data"])  # omit_internal
        url = page["links"].get("next")
        if url:
            assert "limit=2" in url and "omit_internal=true" in url  # the filters stay in the links
    assert seen == expected
    assert [len(p["data"]) for p in pages[:-1]] == [2] * (len(pages) - 1)
    assert pages[-1]["pagination"]["totalPages"] == len(pages) == pages[-1]["pagination"]["currentPage"]
    assert "prev" in pages[-1]["links"] and pages[0]["links"]["last"] == pages[-1]["links"]["self"]
    _get(client, f"{BASE}/body/1/person?limit=2&page={len(pages) + 1}", 404)


def _set_stamps(db, meeting_id: int, created: str, modified: str) -> None:
    db.execute("UPDATE meetings SET created_at = ?, modified_at = ? WHERE id = ?", [created, modified, meeting_id])


def test_the_four_filters_select_by_created_and_modified(town, tmp_path):
    db = archive.open_database(town.settings.database)
    _set_stamps(db, town.published, "2026-01-10T09:00:00+00:00", "2026-03-01T12:00:00+00:00")
    client = _client(town.settings)

    def meetings(**query) -> list[int]:
        params = "&".join(f"{k}={v}" for k, v in query.items())
        return [int(m["id"].rsplit("/", 1)[1]) for m in _get(client, f"{BASE}/body/1/meeting?{params}")["data"]]

    assert meetings() == [town.published]
    assert meetings(created_since="2026-01-10T10:00:00%2B01:00") == [town.published]  # the same instant
    assert meetings(created_since="2026-01-10T09:00:01Z") == []
    assert meetings(created_until="2026-01-10T09:00:00Z") == [town.published]
    assert meetings(created_until="2026-01-09T23:59:59Z") == []
    assert meetings(modified_until="2026-03-01T12:00:00Z") == [town.published]
    assert meetings(modified_until="2026-02-28T00:00:00Z") == []
    assert town.published in meetings(modified_since="2026-03-01T13:00:00+01:00")  # '+' sent unencoded
    assert town.published not in meetings(modified_since="2026-03-01T12:00:01Z")
    assert _get(client, f"{BASE}/bodies?created_since=2100-01-01T00:00:00Z")["data"] == []
    assert _get(client, f"{BASE}/bodies?created_until=2100-01-01T00:00:00Z")["data"]
    # The items and files of a meeting follow its stamps.
    items = _get(client, f"{BASE}/body/1/agendaItem?created_until=2026-01-09T00:00:00Z")
    assert items["data"] == [] and _get(client, f"{BASE}/body/1/agendaItem")["data"]
    for bad in ("2026-01-10", "yesterday", "2026-01-10T09:00:00"):
        error = _get(client, f"{BASE}/body/1/meeting?created_since={bad}", 400)["error"]["message"]
        assert "created_since" in error
    _get(client, f"{BASE}/body/1/meeting?limit=0", 400)


def test_a_change_moves_modified_and_keeps_created(town):
    db = archive.open_database(town.settings.database)
    _set_stamps(db, town.published, "2026-01-10T09:00:00+00:00", "2026-01-10T09:00:00+00:00")
    client = _client(town.settings)
    since, address = "2026-06-01T00:00:00Z", f"{BASE}/meeting/{town.published}"

    def changed() -> dict[str, dict]:
        return {m["id"]: m for m in _get(client, f"{BASE}/body/1/meeting?modified_since={since}")["data"]}

    assert address not in changed()
    utterance = archive.public_meeting(db, town.published).utterances[0]
    town.services.correct(utterance.id, utterance.text + " (berichtigt)", "clerk")
    meeting = changed()[address]
    assert meeting["created"] == "2026-01-10T09:00:00+00:00" and meeting["modified"] > since
    # The correction made the summaries drafts again: until a clerk approves, no summary is public.
    assert "protokoll:summary" not in json.dumps(meeting)
    town.services.approve(town.published, "clerk")
    assert "protokoll:summary" in json.dumps(_get(client, f"{BASE}/meeting/{town.published}"))


def test_a_withdrawn_meeting_is_deleted_for_clients_asking_what_changed(town):
    client = _client(town.settings)
    withdrawn = f"{BASE}/meeting/{town.withdrawn}"
    assert withdrawn not in [m["id"] for m in _get(client, f"{BASE}/body/1/meeting")["data"]]
    changed = _get(client, f"{BASE}/body/1/meeting?modified_since=2000-01-01T00:00:00Z")["data"]
    stub = next(m for m in changed if m["id"] == withdrawn)
    assert stub["deleted"] is True and set(stub) == {"id", "type", "created", "modified", "deleted"}
    assert _get(client, withdrawn) == stub  # still 200 at its address, as the spec says
    items = _get(client, f"{BASE}/body/1/agendaItem?modified_since=2000-01-01T00:00:00Z")["data"]
    assert any(i["deleted"] for i in items if i["id"].startswith(f"{BASE}/agendaitem/{town.withdrawn}/"))
    assert all(not i.get("deleted") for i in _get(client, f"{BASE}/body/1/agendaItem")["data"])
    for address in (f"/public/{town.withdrawn}/protokoll.pdf", f"/oparl/v1/download/{town.withdrawn}/protokoll.pdf"):
        assert client.get(address).status_code == 410


def test_files_are_served_as_the_spec_says(town):
    client = _client(town.settings)
    file = _get(client, f"{BASE}/file/{town.published}/protokoll.pdf")
    access = client.get(file["accessUrl"])
    assert access.status_code == 200 and "content-disposition" not in access.headers
    assert access.headers["content-type"] == "application/pdf"
    download = client.get(file["downloadUrl"])
    disposition = download.headers["content-disposition"]
    assert disposition.startswith("attachment;") and 'filename="2026-11-12 ' in disposition
    assert "Wortprotokoll.pdf" in disposition
    for response, address in ((access, file["accessUrl"]), (download, file["downloadUrl"])):
        assert response.headers["etag"] and response.headers["last-modified"]
        again = client.get(address, headers={"If-None-Match": response.headers["etag"]})
        assert again.status_code == 304 and again.content == b""
        since = client.get(address, headers={"If-Modified-Since": response.headers["last-modified"]})
        assert since.status_code == 304
    assert client.get(f"/oparl/v1/download/{town.published}/audio.webm").status_code == 404  # no recording
    assert client.get(f"/oparl/v1/download/{town.draft}/protokoll.pdf").status_code == 404


def test_only_what_the_public_may_see_is_served(town):
    client = _client(town.settings)
    objects, lists = _walk(client)
    served = json.dumps(objects, ensure_ascii=False) + "".join(
        (Path(town.settings.data_dir) / "public" / str(town.published) / name).read_text(encoding="utf-8")
        for name in ("protokoll.md", "protokoll.vtt", "protokoll.json", "ergebnisprotokoll.md")
    )
    assert f"{BASE}/meeting/{town.draft}" not in objects
    assert "Entwurf einer Sitzung" not in served
    assert town.secret_title not in served
    for text in town.secret_texts:
        assert text not in served
    assert not any(key in served for key in ('"embedding"', "voice_print", "sha256"))
    assert not re.search(r'"voice_(score|consistency)": [0-9]', served)
    meeting = objects[f"{BASE}/meeting/{town.published}"]
    assert all(item["public"] for item in meeting["agendaItem"])


def test_unknown_objects_and_lists_are_404_with_a_reason(town):
    client = _client(town.settings)
    unknown = [f"{BASE}/meeting/{town.draft}", f"{BASE}/meeting/999", f"{BASE}/body/99", f"{BASE}/body/1/nonsense",
               f"{BASE}/person/999", f"{BASE}/agendaitem/{town.published}/99", f"{BASE}/file/{town.published}/x.txt",
               f"{BASE}/download/{town.published}/x.txt"]  # fmt: skip
    for address in unknown:
        assert _get(client, address, 404)["error"]["message"]
    for outside in (f"{BASE}/file/{town.published}/..%2Fprotokoll.db", "/public/..%2Fprotokoll.db",
                    f"{BASE}/download/{town.published}/..%2F..%2Fprotokoll.db"):  # fmt: skip
        assert client.get(outside).status_code == 404
