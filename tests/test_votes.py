"""Votes: motions and results in digits and words, on the written council transcripts."""

from __future__ import annotations

import json

import pytest

from protokoll.archive import load_meeting
from protokoll.evaluation import (
    MINUTES_FIXTURES,
    PROTOCOL_FIXTURES,
    PROTOCOL_RESULTS,
    load_minutes_fixture,
    vote_stated_at,
)
from protokoll.minutes.tally import count, group_names, numbers_as_digits
from protokoll.minutes.text import Sentence, sentences_of
from protokoll.minutes.votes import UNCLEAR, extract_votes
from protokoll.minutes.wording import item_result
from protokoll.records import UtteranceRecord


def _sentences(*texts: str) -> list[Sentence]:
    return [s for n, t in enumerate(texts) for s in sentences_of(UtteranceRecord(n, "", n * 10.0, n * 10.0 + 5, t))]


def _spoken(*turns: tuple[str, str]) -> list[Sentence]:
    """Sentences of utterances by named speakers: ("P", "Damit ist …"), ("Z", "(Zuruf)")."""
    return [
        s
        for n, (speaker, text) in enumerate(turns)
        for s in sentences_of(UtteranceRecord(n, speaker, n * 10.0, n * 10.0 + 5, text))
    ]


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
    "motion, proposer",
    [
        ("den Antrag der SPD-Fraktion Beschlussvorschlag Nummer 3", "SPD-Fraktion"),
        ("den Antrag der Fraktion BÜNDNIS 90/DIE GRÜNEN", "Fraktion BÜNDNIS 90/DIE GRÜNEN"),
        ("den Änderungsantrag der Freien Wähler", "Freien Wähler"),
        ("den Antrag des Bürgermeisters", "Bürgermeisters"),
    ],
)
def test_the_proposer_is_the_group_and_no_word_after_it(motion, proposer):
    [vote] = extract_votes(_sentences(f"Wir stimmen ab über {motion}. Wer stimmt zu? Damit ist er angenommen."))
    assert vote.proposer == proposer


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
        # As real protocols put it (tests/fixtures/protocols, fourth fresh set):
        ("Mit Ja haben gestimmt 43 Abgeordnete, mit Nein 93, Stimmenthaltungen: 15. Damit ist der Antrag abgelehnt.",
         ("Antrag", "abgelehnt", 43, 93, 15, False)),
        ("Meine Damen und Herren, der Antrag ist mit großer Mehrheit abgelehnt worden.",
         ("Antrag", "abgelehnt", None, None, None, False)),
        ("Ich stelle fest, dass wir von dem Bericht Kenntnis genommen haben.",
         ("Bericht", "zur Kenntnis genommen", None, None, None, False)),
        ("Gemeinderat Bernhard Burger wurde zum 3. Bürgermeister gewählt.",
         ("Wahl", "angenommen", None, None, None, False)),
        ("Dem Vorschlag wird mit 24 Ja-Stimmen, 2 Enthaltungen gefolgt.",
         ("Beschluss", "angenommen", 24, None, 2, False)),
        ("Die Ausschussmitglieder stimmen der Vorlage zu.",
         ("Beschlussvorlage", "angenommen", None, None, None, False)),
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
        "Der Antrag wurde im Mai an den Ausschuss überwiesen.",
        "Das haben wir letztes Jahr beschlossen.",
        "Die Bürger haben uns gewählt, damit wir handeln.",
        "Der Antrag soll an den Ausschuss überwiesen werden.",
    ],
)
def test_wishes_questions_and_positions_are_not_results(text):
    assert extract_votes(_sentences(text)) == []


@pytest.mark.parametrize(
    "steps, expected",
    [
        ("Wer möchte die Ausschussempfehlung so beschließen? – Wer möchte das nicht? – Gibt es Enthaltungen? – "
         "Dann war auch das einstimmig.", ("angenommen", True)),
        ("Wer dem zustimmen möchte, den bitte ich um das Kartenzeichen. - Das ist die Fraktion der AfD. Wer ist "
         "dagegen? - Das ist eindeutig. Die Mehrheit ist dagegen.", ("abgelehnt", False)),
    ],
)  # fmt: skip
def test_a_call_and_its_answer_decide(steps, expected):
    [vote] = extract_votes(_sentences(steps))
    assert (vote.result, vote.unanimous) == expected


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
    # the written transcripts are the rules' first material: every vote there is found, and nothing more
    assert precision == 1.0 and recall == 1.0, (precision, recall)


def test_a_vote_spread_over_call_counter_check_and_result():
    [vote] = extract_votes(
        _sentences(
            "Wer der Beschlussempfehlung zustimmen möchte, den bitte ich um das Handzeichen. – Gegenprobe! – "
            "Enthaltungen? – Das Erste war die Mehrheit."
        )
    )
    assert (vote.motion, vote.result) == ("Beschlussempfehlung", "angenommen")


def test_the_call_may_stand_in_an_earlier_utterance():
    votes = extract_votes(_sentences("Wer stimmt dem Änderungsantrag zu?", "Auch das ist einstimmig."))
    assert [(v.motion, v.result, v.unanimous) for v in votes] == [("Änderungsantrag", "angenommen", True)]


@pytest.mark.parametrize(
    "text",
    [
        "Damit ist diesem Entwurf nicht zugestimmt worden.",
        "Damit hat dieser Antrag keine Mehrheit gefunden.",
        "Der Antrag hat nicht die erforderliche Mehrheit erhalten.",
        "Wer stimmt zu? – Gegenprobe! – Das Zweite war die Mehrheit.",
    ],
)
def test_negated_results_are_rejections(text):
    assert [v.result for v in extract_votes(_sentences(text))] == ["abgelehnt"]


def test_result_by_faction_keeps_each_side():
    [vote] = extract_votes(
        _sentences(
            "Der Antrag ist mit den Stimmen von SPD und Grünen gegen die Stimmen der CDU bei Enthaltung der FDP "
            "angenommen."
        )
    )
    assert (vote.yes_groups, vote.no_groups, vote.abstain_groups) == (["SPD", "Grünen"], ["CDU"], ["FDP"])
    assert vote.result == "angenommen" and vote.yes is None


def test_groups_named_after_the_result_and_a_restated_result_make_one_vote():
    votes = extract_votes(
        _sentences(
            "Wer stimmt für die Beschlussempfehlung? – Gegenprobe! – Das Erste war die Mehrheit. Damit ist die "
            "Beschlussempfehlung angenommen. Zugestimmt haben die Fraktionen von SPD, CDU/CSU und FDP. "
            "Dagegen gestimmt hat die AfD."
        )
    )
    assert len(votes) == 1
    assert votes[0].yes_groups == ["SPD", "CDU/CSU", "FDP"] and votes[0].no_groups == ["AfD"]


def test_interjections_and_past_decisions_are_not_results():
    assert extract_votes(_sentences("(Zuruf von der KPD: Abgelehnt!)", "Dem hatten Sie bereits zugestimmt.")) == []


def test_real_protocols_without_a_wrong_decision():
    """The development set of real protocol passages (tests/fixtures/protocols, see its SOURCES.md)."""
    found_total = expected_total = right = wrong_polarity = 0
    for path in PROTOCOL_FIXTURES:
        data = json.loads(path.read_text(encoding="utf-8"))
        texts = [u["text"] for u in data["utterances"]]
        stated = extract_votes(_spoken(*((u["speaker"], u["text"]) for u in data["utterances"])))
        # unclear: for the clerk
        found = [(vote_stated_at(texts, v.utterance_id, v.evidence), v.result) for v in stated if v.result != UNCLEAR]
        expected = [(v["utterance"], PROTOCOL_RESULTS.get(v["result"], v["result"])) for v in data["expected"]["votes"]]
        found_total, expected_total = found_total + len(found), expected_total + len(expected)
        for lines, result in found:
            match = next(((at, r) for at, r in expected if at in lines and r == result), None)
            if match:
                expected.remove(match)
                right += 1
            elif any(at in lines for at, _ in expected):
                wrong_polarity += 1
    assert len(PROTOCOL_FIXTURES) >= 140 and expected_total >= 300
    assert wrong_polarity == 0
    # The set grew by blind sets of real passages (README, "Figures"); the bars are what the rules reach on it,
    # so that no change loses ground. They were 0.97 / 0.90 up to 224 passages; the seventh blind set (30 passages,
    # 67 votes) brought the extractor alone to 0.9696 / 0.896 on 254 passages, the eighth (30 passages, 73 votes)
    # to 0.9657 / 0.876 on 284, and the rules written on it to 0.9698 / 0.899; the ninth (30 passages, 74 votes)
    # to 0.9706 / 0.876 on 314, and the rules written on it to 0.9710 / 0.887; the tenth (30 passages, 56 votes, one
    # result of the wrong polarity until "abgewiesen" was read) to 0.9675 / 0.8849 on 344 with the rules written on
    # it, and persons elected together, one decision each, to 0.9677 / 0.8913; the eleventh (30 passages, 55 votes)
    # to 0.9632 / 0.8853 on 374 with the rules written on it; the twelfth (25 passages, 47 votes) to 0.9545 / 0.8869
    # on 399 with the rules written on it, and a second review's caution (a contest elects only where the valid votes
    # are stated; reasons after a result are not the result) to 0.9544 / 0.8857; the thirteenth (30 passages, 64
    # votes) to 0.9601 / 0.8978 on 429 with the rules written on it, a vote standing on either line where minutes
    # give its result under a label and its counts below (0.9675 / 0.903 with the final form of that scoring); the
    # fourteenth (14 passages, 49 votes) to 0.9685 / 0.9066 on 443 with the rules written on it (as this test counts;
    # the benchmark counts 0.969 / 0.910); the fifteenth (15 passages, 28 votes, 0.78 / 0.64 on arrival) to 0.9683 /
    # 0.9052 on 458.
    assert right / found_total >= 0.968 and right / expected_total >= 0.905, (right, found_total, expected_total)


@pytest.mark.parametrize(
    "announced, expected",
    [
        # Landtag Hessen (tests/fixtures/protocols): the counts of a named vote are its result
        ("Ich gebe das Ergebnis bekannt: Mit Ja haben 61 Abgeordnete, mit Nein 50 Abgeordnete gestimmt.",
         ("angenommen", 61, 50)),
        # a majority that may not suffice: abstentions count against it under some rules
        ("Ich gebe das Ergebnis bekannt: 26 Ja-Stimmen, 20 Nein-Stimmen, 8 Enthaltungen.", (UNCLEAR, 26, 20)),
        # a qualified majority named, or a matter that needs one
        ("Die Zweidrittelmehrheit ist erforderlich. Ich gebe das Ergebnis bekannt: 61 Ja-Stimmen, 50 Nein-Stimmen.",
         (UNCLEAR, 61, 50)),
        ("Dafür ist eine 2/3-Mehrheit erforderlich. Ich gebe das Ergebnis bekannt: 61 Ja-Stimmen, 50 Nein-Stimmen.",
         (UNCLEAR, 61, 50)),
        ("Wir stimmen über die Dringlichkeit ab. Ich gebe das Ergebnis bekannt: 61 Ja-Stimmen, 50 Nein-Stimmen.",
         (UNCLEAR, 61, 50)),
        # a yes to a recommendation to reject rejects the motion named: the clerk decides which to store
        ("Wir stimmen über die Empfehlung ab, den Antrag abzulehnen. Ich gebe das Ergebnis bekannt: 61 Ja-Stimmen, "
         "50 Nein-Stimmen.", (UNCLEAR, 61, 50)),
        ("Wir stimmen über die Empfehlung ab, den Antrag abzulehnen. Ich gebe das Ergebnis bekannt: 10 Ja-Stimmen, "
         "50 Nein-Stimmen.", (UNCLEAR, 10, 50)),
        ("Wir stimmen über die Änderung der Hauptsatzung ab. Ich gebe das Ergebnis bekannt: 61 Ja-Stimmen, "
         "50 Nein-Stimmen.", (UNCLEAR, 61, 50)),
    ],
)  # fmt: skip
def test_counts_announced_without_a_result_word_adopt_only_under_any_simple_majority(announced, expected):
    [vote] = extract_votes(_sentences(announced))
    assert (vote.result, vote.yes, vote.no) == expected


def test_counts_that_contradict_the_stated_result_make_it_unclear():
    # "angenommen" with more no than yes: a misheard "nicht" or a wrong count; the clerk decides
    [vote] = extract_votes(_sentences("Der Antrag ist mit 12 Ja-Stimmen bei 20 Gegenstimmen angenommen."))
    assert vote.result == UNCLEAR
    # a qualified majority explains a rejection with more yes than no
    [vote] = extract_votes(
        _sentences(
            "Für den Gesetzentwurf haben 33 Abgeordnete gestimmt, dagegen 30. "
            "Die Zweidrittelmehrheit ist nicht erreicht."
        )
    )
    assert (vote.result, vote.yes, vote.no) == ("abgelehnt", 33, 30)


def test_questions_answered_nobody_give_zero_and_answers_name_groups():
    [vote] = extract_votes(
        _sentences(
            "Wer dem Antrag zustimmen möchte, den bitte ich um das Handzeichen. – Das sind SPD und Grüne. "
            "Wer stimmt dagegen? – Das ist die CDU. Gibt es Enthaltungen? – Auch nicht. "
            "Damit ist der Antrag angenommen."
        )
    )
    assert (vote.yes, vote.no, vote.abstain) == (None, None, 0)
    assert (vote.yes_groups, vote.no_groups) == (["SPD", "Grüne"], ["CDU"])


def test_rejected_with_the_votes_of_a_group_puts_that_group_on_the_no_side():
    [vote] = extract_votes(
        _sentences("Der Antrag ist mit den Stimmen von CDU und FDP gegen die Stimmen der SPD abgelehnt.")
    )
    assert (vote.result, vote.yes_groups, vote.no_groups) == ("abgelehnt", ["SPD"], ["CDU", "FDP"])


def test_a_corrected_result_replaces_the_first_one():
    votes = extract_votes(
        _spoken(
            ("P", "Mit Ja stimmten 29, mit Nein 54. Damit ist dieser Antrag mit Mehrheit abgelehnt."),
            (
                "P",
                "Es gibt eine kleine Korrektur des Ergebnisses: 29 Jastimmen, 53 Neinstimmen und 1 Enthaltung. "
                "Es bleibt bei der Feststellung, dass dieser Antrag abgelehnt ist.",
            ),
        )  # fmt: skip
    )
    assert [(v.utterance_id, v.yes, v.no, v.abstain) for v in votes] == [(1, 29, 53, 1)]


def test_a_result_repeated_after_an_interjection_is_one_vote():
    votes = extract_votes(
        _spoken(
            ("P", "Der Antrag ist abgelehnt."),
            ("Z", "(Zuruf: Nein, angenommen!)"),
            ("P", "Der Antrag ist abgelehnt. So beschlossen."),
        )
    )
    assert [(v.utterance_id, v.result) for v in votes] == [(0, "abgelehnt")]  # where it was first stated


def test_minutes_resolution_and_result_lines_are_one_vote_with_its_wording():
    [vote] = extract_votes(
        _spoken(
            ("N", "Beschluss: Die Bezirksvertretung vertagt den Tagesordnungspunkt bis zur nächsten Sitzung."),
            ("N", "Abstimmungsergebnis: einstimmig"),
        )
    )
    assert (vote.utterance_id, vote.result, vote.unanimous) == (1, "angenommen", True)
    assert vote.resolution == "Die Bezirksvertretung vertagt den Tagesordnungspunkt bis zur nächsten Sitzung."


def test_the_wording_of_a_resolution_is_not_a_second_vote():
    # the body adopted a resolution whose wording rejects a motion: one adopted vote, not a rejection too
    [vote] = extract_votes(
        _spoken(
            ("N", "Beschluss: mehrheitlich beschlossen"),
            ("N", "Abstimmung: Ja: 44, Nein: 4, Anwesend: 48"),
            ("N", "Der Kreistag fasst folgenden Beschluss:"),
            ("N", "Der Antrag der AfD-Fraktion wird abgelehnt."),
        )
    )
    assert (vote.result, vote.yes, vote.no) == ("angenommen", 44, 4)
    assert vote.resolution == "Der Antrag der AfD-Fraktion wird abgelehnt."


def test_minutes_with_labels_before_the_counts():
    [vote] = extract_votes(_sentences("Abstimmungsergebnis: Mehrheitlich beschlossen Ja 6 Nein 1 Enthaltung 2"))
    assert _fields(vote)[1:5] == ("angenommen", 6, 1, 2)


@pytest.mark.parametrize(
    "text, counts",
    [
        ("dafür: 12 (CDU, SPD)\nGegenstimmen: 3 (AfD)", (12, 3, None)),
        ("Gegenstimmen: 3 dafür: 12", (12, 3, None)),
        # a number after a label's colon is that label's, never the next label's
        ("dafür: 12 Gegenstimmen: keine Enthaltungen: 2", (12, None, 2)),
        # numbers before their labels, after a colon that is no side's label
        ("Ergebnis: 12 Ja-Stimmen 3 Nein-Stimmen 1 Enthaltung", (12, 3, 1)),
        ("Abstimmung: Ja 1 Nein 7 Enthaltung 1", (1, 7, 1)),
    ],
)
def test_counts_read_whichever_side_of_their_label_they_stand(text, counts):
    digits = numbers_as_digits(text)
    assert tuple(count(digits, side) for side in ("yes", "no", "abstain")) == counts


def test_long_hostile_text_is_read_in_linear_time():
    # a regex with nested quantifiers once hung on long runs of capitalised words; this would not finish
    text = " ".join(["Die Große Koalition Der Fraktionen"] * 400) + " enthält sich nicht"
    # (the chair's result in an utterance of its own: deep in a speech, a result is what a speaker tells)
    assert extract_votes(_spoken(("A", text), ("A", text), ("P", "Damit ist der Antrag angenommen."))) != []


def test_a_result_sentence_whose_result_word_was_misheard_keeps_its_counts_and_is_read_from_them():
    # fewer yes than no adopts nothing, so the unheard word can only have been a rejection
    votes = extract_votes(
        _sentences(
            "Der Antrag auf Vertagung ist mit neun Ja-Stimmen bei 30 Gegenstimmen abgrunzt. "
            "Die Nutzung ist mehrheitlich angenommen."
        )  # fmt: skip
    )
    assert [(v.result, v.yes, v.no) for v in votes] == [("abgelehnt", 9, 30), ("angenommen", None, None)]


def test_a_yes_question_left_unanswered_is_not_answered_by_the_next_questions_none():
    # Landtag NRW 2019 (tests/fixtures/protocols): "Wer ist dafür?" goes unanswered, the "Nein" answers the no side
    votes = extract_votes(
        _sentences(
            "Wir kommen zur Abstimmung. Wer ist dafür? – Gibt es Gegenstimmen? – Nein. Enthaltungen sehe ich auch "
            "nicht. Dann ist das einstimmig so überwiesen."
        )
    )
    assert [(v.result, v.yes, v.no, v.abstain, v.unanimous) for v in votes] == [("angenommen", None, 0, 0, True)]


def test_the_mover_named_as_such_is_the_group_that_moved_the_motion():
    votes = extract_votes(
        _sentences(
            "Wer dem Antrag der SPD-Fraktion zustimmt, den bitte ich um das Handzeichen. – "
            "Das ist die Antragstellerin. "
            "Gegenprobe! – Das sind CDU und FDP. Damit ist der Antrag abgelehnt."
        )
    )
    assert [(v.result, v.yes_groups, v.no_groups) for v in votes] == [("abgelehnt", ["SPD-Fraktion"], ["CDU", "FDP"])]


def test_counts_announced_for_the_amendment_are_not_the_main_motions():
    # the sample session as Whisper base heard it in a simulated room: the amendment's result became a question
    votes = extract_votes(
        _sentences(
            "Wer ist dafür? Wer ist dagegen? Wer in der Änderungsantrag ist mit 22 Ja-Stimmen bei Jirzen Gegenstimmen "
            "von 3 Haltungen angemommen? Nun stimmen wir über die Beschlussvorlage ab. "
            "Die Beschlussvorlage ist einstimmig angenommen."
        )
    )
    assert [(v.motion, v.result, v.yes, v.no, v.unanimous) for v in votes] == [
        ("Beschlussvorlage", "angenommen", None, None, True)
    ]


def test_a_misheard_result_word_stays_unclear_where_the_counts_could_mean_either():
    # more yes than no is a rejection where a qualified majority was needed: the clerk decides
    text = "Die Änderung der Hauptsatzung ist mit 30 Ja-Stimmen bei 9 Gegenstimmen abgrunzt."
    votes = extract_votes(_sentences(text))
    assert [(v.result, v.yes, v.no) for v in votes] == [(UNCLEAR, 30, 9)]


def test_the_answers_to_a_call_are_read_after_it_not_before():
    # a courtesy said before the call ("Vielen Dank.") once became the group that voted yes
    votes = extract_votes(
        _sentences(
            "Vielen Dank. Ich lasse über den Änderungsantrag abstimmen. Wer ist dafür? Das sind SPD und Grüne. "
            "Der Änderungsantrag ist angenommen."
        )
    )
    assert [(v.result, v.yes_groups) for v in votes] == [("angenommen", ["SPD", "Grüne"])]


@pytest.mark.parametrize(
    "listed, names",
    [  # Lists of groups as real minutes write them (tests/fixtures/protocols: Altona 2021, Köln-Rodenkirchen,
        # Thüringer Landtag 2014), and pieces that are no group at all.
        ("der SPD-Fraktion (Beschlussdrucksache 21-1967 siehe Anlage)", ["SPD-Fraktion"]),
        ("der SPD-Fraktion, der Fraktion Bündnis 90 / Die Grünen", ["SPD-Fraktion", "Bündnis 90/Die Grünen"]),
        ("der Fraktion der FDP und 1 Stimme aus der Fraktion der SPD", ["FDP", "SPD (1 Stimme)"]),
        ("der CDU, Drucks. 17/123", ["CDU"]),
        ("Einige Stimmenthaltungen", []),
        ("die Koalitionsfraktionen und die CDU-Fraktion sowie auch die AfD-Fraktion",  # Thüringer Landtag 2018
         ["Koalitionsfraktionen", "CDU-Fraktion", "AfD-Fraktion"]),
        ("Vielen Dank", []),  # said after the call, before the answers
        ("die Mehrheit", []),  # "Das ist die Mehrheit": nobody named
        ("das Erste", []),  # "Das Erste war die Mehrheit", a chair comparing two counts
        ("die Zweite", []),
        ("das Ergebnis", []),
    ],
)  # fmt: skip
def test_groups_are_names_not_the_text_around_them(listed, names):
    assert group_names(listed) == names


def test_minutes_that_head_an_item_with_its_result_give_the_counts_and_the_decision_below():
    # Verbatim from council information systems (tests/fixtures/protocols: Leverkusen, Westliche Börde,
    # Stadtrat Bogen): the head, the counts on a line of their own, then the decision's sentence or wording.
    votes = extract_votes(_spoken(
        ("N", "Beschluss: mehrheitlich beschlossen"),
        ("N", "dafür: 12 (6 CDU, 2 BÜNDNIS 90 / DIE GRÜNEN, 2 FDP) dagegen: 2 (BÜRGERLISTE) Enth.: 6 (5 SPD, 1 ÖDP)"),
    ))  # fmt: skip
    assert [(v.result, v.yes, v.no, v.abstain, v.utterance_id) for v in votes] == [("angenommen", 12, 2, 6, 1)]
    votes = extract_votes(_spoken(
        ("N", "Beschluss: einstimmig beschlossen"),
        ("N", "Abstimmung: Ja: 12, Nein: 0, Enthaltungen: 0, Befangen: 0"),
        ("N", "Der Vorsitzende ruft den Tagesordnungspunkt auf und erklärt kurz die Sachlage. Der Bürgermeister ruft "
              "zur Abstimmung auf."),
        ("N", "Der Beschlussvorschlag wird einstimmig angenommen."),
    ))  # fmt: skip
    assert [(v.result, v.yes, v.no, v.abstain, v.utterance_id) for v in votes] == [("angenommen", 12, 0, 0, 3)]
    votes = extract_votes(_spoken(
        ("N", "Beschluss: Mehrheitlich beschlossen"),
        ("N", "Abstimmung: Ja: 22, Nein: 3, Anwesend: 25"),
        ("N", "Beschluss: Der Stadtrat beschließt, dass die bestehende Geschäftsordnung bis zur Rechtskraft einer "
              "neuen Geschäftsordnung weiter gilt."),
    ))  # fmt: skip
    assert [(v.yes, v.no, v.utterance_id) for v in votes] == [(22, 3, 1)]
    assert votes[0].resolution.startswith("Der Stadtrat beschließt, dass die bestehende Geschäftsordnung")


@pytest.mark.parametrize(
    "text, counts",
    [  # tests/fixtures/protocols: Wermelskirchen, Bubenreuth, Pfinztal
        ("Der Rat der Stadt beschließt mit 24 Stimmen (12 SPD, 4 Bündnis 90/Die Grünen) gegen 11 Stimmen "
         "(7 Bürgerforum, 4 FDP) bei 18 Enthaltungen (CDU) eine Resolution.", (24, 11, 18)),
        ("Der Antrag wird mit 8 gegen 7 Stimmen angenommen.", (8, 7, None)),
        ("Ja-Stimmen: 14 Nein-Stimmen: 4 Enthaltungen: 2. Die Beschlussfassung wurde mehrheitlich vertagt.",
         (14, 4, 2)),
    ],
)  # fmt: skip
def test_counts_as_minutes_write_them(text, counts):
    [vote] = extract_votes(_sentences(text))
    assert (vote.yes, vote.no, vote.abstain) == counts


@pytest.mark.parametrize(
    "text, result",
    [  # verbatim from municipal minutes and reports (tests/fixtures/protocols: Dunningen, Waldburg, Gräfendorf,
        # Emmerich, Amt Probstei)
        ("Der Ortschaftsrat Lackendorf und der Gemeinderat fassten den einstimmigen Beschluss, den Wärmepreis "
         "von 0,08 €/kWh auf 0,09 €/kWh zu erhöhen.", "angenommen"),
        ("Einem Baugesuch auf Neubau einer Doppelgarage in der Breitenbergstraße wurde das Einvernehmen erteilt.",
         "angenommen"),
        ("Das gemeindliche Einvernehmen wird nicht erteilt.", "abgelehnt"),
        ("Es wird beantragt, den TOP mit in die Tagesordnung aufzunehmen. Dem stimmt der Gemeinderat zu.",
         "angenommen"),
        ("Die Ausschussmitglieder sind einstimmig mit der Vertagung einverstanden.", "angenommen"),
        ("Dies ist nicht der Fall, es herrscht einvernehmlich Zustimmung zur Niederschrift.", "angenommen"),
        ("Auf Nachfrage an den Gemeinderat gibt es keine Änderungswünsche. Die Niederschrift gilt somit als genehmigt.",
         "angenommen"),
        ("Das Haus ist auch damit einverstanden.", None),  # how to debate (Bundestag 1951), not a decision
        ("Der Kreistag fasst folgenden Beschluss:", None),  # the wording follows; it is not yet the result
    ],
)  # fmt: skip
def test_results_as_narrative_minutes_state_them(text, result):
    assert [v.result for v in extract_votes(_sentences(text))] == ([result] if result else [])


def _placed(votes) -> list[tuple]:
    return [(v.result, v.yes, v.no, v.abstain, v.unanimous, v.utterance_id) for v in votes]


def test_taking_note_is_no_adoption():
    # Landtag NRW: petitions confirmed "durch Ihre Kenntnisnahme"; council information systems: "dient zur Kenntnis"
    for text in (
        "Dann stelle ich fest, dass die Beschlüsse zu Petitionen in der Übersicht 14/53 durch Ihre Kenntnisnahme "
        "bestätigt sind.",
        "Ergebnis/Beschluss: Der Bericht der Verwaltung dient zur Kenntnis.",
    ):
        assert [v.result for v in extract_votes(_sentences(text))] == ["zur Kenntnis genommen"]
    # "… dass der TOP als Mitteilung zur Kenntnis dient" tells why, it states nothing
    assert extract_votes(_sentences("Er erklärt, dass der TOP als Mitteilung zur Kenntnis dient.")) == []


def test_a_result_line_with_other_counts_belongs_to_the_next_decision():
    # Minutes of a city council: a rejected motion to change the order, then the agenda settled with its own counts.
    # The counts 38 : 0 must never make the rejected motion's line, nor its result.
    votes = extract_votes(_spoken(
        ("N", "Ratsfrau L. beantragt, den Tagesordnungspunkt 14.4 nach TOP 7 zu beraten. Der Antrag erhält 15 "
              "Ja-Stimmen und verfehlt damit die nötige Mehrheit. Der Antrag ist folglich abgelehnt."),
        ("N", "Beschluss: Die Tagesordnung wird festgestellt."),
        ("N", "Abstimmungsergebnis: Ja-Stimmen: 38 Nein-Stimmen: 0 Enthaltungen: 0"),
    ))  # fmt: skip
    assert _placed(votes) == [("abgelehnt", 15, None, None, False, 0), ("angenommen", 38, 0, 0, False, 2)]


def test_the_head_of_an_item_joins_its_final_decision():
    # Council information systems head an item with its final result, then tell how it came about.
    votes = extract_votes(_spoken(
        ("N", "Beschluss: einstimmig abgelehnt"),
        ("N", "Nach einer längeren Diskussion schlägt Herr M. der Bezirksvertretung vor, die Vorlage abzulehnen."),
        ("N", "Dem schließt sich die Bezirksvertretung einstimmig an."),
        ("N", "Anschließend lässt der Bezirksvorsteher über die Vorlage abstimmen:"),
        ("N", "- einstimmig dagegen -"),
        ("N", "Damit ist die Vorlage abgelehnt."),
    ))  # fmt: skip
    assert _placed(votes) == [("angenommen", None, None, None, True, 2), ("abgelehnt", None, None, None, True, 5)]
    # the head gives its result to a tally that the text leaves without one, where the counts agree
    votes = extract_votes(_spoken(
        ("N", "Beschluss: vertagt"),
        ("N", "Rh. S. beantragt, die Beratung der gesamten Thematik in den nächsten Sitzungsturnus zu vertagen."),
        ("N", "dafür: 7 (3 SPD, 3 BÜRGERLISTE, 1 GRÜNE) dagegen: 6 (4 CDU, 2 FW) Enth.: 1 (FDP)"),
    ))  # fmt: skip
    assert _placed(votes) == [("angenommen", 7, 6, 1, False, 2)]
    votes = extract_votes(_spoken(
        ("N", "Beschluss: vertagt"),
        ("N", "Rh. S. beantragt, die Beratung in den nächsten Sitzungsturnus zu vertagen."),
        ("N", "dafür: 6 dagegen: 7"),
    ))  # fmt: skip
    assert [v.result for v in votes] == ["angenommen"] and votes[0].utterance_id == 0  # counts disagree: not joined
    # a second head line of another result is the decision's wording, not a second decision
    votes = extract_votes(_spoken(
        ("N", "Beschluss: einstimmig angenommen"),
        ("N", "Abstimmung: Ja: 49, Nein: 0"),
        ("N", "Ergebnis/Beschluss: Der Bericht der Verwaltung dient zur Kenntnis."),
    ))  # fmt: skip
    assert _placed(votes) == [("angenommen", 49, 0, None, True, 1)]


def test_a_line_of_counts_completes_the_sentence_that_stated_the_result():
    votes = extract_votes(_spoken(
        ("N", "Die in der Anlage aufgeführten Haushaltsüberschreitungen wurden genehmigt."),
        ("N", "Abstimmung: 5 dafür 0 dagegen 0 Enthaltungen"),
    ))  # fmt: skip
    assert _placed(votes) == [("angenommen", 5, 0, 0, False, 0)]
    votes = extract_votes(_spoken(
        ("N", "Über den Vorschlag des Vorsitzenden wird abgestimmt und einstimmig beschlossen, diesem zu folgen."),
        ("N", "Abstimmungsergebnis: einstimmig: X dafür 19 dagegen: 0 Enthaltungen: 0"),
    ))  # fmt: skip
    assert _placed(votes) == [("angenommen", 19, 0, 0, True, 0)]
    # an empty form field "einstimmig:" is not ticked, an empty "Enthaltungen:" gives no count
    votes = extract_votes(_spoken(
        ("N", "Abstimmungsergebnis: einstimmig: dafür 13 dagegen: 21 Enthaltungen:"),
        ("N", "Der Antrag ist abgelehnt."),
    ))  # fmt: skip
    assert _placed(votes) == [("abgelehnt", 13, 21, None, False, 1)]
    # "einstimmig:" in prose opens the wording of the decision; it is no form field
    votes = extract_votes(_spoken(
        ("N", "Der Stadtrat beschließt einstimmig: Die Satzung wird in der vorliegenden Fassung erlassen."),
    ))  # fmt: skip
    assert _placed(votes) == [("angenommen", None, None, None, True, 0)]


def test_each_proposal_with_its_own_result_line_is_its_own_decision():
    votes = extract_votes(_spoken(
        ("N", "Frau L. schlägt vor, die TOP 3 – 5 in Teil A zu behandeln."),
        ("N", "Abst.-Erg.: einstimmig dafür"),
        ("N", "Die TOP 2, 6 – 7 werden in Teil B behandelt."),
        ("N", "Abst.-Erg.: einstimmig dafür"),
    ))  # fmt: skip
    assert [(v.result, v.utterance_id) for v in votes] == [("angenommen", 1), ("angenommen", 3)]


@pytest.mark.parametrize(
    "text, result",
    [
        ("Dann ist die Überweisung einstimmig erfolgt.", "angenommen"),
        ("Im Anschluss stellt die Ausschussvorsitzende die Tagesordnung zunächst ohne Änderungen fest.", "angenommen"),
        ("Die Beschlussfassung erfolgt mehrheitlich mit einem Stimmenverhältnis von 44 : 4.", "angenommen"),
        ("Der Beschlussvorschlag wird einstimmig an den Gemeinderat weitergeleitet.", "angenommen"),
        ("Der Rat der Stadt wählt einstimmig die in der Anlage 2 genannten Personen.", "angenommen"),
        (
            "Einvernehmlich sprechen sich die Ausschussmitglieder dafür aus, die Entscheidung in den Rat zu schieben.",
            "angenommen",
        ),
        ("Die Ausschussmitglieder sprechen sich dafür aus, die Entscheidung in den Rat zu schieben.", None),  # a wish
        # a guess, a general rule, a misunderstanding told: no result
        ("Ich denke, dem wird übergreifend zugestimmt.", None),
        ("Insofern ist der Kandidat immer gewählt, da er keine Gegenstimme bekommt.", None),
        ("Der Haushalt ist damit wie immer einstimmig beschlossen.", "angenommen"),  # "wie immer" tells this one
        ("In meiner Vorlage steht „Ältestenrat“, und daher dachte ich, er wird an den Ältestenrat überwiesen.", None),
        (
            "Der Rat ist beschlussfähig, wenn die Zahl der Anwesenden, die jedoch mehr als die Hälfte seiner "
            "Mitglieder betragen muss, es beschließt.",
            None,
        ),
        ("Das Gremium lehnt somit den Beschlussvorschlag der Verwaltung einstimmig ab.", "abgelehnt"),
        ("(Der Tagesordnungspunkt wird daraufhin vertagt.)", "angenommen"),
        ("Damit wird dem Rat empfohlen, dem Antrag zuzustimmen.", "angenommen"),
        ("Damit hat dieser Alternativantrag eine Mehrheit erreicht.", "angenommen"),
        ("Damit hat dieser Antrag keine Mehrheit erreicht.", "abgelehnt"),
        ("Das ist die Mehrheit. Die Rückverweisung ist erfolgt.", "angenommen"),
        # a recommendation to reject names two subjects (the recommendation, the motion): not published
        ("Damit wird dem Rat empfohlen, den Antrag abzulehnen.", None),
        ("Der Vorsitzende stellt fest, dass die Tagesordnung fristgerecht zugegangen ist.", None),
        ("Zu TOP 1 gibt es keine Wortmeldungen, die Tagesordnung ist festgestellt.", None),  # a state, no act
        ("Beschluss: Die Tagesordnung wird festgestellt.", "angenommen"),
        ("(Zuruf von der CDU: Das wird vertagt!)", None),
    ],
)
def test_decisions_as_minutes_and_chairs_word_them(text, result):
    assert [v.result for v in extract_votes(_sentences(text))] == ([result] if result else [])


def test_everybody_answering_the_call_is_a_unanimous_adoption():
    [vote] = extract_votes(_spoken(("P", (
        "Wer mit dieser Federführung einverstanden ist, den bitte ich um das Handzeichen. Das sind die "
        "Koalitionsfraktionen und die CDU-Fraktion sowie auch die AfD-Fraktion, also alle Fraktionen des Hauses."
    ))))  # fmt: skip
    assert (vote.result, vote.unanimous) == ("angenommen", True)
    # all factions against: never an adoption
    votes = extract_votes(_spoken(("P", "Wer stimmt zu? – Die AfD. Wer ist dagegen? – Alle Fraktionen des Hauses.")))
    assert all(v.result != "angenommen" for v in votes)


@pytest.mark.parametrize(
    "text, result, unanimous",
    [  # the fifth fresh set of real passages (tests/fixtures/protocols), as the minutes and chairs wrote them
        ("Abstimmungsergebnis: Kenntnis genommen.", "zur Kenntnis genommen", False),  # Eimsbüttel 2025
        ("Ergebnis: Die Bezirksversammlung überweißt die Eingabe einstimmig in den Unterausschuss für "
         "Bauangelegenheiten des Regionalausschusses Alstertal.", "angenommen", True),  # Wandsbek 2025
        ("Die Bezirksversammlung genehmigt die Niederschrift einstimmig bei einer Enthaltung aus der CDU-Fraktion.",
         "angenommen", True),  # Altona 2022
        ("Diesem Vorschlag wird einvernehmlich zugestimmt.", "angenommen", True),  # Friedberg (Hessen)
        ("Damit ist die Mehrheit dafür, den Antrag abzulehnen. Damit ist der Tagesordnungspunkt beendet.",
         "abgelehnt", False),  # Landtag Sachsen-Anhalt
        ("Die Tagesordnung wird mit der Änderung, dass TOP 8 zuerst behandelt wird, festgestellt.", "angenommen",
         False),  # Stadt Emden
        ("- Frau Michaela Treese zum stellvertretenden Mitglied des Verfassungsgerichtshofes des Saarlandes gewählt "
         "[49 abgegebene Stimmen, davon 47 Ja-Stimmen; 1 Nein-Stimme, 1 Enthaltung]", "angenommen", False),  # Saarland
    ],
)  # fmt: skip
def test_results_in_the_words_of_unseen_minutes(text, result, unanimous):
    assert [(v.result, v.unanimous) for v in extract_votes(_sentences(text))] == [(result, unanimous)]


def test_the_whole_house_answering_the_call_adopts():
    votes = extract_votes(_sentences(  # Hessischer Landtag, 16. WP
        "Wer diesem Antrag die Zustimmung erteilen möchte, den bitte ich um das Handzeichen. – Das sind die Mitglieder "
        "des gesamten Hauses. Damit ist auch dieser Tagesordnungspunkt abgehandelt."
    ))  # fmt: skip
    assert [(v.result, v.motion) for v in votes] == [("angenommen", "Antrag")]


def test_a_chair_reminding_members_how_they_voted_states_no_result():
    # Landtag Sachsen-Anhalt: "nicht zugestimmt" here is what members did, not a rejection
    text = (
        "Sie haben auch aufgepasst, als Sie Ihrem Antrag zugestimmt haben, als Sie dieser Ablehnung nicht "
        "zugestimmt haben."
    )
    assert extract_votes(_sentences(text)) == []


def test_a_pronoun_answer_answers_the_last_question_only():
    # Niedersächsischer Landtag: "Die sehe ich nicht" are the abstentions; nobody said how many voted no
    votes = extract_votes(_sentences(
        "Wer dem Gesetzentwurf seine Zustimmung geben möchte, den bitte ich, sich vom Platz zu erheben.",
        "Wer möchte dagegen stimmen? - Stimmenthaltungen? - Die sehe ich nicht. Dann ist das Gesetz so beschlossen.",
    ))  # fmt: skip
    assert [(v.result, v.yes, v.no, v.abstain) for v in votes] == [("angenommen", None, None, 0)]
    # Landtag NRW 2018: "Wer stimmt gegen …? – Niemand."
    votes = extract_votes(_sentences(
        "Wer stimmt also dieser Beschlussempfehlung zu? – Die SPD, die CDU und die FDP stimmen zu. Wer stimmt gegen "
        "diese Beschlussempfehlung? – Niemand. Damit ist die Beschlussempfehlung angenommen."
    ))  # fmt: skip
    assert [(v.result, v.no) for v in votes] == [("angenommen", 0)]


def test_counts_of_a_secret_ballot_with_their_labels_after_the_totals():
    # Leverkusen: "gültige Stimmen: 10" is no yes count, "dafür: 7" no no count
    votes = extract_votes(_spoken(
        ("N", "abgegebene Stimmen: 10 gültige Stimmen: 10 dafür: 7 dagegen: 3"),
        ("N", "Damit wird dem Rat empfohlen, dem Antrag zuzustimmen."),
    ))  # fmt: skip
    assert [(v.result, v.yes, v.no) for v in votes] == [("angenommen", 7, 3)]


def test_a_proposal_with_fewer_yes_than_no_is_rejected():
    # Stadtrat Schwabach: the minutes head the decision, give counts that defeat it, then the proposal's wording
    votes = extract_votes(_spoken(
        ("N", "Beschluss: Mit Debatte - mit folgendem Abstimmungsergebnis:"),
        ("N", "Abstimmung: Ja: 10, Nein: 25, Anwesend: 35"),
        ("N", "Der Antrag der SPD-Fraktion wird in der heutigen Sitzung behandelt."),
    ))  # fmt: skip
    assert [(v.result, v.yes, v.no) for v in votes] == [("abgelehnt", 10, 25)]


@pytest.mark.parametrize(
    "counts, result",
    [
        ("20 Ja-Stimmen, 25 Nein-Stimmen", "abgelehnt"),
        ("25 Ja-Stimmen, 20 Nein-Stimmen", "angenommen"),
        ("25 Ja-Stimmen, 20 Nein-Stimmen, 5 Enthaltungen", UNCLEAR),  # no majority if abstentions count
    ],
)
def test_a_tally_announced_without_a_result_is_decided_by_a_clear_majority(counts, result):
    votes = extract_votes(_sentences(
        f"Wer dem Antrag zustimmt, den bitte ich um das Handzeichen. – Gegenprobe. – Ich gebe das Ergebnis bekannt: "
        f"{counts}.",
    ))  # fmt: skip
    assert [v.result for v in votes] == [result]


# Readings taken from the sixth fresh set of real protocol passages (tests/fixtures/protocols, SOURCES.md).


@pytest.mark.parametrize(
    "text, expected",
    [
        # a result in a "dass" clause after a list of groups is no relative clause
        ("Dann stelle ich fest, dass der Antrag Drucksache 17/1448 mit den Stimmen von CDU und FDP gegen die Stimmen "
         "von SPD, BÜNDNIS 90/DIE GRÜNEN, der Fraktion DIE LINKE und der SSW-Fraktion abgelehnt worden ist.",
         ("Antrag", "abgelehnt", None, None, None, False)),
        ("Ich stelle fest, dass der Abgeordnete Bachmann einstimmig zum Vizepräsidenten gewählt worden ist.",
         ("Wahl", "angenommen", None, None, None, True)),
        ("Dieser Antrag wurde bei 2 Ja-Stimmen und 7- Nein-Stimmen mehrheitlich abgelehnt.",
         ("Antrag", "abgelehnt", 2, 7, None, False)),
        ("Zu Ziffer 2 haben 64 Mitglieder des Hohen Hauses mit Ja gestimmt, 82 mit Nein. Damit ist auch die Nummer "
         "zwei des Dringlichkeitsantrags abgelehnt.", ("Dringlichkeitsantrag", "abgelehnt", 64, 82, None, False)),
        ("Damit ist der Überweisungsvorschlag von allen Fraktionen angenommen.",
         ("Überweisung", "angenommen", None, None, None, True)),
    ],
)  # fmt: skip
def test_result_sentences_of_the_sixth_set(text, expected):
    [vote] = extract_votes(_sentences(text))
    assert _fields(vote) == expected


def test_a_referral_voted_down_is_a_rejection_with_the_answering_groups():
    [vote] = extract_votes(_sentences(
        "Wer ist für eine Überweisung des Gesetzentwurfs in den Ausschuss für Arbeit, Soziales und Integration? - Das "
        "ist die Fraktion DIE LINKE. Wer stimmt dagegen? - Das sind die Koalitionsfraktionen und die AfD-Fraktion. "
        "Stimmenthaltungen? - Diese sehe ich nicht. Damit ist der Gesetzentwurf nicht in den Ausschuss für Arbeit, "
        "Soziales und Integration überwiesen worden."
    ))  # fmt: skip
    assert (vote.result, vote.yes_groups, vote.no_groups, vote.abstain) == (
        "abgelehnt",
        ["LINKE"],
        ["Koalitionsfraktionen", "AfD-Fraktion"],
        0,
    )


@pytest.mark.parametrize(
    "steps",
    [
        "Wer stimmt der Überweisung zu? – Gibt es Gegenstimmen? – Sehe ich nicht. Gibt es Enthaltungen? – Sehen wir "
        "auch nicht. Dann ist so überwiesen.",
        "Wer dem Vermögensgeschäft zustimmen möchte, den bitte ich um das Handzeichen. – Das scheinen mir alle "
        "Fraktionen zu sein. Wer ist dagegen? – Dagegen ist niemand. Enthaltungen? – Auch niemand. Dann ist so "
        "beschlossen.",
        "Wer hier die Zustimmung gibt, den bitte ich um ein Zeichen mit der Hand. - Da sehe ich die Einstimmigkeit.",
    ],
)
def test_nobody_against_and_nobody_abstaining_is_unanimous(steps):
    [vote] = extract_votes(_sentences(steps))
    assert (vote.result, vote.unanimous) == ("angenommen", True)


@pytest.mark.parametrize(
    "text, sides",
    [
        ("Wer diesem Antrag die Zustimmung gibt, den bitte ich um ein Zeichen mit der Hand. - Hat die Zustimmung von "
         "FPÖ, GR Kieslich, NEOS, SPÖ und GRÜNEN gegen die ÖVP und ist somit mehrstimmig angenommen.",
         (["FPÖ", "GR Kieslich", "NEOS", "SPÖ", "GRÜNEN"], ["ÖVP"], [])),
        ("Es gelangt nun die Postnummer 53 zur Abstimmung, und ich bitte um ein Zeichen mit der Hand. - Ich sehe hier "
         "die Zustimmung bei ÖVP, NEOS, SPÖ und GRÜNEN gegen FPÖ und GR Kieslich, somit mehrstimmig angenommen.",
         (["ÖVP", "NEOS", "SPÖ", "GRÜNEN"], ["FPÖ", "GR Kieslich"], [])),
        ("Wer dem zuzustimmen wünscht, den bitte ich um ein Handzeichen. – Gegenprobe. – Enthaltungen? – Damit ist die "
         "Überweisung des Änderungsantrages der Fraktion der NPD abgelehnt, bei Zustimmung der Fraktion der NPD.",
         (["NPD"], [], [])),
        ("Wer dem Vermögensgeschäft Nr. 22/2010 zustimmen möchte, den bitte ich um das Handzeichen. – Das sind die "
         "Fraktionen der Linken, der Grünen, der SPD und der FDP – bei Enthaltung der Fraktion der CDU offenbar. Dann "
         "ist so beschlossen.", (["Linken", "Grünen", "SPD", "FDP"], [], ["CDU"])),
        ("Wer enthält sich? – Die Grünen und die AfD – wie in den Reden angekündigt – enthalten sich. Damit ist die "
         "Beschlussempfehlung angenommen.", ([], [], ["Grünen", "AfD"])),
        ("Wer ist dagegen? – Dagegen sind die Fraktionen der Grünen und der CDU. Wer enthält sich? – Bei Enthaltung "
         "der Fraktion der FDP ist so beschlossen.", ([], ["Grünen", "CDU"], ["FDP"])),
    ],
)  # fmt: skip
def test_groups_as_the_sixth_sets_chairs_name_them(text, sides):
    [vote] = extract_votes(_sentences(text))
    assert (vote.yes_groups, vote.no_groups, vote.abstain_groups) == sides


def test_an_insertion_between_dashes_is_not_a_second_result():
    votes = extract_votes(_sentences(
        "Damit ist die Beschlussempfehlung Drucksache 16/7414 angenommen, und der Landtag hat der Vorlage 16/2435 – "
        "Neudruck – zugestimmt."
    ))  # fmt: skip
    assert [v.result for v in votes] == ["angenommen"]


def test_counts_that_contradict_the_wording_of_a_resolution_leave_it_to_the_clerk():
    votes = extract_votes(_sentences(
        "Beschluss: Der Gemeinderat stellte fest, dass die Bauvoranfrage den widerrechtlich geschaffenen Verhältnissen "
        "entspricht. Das gemeindliche Einvernehmen wird deshalb nicht erteilt.",
        "Abstimmungsergebnis: Ja-Stimmen: 13 Anwesend: 14 Nein-Stimmen 1 Pers. Beteiligt: 0",
    ))  # fmt: skip
    assert [(v.result, v.yes, v.no) for v in votes] == [(UNCLEAR, 13, 1)]


def test_a_correction_the_house_takes_into_account_does_not_replace_the_result():
    votes = extract_votes(_spoken(
        ("P", "Wer dieser Beschlussempfehlung seine Zustimmung geben möchte, den bitte ich um das Handzeichen. – Wer "
              "stimmt dagegen? – Wer enthält sich der Stimme? – Bei einer Reihe von Stimmenthaltungen und keinen "
              "Gegenstimmen ist der Beschlussempfehlung gefolgt worden."),
        ("A", "In der Liste der Linksfraktion hat sich leider der Fehlerteufel eingeschlichen, und zwar auf der "
              "zweiten Seite im vorletzten Punkt auf Seite 197 mit der Petition 04/02855/2. Das möchten wir bitte aus "
              "der Liste herausgenommen haben, da wir dort der Meinung des Ausschusses folgen werden. – Danke."),
        ("P", "Meine Damen und Herren, dann verfahren wir so und berücksichtigen die Korrektur, die wir soeben gehört "
              "haben."),
    ))  # fmt: skip
    assert votes[0].evidence.endswith("ist der Beschlussempfehlung gefolgt worden.")


def test_decisions_an_item_reports_from_closed_sessions_are_not_this_meetings_votes(minutes_services):
    # Marktgemeinderat Zapfendorf 2025 (tests/fixtures/protocols): the item announces earlier decisions.
    data = {
        "title": "Sitzung des Marktgemeinderates",
        "speakers": {"N": {"name": None, "role": "Niederschrift"}},
        "utterances": [
            {"speaker": "N", "text": text}
            for text in (
                "1 Genehmigung der Niederschriften der letzten Sitzung/en",
                "Beschluss: Mit der Niederschrift des öffentlichen Teils der Marktgemeinderatssitzung vom 26.06.2025 "
                "besteht Einverständnis. | Einstimmig beschlossen | Ja 17 Nein 0 Anwesend 17 |",
                "2 Bekanntgabe von Beschlüssen aus nichtöffentlichen Sitzungen",
                "Auftragsvergabe für den Ersatzbau Giebelwand Hauptstraße 28 Der Marktgemeinderat hat beschlossen, die "
                "Arbeiten für den Ersatzneubau der Giebelwand an die Firma Heilmann zu vergeben.",
            )
        ],
    }
    stored = load_meeting(minutes_services.db(), minutes_services.import_transcript(data))
    number = {item.id: item.number for item in stored.agenda_items}
    assert [(number[v.agenda_item_id], v.result) for v in stored.votes] == [("1", "angenommen")]


def test_a_vote_called_after_the_announcements_is_this_meetings_again():
    votes = extract_votes(_sentences(
        "2 Bekanntgabe von Beschlüssen aus nichtöffentlichen Sitzungen",
        "Der Marktgemeinderat hat beschlossen, die Arbeiten an die Firma Heilmann zu vergeben.",
        "Wer dem Bebauungsplan zustimmt, den bitte ich um das Handzeichen. – Das ist einstimmig so beschlossen.",
    ))  # fmt: skip
    assert [(v.utterance_id, v.result, v.unanimous) for v in votes] == [(2, "angenommen", True)]


# Readings taken from the seventh fresh set of real protocol passages (tests/fixtures/protocols, SOURCES.md).


@pytest.mark.parametrize(
    "steps, expected",
    [
        # Hessischer Landtag 2015: the whole house, nobody against, "somit einstimmig"
        ("Wer stimmt zu? – Das gesamte Haus. Wer ist dagegen? – Keiner. Auch keine Enthaltungen, somit einstimmig.",
         ("angenommen", None, 0, 0, True)),
        # Hamburgische Bürgerschaft: "Wer möchte … den Empfehlungen … folgen?" and "Das war dann (wiederum) einstimmig."
        ("Wer möchte dann den Empfehlungen zu den Eingaben 950, 1084 und 1087 folgen? – Ebenfalls die Gegenprobe. – "
         "Und die Enthaltungen? – Das war dann einstimmig.", ("angenommen", None, None, None, True)),
        ("Und ich frage Sie, wer den Empfehlungen zu den Eingaben 1036, 1049 und 1151 bis 1156 folgen mag. – Die "
         "Gegenprobe. – Enthaltungen? – Das war dann wiederum einstimmig.", ("angenommen", None, None, None, True)),
        # Thüringer Landtag 2024: a referral granted
        ("Wer dieser Überweisung zustimmen möchte, den bitte ich jetzt um das Handzeichen. Das ist Zustimmung aus dem "
         "gesamten Haus mit Ausnahme der AfD-Fraktion. Gegenstimmen? Keine. Enthaltungen? Die AfD-Fraktion. Damit ist "
         "der Ausschussüberweisung stattgegeben, meine Damen und Herren.", ("angenommen", None, 0, None, False)),
        # Landtag Sachsen-Anhalt: a referral that did not take place, and a quorum that is no count
        ("Wer der Überweisung zustimmt, den bitte ich um das Handzeichen. – Gegenprobe. – Damit ist die Überweisung "
         "nicht erfolgt.", ("abgelehnt", None, None, None, False)),
        ("Wer der Überweisung zustimmt, den bitte ich um das Handzeichen. – Stimmenthaltungen? – Keine. Damit ist die "
         "Überweisung abgelehnt worden, weil nicht die notwendigen 25 Stimmen für eine Gesetzüberweisung erreicht "
         "wurden.", ("abgelehnt", None, None, 0, False)),
    ],
)  # fmt: skip
def test_results_as_the_seventh_sets_chairs_state_them(steps, expected):
    [vote] = extract_votes(_sentences(steps))
    assert (vote.result, vote.yes, vote.no, vote.abstain, vote.unanimous) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Hessischer Landtag 2009: what happened in an earlier sitting, with its ordinal number
        "Der Gesetzentwurf war dem Rechts- und Integrationsausschuss in der 6. Plenarsitzung am 31. März 2009 "
        "überwiesen worden.",
        # Kreistag Coburg: the elected person accepting is no second decision
        "Kreisrat Martin Stingl hat die Wahl angenommen.",
    ],
)
def test_sentences_of_the_seventh_set_that_decide_nothing(text):
    assert extract_votes(_sentences(text)) == []


def test_a_proposal_line_is_no_decision_but_what_the_body_did_below_it_is():
    # Rat Spiekeroog: the proposal heads the item, the decision follows
    votes = extract_votes(_sentences(
        "Beschlussvorschlag: Der Rat beschließt die neue anliegende Geschäftsordnung für den Rat und die Ausschüsse "
        "für die Wahlperiode 2016-2021.",
        "Der Rat stimmt der Änderung einstimmig zu.",
    ))  # fmt: skip
    assert [(v.utterance_id, v.result, v.unanimous) for v in votes] == [(1, "angenommen", True)]


def test_the_head_of_an_item_gives_its_result_to_a_tally_without_counter_votes():
    # Ausschuss der Stadt Leverkusen: "Beschluss: vertagt …" heads the item; the tally names no votes against
    votes = extract_votes(_sentences(
        "Beschluss: vertagt in Folgegremium",
        "Rh. Hebbel (CDU) beantragt Vertagung des Tagesordnungspunktes in den Rat, da noch Beratungsbedarf besteht.",
        "Abstimmung über den Vertagungsantrag:",
        "dafür: 9 (2 CDU, 1 BÜNDNIS 90/DIE GRÜNEN, 1 FDP, 5 ANDERE)\nEnth.: 2 (SPD, BÜRGERLISTE)",
    ))  # fmt: skip
    assert [(v.utterance_id, v.result, v.motion, v.yes, v.no, v.abstain) for v in votes] == [
        (3, "angenommen", "Antrag auf Vertagung", 9, None, 2)
    ]


def test_the_rest_taken_note_of_after_a_decision_is_a_second_decision():
    # Hamburgische Bürgerschaft: the recommendations adopted, the report's rest taken note of
    votes = extract_votes(_sentences(
        "Wer schließt sich der Empfehlung zu den übrigen Eingaben an? – Gegenstimmen? – Stimmenthaltungen? – Das ist "
        "einstimmig so beschlossen. Im Übrigen hat die Bürgerschaft Kenntnis genommen."
    ))  # fmt: skip
    assert [(v.result, v.unanimous) for v in votes] == [("angenommen", True), ("zur Kenntnis genommen", False)]


def test_counts_per_side_left_without_a_result_do_not_pass_to_the_next_call():
    # Bezirksvertretung Leverkusen II: the counts of a procedural motion stand alone; the next call's tie rejects
    votes = extract_votes(_spoken(
        ("N", "Über diesen Geschäftsordnungsantrag lässt Herr Bezirksvorsteher Schiefer abstimmen."),
        ("N", "dafür: 7 (3 CDU, 3 SPD, 1 PRO NRW)\ndagegen: 4 (2 OP, 1 DIE LINKE)\nEnth.: 2 (1 CDU, 1 BÜRGERLISTE)"),
        ("N", "Herr Bezirksvorsteher Schiefer lässt über den Bürgerantrag Nr. 2017/1738 abstimmen."),
        ("N", "dafür: 6 (1 CDU, 2 OP, 1 DIE LINKE)\ndagegen: 6 (2 CDU, 3 SPD, 1 PRO NRW)\nEnth.: 1 (CDU)"),
        ("N", "Somit ist der Bürgerantrag bei Stimmengleichheit abgelehnt."),
    ))  # fmt: skip
    # more yes than no and abstentions together: the simple majority under any rule adopts the first
    assert [(v.result, v.yes, v.no, v.abstain) for v in votes] == [("angenommen", 7, 4, 2), ("abgelehnt", 6, 6, 1)]


@pytest.mark.parametrize(
    "text, result",
    [("Der Ausschuss stimmt dem Antrag nicht zu.", "abgelehnt"),
     ("Die Bezirksvertretung stimmt der Vorlage mehrheitlich nicht zu.", "abgelehnt"),
     ("Der Ausschuss stimmt dem Antrag zu.", "angenommen"),
     # a part left out is no rejection of the whole
     ("Der Rat stimmt dem Antrag zu, nicht aber der Ziffer 2.", UNCLEAR)],
)  # fmt: skip
def test_a_body_that_does_not_agree_rejects(text, result):
    assert [v.result for v in extract_votes(_sentences(text))] == [result]


def test_a_call_answered_by_a_tabbed_line_of_counts_is_decided_by_them():
    # Schwelm: the minutes' form has tabs between label and number and no result word
    votes = extract_votes(_spoken(
        ("N", "Sie lässt über diesen Antrag abstimmen:"),
        ("N", "Antrag der FDP - Fraktion\nAbstimmungsergebnis:\neinstimmig:\t\ndafür\t1\ndagegen:\t18\n"
              "Enthaltungen:\t3"),
        ("N", "Weiter gibt sie zur Tagesordnung nachstehende Hinweise:"),
    ))  # fmt: skip
    assert [(v.result, v.yes, v.no, v.abstain) for v in votes] == [("abgelehnt", 1, 18, 3)]


def test_counts_that_report_results_stated_before_them_are_no_new_vote():
    # Lüneburg: two results stated, then the counts of both as lines of their own; no call is pending
    votes = extract_votes(_spoken(
        ("N", "Der Antrag wird mehrheitlich bei 3 Zustimmungen (Ratsherren Kohlstedt, Schultz) abgelehnt."),
        ("N", "Im Laufe der Sitzung wird mehrheitlich bei einer Gegenstimme entschieden, den TOP 10 in die nächste "
              "Sitzung zu verlegen."),
        ("N", "Abstimmungsergebnis: Verschiebung der Tagesordnung: Ja-Stimmen: 3 Nein-Stimmen: 5 Enthaltungen: 2"),
        ("N", "Verschiebung des TOP 10 in die nächste Sitzung: Ja-Stimmen: 8 Nein-Stimmen: 1 Enthaltungen: 0"),
    ))  # fmt: skip
    assert [v.utterance_id for v in votes if v.result == "abgelehnt"] == [0]


def test_a_table_of_counts_per_faction_is_left_to_the_clerk():
    # Laubach: which number is whose, the rules cannot tell; no result is read from it
    votes = extract_votes(_spoken(
        ("N", "Herr Roeschen beantragt, den Dringlichkeitsantrag als letzten Punkt auf die Tagesordnung zu nehmen."),
        ("N", "Wer stimmt dem zu?"),
        ("N", "Abstimmungsergebnis:\n\tSPD\tCDU\tFW\tGrüne\tFDP\tBfL\tSumme\nJa-Stimmen\t8\t7\t10\t4\t1\t1\t31\n"
              "Nein-Stimmen\t\t\t1\t\t\t\t1\nEnthaltungen\t\t\t\t\t\t1\t1"),
    ))  # fmt: skip
    assert all(v.result != "abgelehnt" for v in votes)


# Readings taken from the eighth fresh set of real protocol passages (tests/fixtures/protocols, SOURCES.md).


@pytest.mark.parametrize(
    "text, expected",
    [
        # two candidates, the winner first: the negation is the other candidate's
        ("Ich stelle fest, dass der Abgeordnete Hans Kreher die nach Artikel 32 Absatz 1 der Landesverfassung "
         "erforderliche Mehrheit der abgegebenen Stimmen auf sich vereinigen konnte und der Abgeordnete Tino Müller "
         "nicht die erforderliche Mehrheit erreicht hat.", "angenommen"),
        # Hessen's formula for a candidate not elected
        ("Ich stelle damit fest: Auf den Vorschlag Andreas Lobenstein ist die erforderliche Mehrheit bei der Wahl zum "
         "Vizepräsidenten des Hessischen Landtages nicht entfallen.", "abgelehnt"),
        ("3. KTA Manfred Heinrichs wird einstimmig bei 1 Enthaltung zum 2. stellvertretenden Landrat gewählt.",
         "angenommen"),
        ("Herr Nieraad stellte fest, Herr Pauluschke sei damit zum stellv. Landrat gewählt.", "angenommen"),
        ("Die Wahl von Frau Kaiser-Fuchs sei damit, so Herr Pauluschke, erfolgt.", "angenommen"),
        ("Die Petition ist für erledigt erklärt worden.", "angenommen"),
        ("Das ist bei nicht vollständiger Beteiligung einstimmig angenommen worden.", "angenommen"),
        ("Da sich kein Widerspruch erhoben hat, sind diese Paragraphen angenommen.", "angenommen"),
        # a negation in a further main clause is about something else
        ("Damit ist das einstimmig beschlossen, und wir brauchen hier keine weitere Wahl durchzuführen.", "angenommen"),
        ("Bei keiner Stimmenthaltung und Stimmen dagegen ist die Nr. 3 mehrheitlich beschlossen worden.", "angenommen"),
    ],
)  # fmt: skip
def test_results_as_the_eighth_sets_chairs_state_them(text, expected):
    assert [v.result for v in extract_votes(_sentences(text))] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Wird die Mehrheit im ersten Wahlgang nicht erreicht, so tritt Stichwahl unter den beiden Bewerbern ein.",
        "Die Wahl erfolgt durch Handaufheben.",
        "Anschließend wird der Vorsitzende gewählt werden.",
    ],
)
def test_rules_and_announcements_of_an_election_decide_nothing(text):
    assert extract_votes(_sentences(text)) == []


def test_counts_given_as_a_ratio_of_votes():
    [vote] = extract_votes(_sentences(
        "3. KTA Monika Schumann-Schilling wird bei 28 : 21 Stimmen zur 1. stellvertretenden Landrätin gewählt."
    ))  # fmt: skip
    assert (vote.result, vote.yes, vote.no) == ("angenommen", 28, 21)


def test_the_groups_against_a_rejection_were_for_the_motion():
    [vote] = extract_votes(_sentences("Dann ist er gegen die Stimmen der CDU-Fraktion abgelehnt."))
    assert (vote.result, vote.yes_groups, vote.no_groups) == ("abgelehnt", ["CDU-Fraktion"], [])
    # "bei Gegenstimmen" are votes against the motion, also in a rejection
    [vote] = extract_votes(_sentences(
        "Damit ist der Änderungsantrag bei Jastimmen der Fraktion der NPD und bei Gegenstimmen der Fraktion der SPD "
        "abgelehnt."
    ))  # fmt: skip
    assert vote.result == "abgelehnt" and vote.no_groups == ["SPD"]


@pytest.mark.parametrize(
    "steps",
    [
        ("Zu Punkt 16 A: Wird der Dringlichkeit widersprochen? – Das ist nicht der Fall.",),
        ("Die Fraktionen haben sich einvernehmlich darauf verständigt, die zweite Lesung in der heutigen "
         "Plenarsitzung unmittelbar im Anschluss an die erste Lesung durchzuführen. – Ich sehe, hiergegen gibt es "
         "keinen Widerspruch.",),
        ("Bürgermeister Bork teilt mit, dass die CDU-Fraktion beantragt habe, die Tagesordnung um einen Punkt zu "
         "erweitern.", "Widerspruch gegen die Erweiterung erhebt sich nicht."),
    ],
)  # fmt: skip
def test_a_matter_nobody_objects_to_is_agreed(steps):
    assert [v.result for v in extract_votes(_spoken(*(("P", s) for s in steps)))] == ["angenommen"]


@pytest.mark.parametrize(
    "text",
    [
        # how to vote, how long to sit, how to report: no decision of the minutes
        "Dann kommen wir zur Wahl. Erhebt sich gegen die Wahl durch Handaufheben Widerspruch? – Das ist nicht der "
        "Fall.",
        "Hatten alle die Möglichkeit, ihre Stimmzettel abzugeben? Ich sehe keinen Widerspruch. Damit schließe ich die "
        "Abstimmung.",
        "Sie haben sich verständigt, dass wir die Tagesordnung auch über 19 Uhr hinaus abarbeiten. – Ich höre dazu "
        "keinen Widerspruch; dann verfahren wir auch so.",
    ],
)
def test_no_objection_to_how_to_proceed_decides_nothing(text):
    assert extract_votes(_sentences(text)) == []


def test_no_objection_to_a_result_just_stated_is_no_second_decision():
    votes = extract_votes(_sentences(
        "Das gleiche Stimmergebnis wie eben, und der Antrag ist abgelehnt. Erhebt sich rechts oder links Widerspruch? "
        "– Nein."
    ))  # fmt: skip
    assert [v.result for v in votes] == ["abgelehnt"]
    # a note that nobody objects, then the chair's result: one decision
    votes = extract_votes(_sentences(
        "Wir haben vereinbart, dass dieser Antrag an den Ältestenrat überwiesen wird. – Dagegen gibt es keinen "
        "Widerspruch. Dann ist das so beschlossen."
    ))  # fmt: skip
    assert [v.result for v in votes] == ["angenommen"]


# Readings taken from the ninth fresh set of real protocol passages (tests/fixtures/protocols, SOURCES.md).


def test_an_election_result_under_labelled_counts_for_and_against_the_proposal():
    # Rat Nordkirchen: the ordinals "als 1. und … als 2." end no sentence, and the labels name the side
    votes = extract_votes(_sentences(
        "Herr Bergmann gibt das Wahlergebnis bekannt.",
        "Für den Wahlvorschlag: 21 Stimmen\nGegen den Wahlvorschlag: 6 Stimmen\nEnthaltungen: 1 Stimme\n"
        "Ungültige Stimmen: keine",
        "Danach sind Herr Theodor Cortner als 1. und Frau Petra Schröer als 2. Stellvertretende/r Bürgermeister/in "
        "gewählt.",
    ))  # fmt: skip
    assert [(v.utterance_id, v.motion, v.result, v.yes, v.no, v.abstain) for v in votes] == [
        (2, "Wahl", "angenommen", 21, 6, 1)
    ]


def test_lines_of_counts_that_name_what_they_decide_are_each_that_decision():
    # Stadtverordnetenversammlung Beeskow: two motions to strike items, each under its own line of counts
    votes = extract_votes(_sentences(
        "Herr Wernicke beantragte die TOP 5 und 13 von der Tagesordnung zu streichen, da keine Dringlichkeit zur "
        "Behandlung besteht. Der Bürgermeister lies dazu abstimmen:",
        "Abstimmung zu TOP 5: Ja: 2 Nein: 5",
        "Abstimmung zu TOP 13: Ja: 1 Nein: 5 Enthaltungen: 1",
        "Die Tagesordnung wurde einstimmig beschlossen.",
        "Abstimmung zu TOP 14: Ja: 9 Nein: 5",  # more yes than no and abstentions: a majority under any rule
        "Abstimmung zu TOP 15: Ja: 9 Nein: 5 Enthaltungen: 4",  # not if abstentions count against
    ))  # fmt: skip
    assert [(v.utterance_id, v.result, v.yes, v.no, v.abstain) for v in votes] == [
        (1, "abgelehnt", 2, 5, None),
        (2, "abgelehnt", 1, 5, 1),
        (3, "angenommen", None, None, None),
        (4, "angenommen", 9, 5, None),
        (5, "unklar", 9, 5, 4),
    ]


def test_lines_of_counts_at_the_end_of_an_item_are_its_outcome():
    # Ausschuss Leverkusen: the recommendation "as the motion", then only the counts per side
    votes = extract_votes(_sentences(
        "Beschlussempfehlung an den Rat:",
        "Wie Antrag",
        "dafür: 1 (pro NRW)\ndagegen: 19 (7 CDU, 5 SPD, 2 BÜNDNIS 90/DIE GRÜNEN, 2 BÜRGERLISTE, 1 FDP, 1 Freie "
        "Wähler, 1 OP)",
    ))  # fmt: skip
    assert [(v.utterance_id, v.result, v.yes, v.no) for v in votes] == [(2, "abgelehnt", 1, 19)]


@pytest.mark.parametrize(
    "text",
    [
        "Die Bezirksvertretung folgt einstimmig diesem Vorschlag.",  # Bezirksvertretung Leverkusen
        # Niedersächsischer Landtag
        "Wer das beschließen möchte, den bitte ich um das Handzeichen. - Gibt es Gegenstimmen? - Enthaltungen? - "
        "Dann haben Sie so entschieden; es wird so umgesetzt.",
    ],
)
def test_a_body_following_a_proposal_and_a_house_that_so_decided(text):
    assert [v.result for v in extract_votes(_sentences(text))] == ["angenommen"]


# Readings taken from the tenth fresh set of real protocol passages (tests/fixtures/protocols, SOURCES.md).


def test_a_referral_turned_down_and_what_follows_from_it():
    # Landtag Sachsen-Anhalt: a call by "Kartenzeichen"; "abgewiesen" rejects; "Das heißt, …" names the referrals
    # adopted before, not a new one
    votes = extract_votes(_sentences(
        "Wer damit einverstanden ist, dass dieser Gesetzentwurf in den Innenausschuss überwiesen wird, den bitte ich "
        "um das Kartenzeichen. - Das ist die Fraktion DIE LINKE. Wer ist dagegen? - Das sind die Koalitionsfraktionen. "
        "Damit ist dieser Antrag abgewiesen worden. Das heißt, die Überweisung erfolgt in den Ausschuss für "
        "Landesentwicklung und Verkehr und in den Sozialausschuss."
    ))  # fmt: skip
    assert [(v.result, v.yes_groups, v.no_groups) for v in votes] == [
        ("abgelehnt", ["LINKE"], ["Koalitionsfraktionen"])
    ]


def test_a_majority_of_the_members_reached_elects_and_each_persons_counts_are_their_own():
    # Thüringer Landtag: one ballot, a result per person; the counts in a person's sentence are that person's
    votes = extract_votes(_sentences(
        "Für die Abgeordnete Margit Jung sind 54 Jastimmen, 20 Neinstimmen, 9 Enthaltungen, 3 ungültige Stimmen "
        "abgegeben worden. Die Mehrheit der Mitglieder des Landtags ist damit erreicht.",
        "Für die Abgeordnete Evelin Groß wurden 76 Jastimmen abgegeben, 7 Neinstimmen, 3 Enthaltungen, damit ist "
        "auch Evelin Groß gewählt.",
        "Die Mehrheit ist damit nicht erreicht.",
    ))  # fmt: skip
    assert [(v.result, v.yes, v.no, v.abstain) for v in votes] == [
        ("angenommen", 54, 20, 9),
        ("angenommen", 76, 7, 3),
        ("abgelehnt", None, None, None),
    ]


def test_minutes_approved_as_the_chair_states_it():
    # Kreistag Anhalt-Bitterfeld: after a motion not to vote on the minutes was defeated
    votes = extract_votes(_sentences(
        "Der Vorschlag, nicht über die Niederschrift vom 06.12.2018 abzustimmen, wurde mit 1 Ja-Stimme und 39 "
        "Gegenstimmen abgelehnt.",
        "Somit ist die Niederschrift vom 06.12.2018 genehmigt.",
        "Damit ist sichergestellt, dass der Zuschuss vom Land genehmigt wird.",  # an approval to come, not a decision
    ))  # fmt: skip
    assert [(v.result, v.yes, v.no) for v in votes] == [("abgelehnt", 1, 39), ("angenommen", None, None)]


def test_a_result_head_with_the_voters_of_each_side_in_brackets():
    # Rat Leverkusen: "OB" is the mayor, not "ob" (whether); each side's voters stand in brackets after its count
    votes = extract_votes(_sentences(
        "Beschluss: mehrheitlich abgelehnt\n\ndafür: 10 (BÜRGERLISTE, OP)\n\ndagegen: 53 (OB, CDU, SPD, BÜNDNIS "
        "90/DIE GRÜNEN)\n\nEnth.: 2 (1 CDU, 1 FDP)"
    ))  # fmt: skip
    assert [(v.result, v.yes, v.no, v.abstain, v.yes_groups, v.no_groups, v.abstain_groups) for v in votes] == [
        ("abgelehnt", 10, 53, 2, ["BÜRGERLISTE", "OP"], ["OB", "CDU", "SPD", "BÜNDNIS 90/DIE GRÜNEN"],
         ["CDU (1)", "FDP (1)"])
    ]  # fmt: skip


def test_persons_elected_together_are_one_decision_each_with_their_own_counts():
    # Landtag Brandenburg and Bremische Bürgerschaft (tests/fixtures/protocols)
    votes = extract_votes(_sentences(
        "Für Herrn Abgeordneten Ralf Holzschuher stimmten 66 Abgeordnete.",
        "Für Herrn Dr. Volkmar Schöneburg stimmten 62 Abgeordnete.",
        "Für Herrn Abgeordneten Markus Nonninger stimmten 8 Abgeordnete.",
        "Damit wurden Herr Abgeordneter Ralf Holzschuher als Vorsitzender sowie Herr Dr. Volkmar Schöneburg als "
        "Mitglied der G10-Kommission gewählt.",
        "Ich gebe Ihnen jetzt das Wahlergebnis der Wahl zweier Vizepräsidenten bekannt.",
        "Auf die Abgeordnete Sülmez Dogan entfielen eine ungültige Stimme, fünf Enthaltungen, zwölf Neinstimmen und "
        "54 Jastimmen.",
        "Auf den Abgeordneten Frank Imhoff entfielen eine ungültige Stimme, vier Enthaltungen, acht Neinstimmen und 70 "
        "Jastimmen.",
        "Ich stelle fest, dass die Abgeordnete Sülmez Dogan und der Abgeordnete Frank Imhoff die Mehrheit erreicht "
        "haben.",
        # a list elected by one count stays one decision
        "Für den Wahlvorschlag: 21 Stimmen\nGegen den Wahlvorschlag: 6 Stimmen",
        "Danach sind Herr Theodor Cortner und Frau Petra Schröer gewählt.",
    ))  # fmt: skip
    assert [(v.utterance_id, v.motion, v.result, v.yes, v.no, v.abstain) for v in votes] == [
        (3, "Wahl", "angenommen", 66, None, None),
        (3, "Wahl", "angenommen", 62, None, None),
        (7, "Wahl", "angenommen", 54, 12, 5),
        (7, "Wahl", "angenommen", 70, 8, 4),
        (9, "Wahl", "angenommen", 21, 6, None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Die Mehrheit der Mitglieder ist anwesend, das Quorum ist erreicht.",
        "Diesen Vorwurf haben wir entschieden zurückgewiesen.",
        "Die Klage wurde vom Verwaltungsgericht abgewiesen.",
    ],
)
def test_words_of_the_new_readings_that_decide_nothing(text):
    assert extract_votes(_sentences(text)) == []


def test_objections_turned_down_by_a_resolution_are_its_adoption():
    votes = extract_votes(_sentences("Der Stadtrat beschließt: Die Einwendungen werden zurückgewiesen."))
    assert [v.result for v in votes] == ["angenommen"]


def test_a_result_stated_right_after_counts_replaces_what_the_counts_gave():
    votes = extract_votes(_sentences(
        "Abstimmung zu TOP 14: Ja: 9 Nein: 5",
        "Der Antrag ist damit abgelehnt, da die Zweidrittelmehrheit nicht erreicht wurde.",
    ))  # fmt: skip
    assert [(v.utterance_id, v.result, v.yes, v.no) for v in votes] == [(1, "abgelehnt", 9, 5)]


def test_the_mayor_among_the_voters_and_an_explanation_abbreviated():
    votes = extract_votes(_sentences(
        "Der Antrag wurde mit den Stimmen von OB und CDU angenommen.",
        "Wer ist dafür? – SPD. Wer ist nicht einverstanden? – CDU. Damit ist dieser Antrag abgewiesen worden. "
        "D. h. die Überweisung erfolgt in den Sozialausschuss.",
    ))  # fmt: skip
    assert [(v.result, v.yes_groups, v.no_groups) for v in votes] == [
        ("angenommen", ["OB", "CDU"], []),
        ("abgelehnt", ["SPD"], ["CDU"]),
    ]


def test_a_person_named_beside_the_one_elected_is_not_elected():
    votes = extract_votes(_sentences(
        "Ich gebe das Ergebnis der Wahl bekannt.",
        "Für Herrn Abgeordneten Peter Müller stimmten 40 Abgeordnete.",
        "Für Frau Abgeordnete Anna Schmidt stimmten 25 Abgeordnete.",
        "Damit ist Herr Müller mit deutlich mehr Stimmen als Frau Schmidt gewählt.",
    ))  # fmt: skip
    assert [(v.motion, v.result) for v in votes] == [("Wahl", "angenommen")]


# Readings taken from the eleventh fresh set of real protocol passages (tests/fixtures/protocols, SOURCES.md).


@pytest.mark.parametrize(
    "texts, expected",
    [
        # Bremische Bürgerschaft: what an earlier sitting decided
        (["Die Bürgerschaft (Landtag) hat den Gesetzentwurf des Senats in ihrer 76. Sitzung am 21. Februar 2007 in "
          "erster Lesung beschlossen."], []),
        # Rat Emmerich: a proposal headed without its colon proposes
        (["Beschlussvorschlag Der Rat beschließt, den Antrag aufgrund der Ausführungen der Verwaltung "
          "abzulehnen."], []),
        # Landtag Niedersachsen: members who cast their ballots
        (["Es scheint so zu sein, dass alle aufgerufen wurden und, so sie wollten, auch gewählt haben."], []),
        # Kreistag Calw: the body elects, as minutes word it
        (["Der Kreistag wählt Herrn Hans-Werner Köblitz zum Landrat des Landkreises Calw."],
         [("angenommen", None, None, None)]),
        # Stadtverordnetenversammlung Karben
        (["Abst.-Erg.: jeweils einstimmig dafür."], [("angenommen", None, None, None)]),
        # Landtag des Saarlandes: "1-Enthaltung"
        (["Wahlergebnis zur Wahl des Direktors des Rechnungshofes: gewählt wurde Herr Timo Lejeune 41 Stimmen – 39 "
          "Ja-Stimmen, 1 Nein-Stimme, 1-Enthaltung"], [("angenommen", 39, 1, 1)]),
        # Rat Emmerich: a fifth of the members carries a secret ballot, so counts against it reject nothing
        (["Wer dem Antrag auf geheime Abstimmung zustimmt, den bitte ich um das Handzeichen.",
          "Ich gebe das Ergebnis bekannt: Stimmen dafür 9  Stimmen dagegen 23  Enthaltungen 0"], [(UNCLEAR, 9, 23, 0)]),
    ],
)  # fmt: skip
def test_readings_of_the_eleventh_set(texts, expected):
    assert [(v.result, v.yes, v.no, v.abstain) for v in extract_votes(_sentences(*texts))] == expected


@pytest.mark.parametrize(
    "texts, expected",
    [
        # Marktgemeinderat Rimpar, Stadtrat Marktheidenfeld, Landtag Brandenburg (tests/fixtures/protocols)
        (["Wahl der 2. Bürgermeisterin.", "Von den 21 gültigen Stimmen entfallen 16 auf Frau Weippert, 5 auf Frau "
          "May-Page."], [("Wahl", "angenommen", 16)]),
        (["Wahl des 2. Bürgermeisters.", "Von den 25 gültigen Stimmen entfallen 15 Stimmen auf Stadtrat Christian "
          "Menig und 10 Stimmen auf Stadtrat Hoh."], [("Wahl", "angenommen", 15)]),
        # the valid votes not stated (no, blank or invalid ballots may count): the clerk reads the minutes
        (["In der geheimen Wahl entfallen 15 Stimmen auf Stadtrat Christian Menig und 10 Stimmen auf Stadtrat Hoh."],
         []),
        (["Wahl des Vorsitzenden.", "Von den 40 gültigen Stimmen entfallen 22 auf Herrn Becker, 13 auf Frau Yilmaz, "
          "5 Stimmen waren Nein."], []),
        (["Ich gebe das Ergebnis der Wahl bekannt. An der Abstimmung waren 72 Abgeordnete beteiligt. Für Herrn Dr. "
          "Volkmar Schöneburg stimmten 28 Abgeordnete und für Frau Barbara Richstein stimmten 44 Abgeordnete."],
         [("Wahl", "angenommen", 44)]),
        # no candidate has more than half of the valid votes: a run-off follows
        (["In der geheimen Wahl entfallen 12 Stimmen auf Stadtrat Menig und 12 Stimmen auf Stadtrat Hoh."], []),
        (["Wahl des Vorsitzenden.", "Von den 30 gültigen Stimmen entfallen 14 auf Herrn Becker, 10 auf Frau Yilmaz."],
         []),
        # a majority of the members is needed, and the text does not say whether it was reached
        (["Gewählt ist, wer die Mehrheit der Mitglieder des Landtags erhält. Für Herrn Becker stimmten 40 Abgeordnete "
          "und für Frau Yilmaz stimmten 30 Abgeordnete."], []),
    ],
)  # fmt: skip
def test_an_election_decided_by_its_counts_alone(texts, expected):
    assert [(v.motion, v.result, v.yes) for v in extract_votes(_sentences(*texts))] == expected


# Readings taken from the twelfth fresh set of real protocol passages (tests/fixtures/protocols, SOURCES.md).


@pytest.mark.parametrize(
    "texts, expected",
    [
        # Landtag Brandenburg's decision protocols, in the past tense
        (["Der Landtag lehnte den Entschließungsantrag ab.", "Der Landtag nahm den Antrag an."],
         [("abgelehnt", None, None), ("angenommen", None, None)]),
        # Gemeinderat Nottuln, Ausschuss Wermelskirchen: a negation in a reason or a condition is not the result's
        (["Der TOP A 11 wird vertagt, da noch nicht alle notwendigen Informationen vorliegen."],
         [("angenommen", None, None)]),
        (["Der Ausschuss beschließt mit 11 Ja-Stimmen bei 6 Gegenstimmen die Aufstellung eines Bebauungsplanes mit der "
          "Maßgabe, dass für die Stadt keine Kosten entstehen."], [("angenommen", 11, 6)]),
        # Abgeordnetenhaus Berlin: the number a constitutional amendment needs
        (["Wir geben bekannt: Ja-Stimmen 93, Nein-Stimmen 20, Enthaltung 1. Damit ist die Zahl 94 nicht erreicht."],
         [("abgelehnt", 93, 20)]),
        # Deutscher Bundestag
        (["Interfraktionell wird Überweisung der Vorlage an die in der Tagesordnung aufgeführten Ausschüsse "
          "vorgeschlagen. Gibt es weitere Überweisungsvorschläge? – Das sehe ich nicht. Dann werden wir so verfahren."],
         [("angenommen", None, None)]),
    ],
)  # fmt: skip
def test_readings_of_the_twelfth_set(texts, expected):
    assert [(v.result, v.yes, v.no) for v in extract_votes(_sentences(*texts))] == expected


@pytest.mark.parametrize(
    "texts, expected",
    [
        # counts after their numbers, labels after
        (["Abstimmung zu TOP 5: 9 Stimmen dafür 12 Stimmen dagegen 3 Enthaltungen"], [("abgelehnt", 9, 12)]),
        # a result stated as subordinate to a negated clause is not stated; reasons after a result are not the result
        (["Wer stimmt zu?", "Ich kann nicht feststellen, dass der Antrag eine Mehrheit gefunden hat."],
         [(UNCLEAR, None, None)]),
        (["Wer stimmt zu?", "Der Antrag ist angenommen, da keine Mehrheit dagegen zustande kam."],
         [("angenommen", None, None)]),
        # the body acting, and what is not its decision on a motion
        (["Der Landtag nahm den Bericht des Petitionsausschusses an den Landtag zur Kenntnis."], []),
        (["Der Ausschuss lehnte es ab, über den Antrag abzustimmen."], []),
        (["Der Rat lehnte die Vertagung ab und stimmte dem Antrag zu."], []),  # two decisions in one: for the clerk
        # a vote held by name is no motion for it
        (["Wir kommen zur namentlichen Abstimmung über den Gesetzentwurf.", "Abstimmung zu TOP 5: Ja: 20 Nein: 50"],
         [("abgelehnt", 20, 50)]),
        (["Beschlussvorschlag der Verwaltung mehrheitlich abgelehnt."], [("abgelehnt", None, None)]),
    ],
)  # fmt: skip
def test_readings_a_second_review_asked_for(texts, expected):
    assert [(v.result, v.yes, v.no) for v in extract_votes(_sentences(*texts))] == expected


def test_a_result_repeated_against_an_interjection_stays_where_it_was_first_stated():
    votes = extract_votes(_spoken(
        ("P", "Gegenstimmen? - Das sind die Koalitionsfraktionen. Somit ist dieser Alternativantrag mit Mehrheit "
              "abgelehnt worden."),
        ("Z", "(Tobias Rausch, AfD: Auszählen!)"),
        ("P", "Er wurde mit Mehrheit abgelehnt."),
    ))  # fmt: skip
    assert [(v.result, v.utterance_id) for v in votes] == [("abgelehnt", 0)]
    # a correction holds where it was last stated
    votes = extract_votes(_spoken(
        ("P", "Damit ist auch dieser Änderungsantrag abgelehnt."),
        ("Z", "(Ulrike Gote (GRÜNE): Nein, der Antrag ist angenommen.)"),
        ("P", "Nein, nicht der Änderungsantrag; der Antrag ist abgelehnt."),
        ("Z", "(Alexander König (CSU): Ja, natürlich, richtig!)"),
        ("P", "Der Antrag ist abgelehnt. So beschlossen."),
    ))  # fmt: skip
    assert [(v.result, v.utterance_id) for v in votes] == [("abgelehnt", 4)]


def test_groups_for_and_nobody_against_adopt_without_a_result_word():
    # Sachsen-Anhalt: the counter-check in the chair's words, no result stated, the next vote called in a new utterance
    votes = extract_votes(_spoken(
        ("P", "Jeden, der dem seine Zustimmung geben möchte, den bitte ich jetzt um sein Kartenzeichen. - Das sind die "
              "Koalitionsfraktionen und die Fraktion DIE LINKE. Wer dagegen ist, den bitte ich jetzt um sein "
              "Kartenzeichen. - Niemand. - Es gibt Stimmenthaltungen bei der AfD."),
        ("P", "Ich komme zur Abstimmung über die Gesetzesüberschrift. Wer dem zustimmt, den bitte ich jetzt um sein "
              "Kartenzeichen. - Das sind die Koalitionsfraktionen. Wer ist dagegen. - Niemand. Wer enthält sich der "
              "Stimme? - Das ist die AfD-Fraktion."),
        ("P", "Wer ist für den Gesetzentwurf in seiner Gesamtheit? - Das sind die Koalitionsfraktionen. Wer ist "
              "dagegen? - Die AfD-Fraktion ist dagegen. Das Gesetz ist damit beschlossen worden."),
    ))  # fmt: skip
    assert [(v.result, v.utterance_id, v.no) for v in votes] == [
        ("angenommen", 0, 0), ("angenommen", 1, 0), ("angenommen", 2, None)
    ]  # fmt: skip
    assert votes[0].yes_groups == ["Koalitionsfraktionen", "LINKE"]
    # where a qualified majority is named, groups for and nobody against do not settle it
    votes = extract_votes(_spoken(
        ("P", "Für die Änderung der Verfassung ist eine Zweidrittelmehrheit erforderlich. Wer stimmt zu? - Das sind "
              "die Koalitionsfraktionen. Wer ist dagegen? - Niemand."),
        ("P", "Wir kommen zum nächsten Antrag. Wer stimmt zu?"),
    ))  # fmt: skip
    assert [v.result for v in votes if v.utterance_id == 0] == []


def test_a_result_left_to_the_seats_is_unclear_also_when_the_next_vote_follows_in_a_new_utterance():
    votes = extract_votes(_spoken(
        ("P", "Ich lasse abstimmen zu Punkt 1 des Antrages. Wer dem zustimmt, den bitte ich um sein Kartenzeichen. - "
              "Das ist die Fraktion der AfD. Wer ist dagegen? - Das sind die Koalitionsfraktionen."),
        ("P", "Wir gehen weiter zu Punkt 2. Wer ist dafür? - Fraktion der AfD. Wer ist dagegen? - Die "
              "Koalitionsfraktionen. Damit ist Punkt 2 abgelehnt."),
    ))  # fmt: skip
    assert [(v.result, v.utterance_id) for v in votes] == [(UNCLEAR, 0), ("abgelehnt", 1)]


def test_minutes_that_list_only_the_sides_someone_voted_on():
    # Leverkusen: no "dagegen" line where nobody voted against, no "dafür" line where nobody voted for
    votes = extract_votes(_spoken(
        ("N", "Beschlussempfehlung an den Rat:\nWie Vorlage"),
        ("N", "dafür: 15 (5 CDU, 4 SPD, 2 BÜNDNIS 90/DIE GRÜNEN, 1 BÜRGERLISTE, 1 OP, 1 DIE LINKE, 1 PIRATEN)\n"
              "Enth.: 2 (1 FDLev, 1 PRO NRW)"),
    ))  # fmt: skip
    assert _placed(votes) == [("angenommen", 15, None, 2, False, 1)]
    votes = extract_votes(_spoken(
        ("N", "Beschluss: mehrheitlich abgelehnt"),
        ("N", "Beschlussempfehlung an den Rat:\nWie Antrag"),
        ("N", "dagegen: 20 (6 CDU, 5 SPD, 2 BÜNDNIS 90/DIE GRÜNEN, 2 BÜRGERLISTE,\n2 FDP, 1 Freie Wähler, 1 pro NRW, "
              "1 OP)\nEnth.: 1 (DIE LINKE)"),
    ))  # fmt: skip
    assert [(v.result, v.yes, v.no, v.abstain) for v in votes] == [("abgelehnt", None, 20, 1)]
    # more abstentions than yes and nobody against: not settled by the counts
    votes = extract_votes(_spoken(
        ("N", "Beschlussempfehlung an den Rat:\nWie Vorlage"),
        ("N", "dafür: 3 (3 CDU)\nEnth.: 12 (SPD, GRÜNE)"),
    ))  # fmt: skip
    assert [v.result for v in votes] in ([], [UNCLEAR])


@pytest.mark.parametrize(
    "turns, expected",
    [
        # an empty form field "einstimmig:" before other fields: no unanimity, and no "Ja" read as its tick
        ([("N", "Abstimmungsergebnis: einstimmig: Ja: 5 Nein: 12 Enthaltungen: 1")], []),
        ([("N", "einstimmig: Zustimmung: 5 Ablehnung: 12 Enthaltung: 1")], []),
        ([("N", "einstimmig: Ja-Stimmen: 5 Nein-Stimmen: 12")], [(0, "abgelehnt", 5, 12, None, False)]),
        ([("N", "Abstimmungsergebnis: einstimmig: - mehrheitlich: X dafür: 20 dagegen: 3")], []),
        # members for a motion to reject, or in a straw poll: no adoption
        ([("N", "Einstimmig sprechen sich die Ausschussmitglieder dafür aus, den Antrag abzulehnen.")], []),
        ([("N", "Mehrheitlich sprechen sich die Ausschussmitglieder in einem Meinungsbild dafür aus, die Straße zu "
                "sperren.")], []),
        # a vote repeated: the first answers settle nothing
        ([("P", "Wer dem Antrag zustimmt, den bitte ich um das Handzeichen. - Das sind SPD und Grüne. Wer ist "
                "dagegen? - Niemand."),
          ("Z", "(Zurufe von der CDU: Wir waren noch nicht im Saal!)"),
          ("P", "Dann wiederholen wir die Abstimmung. Wer dem Antrag zustimmt, den bitte ich um das Handzeichen. - Das "
                "sind SPD und Grüne. Gegenstimmen? - Die CDU. Damit ist der Antrag mit Mehrheit abgelehnt.")],
         [(2, "abgelehnt", None, None, None, False)]),
        # a member's speech that asks and answers its own question answers no call
        ([("P", "Wer stimmt zu? - Das sind SPD und Grüne. Wer ist dagegen?"),
          ("ABG", "Ich sage Ihnen eines, meine Damen und Herren, und das ist wichtig für uns alle hier im Saal. Wer "
                  "ist dagegen? Niemand. So einfach ist das nicht, wie Sie alle wissen."),
          ("P", "Wir kommen zu Punkt 2. Wer stimmt zu?")], []),
        # an answer corrected
        ([("P", "Wer stimmt zu? - Das sind die Koalitionsfraktionen. Wer ist dagegen? - Niemand. - Entschuldigung, die "
                "AfD ist dagegen."),
          ("P", "Wir kommen zu Punkt 2. Wer stimmt zu?")], []),
        # minutes' sides under other labels, or cut short before the abstentions: nobody against is not read
        ([("N", "dafür: 15 (CDU, SPD)\ngegen: 20 (Rest)\nEnth.: 2")], []),
        ([("N", "Ja: 15\nablehnend: 20\nEnthaltung: 2")], []),
        ([("N", "Wie Vorlage"), ("N", "dafür: 3 (3 CDU)")], []),
        # counted on demand: the counted statement holds; a correction by apology replaces the first result
        ([("P", "Der Antrag ist mit Mehrheit angenommen."), ("Z", "(Auszählen!)"),
          ("P", "Gut, dann zählen wir. Der Antrag ist mit 30 zu 20 Stimmen angenommen.")],
         [(2, "angenommen", 30, 20, None, False)]),
        ([("P", "Damit ist der Antrag abgelehnt."), ("Z", "(Zuruf: Nein, angenommen!)"),
          ("P", "Entschuldigung, der Antrag ist angenommen.")], [(2, "angenommen", None, None, None, False)]),
        # a member quoting a call, and the chair's thanks, are no call and no answer
        ([("ABG", "Sie haben gesagt: Wer etwas für die Menschen tun will, muss unserem Antrag zustimmen."),
          ("P", "Vielen Dank, Herr Kollege. Sind Sie mit der Überweisung einverstanden? – Das ist offensichtlich der "
                "Fall. Dann ist die Überweisung so beschlossen.")], [(1, "angenommen", None, None, None, False)]),
    ],
)  # fmt: skip
def test_readings_a_third_review_asked_for(turns, expected):
    votes = extract_votes(_spoken(*turns))
    assert [(v.utterance_id, v.result, v.yes, v.no, v.abstain, v.unanimous) for v in votes] == expected
    assert all(not v.yes_groups or "Herr Kollege" not in v.yes_groups for v in votes)


def test_groups_for_and_nobody_against_settle_nothing_where_the_item_named_a_qualified_majority_before():
    votes = extract_votes(_spoken(
        ("P", "Wir stimmen über die Änderung der Landesverfassung ab. Zunächst der Änderungsantrag der AfD. Wer stimmt "
              "zu? - Die AfD. Wer ist dagegen? - Alle anderen Fraktionen. Damit ist der Änderungsantrag abgelehnt."),
        ("P", "Nun zum Gesetzentwurf. Wer stimmt zu? - Die Koalitionsfraktionen. Wer ist dagegen? - Niemand. "
              "Enthaltungen? - Die LINKE."),
        ("P", "Ich rufe den nächsten Punkt auf. Wer stimmt zu?"),
    ))  # fmt: skip
    assert [(v.result, v.utterance_id) for v in votes] == [("abgelehnt", 0), (UNCLEAR, 1)]


def test_results_lists_that_give_each_sides_groups_in_brackets():
    # Landtag des Saarlandes, "Abstimmungsergebnisse" lists
    [vote] = extract_votes(_spoken(
        ("N", "in Erster Lesung einstimmig angenommen und zur weiteren Beratung an den Ausschuss für Inneres und Sport "
              "überwiesen\n[CDU, SPD, DIE LINKE. und fraktionslose Abg’e.: dafür; AfD: Enthaltung]"),
    ))  # fmt: skip
    assert (vote.yes_groups, vote.no_groups, vote.abstain_groups) == (["CDU", "SPD", "LINKE", "fraktionslos"], [],
                                                                      ["AfD"])  # fmt: skip
    [vote] = extract_votes(_spoken(("N", "mit Stimmenmehrheit abgelehnt\n[CDU und SPD: dagegen; AfD: dafür]")))
    assert (vote.result, vote.yes_groups, vote.no_groups) == ("abgelehnt", ["AfD"], ["CDU", "SPD"])


def test_a_table_of_counts_per_group_with_a_total_column():
    # Stadtverordnetenversammlung Laubach (Hessen): the table's rows joined into one line
    votes = extract_votes(_spoken(
        ("N", "Beschluss: abgelehnt"),
        ("N", "Die Herren Stadtverordneten A und B beteiligen sich an der Aussprache."),
        ("N", "Partei: FW | CDU | SPD | Grüne | BfL | FBLL | FDP | Gesamt\nJa-Stimmen: – | – | 5 | – | – | – | – | 5\n"
              "Nein-Stimmen: 7 | 6 | – | 3 | – | 1 | 2 | 19\nEnthaltung: – | – | 1 | 1 | – | – | – | 2\n26"),
        ("N", "Die Stadtverordnetenversammlung lehnt die Beschlussvorlage ab."),
    ))  # fmt: skip
    assert [(v.utterance_id, v.result, v.yes, v.no, v.abstain) for v in votes] == [(3, "abgelehnt", 5, 19, 2)]
    assert votes[0].yes_groups == ["SPD (5)"] and votes[0].abstain_groups == ["SPD (1)", "Grüne (1)"]
    # a row that lost its cells gives no count at all, not its first cell
    digits = numbers_as_digits("SPD | CDU | FWG | Summe Ja-Stimmen: 1 8 5 14 Nein-Stimmen: 5 | – | 2 | 7")
    assert (count(digits, "yes"), count(digits, "no")) == (None, 7)


def test_a_postponement_is_no_decision_on_the_matter():
    for turns in (
        [("N", "Beschluss: zurückgestellt")],
        [("N", "Der Antrag wird vertagt.")],
        # "Der Antrag" after a motion to postpone is that motion
        [("N", "Herr Stadtverordneter N. stellt gemäß Geschäftsordnung den Antrag auf Vertagung."),
         ("N", "Der Antrag ist angenommen.")],
    ):  # fmt: skip
        votes = extract_votes(_spoken(*turns))
        assert [v.motion for v in votes] in (["Vertagung"], ["Antrag auf Vertagung"])
        assert item_result(votes) == "vertagt"


@pytest.mark.parametrize(
    "text, zeros",
    [  # Landtag NRW: counter-checks and answers in the chair's words
        ("Möchte jemand gegen diese Überweisung stimmen? – Sich enthalten? – Beides ist nicht der Fall. Dann haben wir "
         "so überwiesen.", (0, 0)),
        ("Wer stimmt dem zu? – Gibt es Gegenstimmen? – Gibt es Enthaltungen? – Das ist jeweils nicht der Fall. Damit "
         "ist der Wahlvorschlag einstimmig angenommen.", (0, 0)),
        ("Wer dieser Empfehlung folgt, den bitte ich um das Handzeichen. – Gegenstimmen? – Keine. Enthaltungen? – "
         "Ebenfalls keine. Damit ist die Beschlussempfehlung einstimmig angenommen.", (0, 0)),
    ],
)  # fmt: skip
def test_nobody_against_and_nobody_abstaining_in_the_chairs_words(text, zeros):
    [vote] = extract_votes(_sentences(text))
    assert (vote.result, vote.no, vote.abstain) == ("angenommen", *zeros)


def test_groups_against_a_rejection_are_not_placed_where_the_sentence_does_not_say():
    # Köln: "bei Gegenstimmen der SPD abgelehnt" does not say whether the SPD voted against the motion or its rejection
    [vote] = extract_votes(_sentences(
        "Abstimmungsergebnis: Die Dringlichkeit wurde mehrheitlich bei Gegenstimmen der SPD-Fraktion und der Fraktion "
        "DieLinke abgelehnt."
    ))  # fmt: skip
    assert (vote.result, vote.yes_groups, vote.no_groups) == ("abgelehnt", [], [])
    # with the side for named too, it does (Landtag Mecklenburg-Vorpommern)
    [vote] = extract_votes(_sentences(
        "Damit ist der Änderungsantrag abgelehnt, bei Zustimmung der Fraktion DIE LINKE, bei Gegenstimmen der "
        "Fraktionen der SPD, CDU und der Fraktion der NPD und keinen Enthaltungen."
    ))  # fmt: skip
    assert "SPD" in vote.no_groups and vote.yes_groups
    # Thüringer Landtag: the list of groups against ends where the abstentions begin
    [vote] = extract_votes(_sentences(
        "Bei Gegenstimmen von der Fraktion DIE LINKE und Enthaltungen aus der gleichen Fraktion so mehrheitlich "
        "angenommen."
    ))  # fmt: skip
    assert vote.no_groups == ["LINKE"]


def test_a_result_told_deep_in_a_speech_is_no_result():
    speech = (
        "Laut einer aktuellen Umfrage des ifo-Instituts sehen 15 % der Unternehmen ihre Existenz durch die Coronakrise "
        "bedroht, und viele Betriebe wissen nicht, wie sie über den Winter kommen sollen, wenn die Hilfen weiter so "
        "langsam ausgezahlt werden wie bisher in diesem Jahr. "
    )
    for told in (
        "Bund und Länder haben deshalb zahlreiche Reparaturmaßnahmen vorgenommen; und ja, auch die Nachrangdarlehen "
        "haben wir zur Kenntnis genommen.",
        "Trotz der Bedenken hat das Bundeskabinett gestern genau so eine Auflage beschlossen.",
    ):
        assert extract_votes(_spoken(("ABG", speech + told))) == []
    # a speaker's own story, early in a speech
    assert extract_votes(_spoken(("ABG", "Frau H. aus meinem Wahlkreis hat diese Tätigkeit abgelehnt."))) == []
    # the chair's long utterance with the procedure in it keeps its results (Landtag Rheinland-Pfalz)
    [vote] = extract_votes(_spoken(("P", speech + "Es wird vorgeschlagen, den Gesetzentwurf an den Innenausschuss zu "
                                          "überweisen. Gibt es Widerrede? – Das ist nicht der Fall. Damit ist es so "
                                          "beschlossen.")))  # fmt: skip
    assert vote.result == "angenommen"
    # a result closing the item in the same sentence (Sächsischer Landtag)
    [vote] = extract_votes(_sentences(
        "Wer enthält sich? – Bei sehr vielen Stimmen dafür und einigen Stimmenthaltungen ist somit die Drucksache "
        "7/3908 beschlossen und der Tagesordnungspunkt auch schon abgearbeitet."
    ))  # fmt: skip
    assert vote.result == "angenommen"


@pytest.mark.parametrize(
    "turns, expected",
    [  # the fifteenth blind set (tests/fixtures/protocols), as minutes and chairs wrote them
        # the members present are no count (Stadtrat Heidenau)
        ([("N", "Abstimmungsergebnis:\nAnwesend 22\nJA-Stimmen 15\nNEIN-Stimmen 7\nEnthaltungen 0\nmehrheitlich "
                "zugestimmt")], [(0, "angenommen", 15, 7, 0)]),
        # minutes' heads (Bürgerschaft Lübeck, Verbandsgemeinderat Thalfang)
        ([("N", "Mehrheitliche Annahme:\nJa-Stimmen: 28\nNein-Stimmen: 13\nEnthaltung: 1")],
         [(0, "angenommen", 28, 13, 1)]),
        ([("N", "Der Beschluss erfolgte einstimmig.")], [(0, "angenommen", None, None, None)]),
        ([("N", "Die Mehrheit der Anwesenden sprach sich für eine namentliche Abstimmung aus.")],
         [(0, "angenommen", None, None, None)]),
        # a vote taken again: one decision, the last (Bürgerschaft Lübeck)
        ([("N", "Mehrheitliche Annahme:\nJa-Stimmen: 28\nNein-Stimmen: 13\nEnthaltung: 1"),
          ("N", "Da das Abstimmungsergebnis aus dem Gremium angezweifelt wird, lässt der Vorsitzende erneut über den "
                "Antrag abstimmen:"),
          ("N", "Mehrheitliche Annahme:\nJa-Stimmen: 28\nNein-Stimmen: 13\nEnthaltung: 1")],
         [(2, "angenommen", 28, 13, 1)]),
        # an abbreviation's dot is no sentence's end (Rat Lüneburg)
        ([("N", "Der Rat lehnt den Antrag bei 9 Ja-Stimmen sowie bei 1 Stimmenthaltung von Ratsfrau Dr. Pahnke, "
                "mehrheitlich ab.")], [(0, "abgelehnt", 9, None, 1)]),
        # the law's rule read out is no result (Kreistag Stendal)
        ([("N", "Gewählt ist die Person, die im ersten Wahlgang die Stimmen der Mehrheit der anwesenden "
                "stimmberechtigten Mitglieder erhalten hat.")], []),
        # the committee's result told before the vote is called (Abgeordnetenhaus Berlin)
        ([("P", "Jetzt kommt der Bebauungsplan I-207. Er wurde mehrheitlich – gegen die Grünen – angenommen. Wer dem "
                "zustimmen möchte, den bitte ich um das Handzeichen. – Das sind SPD, CDU und FDP. Gegenstimmen! – Das "
                "sind die Grünen. Enthaltungen gibt es nicht. Dann ist das so beschlossen.")],
         [(0, "angenommen", None, None, 0)]),
    ],
)  # fmt: skip
def test_readings_the_fifteenth_set_asked_for(turns, expected):
    votes = extract_votes(_spoken(*turns))
    assert [(v.utterance_id, v.result, v.yes, v.no, v.abstain) for v in votes] == expected


@pytest.mark.parametrize(
    "turns, expected_item_result",
    [  # a fourth review of the day's rules: none of these may publish a wrong decision
        # "Der Antrag" is the motion to postpone only where that motion was put and no vote was called after it
        ([("P", "Es liegt ein Antrag auf Vertagung vor. Wer ist dafür? Das ist die Minderheit. Dann stimmen wir in der "
                "Sache ab. Wer ist dafür? Gegenprobe? Enthaltungen? Der Antrag ist angenommen.")],
         "unverändert beschlossen"),
        ([("N", "Herr Meier stellt einen Antrag auf Vertagung, den er nach kurzer Diskussion zurückzieht."),
          ("N", "Abstimmungsergebnis: Ja: 12 Nein: 3 Enthaltungen: 1"), ("N", "Der Antrag ist angenommen.")],
         "unverändert beschlossen"),
        # a postponing word elsewhere in an adopting sentence postpones nothing
        ([("N", "Die Vorlage wird mit der Maßgabe einstimmig beschlossen, dass der Bau des zweiten Abschnitts bis 2026 "
                "zurückgestellt wird.")], "unverändert beschlossen"),
        ([("N", "Die Vorlage, die zweimal vertagt wurde, wird heute einstimmig angenommen.")],
         "unverändert beschlossen"),
        ([("P", "Damit ist der Antrag in den Ziffern 1 und 2 angenommen, Ziffer 3 ist vertagt.")],
         "unverändert beschlossen"),
        # a referral of a named motion refers it; nothing on the matter was decided
        ([("N", "Der Antrag wird in den Ausschuss für Umwelt überwiesen.")], "verwiesen"),
        ([("P", "Es wurde beantragt, die Vorlage in den Bauausschuss zu überweisen. Wer ist dafür? Das ist die "
                "Mehrheit. Damit ist die Vorlage überwiesen und die Entscheidung vertagt.")], "verwiesen"),
        # a postponement named as a noun is the motion to postpone
        ([("P", "Wer für die Vertagung ist, den bitte ich um das Handzeichen. Das ist die Minderheit. Damit ist die "
                "Vertagung abgelehnt.")], None),
        ([("N", "Die Vertagung wurde mit 5 Ja- zu 12 Nein-Stimmen abgelehnt.")], None),
        # a vote taken again for another matter keeps each its own result
        ([("N", "Der Änderungsantrag der SPD wird mit 15 Ja-Stimmen bei 5 Gegenstimmen angenommen."),
          ("N", "Anschließend lässt der Vorsitzende erneut abstimmen, und zwar über die so geänderte Vorlage."),
          ("N", "Die Vorlage wird mehrheitlich beschlossen.")], "geändert beschlossen"),
        # a chair's correction in the first person stands
        ([("P", "Wer stimmt dem Antrag zu? Das ist die Mehrheit. Der Antrag ist angenommen."),
          ("Z", "(Zuruf: Das war die Minderheit!)"),
          ("P", "Da habe ich mich verzählt, mein Fehler, der Antrag ist abgelehnt.")], "abgelehnt"),
        # labelled results in narrative minutes are the record, not a story
        ([("N", "Der Änderungsantrag der CDU wird einstimmig angenommen."),
          ("N", "Herr Bürgermeister Schulz erläutert die Vorlage ausführlich und beantwortet die Fragen der Mitglieder "
                "zu den Kosten, zum Zeitplan und zur Förderung durch das Land. Frau Meier regt an, die Anwohner "
                "frühzeitig einzubinden, was die Verwaltung zusagt. Beschluss: Die geänderte Vorlage wird mehrheitlich "
                "abgelehnt.")], "abgelehnt"),
        # an amendment's result after its completed call is no committee's report
        ([("P", "Wer dem Änderungsantrag der FDP zustimmt, den bitte ich um das Handzeichen. Gegenprobe? Enthaltungen? "
                "Er wurde mehrheitlich angenommen. Wer dem so geänderten Antrag zustimmt, den bitte ich um das "
                "Handzeichen. Gegenprobe? Enthaltungen? Dann ist der Antrag abgelehnt.")], "abgelehnt"),
        # majorities for a rejection, surveys, and speeches
        ([("N", "Die Mehrheit der Ausschussmitglieder sprach sich für eine Ablehnung des Antrags aus.")], None),
        ([("N", "Der Beschluss erfolgte einstimmig, den Antrag abzulehnen.")], None),
        ([("A", "Die Mehrheit der Befragten spricht sich für ein Tempolimit aus.")], None),
        ([("A", "Mehrheitliche Ablehnung ist das, was wir von der Koalition erwarten.")], None),
        # another body's like matter, told in a speech, also after an explanation of vote
        ([("A", "Der Nachbarkreis hat einen ähnlichen Antrag im Frühjahr abgelehnt. Das war falsch.")], None),
        ([("P", "Wer stimmt zu? Gegenprobe? Der Antrag ist angenommen."),
          ("A", "Ich möchte eine Erklärung zur Abstimmung abgeben. Liebe Kolleginnen und Kollegen, bevor wir zu diesem "
                "Punkt kommen, möchte ich mich ausdrücklich bei der Verwaltung für die sehr gründliche Vorbereitung "
                "bedanken, die uns allen die Arbeit in den Fachausschüssen deutlich erleichtert hat. Im Bundesrat "
                "wurde dazu ein Antrag abgelehnt.")], "unverändert beschlossen"),
        # a heard body's position, a longer word, a story with its year
        ([("P", "Zu diesem Punkt ist der Ortschaftsrat Hausen angehört worden. Der Ortschaftsrat lehnt die Planung "
                "einstimmig ab. Wer der Vorlage dennoch zustimmt, den bitte ich um das Handzeichen.")], None),
        ([("A", "Die Gemeindevertretungsvorsitzende stimmt mir da sicher zu.")], None),
        ([("A", "Die Stadtverordnetenversammlung beschloss 2019 die Klimaneutralität bis 2035, jetzt müssen Taten "
                "folgen.")], None),
    ],
)  # fmt: skip
def test_readings_a_fourth_review_asked_for(turns, expected_item_result):
    assert item_result(extract_votes(_spoken(*turns))) == expected_item_result


def test_groups_and_counts_a_fourth_review_asked_for():
    # a table whose head names groups with digits, slashes and several words
    [vote] = extract_votes(_spoken(
        ("N", "Fraktion: CDU | SPD | BÜNDNIS 90/DIE GRÜNEN | FDP | Gesamt Ja-Stimmen: 2 | 6 | 3 | – | 11 Nein-Stimmen: "
              "9 | – | – | 2 | 11 Enthaltungen: – | – | 1 | – | 1"),
        ("N", "Der Antrag ist damit abgelehnt."),
    ))  # fmt: skip
    assert (vote.yes, vote.no, vote.abstain) == (11, 11, 1) and "FDP (2)" in vote.no_groups
    # a results list says each side outright, also where the sentence says "mit den Stimmen … abgelehnt"
    [vote] = extract_votes(_spoken(
        ("N", "Der Antrag wurde mit den Stimmen der Koalition abgelehnt. [CDU, SPD: dagegen; AfD, FDP: dafür]"),
    ))  # fmt: skip
    assert (vote.yes_groups, vote.no_groups) == (["AfD", "FDP"], ["CDU", "SPD"])
    # two lists in one line: which is whose is not read
    votes = extract_votes(_spoken(
        ("N", "Ziffer 1 wird abgelehnt [CDU: dafür; SPD, AfD: dagegen], Ziffer 2 wird angenommen [CDU, SPD: dafür; "
              "AfD: dagegen]."),
    ))  # fmt: skip
    assert all(not (v.yes_groups or v.no_groups) for v in votes)
    # a yes call that names what it is against is no counter-check
    [vote] = extract_votes(_spoken(
        ("P", "Wer für den Antrag und damit gegen die Beschlussempfehlung stimmen möchte, den bitte ich um das "
              "Handzeichen. – Das sind die CDU und die FDP. – Wer stimmt für die Beschlussempfehlung? – Das sind SPD "
              "und Grüne. – Damit ist der Antrag abgelehnt."),
    ))  # fmt: skip
    assert "CDU" not in vote.no_groups
    # "Gegenstimmen gibt es keine?" asked is no answer
    [vote] = extract_votes(_spoken(
        ("P", "Wer stimmt dem Antrag zu? Das ist die Mehrheit. Gegenstimmen gibt es keine? Doch, zwei. Enthaltungen "
              "gibt es nicht? Eine. Damit ist der Antrag angenommen."),
    ))  # fmt: skip
    assert vote.no != 0 and not vote.unanimous
    # a count or the chair's next question is no group
    [vote] = extract_votes(_spoken(("P", "Wer stimmt zu? Das sind 12. Wer ist dagegen? 10. Damit ist der Antrag "
                                         "angenommen.")))  # fmt: skip
    assert vote.yes_groups == [] and vote.no_groups == []
