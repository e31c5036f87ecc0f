"""Keyword, meaning and hybrid search over an archive of council sessions, with filters and access rules."""

from __future__ import annotations

import pytest

from protokoll.archive import correct_utterance, list_meetings, reindex, speaking_time
from protokoll.archive.search import MEANING_FLOOR, SearchFilters, group_by_meeting, more_like_this, search
from protokoll.errors import InputError, UnknownUtteranceError
from protokoll.evaluation import judged_archive, judged_queries, relevance_figures
from protokoll.services import Services


@pytest.fixture(scope="session")
def embedder():
    from protokoll.embeddings import TextEmbedder

    return TextEmbedder()


def build_archive(path, embedder) -> tuple[object, dict[tuple[str, int], int]]:
    """Import every judged session as published; return the database and (session, index) -> utterance id."""
    services = Services.for_archive(path, embedder=embedder)
    return services.db(), judged_archive(services)


@pytest.fixture(scope="module")
def archive(tmp_path_factory, embedder):
    return build_archive(tmp_path_factory.mktemp("search") / "archive.db", embedder)


def test_relevance_set_is_large_enough():
    assert len(judged_queries()) >= 30


def test_hybrid_ranks_a_right_answer_first(archive, embedder):
    db, ids = archive
    first, top5 = relevance_figures(db, ids, embedder, "hybrid")
    assert first >= 0.8, first
    assert top5 >= 0.95, top5


@pytest.mark.parametrize("query", ["xyzzyq", "blorp", "Lorem ipsum dolor", "Quantenchromodynamik", "Katzenfutter"])
def test_nonsense_and_unrelated_words_find_nothing(archive, embedder, query):
    """Every string has a nearest sentence; a hit must be nearer than the calibrated floor, and a query
    without a German word or a word of the archive has no meaning to search for."""
    db, _ = archive
    assert search(db, query, mode="hybrid", limit=30, embedder=embedder) == []


def test_meaning_hits_keep_the_floor(archive, embedder):
    db, _ = archive
    hits = search(db, "Bäume pflanzen gegen Hitze", mode="meaning", limit=50, embedder=embedder)
    assert hits and all(hit.score >= MEANING_FLOOR for hit in hits)
    assert len(hits) < 50  # not every utterance is near


def test_paraphrase_needs_meaning_search(archive, embedder):
    db, ids = archive
    assert search(db, "Schulen renovieren", mode="keyword", embedder=embedder) == []
    hits = search(db, "Schulen renovieren", mode="hybrid", embedder=embedder)
    assert hits[0].utterance_id in {ids[("schulen", 1)], ids[("schulen", 0)], ids[("schulen", 2)]}
    assert "meaning" in hits[0].matched_by


@pytest.mark.parametrize(
    "query, expected",
    [
        ("gebühren", ("sample", 17)),  # part of a compound: Müllgebühren
        ("Muellgebuehren", ("sample", 17)),  # umlauts spelled out
        ("Fahrradstrasse", ("radverkehr", 2)),  # ss for ß
        ("FAHRRADSTRASSEN", ("radverkehr", 2)),
        ('"alten Bahntrasse"', ("radverkehr", 1)),  # phrase
        ("Radschnell*", ("radverkehr", 1)),  # prefix
    ],
)
def test_keyword_variants(archive, embedder, query, expected):
    db, ids = archive
    hits = search(db, query, mode="keyword")
    assert ids[expected] in {h.utterance_id for h in hits}
    assert "[" in hits[0].snippet


def test_phrase_requires_the_words_in_order(archive):
    db, _ = archive
    assert search(db, '"Bahntrasse alten"', mode="keyword") == []


def test_snippet_shows_original_spelling(archive):
    db, _ = archive
    hit = search(db, "muellgebuehren", mode="keyword")[0]
    assert "[Müllgebühren" in hit.snippet


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "NEAR(a b)", "Haushalt OR 1=1; DROP TABLE utterances; --", "a" * 300, "x AND", "Rad* AND -"],
)
def test_hostile_queries_are_searched_as_text(archive, embedder, query):
    db, _ = archive
    count = db.execute("SELECT count(*) FROM utterances").fetchone()[0]
    assert isinstance(search(db, query, embedder=embedder), list)
    assert db.execute("SELECT count(*) FROM utterances").fetchone()[0] == count


@pytest.mark.parametrize(
    "query, message", [("", "empty"), ("   ", "empty"), ("* ( )", "no words"), ("x" * 600, "longer")]
)
def test_unusable_queries_get_a_clear_error(archive, query, message):
    db, _ = archive
    with pytest.raises(InputError, match=message):
        search(db, query, mode="keyword")


def test_filters(archive, embedder):
    db, ids = archive
    by_body = search(db, "bezahlbare Wohnungen", SearchFilters(body="Bezirksvertretung"), embedder=embedder)
    assert by_body and all("Bezirksvertretung" in h.body for h in by_body)
    in_range = search(db, "Radweg", SearchFilters(date_from="2026-11-01", date_to="2026-11-30"), embedder=embedder)
    assert in_range and all("2026-11-01" <= h.date <= "2026-11-30" for h in in_range)
    by_speaker = search(db, "Gewerbesteuer", SearchFilters(speaker="Lange"), embedder=embedder)
    assert by_speaker and {h.speaker for h in by_speaker} == {"Markus Lange"}
    by_faction = search(db, "Wohnungen", SearchFilters(faction="Grünen"), embedder=embedder)
    assert by_faction and {h.speaker for h in by_faction} <= {"Aylin Yilmaz", "Lea Fischer", "Jana Wolf", "Martin Hahn"}
    by_item = search(db, "Radwege", SearchFilters(agenda_item="Winterdienst"), embedder=embedder)
    titles = {row[0]: row[1] for row in db.execute("SELECT id, title FROM agenda_items")}
    assert by_item and all("Winterdienst" in titles[h.agenda_item_id] for h in by_item)


def test_results_group_by_meeting_with_deep_links(archive, embedder):
    db, _ = archive
    hits = search(db, "Radschnellweg", embedder=embedder, limit=10)
    groups = group_by_meeting(hits)
    assert len(groups) >= 2
    assert sum(len(g.hits) for g in groups) == len(hits)
    for group in groups:
        assert all(h.meeting_id == group.meeting_id for h in group.hits)
    assert hits[0].link == f"?meeting={hits[0].meeting_id}&t={int(hits[0].start)}"


def test_more_like_this_finds_the_topic_in_other_meetings(archive):
    db, ids = archive
    source = ids[("radverkehr", 1)]
    hits = more_like_this(db, source, limit=5)
    source_meeting = db.execute("SELECT meeting_id FROM utterances WHERE id = ?", [source]).fetchone()[0]
    assert hits and all(h.meeting_id != source_meeting for h in hits)
    assert hits[0].utterance_id in {ids[("sample", i)] for i in (3, 4, 5, 8)}
    with pytest.raises(UnknownUtteranceError):
        more_like_this(db, 999999)


def test_access_rules_live_in_the_search_layer(tmp_path, embedder):
    db, ids = build_archive(tmp_path / "a.db", embedder)
    target = ids[("haushalt", 5)]  # the Hallenbad statement
    meeting = db.execute("SELECT meeting_id FROM utterances WHERE id = ?", [target]).fetchone()[0]
    db["utterances"].update(target, {"redacted": 1})
    for mode in ("keyword", "meaning", "hybrid"):
        assert target not in {h.utterance_id for h in search(db, "Hallenbad schließen", mode=mode, embedder=embedder)}
    clerk = SearchFilters(public_only=False)
    assert target in {h.utterance_id for h in search(db, "Hallenbad", clerk, mode="keyword")}
    db["meetings"].update(meeting, {"status": "draft"})
    assert all(h.meeting_id != meeting for h in search(db, "Gewerbesteuer", embedder=embedder))
    db["meetings"].update(meeting, {"status": "published", "public": 0})
    assert all(h.meeting_id != meeting for h in search(db, "Gewerbesteuer", embedder=embedder))
    assert all(h.meeting_id != meeting for h in more_like_this(db, ids[("radverkehr", 1)], limit=50))


def test_corrections_and_reindex_keep_both_indexes_consistent(tmp_path, embedder):
    db, ids = build_archive(tmp_path / "a.db", embedder)
    target = ids[("klima", 2)]
    correct_utterance(db, target, "Wir brauchen mehr Wasserspender in allen Stadtteilen.", "clerk", embedder)
    assert search(db, "Trinkbrunnen", mode="keyword") == []
    assert target in {h.utterance_id for h in search(db, "Wasserspender", mode="keyword")}
    assert search(db, "Wasserspender aufstellen", mode="meaning", embedder=embedder)[0].utterance_id == target
    assert (
        db.execute("SELECT before, after FROM audit WHERE action = 'correct_text'")
        .fetchone()[0]
        .startswith("Wir brauchen")
    )
    # An index damaged outside Protokoll is rebuilt whole.
    db.execute("DELETE FROM utterance_vectors")
    db.execute("INSERT INTO utterances_fts (utterances_fts) VALUES ('delete-all')")
    assert search(db, "Deutschlandticket", mode="hybrid", embedder=embedder) == []
    assert reindex(db, embedder) == db.execute("SELECT count(*) FROM utterances").fetchone()[0]
    assert search(db, "Deutschlandticket", mode="keyword")[0].utterance_id == ids[("oepnv", 1)]
    assert search(db, "Bus in der Nacht", mode="meaning", embedder=embedder)[0].utterance_id == ids[("oepnv", 2)]


def test_the_search_page_counts_exact_and_related_hits_apart(archive, embedder):
    from protokoll.interfaces.web.pages import search_html

    db, _ = archive
    assert "Keine Treffer." in search_html(db, embedder, "xyzzyq", "", "", "", "", "")
    page = search_html(db, embedder, "Radschnellweg", "", "", "", "", "")
    hits = search(db, "Radschnellweg", limit=30, embedder=embedder)
    exact = sum("keyword" in h.matched_by for h in hits)
    assert exact and f"{exact} Treffer mit dem Suchbegriff" in page
    assert page.index("Treffer mit dem Suchbegriff (") < page.index("Verwandte Stellen (ähnliche Bedeutung) (")
    section = page[: page.index("Verwandte Stellen (ähnliche Bedeutung) (")]
    assert section.count('class="hit"') == exact


def test_the_search_page_understands_german_and_iso_dates_alike(archive, embedder):
    from protokoll.interfaces.web.pages import search_html

    db, _ = archive
    dates = sorted({m["date"] for m in list_meetings(db, public_only=False) if m["date"]})
    year, month, day = dates[-1].split("-")
    german = f"{int(day)}.{int(month)}.{year}"  # as typed: 5.3.2026
    iso = search_html(db, embedder, "Radschnellweg", "", dates[-1], dates[-1], "", "")
    assert search_html(db, embedder, "Radschnellweg", "", german, german, "", "") == iso
    everything = search_html(db, embedder, "Radschnellweg", "", "", "", "", "")
    assert iso != everything or len(dates) == 1


def test_the_search_offers_the_published_bodies_speakers_and_factions_only(archive):
    from protokoll.archive.search import search_choices

    db, _ = archive
    public = list_meetings(db, public_only=True)
    known = search_choices(db)
    assert known["bodies"] and known["speakers"] and known["factions"]
    assert known["bodies"] == sorted({m["body"] for m in public if m["body"]})
    spoken = {row["speaker"] for row in speaking_time(db, public_only=True)}
    assert set(known["speakers"]) <= spoken and not any(s.startswith("SPEAKER_") for s in known["speakers"])
    for faction in known["factions"]:  # each offered faction finds its own speech with the faction filter
        (said,) = db.execute(
            "SELECT u.text FROM utterances u JOIN speakers s ON s.id = u.speaker_id JOIN persons p ON "
            "p.id = s.person_id WHERE p.faction = ? AND u.redacted = 0 LIMIT 1",
            [faction],
        ).fetchone()
        word = max((w.strip(".,:;!?„“") for w in said.split()), key=len)
        assert search(db, word, SearchFilters(faction=faction), mode="keyword", limit=1000), faction


def test_each_hit_names_its_agenda_item(archive, embedder):
    from protokoll.interfaces.web.pages import escape, search_html

    db, _ = archive
    hits = search(db, "Radschnellweg", limit=30, embedder=embedder)
    placed = [h for h in hits if h.item_number]
    assert placed, "the judged archive's hits lie in agenda items"
    assert all(h.item_title for h in placed)
    page = search_html(db, embedder, "Radschnellweg", "", "", "", "", "")
    for hit in placed:
        assert f"(TOP {escape(hit.item_number)}: {escape(hit.item_title)})" in page
