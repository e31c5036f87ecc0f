"""Votes: motions and results in digits and words, on the written council transcripts."""

from __future__ import annotations

import pytest

from protokoll.evaluation import MINUTES_FIXTURES, load_minutes_fixture
from protokoll.minutes.text import Sentence, sentences_of
from protokoll.minutes.votes import extract_votes
from protokoll.records import UtteranceRecord


def _sentences(*texts: str) -> list[Sentence]:
    return [s for n, t in enumerate(texts) for s in sentences_of(UtteranceRecord(n, "", n * 10.0, n * 10.0 + 5, t))]


def _fields(vote) -> tuple:
    return (vote.motion, vote.result, vote.yes, vote.no, vote.abstain, vote.unanimous)


def test_counts_in_words():
    [vote] = extract_votes(
        _sentences(
            "Der Änderungsantrag ist mit zweiundzwanzig Ja-Stimmen bei vierzehn Gegenstimmen und drei "
            "Enthaltungen angenommen."
        )  # fmt: skip
    )
    assert _fields(vote) == ("Änderungsantrag", "angenommen", 22, 14, 3, False)


def test_counts_before_the_result_sentence_and_kind_from_the_announcement():
    [vote] = extract_votes(
        _sentences(
            "Abstimmung über den Antrag der Linken: Ja-Stimmen 2, Nein-Stimmen 11, Enthaltungen 2. "
            "Damit ist der Antrag abgelehnt."
        )  # fmt: skip
    )
    assert _fields(vote) == ("Antrag", "abgelehnt", 2, 11, 2, False)
    assert vote.proposer == "Linken"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Der Bebauungsplan ist ohne Gegenstimmen bei einer Enthaltung beschlossen.",
         ("Bebauungsplan", "angenommen", None, 0, 1, False)),
        ("Der Antrag ist mit siebzehn zu dreiunddreißig Stimmen abgelehnt.",
         ("Antrag", "abgelehnt", 17, 33, None, False)),
        ("Die Beschlussvorlage ist einstimmig angenommen.", ("Beschlussvorlage", "angenommen", None, None, None, True)),
        ("Der Rat nimmt den Bericht zur Kenntnis.", ("Bericht", "zur Kenntnis genommen", None, None, None, False)),
        ("Die Haushaltssatzung ist mit 31 Ja-Stimmen, 20 Nein-Stimmen und 2 Enthaltungen beschlossen.",
         ("Haushaltssatzung", "angenommen", 31, 20, 2, False)),
    ],
)  # fmt: skip
def test_result_sentences(text, expected):
    [vote] = extract_votes(_sentences(text))
    assert _fields(vote) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ich hoffe, dass unser Antrag heute angenommen wird.",
        "Wird der Antrag angenommen?",
        "Wenn der Antrag abgelehnt wird, klagen wir.",
        "Die SPD stimmt der Vorlage zu.",
        "Wir beantragen, dass der Plan beschlossen wird.",
    ],
)
def test_wishes_questions_and_positions_are_not_results(text):
    assert extract_votes(_sentences(text)) == []


def test_precision_and_recall_on_the_written_transcripts(minutes_archive):
    db, ids = minutes_archive
    expected_total = found_total = right = 0
    for path in MINUTES_FIXTURES:
        data, _ = load_minutes_fixture(path)
        expected = data["expected"]["votes"]
        rows = db.query(
            "SELECT a.number AS item, m.kind AS motion, v.result, v.yes, v.no, v.abstain, v.unanimous FROM votes v "
            "JOIN motions m ON m.id = v.motion_id LEFT JOIN agenda_items a ON a.id = v.agenda_item_id "
            "WHERE v.meeting_id = ?",
            [ids[path.stem]],
        )
        found = [{**row, "unanimous": bool(row["unanimous"])} for row in rows]
        expected_total += len(expected)
        found_total += len(found)
        right += sum(1 for vote in found if vote in expected)
    precision, recall = right / found_total, right / expected_total
    assert expected_total >= 20
    assert precision >= 0.95 and recall >= 0.9, (precision, recall)
