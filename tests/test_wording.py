"""How a vote is worded: one vocabulary for summaries, protocol, web and CLI, counts before groups."""

from __future__ import annotations

import pytest

from protokoll.minutes.votes import Vote
from protokoll.minutes.wording import item_result, vote_text
from protokoll.records import VoteRecord


def _vote(**fields) -> Vote:
    base = dict(motion="Antrag", result="angenommen", yes=None, no=None, abstain=None, unanimous=False,
                majority=None, proposer="SPD", utterance_id=1, start=0.0, evidence="")  # fmt: skip
    return Vote(**{**base, **fields})


def test_counts_are_worded_in_german_and_english():
    vote = _vote(yes=22, no=14, abstain=3)
    assert vote_text(vote, "de") == "Antrag der SPD: angenommen (22 Ja-Stimmen, 14 Gegenstimmen, 3 Enthaltungen)"
    assert vote_text(vote, "en") == "motion (SPD): adopted (22 in favour, 14 against, 3 abstentions)"


def test_a_stored_vote_stated_by_faction_shows_each_side():
    vote = VoteRecord(1, "abgelehnt", "Änderungsantrag", yes_groups=["CDU"], no_groups=["SPD", "Grüne"],
                      abstain_groups=["FDP"], majority="gegen die stimmen der spd")  # fmt: skip
    assert vote_text(vote, "de") == "Änderungsantrag: abgelehnt (dafür: CDU; dagegen: SPD, Grüne; Enthaltung: FDP)"


def test_unanimous_and_majority_without_counts():
    assert vote_text(_vote(unanimous=True, proposer=None), "de") == "Antrag: angenommen, einstimmig"
    assert vote_text(_vote(majority="mehrheitlich", proposer=None), "de") == "Antrag: angenommen, mehrheitlich"


def _stored(motion, result):
    return VoteRecord(id=0, result=result, motion=motion)


@pytest.mark.parametrize(
    "votes, expected",
    [
        ([], None),
        ([("Beschlussvorlage", "angenommen")], "unverändert beschlossen"),
        ([("Änderungsantrag", "angenommen"), ("Beschlussvorlage", "angenommen")], "geändert beschlossen"),
        ([("Änderungsantrag", "abgelehnt"), ("Beschlussvorlage", "angenommen")], "unverändert beschlossen"),
        ([("Antrag", "abgelehnt")], "abgelehnt"),
        ([("Antrag auf Vertagung", "angenommen")], "vertagt"),
        ([("Antrag auf Vertagung", "abgelehnt"), ("Satzung", "angenommen")], "unverändert beschlossen"),
        ([("Überweisung", "angenommen")], "verwiesen"),
        ([("Bericht", "zur Kenntnis genommen")], "zur Kenntnis genommen"),
        ([("Antrag", "unklar")], "Ergebnis wird geprüft"),
    ],
)
def test_an_items_result_in_the_categories_of_council_information_systems(votes, expected):
    assert item_result([_stored(m, r) for m, r in votes]) == expected
