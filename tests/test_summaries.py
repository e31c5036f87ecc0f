"""Summaries: faithful to the facts, readable, with provenance; and the fact check itself."""

from __future__ import annotations

import pytest

from protokoll.archive import load_meeting
from protokoll.minutes.agenda import parse_agenda
from protokoll.minutes.build import build_minutes
from protokoll.minutes.factcheck import Facts, VoteFact, check_text


def _bundles(minutes_archive):
    db, ids = minutes_archive
    return {name: load_meeting(db, meeting_id) for name, meeting_id in ids.items()}


def test_every_summary_of_every_fixture_is_backed_by_the_facts(minutes_archive, text_embedder):
    db, ids = minutes_archive
    checked = 0
    for name, meeting_id in ids.items():
        bundle = load_meeting(db, meeting_id)
        agenda = parse_agenda(bundle.meeting.agenda) if bundle.meeting.agenda else None
        # Rebuilt here and checked again: the stored texts must be these, and none may fail the check.
        minutes = build_minutes(bundle, agenda, text_embedder)
        claims = [s for s in minutes.summaries if s.kind != "key_statements"]  # quotations are not claims
        for summary in claims:
            assert summary.checks["facts"] == [], (name, summary.text)
        stored = {s.text for s in bundle.summaries if s.kind != "key_statements"}
        assert stored == {s.text for s in claims}
        assert {s.status for s in bundle.summaries} == {"draft"}
        checked += len(claims)
    assert checked >= 8 * 5


def test_numbers_and_decisions_in_summaries_are_the_extracted_votes(minutes_archive):
    bundle = _bundles(minutes_archive)["haushalt"]
    session = bundle.summary("plain", None, "de")
    assert "TOP 2, Haushaltssatzung 2027: angenommen, 31 dafür, 20 dagegen, 2 Enthaltungen." in session.text
    item = next(i for i in bundle.agenda_items if i.number == "2")
    plain = bundle.summary("plain", item.id, "de")
    assert "31 waren dafür." in plain.text and "20 waren dagegen." in plain.text
    assert "Der Rat hat die Änderung abgelehnt." in plain.text
    results = next(s for s in bundle.summaries if s.kind == "results" and s.language == "de"
                   and "Haushaltssatzung" in s.text)  # fmt: skip
    assert "Haushaltssatzung: angenommen mit 31 Ja-Stimmen, 20 Gegenstimmen, 2 Enthaltungen" in results.text
    vote_utterances = {v.utterance_id for v in bundle.votes if v.agenda_item_id == results.agenda_item_id}
    assert vote_utterances <= set(results.sources)


def test_plain_language_explains_terms_once_and_keeps_sentences_short(minutes_archive):
    for name, bundle in _bundles(minutes_archive).items():
        for summary in bundle.summaries:
            if summary.kind != "plain":
                continue
            readability = summary.checks["readability"]
            assert readability["words_per_sentence"] <= 12, (name, summary.text)
            if summary.language == "de" and "Beschlussvorlage" in summary.text:
                assert summary.text.count("Die Verwaltung macht einen Vorschlag. Das ist die Beschlussvorlage.") == 1


def test_key_statements_quote_each_speaker_verbatim(minutes_archive):
    bundle = _bundles(minutes_archive)["haushalt"]
    item = next(i for i in bundle.agenda_items if i.number == "2")
    statements = next(s for s in bundle.summaries if s.kind == "key_statements" and s.agenda_item_id == item.id)
    texts = {u.id: u for u in bundle.utterances}
    lines = statements.text.splitlines()
    assert len(lines) == 4  # the treasurer and three factions; the chair is not quoted
    for line, source in zip(lines, statements.sources, strict=True):
        quote = line.split("„", 1)[1].rstrip("“")
        assert quote in texts[source].text
        assert line.startswith(texts[source].speaker)
    assert statements.method == "extractive"


def test_non_public_utterances_never_reach_a_summary(minutes_archive, minutes_services):
    db, ids = minutes_archive
    meeting_id = ids["jugendhilfe"]
    secret = db.execute(
        "SELECT id FROM utterances WHERE meeting_id = ? AND text LIKE '%Elternbeiträge%'", [meeting_id]
    ).fetchone()[0]
    db.execute("UPDATE utterances SET redacted = 1 WHERE id = ?", [secret])
    try:
        minutes_services.summarize(meeting_id)
        bundle = load_meeting(db, meeting_id)
        assert all("Elternbeiträge" not in s.text and secret not in s.sources for s in bundle.summaries)
    finally:
        db.execute("UPDATE utterances SET redacted = 0 WHERE id = ?", [secret])
        minutes_services.summarize(meeting_id)


FACTS = Facts(
    numbers={2, 3, 22, 14},
    names={"Klaus Becker", "SPD"},
    votes=[VoteFact("Änderungsantrag", "angenommen", 22, 14, 3), VoteFact("Antrag auf Vertagung", "abgelehnt", 9, 30)],
    date="2026-11-12",
    known_names={"Klaus Becker", "Thomas Schulz"},
)


@pytest.mark.parametrize(
    "text",
    [
        "Der Rat hat den Änderungsantrag angenommen. 22 waren dafür.",
        "The council adopted the amendment. 14 members voted against it.",
        "Am 12. November 2026 sprach Klaus Becker (SPD).",
    ],
)
def test_fact_check_passes_faithful_text(text):
    assert check_text(text, FACTS) == []


@pytest.mark.parametrize(
    "text, reason",
    [
        ("Der Änderungsantrag wurde mit 23 Ja-Stimmen angenommen.", "number 23"),
        ("14 waren dafür und 22 dagegen.", "no vote has 14 for yes"),
        ("Der Rat hat den Änderungsantrag abgelehnt.", "Änderungsantrag was not abgelehnt"),
        ("Der Antrag auf Vertagung wurde angenommen.", "Antrag auf Vertagung was not angenommen"),
        ("Die Entscheidung war einstimmig.", "no vote was unanimous"),
        ("Thomas Schulz hat den Antrag gestellt.", "Thomas Schulz is not among"),
        ("Frau Meier von der CDU war dagegen.", "Frau Meier"),
        ("Die Sitzung war am 13. November 2026.", "date 2026-11-13"),
        ("Es gab zweiundvierzig Gegenstimmen.", "number 42"),
    ],
)
def test_fact_check_rejects_what_the_facts_do_not_back(text, reason):
    problems = check_text(text, FACTS)
    assert any(reason in p for p in problems), problems


def test_minutes_of_one_item_that_never_call_it_are_that_item(minutes_services):
    """Council information systems print one item's minutes with the decision first and never call the item:
    without an agenda, the whole record is that one item, under the meeting's title."""
    data = {
        "title": "Kreistag: Antrag der Gruppe GRÜNE zum Radwegenetz",
        "body": "Kreistag des Landkreises Musterstadt",
        "speakers": {
            "PROT": {"role": "Protokoll (Beschluss)"},
            "A": {"name": "Anna Berg", "faction": "GRÜNE"},
            "B": {"name": "Bernd Vogt", "faction": "CDU"},
        },  # fmt: skip
        "utterances": [
            {
                "speaker": "PROT",
                "text": "Der Kreistag beschloss mehrheitlich bei 12 Gegenstimmen, die Beratung über "
                "diesen Tagesordnungspunkt zurückzustellen.",
            },  # fmt: skip
            {"speaker": "A", "text": "Kreistagsabgeordnete Berg erklärte, der Radweg koste 2,5 Millionen Euro."},
            {
                "speaker": "B",
                "text": "Kreistagsabgeordneter Vogt, Vorsitzender der CDU-Fraktion, beantragte, die "
                "Beratung zu vertagen, da die Fraktion die Vorlage noch nicht beraten habe.",
            },
        ],
    }
    bundle = load_meeting(minutes_services.db(), minutes_services.import_transcript(data))
    (item,) = bundle.agenda_items
    assert item.title == data["title"] and item.start is not None
    plain = bundle.summary("plain", item.id, "de")
    parts = {s["part"] for s in plain.sentences}
    assert {"said", "decided", "next"} <= parts, plain.text
    assert "Das Thema wird später entschieden." in plain.text
    # Both members are there, as the minutes report them (their words, not put in their mouths).
    assert "Kreistagsabgeordnete Berg erklärte, der Radweg koste 2,5 Millionen Euro." in plain.text
    assert "Kreistagsabgeordneter Vogt beantragte, die Beratung zu vertagen, da die Fraktion" in plain.text
    assert plain.checks["facts"] == [] and plain.checks["rewrites"] == []
