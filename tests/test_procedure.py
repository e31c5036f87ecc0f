"""Procedural words that recognition garbled, read as they were meant; words heard right are left alone."""

from __future__ import annotations

import json

import pytest

from protokoll.evaluation import MINUTES_FIXTURES, PROTOCOL_FIXTURES
from protokoll.minutes.procedure import cologne_phonetics, repair_procedure, repaired_sentences
from protokoll.minutes.text import split_sentences
from protokoll.minutes.votes import extract_votes
from tests.test_votes import _sentences


@pytest.mark.parametrize(
    "word, code", [("Müller-Lüdenscheidt", "65752682"), ("Breschnew", "17863"), ("Wikipedia", "3412")]
)
def test_cologne_phonetics_of_the_published_examples(word, code):
    assert cologne_phonetics(word) == code


@pytest.mark.parametrize(
    "heard, read",
    [
        # as Whisper base heard the bundled sample session
        ("Ich rufe Tage Mordnungspunkt 3 auf.", "Ich rufe Tagesordnungspunkt 3 auf."),
        ("Ich rufe Tagesordnungspunkteins auf", "Ich rufe Tagesordnungspunkt eins auf"),
        ("Der Antrag ist mit 9 Jahren stehmen bei 30 gegen stehmen abgrennt.",
         "Der Antrag ist mit 9 Ja-Stimmen bei 30 Gegenstimmen abgelehnt."),
        ("Der Nährungsantrag ist mit Dreieenthaltungen angenommen.",
         "Der Änderungsantrag ist mit drei Enthaltungen angenommen."),
        ("Die Natzung ist mehrheitlich angenommen.", "Die Satzung ist mehrheitlich angenommen."),
        ("Die Beschlussvorlage ist ein stimmen angenommen.", "Die Beschlussvorlage ist einstimmig angenommen."),
        ("Die Vorlage ist ein stehlich angenommen.", "Die Vorlage ist einstimmig angenommen."),
        ("Der Rat nimmt den Bericht zur Kindnis.", "Der Rat nimmt den Bericht zur Kenntnis."),
        # the same session heard again, with a newer installation
        ("Tag in Ordnungstunkt viel, Mitteilungen der Vermalzung, Herr Wolff.",
         "Tagesordnungspunkt vier, Mitteilungen der Vermalzung, Herr Wolff."),
        ("Der Antrag auf Verta -Dunck ist mit neun Jahrstimmen bei 30 Gegenstimmen abgrenzt.",
         "Der Antrag auf Vertagung ist mit neun Ja-Stimmen bei 30 Gegenstimmen abgrenzt."),
        ("Der Nährungsantrag ist mit 22 Jahren stillen bei jedem Sinne.",
         "Der Änderungsantrag ist mit 22 Ja-Stimmen bei jedem Sinne."),
        ("Die Verschluss vorrag er ist ein stimmig angemommen.",
         "Die Verschluss Vorlage er ist einstimmig angenommen."),
        # as the issue quotes a council session
        ("Weits 52 -Jahrstimmen, 18 -9 -Stimmen und 3 Enthaltungen",
         "Weits 52 Ja-Stimmen, 18 Nein-Stimmen und 3 Enthaltungen"),
        ("Die Kosten liegen bei 10 .000 Euro und 4 ,2 Millionen.",
         "Die Kosten liegen bei 10.000 Euro und 4,2 Millionen."),
        ("Wir kommen zu Tage -Sortenungspunkt 2.", "Wir kommen zu Tagesordnungspunkt 2."),
    ],
)  # fmt: skip
def test_garbled_procedure_is_read_as_meant(heard, read):
    assert repair_procedure(heard) == read


@pytest.mark.parametrize(
    "text",
    [
        "Damit schließe ich den öffentlichen Teil der Sitzung.",  # Sitzung is a word, not a garbled Satzung
        "Die Stimmung im Saal war gut, die Antworten waren klar.",
        "Der Ausschussempfehlung folgen wir, die Veränderungsanträge liegen vor.",  # compounds of real words
        "Ich lasse zuerst über den Änderungsantrag der FDP abstimmen: neun Ja-Stimmen.",
        "Dann stimmen wir über die Gebührensatzung ab.",
        "Seit 22 Jahren stehen wir zu diesem Antrag.",  # a count before a word that only sounds a little like one
        "Am Tag in Ordnung gebracht, steht der Antrag zur Abstimmung.",
        # real protocols (tests/fixtures/protocols): a compound with a group, and a group's name with a number
        "Wer dem SPD-Dringlichkeitsantrag zustimmt, den bitte ich um das Handzeichen.",
        "Damit ist die Überweisung mit den Stimmen des BÜNDNIS 90/DIE GRÜNEN gegen Stimmen der CDU beschlossen.",
    ],
)
def test_words_heard_right_are_left_alone(text):
    assert repair_procedure(text) == text


def test_real_protocols_are_read_as_written():
    # 1,600 sentences of real protocols: only words a PDF split in two ("beschlos sen", "Abstim- mung") may change
    changed = []
    for path in [*PROTOCOL_FIXTURES, *MINUTES_FIXTURES]:
        for utterance in json.loads(path.read_text(encoding="utf-8"))["utterances"]:
            for sentence in split_sentences(utterance["text"]):
                repaired = repair_procedure(sentence)
                if repaired != sentence:
                    changed.append((sentence, repaired))
    assert len(changed) <= 8, changed
    assert all(
        len(after) <= len(before) and after.replace(" ", "") == before.replace("- ", "").replace(" ", "")
        for before, after in changed
    )


def test_the_vote_is_read_from_the_repaired_sentence():
    heard = _sentences("Der Antrag auf Vertagung ist mit 9 Jahren stehmen bei 30 gegen stehmen abgrennt.")
    assert extract_votes(heard) == []
    [vote] = extract_votes(repaired_sentences(heard))
    assert (vote.result, vote.yes, vote.no) == ("abgelehnt", 9, 30)
    assert vote.evidence == "Der Antrag auf Vertagung ist mit 9 Ja-Stimmen bei 30 Gegenstimmen abgelehnt."
