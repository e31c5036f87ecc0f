"""The web interface in a real browser (Debian's chromium through Playwright), against a live server.

One clerk session drives the whole story: upload the sample, wait for it, rename a speaker, mark a
range non-public, approve and publish; then a citizen reaches a decision in three clicks and hears
it from the right second, and search finds a compound part. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from protokoll import archive
from protokoll.archive import body_memberships, open_database
from protokoll.archive.clerks import add_clerk
from protokoll.config import PROJECT_ROOT
from protokoll.interfaces.web.security import SECURITY_HEADERS
from protokoll.interfaces.web.workspace import jobs_html
from protokoll.minutes.plain import GLOSSARY_DE, GLOSSARY_EN

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
SAMPLE = PROJECT_ROOT / "samples" / "sample_session.flac"
AGENDA = PROJECT_ROOT / "samples" / "sample_session.agenda.txt"
PASSWORD = "ratssaal-2026-geheim"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"Debian's chromium is not at {CHROMIUM}: as root, run `apt-get install chromium` (.ci/run does it)",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serving(url: str, seconds: float = 120) -> bool:
    """Wait until the server answers at url; False if it does not within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return True
        except OSError:
            time.sleep(0.5)
    return False


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("web")
    add_clerk(open_database(data / "protokoll.db"), "kaya", PASSWORD)
    port = _free_port()
    env = {**os.environ, "PROTOKOLL_DATA_DIR": str(data), "GRADIO_ANALYTICS_ENABLED": "False"}
    ARTIFACTS.parent.mkdir(parents=True, exist_ok=True)
    log = open(ARTIFACTS.parent / "server.log", "w")  # noqa: SIM115 (kept open while the server runs)
    process = subprocess.Popen(
        [sys.executable, "-m", "protokoll.interfaces.cli", "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}/"
    if not _serving(url):
        process.kill()
        pytest.fail("the server did not start")
    yield url, data
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
        yield browser
        browser.close()


def _shot(page, name: str) -> None:
    """Screenshot into test-artifacts/ (CI keeps it); with PROTOKOLL_UPDATE_DOCS=1 also into docs/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    if os.environ.get("PROTOKOLL_UPDATE_DOCS") == "1":
        shutil.copy(ARTIFACTS / f"{name}.png", PROJECT_ROOT / "docs" / f"{name}.png")


def _second_of(href: str) -> int:
    """The `t` of a time link (`?meeting=1&t=96#u15`)."""
    return int(re.search(r"[?&]t=(\d+)", href).group(1))


AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"


def _axe_violations(page, within: str | None = None) -> list[str]:
    """Serious and critical axe-core findings on the page, or `within` the element of that CSS selector (axe-core
    comes from npm: see README, Set-up)."""
    assert AXE.is_file(), f"axe-core is not installed at {AXE}: npm install axe-core (see README, Set-up)"
    page.add_script_tag(path=str(AXE))
    context = json.dumps(within) if within else "document"
    found = page.evaluate(f"axe.run({context}, {{resultTypes: ['violations']}}).then(r => r.violations)")
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in found
            if v["impact"] in ("serious", "critical")]  # fmt: skip


def _field(page, elem_id: str):
    return page.locator(f"#{elem_id} textarea, #{elem_id} input").first


def _log_in(page, url: str, password: str = PASSWORD) -> None:
    """The login form posts to the server, which answers with the session cookie and the workspace."""
    page.goto(url)
    page.get_by_role("tab", name="Verwaltung").click()
    page.locator("#username").fill("kaya")
    page.locator("#password").fill(password)
    with page.expect_navigation():
        page.locator("#login").click()


@pytest.fixture(scope="module")
def published(server, browser):
    """The clerk's story; returns what the citizen tests need."""
    url, data = server
    clerk = browser.new_context(viewport={"width": 1280, "height": 900})  # holds the session cookie
    page = clerk.new_page()
    _log_in(page, url, "falsch-falsch-falsch")
    page.get_by_text("Anmeldung fehlgeschlagen.").wait_for()
    _log_in(page, url)
    page.locator("#start").wait_for()
    page.locator("#upload input[type=file]").set_input_files(str(SAMPLE))
    page.locator("#agenda input[type=file]").set_input_files(str(AGENDA))
    _field(page, "title").fill("14. Sitzung des Rates der Stadt Emscherhausen")
    _field(page, "date").fill("12.11.2026")  # as people write it
    _field(page, "body").fill("Rat der Stadt Emscherhausen")
    page.wait_for_timeout(1500)  # the uploads finish
    page.locator("#start").click()
    page.get_by_text("Verarbeitung gestartet").wait_for(timeout=30_000)
    page.locator("#jobs .job-running").first.wait_for(timeout=30_000)
    reloaded = clerk.new_page()  # the progress survives a reload: a fresh page shows the running job
    reloaded.goto(url + "?tab=verwaltung")  # and the session cookie keeps the clerk logged in
    reloaded.locator("#jobs .job").first.wait_for(timeout=30_000)
    reloaded.close()
    page.locator("#jobs .job-done").first.wait_for(timeout=400_000)
    _shot(page, "workspace")

    db = open_database(data / "protokoll.db")
    meeting_id = db.execute("SELECT max(id) FROM meetings").fetchone()[0]
    chair = db.execute(
        "SELECT s.label FROM utterances u JOIN speakers s ON s.id = u.speaker_id WHERE u.meeting_id = ? "
        "ORDER BY u.start LIMIT 1",
        [meeting_id],
    ).fetchone()[0]
    hidden = db.execute(
        "SELECT id, text FROM utterances WHERE meeting_id = ? AND start > 178 ORDER BY start LIMIT 1",
        [meeting_id],
    ).fetchone()
    corrected = db.execute(
        "SELECT id, text FROM utterances WHERE meeting_id = ? AND start < 178 ORDER BY start LIMIT 1 OFFSET 2",
        [meeting_id],
    ).fetchone()
    # The review of the sample as the issue counts it: open the meeting, name five speakers, correct a sentence,
    # hide a range, approve, publish; nothing typed but names and the sentence.
    interactions = 0

    def act(locator, value=None):
        nonlocal interactions
        interactions += 1
        if value is None:
            locator.click()
        else:
            locator.fill(value)

    def submit(locator, message):
        with page.expect_navigation():
            act(locator)
        page.locator("#action-message").get_by_text(message).wait_for(timeout=120_000)

    act(page.locator("#meetings").get_by_text("14. Sitzung", exact=False).locator("visible=true").first)
    review = page.locator("#review")
    review.locator(f"#name-{chair}").wait_for(timeout=30_000)
    act(review.locator(f"#name-{chair}"), "Petra Hoffmann")
    for number, field in enumerate(review.locator("form.names input[name^='name:']").all(), start=1):
        if not field.input_value():  # a speaker the chair's words did not name
            act(field, f"Person {number}")
    submit(review.locator("#save-names"), "Namen gespeichert")
    _shot(page, "review")
    act(review.locator(f"#text-{corrected[0]}"), corrected[1] + " (berichtigt)")
    submit(review.get_by_role("button", name=f"Zeile {corrected[0]} speichern"), "Text gespeichert")
    act(review.locator(f"#row-{hidden[0]} input[name=from]"))
    act(review.locator(f"#row-{hidden[0]} input[name=to]"))
    submit(review.locator("#hide"), "nichtöffentlich")
    review_actions = interactions
    # Results the machine could not read for certain are the clerk's to decide; publishing is refused
    # until then. What Whisper hears varies, so where none is unclear the clerk confirms the first result.
    # A decision re-runs the minutes, which numbers the votes anew: each round reads the ids afresh.
    for round_ in range(10):
        votes = db.execute("SELECT id, result FROM votes WHERE meeting_id = ? ORDER BY start", [meeting_id]).fetchall()
        unclear = [vote_id for vote_id, result in votes if result == "unklar"]
        if not unclear and round_ > 0:
            break
        vote_id = (unclear or [votes[0][0]])[0]
        review.locator(f"#result-{vote_id}").select_option("angenommen")
        submit(review.get_by_role("button", name=f"Festlegen: Abstimmung {vote_id}"), "Ergebnis festgelegt")
    interactions = review_actions
    submit(review.locator("#approve"), "freigegeben")
    assert review.locator("#confirm-publish").get_attribute("required") is not None  # no publishing without it
    act(review.locator("#confirm-publish"))
    submit(review.locator("#publish"), "Veröffentlicht")
    assert interactions <= 15, interactions
    names = [s.name for s in archive.load_meeting(db, meeting_id).speakers]
    assert "Petra Hoffmann" in names and all(names), names
    assert (corrected[1] + " (berichtigt)",) == db.execute(
        "SELECT text FROM utterances WHERE id = ?", [corrected[0]]
    ).fetchone()
    clerk.close()
    # A long compound the recogniser produced in a public utterance of the chair, e.g. "Radschnellweg".
    chair_words = [
        word.strip(".,:;!?")
        for (text,) in db.execute(
            "SELECT u.text FROM utterances u JOIN speakers s ON s.id = u.speaker_id WHERE u.meeting_id = ? "
            "AND s.name = 'Petra Hoffmann' AND u.redacted = 0",
            [meeting_id],
        )
        for word in text.split()
    ]
    compound = max((w for w in chair_words if w.isalpha()), key=len)
    # Words the public may see from elsewhere (public utterances, agenda titles, the glossary's
    # explanations) are no evidence of the hidden part leaking: "Verwaltung" is in a title.
    elsewhere = " ".join(
        [
            text
            for (text,) in db.execute("SELECT text FROM utterances WHERE meeting_id = ? AND redacted = 0", [meeting_id])
        ]
        + [title for (title,) in db.execute("SELECT title FROM agenda_items WHERE meeting_id = ?", [meeting_id])]
        + [*GLOSSARY_DE.values(), *GLOSSARY_EN.values()]
    )
    hidden_words = [
        w.strip(".,") for w in hidden[1].split() if len(w.strip(".,")) > 6 and w.strip(".,") not in elsewhere
    ]
    return {"url": url, "data": data, "meeting_id": meeting_id, "hidden_words": hidden_words, "compound": compound}


def test_every_response_carries_the_security_headers(published):
    for path in ["/", f"/?meeting={published['meeting_id']}", "/gradio_api/info", "/no-such-page"]:
        try:
            headers = urllib.request.urlopen(published["url"].rstrip("/") + path, timeout=30).headers
        except urllib.error.HTTPError as error:  # a page that does not exist is answered with them too
            headers = error.headers
        for name, value in SECURITY_HEADERS.items():
            assert headers.get(name) == value, (path, name)


def _upload(url: str, cookie: str | None = None) -> int:
    body = b'--X\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\nhallo\r\n--X--\r\n'
    headers = {"Content-Type": "multipart/form-data; boundary=X", **({"Cookie": cookie} if cookie else {})}
    request = urllib.request.Request(url + "gradio_api/upload", data=body, headers=headers)
    try:
        return urllib.request.urlopen(request, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def _post_form(url: str, path: str, fields: dict, headers: dict | None = None):
    """POST a form without following the answer's redirect; return the answer (status, headers)."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url + path, data=urllib.parse.urlencode(fields).encode(), headers=headers or {})
    try:
        return opener.open(request, timeout=30)
    except urllib.error.HTTPError as error:
        return error


def test_each_review_row_plays_from_the_original_recording_for_clerks_only(published):
    from protokoll.interfaces.web.workspace import review_html

    url, meeting_id = published["url"], published["meeting_id"]
    db = open_database(published["data"] / "protokoll.db")
    row = archive.load_meeting(db, meeting_id).utterances[1]
    assert f'href="clerk/meetings/{meeting_id}/audio#t={row.start:.2f},{row.end:.2f}"' in review_html(db, meeting_id)
    audio = f"{url}clerk/meetings/{meeting_id}/audio"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(audio, timeout=30)
    assert refused.value.code == 403
    login = _post_form(url, "clerk/login", {"username": "kaya", "password": PASSWORD})
    cookie = login.headers["set-cookie"].split(";")[0]
    request = urllib.request.Request(audio, headers={"Cookie": cookie, "Range": "bytes=0-99"})
    with urllib.request.urlopen(request, timeout=30) as answer:  # the browser seeks with ranges
        assert answer.status == 206 and len(answer.read()) == 100
        assert answer.headers["Content-Type"] == "audio/flac" and "no-store" in answer.headers["Cache-Control"]
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(urllib.request.Request(f"{url}clerk/meetings/999/audio", headers={"Cookie": cookie}))
    assert missing.value.code == 404


def test_uploads_need_a_clerk_session_that_scripts_cannot_read_and_logout_ends(server):
    url, _ = server
    assert _upload(url) == 403
    assert _upload(url, "protokoll_clerk=erfunden") == 403
    foreign = _post_form(url, "clerk/login", {"username": "kaya", "password": PASSWORD},
                         {"Origin": "http://angreifer.example"})  # fmt: skip
    assert "login=foreign" in foreign.headers["location"] and not foreign.headers.get("set-cookie")
    login = {"username": "kaya", "password": PASSWORD}
    framed = _post_form(url, "clerk/login", login, {"Sec-Fetch-Site": "cross-site"})
    assert "login=foreign" in framed.headers["location"] and not framed.headers.get("set-cookie")

    answer = _post_form(url, "clerk/login", {"username": "kaya", "password": PASSWORD})
    assert answer.status == 303 and "login=" not in answer.headers["location"]
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Max-Age=" in cookie
    session = cookie.split(";")[0]
    assert _upload(url, session) == 200

    _post_form(url, "clerk/logout", {}, {"Cookie": session})
    assert _upload(url, session) == 403  # the server forgot the token; a copy of the cookie is worthless


def test_the_job_list_buttons_cancel_and_retry_for_logged_in_clerks_only(server):
    url, data = server
    db = open_database(data / "protokoll.db")
    gone = data / "weg.flac"  # a recording deleted before a worker got to it: the retried job fails clearly
    job_id = archive.create_job(db, gone.name, str(gone), {"info": {"title": "Weg"}})
    assert _post_form(url, f"clerk/jobs/{job_id}/cancel", {}).headers["location"].endswith("job=login")
    answer = _post_form(url, "clerk/login", {"username": "kaya", "password": PASSWORD})
    session = {"Cookie": answer.headers["set-cookie"].split(";")[0]}
    foreign = _post_form(url, f"clerk/jobs/{job_id}/cancel", {}, {**session, "Sec-Fetch-Site": "cross-site"})
    assert "job=refused" in foreign.headers["location"] and archive.job(db, job_id)["status"] == "queued"
    cancelled = _post_form(url, f"clerk/jobs/{job_id}/cancel", {}, session)
    assert cancelled.status == 303 and archive.job(db, job_id)["status"] == "cancelled"
    back = urllib.parse.urljoin(url + f"clerk/jobs/{job_id}/cancel", cancelled.headers["location"])
    assert back == url + "?tab=verwaltung&job=cancel"  # the workspace, not a page under clerk/
    assert f'action="clerk/jobs/{job_id}/retry"' in jobs_html(db)
    _post_form(url, f"clerk/jobs/{job_id}/retry", {}, session)  # queued again, and the server's worker takes it
    deadline = time.monotonic() + 60
    while archive.job(db, job_id)["status"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.5)
    row = archive.job(db, job_id)
    assert row["status"] == "failed" and "weg.flac: no such file" in row["error"]
    actions = [r["action"] for r in db.query("SELECT action FROM audit WHERE table_name = 'jobs' AND row_id = ?",
                                              [job_id])]  # fmt: skip
    assert actions == ["cancel", "retry"]


def test_public_files_have_their_own_route_and_no_server_paths(published, browser):
    url, data, meeting_id = published["url"], published["data"], published["meeting_id"]
    page = browser.new_page()
    page.goto(f"{url}?meeting={meeting_id}")
    source = page.locator("#player").get_attribute("src")
    downloads = [link.get_attribute("href") for link in page.locator("a[download]").all()]
    page.close()
    assert source.startswith(f"public/{meeting_id}/audio.webm") and downloads
    assert all(href.startswith(f"public/{meeting_id}/") for href in downloads)
    assert str(data) not in source + " ".join(downloads)
    ranged = urllib.request.Request(url + source.split("#")[0], headers={"Range": "bytes=0-99"})
    answer = urllib.request.urlopen(ranged, timeout=30)
    assert answer.status == 206 and len(answer.read()) == 100  # players seek by ranges
    for path in ["public/../protokoll.db", "public/%2e%2e/protokoll.db", f"gradio_api/file={data}/protokoll.db",
                 f"gradio_api/file={data}/public/{meeting_id}/protokoll.json"]:  # fmt: skip
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url + path, timeout=30)
        assert refused.value.code in (403, 404), path


def test_the_server_answers_oparl_with_the_published_meeting(published):
    """`protokoll serve` carries the OParl endpoint (tests/test_oparl.py checks it in depth)."""
    url, meeting_id = published["url"], published["meeting_id"]

    def get(address: str) -> dict:
        answer = urllib.request.urlopen(address, timeout=30)
        assert answer.headers["Access-Control-Allow-Origin"] == "*"
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        return json.loads(answer.read())

    system = get(url + "oparl/v1")
    body = get(get(system["body"])["data"][0]["id"])
    meetings = get(body["meeting"])["data"]
    assert [m["id"] for m in meetings] == [f"{url}oparl/v1/meeting/{meeting_id}"]
    verbatim = meetings[0]["verbatimProtocol"]
    assert verbatim["accessUrl"] == f"{url}public/{meeting_id}/protokoll.pdf"
    download = urllib.request.urlopen(verbatim["downloadUrl"], timeout=30)
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert len(download.read()) == verbatim["size"]


def test_a_call_of_an_unknown_app_function_is_a_clear_400(server):
    url, _ = server
    body = json.dumps({"data": [], "fn_index": 9999, "session_hash": "x"}).encode()
    request = urllib.request.Request(url + "gradio_api/queue/join", data=body,
                                     headers={"Content-Type": "application/json"})  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 400 and b"unknown function 9999" in refused.value.read()


def test_clerk_imports_a_bodys_members_and_corrects_one_in_the_table(server, browser):
    url, data = server
    body = "Rat der Stadt Emscherhausen"
    context = browser.new_context()
    page = context.new_page()
    _log_in(page, url)
    page.get_by_text("Mitglieder eines Gremiums").click()
    _field(page, "members-body").fill(body)
    page.locator("#members-file input[type=file]").set_input_files(
        str(PROJECT_ROOT / "tests/data/members/emscherhausen.csv")
    )
    page.locator("#members-file").get_by_text("emscherhausen.csv").wait_for(timeout=30_000)
    page.locator("#members-import").click()
    page.locator("#members-message").get_by_text("8 Mitgliedschaften").wait_for(timeout=30_000)
    page.locator("#members-table").get_by_text("Heinz Wolf", exact=True).dblclick()
    page.keyboard.press("Control+A")
    page.keyboard.type("Heinz Wolff")
    page.keyboard.press("Enter")
    page.locator("#members-save").click()
    page.locator("#members-table").get_by_text("Heinz Wolff", exact=True).wait_for(timeout=30_000)
    db = open_database(data / "protokoll.db")
    deadline = time.monotonic() + 60  # the table shows the typed cell before the save has run
    while "Heinz Wolff" not in {row["name"] for row in body_memberships(db, body)} and time.monotonic() < deadline:
        time.sleep(0.5)
    context.close()
    names = {row["name"] for row in body_memberships(db, body)}
    assert "Heinz Wolff" in names and "Heinz Wolf" not in names and len(names) == 7


def test_clerk_opens_a_meeting_by_clicking_its_row_and_sees_who_changed_what(published, browser):
    url, meeting_id = published["url"], published["meeting_id"]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _log_in(page, url)
    title = archive.load_meeting(open_database(published["data"] / "protokoll.db"), meeting_id).meeting.title
    page.locator("#meetings").get_by_text(title, exact=True).locator("visible=true").first.click()  # no id to type
    page.locator("#review").get_by_text("SPEAKER_", exact=False).first.wait_for(timeout=30_000)
    assert _field(page, "meeting-id").input_value() == str(meeting_id)
    page.get_by_text("Änderungsprotokoll").click()
    _field(page, "audit-meeting").fill(str(meeting_id))
    page.locator("#audit-show").click()
    audit = page.locator("#audit table")
    audit.wait_for(timeout=30_000)
    text = audit.inner_text()
    assert "veröffentlicht" in text and "Sprecher benannt" in text and "kaya" in text
    context.close()


def test_bad_upload_gets_a_clear_message_at_once(server, browser, tmp_path):
    url, _ = server
    broken = tmp_path / "sitzung.flac"
    broken.write_bytes(b"this is no audio " * 100)
    page = browser.new_page()
    _log_in(page, url)
    page.locator("#start").wait_for()
    page.locator("#upload input[type=file]").set_input_files(str(broken))
    page.locator("#upload").get_by_text("sitzung.flac").wait_for(timeout=30_000)
    page.locator("#start").click()
    message = page.locator("#start-message")
    message.get_by_text("Fehler").wait_for(timeout=30_000)
    assert "sitzung.flac" in message.inner_text() and "audio" in message.inner_text()
    page.close()


def test_citizen_reaches_a_decision_and_hears_it_in_three_clicks(published, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(published["url"])
    page.locator("#reader a", has_text="Sitzung des Rates").click()  # 1
    page.locator("#reader a.decision").first.wait_for()
    _shot(page, "reader")
    decision = page.locator("#reader a.decision").first
    href = decision.get_attribute("href")
    decision.click()  # 2
    seconds = _second_of(href)
    player = page.locator("#player")
    player.wait_for()
    assert player.get_attribute("src").endswith(f"#t={seconds}")
    page.wait_for_function("document.querySelector('#player').readyState >= 1", timeout=20_000)
    box = player.bounding_box()
    # Before any click the media fragment has set the position; the play button sits at the left
    # end of chromium's control (a click in the middle would seek on the timeline).
    assert abs(page.evaluate("document.querySelector('#player').currentTime") - seconds) < 1.0
    player.click(position={"x": 16, "y": box["height"] / 2})  # 3
    page.wait_for_timeout(500)
    position = page.evaluate("document.querySelector('#player').currentTime")
    assert seconds - 0.5 <= position < seconds + 3.0
    assert page.locator("#reader .utterance.current").count() >= 1
    page.close()


def test_every_page_of_the_app_has_no_serious_axe_violation(published, browser):
    """The Gradio tabs as each user sees them (the reader's own pages are checked where they are driven)."""
    url, meeting_id = published["url"], published["meeting_id"]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url)
    page.locator("#reader h1").first.wait_for(timeout=30_000)
    assert _axe_violations(page) == [], "home"
    page.goto(f"{url}?meeting={meeting_id}")
    page.locator("#reader audio").first.wait_for(timeout=30_000)
    assert _axe_violations(page) == [], "meeting"
    page.get_by_role("tab", name="Sitzungen").focus()
    page.keyboard.press("ArrowRight")  # the tabs answer the arrow keys
    assert page.get_by_role("tab", name="Suche").get_attribute("aria-selected") == "true"
    assert page.evaluate("document.activeElement.textContent.trim()") == "Suche"
    _field(page, "query").fill(published["compound"])
    page.locator("#search-button").click()
    page.locator("#results .hit").first.wait_for(timeout=30_000)
    assert _axe_violations(page) == [], "search"
    link = page.locator("#results a", has_text="Link zu dieser Suche").get_attribute("href")
    assert link == "suche?" + urllib.parse.urlencode({"q": published["compound"]})
    page.locator("#filter-body input").click()  # the bodies are offered, not typed
    page.get_by_role("option", name="Rat der Stadt Emscherhausen").click()
    page.locator("#search-button").click()
    page.locator("#results a", has_text="Link zu dieser Suche").and_(page.locator('[href*="gremium=Rat"]')).wait_for(
        timeout=30_000
    )
    page.goto(f"{url}suche?q=Radweg")
    assert _axe_violations(page) == [], "search page"
    _log_in(page, url)
    page.locator("#start").wait_for()  # with Gradio's upload zones
    assert _axe_violations(page) == [], "workspace"
    page.goto(f"{url}?tab=verwaltung&review={meeting_id}")
    page.locator("#save-names").wait_for(timeout=30_000)
    assert _axe_violations(page) == [], "review"
    context.close()


def test_reading_view_seeks_without_reloading_and_keeps_the_player_in_view(published, browser):
    """On a phone: a decision plays from its second on the same page, the line being heard is marked as
    playback goes on, and the player stays on screen; the page also reads without JavaScript."""
    url, meeting_id = published["url"], published["meeting_id"]
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{url}sitzungen/")
    page.locator("main a", has_text="Sitzung des Rates").click()  # 1
    page.wait_for_function("document.querySelector('#player').readyState >= 1", timeout=20_000)
    assert _axe_violations(page) == []
    page.evaluate("window.stayed = true")
    decision = page.locator("a.decision").first
    seconds = _second_of(decision.get_attribute("href"))
    decision.click()  # 2: plays from the decision's second
    page.wait_for_timeout(800)
    assert page.evaluate("window.stayed") is True  # no page load
    position = page.evaluate("document.querySelector('#player').currentTime")
    assert seconds - 0.5 <= position < seconds + 3.0
    assert f"t={seconds}" in page.url
    line = page.locator(".utterance.current")
    assert line.count() == 1 and line.is_visible()
    box, bar = line.bounding_box(), page.locator(".player").bounding_box()
    assert 0 <= box["y"] < 844 and 0 <= bar["y"] and bar["y"] + bar["height"] <= 844  # both on screen
    # The mark follows playback: seeking to a later utterance moves it there.
    later = page.locator(".utterance[data-start]").nth(-3)
    start = float(later.get_attribute("data-start"))
    # Paused, so that the position stays inside that utterance however short it is (a seek fires timeupdate).
    page.evaluate(f"(p => {{ p.pause(); p.currentTime = {start + 0.3}; }})(document.querySelector('#player'))")
    page.wait_for_timeout(800)
    assert page.locator(".utterance.current").get_attribute("id") == later.get_attribute("id")
    heard = int(page.evaluate("(p => { p.pause(); return p.currentTime; })(document.querySelector('#player'))"))
    page.locator("#share").click()
    assert f"sitzungen/{meeting_id}?t={heard}#{later.get_attribute('id')}" in page.locator("#share-status").inner_text()
    _shot(page, "reading-view-phone")
    page.close()
    bare = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    static = bare.new_page()
    static.goto(f"{url}sitzungen/{meeting_id}?t={seconds}")
    assert static.locator("h1").count() == 1 and static.locator(".utterance.current").count() == 1
    assert static.locator(f"a[href$='#{static.locator('.utterance.current').get_attribute('id')}']").count() >= 1
    bare.close()


def test_plain_language_sentences_lead_to_the_moment_they_rest_on(published, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(published["url"])
    page.locator("#reader a", has_text="Sitzung des Rates").click()
    details = page.locator("#reader details", has=page.locator("a.at")).first  # an item with a moment to hear
    details.locator("summary", has_text="In einfacher Sprache").click()
    details.locator("h4", has_text="Was wurde entschieden?").wait_for()
    link = details.locator("a.at").first
    seconds = _second_of(link.get_attribute("href"))
    link.click()
    player = page.locator("#player")
    player.wait_for()
    assert player.get_attribute("src").endswith(f"#t={seconds}")
    assert page.locator("#reader .utterance.current").count() >= 1
    page.close()


def test_public_page_search_and_exports_leave_out_the_non_public_range(published, browser):
    hidden_words = published["hidden_words"]
    assert hidden_words  # words of the hidden part that appear nowhere else: their absence is the test
    page = browser.new_page()
    page.goto(f"{published['url']}?meeting={published['meeting_id']}")
    page.locator("#reader h1").wait_for()
    text = page.locator("#reader").inner_text()
    assert "Petra Hoffmann" in text  # the renamed speaker
    for word in hidden_words:
        assert word not in text
    for export in (published["data"] / "public" / str(published["meeting_id"])).glob("protokoll.*"):
        if export.suffix in (".md", ".vtt", ".json"):
            content = export.read_text(encoding="utf-8")
            assert all(word not in content for word in hidden_words), export.name
    page.close()


def test_search_finds_a_compound_part_with_the_new_speaker_name(published, browser):
    compound = published["compound"]
    part = compound[len(compound) // 2 :].lower()  # the back half: "schnellweg" of "Radschnellweg"
    assert len(part) >= 5
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(published["url"])
    page.get_by_role("tab", name="Suche").click()
    _field(page, "query").fill(part)
    page.locator("#search-button").click()
    page.locator("#results a.hit").first.wait_for(timeout=60_000)
    marked = [m.lower() for m in page.locator("#results mark").all_inner_texts()]
    assert any(part in m for m in marked), (part, marked)
    hits = page.locator("#results li", has_text=compound)
    assert "Petra Hoffmann" in hits.first.inner_text()
    _shot(page, "search")
    page.locator("#results a.hit").first.click()
    page.locator("#player").wait_for()
    assert "t=" in page.url
    page.close()


def test_phone_width_reader_has_language_and_keyboard_reachable_links(published, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{published['url']}?meeting={published['meeting_id']}&lang=en")
    page.locator("#reader h1").wait_for()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert "Decisions" in page.locator("#reader").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    assert page.get_by_text("Built with Gradio").count() == 0 and page.get_by_text("Use via API").count() == 0
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.tagName")
    assert focused in ("A", "BUTTON", "INPUT", "TEXTAREA")
    _shot(page, "reader-phone")
    page.close()


def test_clerk_confirms_a_name_decides_a_vote_and_shows_a_range_again_with_one_click_each(server, browser):
    """The review's own buttons: no id, label or second is typed. Each returns to the same review and says
    what was done; each is audited; a form from another site or without a session changes nothing."""
    from protokoll.config import Settings
    from protokoll.services import Services

    url, data = server
    services = Services(Settings(data_dir=data))
    body = "Rat der Stadt Emscherhausen"
    services.import_members(PROJECT_ROOT / "tests" / "data" / "members" / "emscherhausen.csv", body, "kaya")
    reference = json.loads((PROJECT_ROOT / "samples" / "sample_session.json").read_text(encoding="utf-8"))
    unnamed = {label: {"role": None} for label in reference["speakers"]}  # as recorded: labels, no names
    meeting_id = services.import_transcript({**reference, "speakers": unnamed, "body": body, "date": "2024-03-01"})
    db = open_database(data / "protokoll.db")
    [suggestion, *_] = archive.suggestions(db, meeting_id, open_only=True)
    first = archive.load_meeting(db, meeting_id).utterances[3]
    services.hide_range(meeting_id, first.start, first.end, "kaya")
    [hidden] = archive.non_public_range_rows(db, meeting_id)
    show = f"clerk/meetings/{meeting_id}/ranges/{hidden['id']}/show"
    assert "done=login" in _post_form(url, show, {}).headers["location"]
    answer = _post_form(url, "clerk/login", {"username": "kaya", "password": PASSWORD})
    foreign = {"Cookie": answer.headers["set-cookie"].split(";")[0], "Sec-Fetch-Site": "cross-site"}
    assert "done=refused" in _post_form(url, show, {}, foreign).headers["location"]
    assert len(archive.non_public_range_rows(db, meeting_id)) == 1

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _log_in(page, url)
    page.goto(f"{url}?tab=verwaltung&review={meeting_id}")
    review = page.locator("#review")
    with page.expect_navigation():
        review.get_by_role("button", name=f"Annehmen: {suggestion.label} ist {suggestion.name}").click()
    page.locator("#action-message").get_by_text("Vorschlag angenommen").wait_for(timeout=60_000)
    named = {s.label: s.name for s in archive.load_meeting(db, meeting_id).speakers}
    assert named[suggestion.label] == suggestion.name

    vote = archive.load_meeting(db, meeting_id).votes[0]
    other = "abgelehnt" if vote.result != "abgelehnt" else "angenommen"
    page.locator(f"#result-{vote.id}").select_option(other)
    with page.expect_navigation():
        review.get_by_role("button", name=f"Festlegen: Abstimmung {vote.id}").click()
    page.locator("#action-message").get_by_text("Ergebnis festgelegt").wait_for(timeout=60_000)
    decided = [v for v in archive.load_meeting(db, meeting_id).votes if v.decided_by == "kaya"]
    assert [v.result for v in decided] == [other]

    with page.expect_navigation():
        review.get_by_role("button", name=re.compile("^Wieder öffentlich")).click()
    page.locator("#action-message").get_by_text("wieder öffentlich").wait_for(timeout=60_000)
    assert archive.non_public_range_rows(db, meeting_id) == []
    shown = archive.load_meeting(db, meeting_id).utterances
    assert first.id in {u.id for u in shown}  # the utterance is public again
    assert _field(page, "meeting-id").input_value() == str(meeting_id)  # the same review, open
    actions = [r["action"] for r in archive.audit_entries(db, meeting_id, 50)]
    assert {"mark_non_public", "mark_public", "decide_vote"} <= set(actions)
    assert not _axe_violations(page, within="#review")
    context.close()
