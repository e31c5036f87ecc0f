"""The server-rendered reader (`sitzungen/`): whole pages without scripts, links that land on the right
utterance, the player with its subtitle track, and only what the public may see."""

from __future__ import annotations

import json
import re

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from protokoll import archive
from protokoll.config import PROJECT_ROOT, Settings
from protokoll.interfaces.web.reader import ReaderPages
from protokoll.minutes.agenda import read_agenda
from protokoll.services import Services

SAMPLES = PROJECT_ROOT / "samples"


def _client(settings: Settings) -> TestClient:
    return TestClient(Starlette(routes=ReaderPages(settings).routes()))


@pytest.fixture(scope="module")
def council(tmp_path_factory, text_embedder):
    """The sample session published from its reference transcript, one range hidden; a draft beside it."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("reader"))
    services = Services(settings, embedder=text_embedder)
    reference = json.loads((SAMPLES / "sample_session.json").read_text(encoding="utf-8"))
    published = services.import_transcript(reference, agenda=read_agenda(SAMPLES / "sample_session.agenda.txt"))
    hidden = archive.load_meeting(services.db(), published).utterances[10]
    services.hide_range(published, hidden.start, hidden.end, "clerk")
    services.approve(published, "clerk")
    services.publish(published, "clerk")
    draft = services.import_transcript({**reference, "title": "Noch nicht veröffentlicht"})
    return settings, published, draft, hidden.text


def test_the_list_and_a_meeting_are_whole_pages(council):
    settings, published, draft, _ = council
    client = _client(settings)
    home = client.get("/sitzungen/")
    assert home.status_code == 200 and home.text.startswith("<!DOCTYPE html>")
    assert '<html lang="de">' in home.text and '<main id="main">' in home.text
    assert f'href="../sitzungen/{published}"' in home.text
    assert "Noch nicht veröffentlicht" not in home.text
    english = client.get("/sitzungen/?lang=en").text
    assert '<html lang="en">' in english and f'href="../sitzungen/{published}?lang=en"' in english
    page = client.get(f"/sitzungen/{published}").text
    assert "<h1>14. Sitzung des Rates der Stadt Emscherhausen</h1>" in page
    assert page.count('class="utterance') > 20 and "Radschnellweg" in page
    assert client.get("/sitzungen", follow_redirects=False).status_code in (301, 302, 307)


def test_every_time_link_lands_on_the_utterance_that_holds_its_second(council):
    settings, published, _, _ = council
    client = _client(settings)
    page = client.get(f"/sitzungen/{published}").text
    starts = {int(i): float(s) for i, s in re.findall(r'id="u(\d+)" data-start="([\d.]+)"', page)}
    ordered = sorted(starts.values())
    links = re.findall(rf'href="\.\./sitzungen/{published}\?t=(\d+)#u(\d+)"', page)
    assert len(links) > 30
    for second, anchor in links:
        start = starts[int(anchor)]  # the anchor is an utterance on the page
        later = [s for s in ordered if s > start]
        assert start < int(second) + 1 and (not later or later[0] >= int(second) + 1), (second, anchor)
    # Followed without scripts, the server marks that utterance.
    second, anchor = links[len(links) // 2]
    landed = client.get(f"/sitzungen/{published}?t={second}").text
    assert f'class="utterance current" id="u{anchor}"' in landed


def test_what_is_hidden_or_unpublished_is_not_shown(council):
    settings, published, draft, hidden_text = council
    client = _client(settings)
    assert hidden_text not in client.get(f"/sitzungen/{published}").text
    missing = client.get(f"/sitzungen/{draft}")
    assert missing.status_code == 404 and "gibt es nicht" in missing.text
    assert client.get("/sitzungen/999999").status_code == 404
    for bad in ("abc", "-5", "nan", "1e99"):
        assert client.get(f"/sitzungen/{published}?t={bad}").status_code == 400


def test_the_player_stays_in_view_with_its_subtitle_track(sample_copy):
    services, meeting_id = sample_copy
    page = _client(services.settings).get(f"/sitzungen/{meeting_id}").text
    bar = page[page.index('<div class="player">') :]
    assert bar.index('<audio id="player"') < bar.index("</div>")
    assert f'src="../public/{meeting_id}/audio.webm"' in bar
    assert f'<track kind="subtitles" srclang="de" label="Deutsch" src="../public/{meeting_id}/protokoll.vtt"' in bar
    assert 'id="share"' in bar


def test_the_search_page_keeps_the_query_in_its_address_and_finds_only_public_text(council, text_embedder):
    settings, published, draft, hidden_text = council
    client = TestClient(Starlette(routes=ReaderPages(settings, embedder=lambda: text_embedder).routes()))
    empty = client.get("/suche")
    assert empty.status_code == 200 and 'method="get" action="suche"' in empty.text and "<h1>" in empty.text
    assert "<option>Rat der Stadt Emscherhausen</option>" in empty.text  # bodies to choose from, not typed
    assert 'type="date"' in empty.text
    page = client.get("/suche", params={"q": "Radweg", "gremium": "Rat der Stadt Emscherhausen"}).text
    assert 'value="Radweg"' in page and "<option selected>Rat der Stadt Emscherhausen</option>" in page
    links = re.findall(r'class="hit" href="sitzungen/(\d+)\?t=(\d+)#u(\d+)"', page)
    assert links and {int(meeting) for meeting, _, _ in links} == {published}  # the draft is not searched
    meeting, second, anchor = links[0]
    landed = client.get(f"/sitzungen/{meeting}?t={second}").text
    assert f'class="utterance current" id="u{anchor}"' in landed  # the hit opens at its utterance
    stored = archive.load_meeting(archive.open_database(settings.database), published, include_redacted=True)
    [hidden] = [u.id for u in stored.utterances if u.text == hidden_text]
    found = client.get("/suche", params={"q": " ".join(hidden_text.split()[:6])}).text
    assert 'class="hit"' in found and f"#u{hidden}" not in found  # other passages, never the hidden one
    other = client.get("/suche", params={"q": "Radweg", "gremium": "Kreistag Irgendwo"}).text
    assert "Keine Treffer" in other
    german = client.get("/suche", params={"q": "Radweg", "von": "20.11.2026"}).text  # typed as people write dates
    iso = client.get("/suche", params={"q": "Radweg", "von": "2026-11-20"}).text
    assert 'role="alert"' not in german and german.replace("20.11.2026", "2026-11-20") == iso
    wrong = client.get("/suche", params={"q": "Radweg", "von": "nach Ostern"}).text
    assert 'role="alert"' in wrong and "nach Ostern" in wrong and "TT.MM.JJJJ" in wrong


def test_the_english_page_marks_what_stays_german_and_says_so(council):
    settings, published, _, _ = council
    page = _client(settings).get(f"/sitzungen/{published}?lang=en").text
    assert '<h1><span lang="de">14. Sitzung des Rates der Stadt Emscherhausen</span></h1>' in page
    assert "are in German, as they were said" in page
    main = page[page.index("<main") : page.index("</main>")]
    assert "TOP " not in re.sub(r'<span lang="de">.*?</span>', "", main, flags=re.S)  # "Item 2", not "TOP 2"
    assert 'Item 2: <span lang="de">Radschnellweg RS1' in main
    assert "mehrheitlich" not in re.sub(r'<span lang="de">.*?</span>', "", main, flags=re.S)
    lines = re.findall(r'<p class="utterance[^"]*"[^>]*>.*?</p>', main, re.S)
    assert lines and all('<span lang="de">' in line for line in lines)  # no translation made: German, marked
    german = _client(settings).get(f"/sitzungen/{published}").text
    assert 'lang="de">' not in german[german.index("<main") :] and "TOP 2: Radschnellweg" in german
