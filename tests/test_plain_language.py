"""Plain language with content: what an item was about, what was said, what was decided, what happens next.

Built from the session's own passages (`minutes.content`) and checked: every quotation is the
speaker's sentence, every rewrite keeps its source's words, numbers and negations, every sentence
points at the moment it rests on, and the templates get singular and plural right for any count.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

import pytest

from protokoll.archive import load_meeting
from protokoll.evaluation import DEBATE_FIXTURES, load_minutes_fixture, plain_language_coverage
from protokoll.minutes.agenda import AgendaItem
from protokoll.minutes.content import (
    Argument,
    ItemContent,
    Passage,
    _clauses,
    check_rewrite,
    figures_in,
    item_content,
    plain_words,
)
from protokoll.minutes.factcheck import Facts, VoteFact, check_text
from protokoll.minutes.plain import (
    PARTS,
    TARGET_EASE,
    TARGET_WORDS,
    Speakers,
    plain_item,
    plain_session,
    plain_title,
    short_role,
    shortfall,
)
from protokoll.minutes.readability import readability
from protokoll.minutes.text import Sentence
from protokoll.minutes.votes import Vote


@pytest.fixture(scope="module")
def sample_meeting(minutes_services, sample_reference):
    meeting_id = minutes_services.import_transcript(sample_reference, agenda=None)
    return load_meeting(minutes_services.db(), meeting_id)


def _item_text(bundle, number: str, language: str = "de"):
    item = next(i for i in bundle.agenda_items if i.number == number)
    return bundle.summary("plain", item.id, language)


def test_sample_items_say_what_it_was_about_who_argued_what_and_what_follows(sample_meeting):
    bike = _item_text(sample_meeting, "2")
    # The proposal's figures, as the treasurer gave them, in digits.
    assert "80 Prozent" in bike.text and "800.000 Euro" in bike.text
    # One point per speaker, each with name and faction; the SPD's and the CDU's are both there.
    said = [s["text"] for s in bike.sentences if s["part"] == "said"]
    assert any(s.startswith("Klaus Becker (SPD") for s in said) and any(
        s.startswith("Thomas Schulz (CDU") for s in said
    )
    assert any("4,2 Millionen Euro" in s for s in said)  # the cost, in the CDU's words
    assert "Der Rat hat die Änderung angenommen." in bike.text
    fees = _item_text(sample_meeting, "3")
    assert "3 Prozent" in fees.text and "6 Euro" in fees.text
    report = _item_text(sample_meeting, "4")
    # A person's role is given the first time a text names them, not every time.
    assert report.text.count("Jürgen Wolff (Stadtkämmerer)") == 1
    assert [s["text"] for s in report.sentences if s["part"] == "next"] == [
        "Jürgen Wolff sagt: Die Sporthalle wird im März wieder geöffnet."
    ]


def test_every_sentence_points_at_the_moment_it_rests_on_and_quotes_are_what_was_said(minutes_archive):
    db, ids = minutes_archive
    checked = 0
    for meeting_id in ids.values():
        bundle = load_meeting(db, meeting_id)
        utterances = {u.id: u for u in bundle.utterances}
        for summary in (s for s in bundle.summaries if s.kind == "plain"):
            assert " ".join(s["text"] for s in summary.sentences) == summary.text
            for sentence in summary.sentences:
                if sentence["utterance_id"] is None:
                    continue
                utterance = utterances[sentence["utterance_id"]]
                assert utterance.start - 0.01 <= sentence["start"] <= utterance.end + 0.01
                for quote in re.findall(r"„([^“]+)“", sentence["text"]):
                    assert check_rewrite(utterance.text, quote) == [], (quote, utterance.text)
                    checked += 1
    assert checked >= 12


def test_item_texts_answer_the_four_questions_in_order(minutes_archive):
    db, ids = minutes_archive
    for meeting_id in ids.values():
        for summary in load_meeting(db, meeting_id).summaries:
            if summary.kind == "plain" and summary.agenda_item_id is not None:
                order = [PARTS.index(s["part"]) for s in summary.sentences]
                assert order == sorted(order), summary.text
                assert summary.checks["rewrites"] == []


def test_session_text_lists_the_decisions_first(sample_meeting):
    session = sample_meeting.summary("plain", None, "de")
    parts = [s["part"] for s in session.sentences]
    assert parts[:2] == ["session", "decided"]
    first_other = next(n for n, part in enumerate(parts[1:], start=1) if part != "decided")
    assert all(part != "decided" for part in parts[first_other:])
    # the list names a long title by its head; the item's own text gives it whole
    assert "TOP 2, Radschnellweg RS1: mit Änderungen angenommen, einstimmig." in session.text


def test_the_reader_shows_the_session_text_in_a_paragraph_per_item(sample_meeting):
    from protokoll.interfaces.web.pages import _plain_html

    session = sample_meeting.summary("plain", None, "de")
    page = _plain_html(session, {"play_from": "ab"}, lambda seconds: f"?t={seconds}")
    paragraphs = re.findall(r"<p>(.*?)</p>", page, re.S)
    openings = [p for p in paragraphs if p.startswith("<strong>Mehr zu TOP ")]
    items = [s["text"] for s in session.sentences if s["text"].startswith("Mehr zu TOP ")]
    assert len(items) >= 2 and len(openings) == len(items)
    for paragraph, following in zip(openings, openings[1:], strict=False):
        assert following not in paragraph  # each item's part is a paragraph of its own


@pytest.mark.parametrize(
    "source, rewrite, reason",
    [
        (
            "Die Kosten von vier Komma zwei Millionen Euro sind hoch.",
            "Die Kosten von 4,3 Millionen Euro sind hoch.",
            "number 3",
        ),
        ("Eine Vertagung hilft niemandem.", "Eine Vertagung hilft allen.", "words not in the source: allen"),
        ("Wir werden die Gebühren nicht erhöhen.", "Wir werden die Gebühren erhöhen.", "negation"),
    ],
)
def test_a_rewrite_that_changes_a_fact_is_caught(source, rewrite, reason):
    assert any(reason in problem for problem in check_rewrite(source, rewrite))


def test_paragraph_numbers_are_no_figures_of_the_matter():
    assert figures_in("Das sind die §§ 113, 125, 125 a, 223 und 223 a des Strafgesetzbuches.") == []
    assert figures_in("Nach § 8 Abs. 1 kostet der Bau 2 Millionen Euro.") == ["2 Millionen Euro"]


def test_plain_words_spells_out_and_keeps_the_numbers():
    text = plain_words("Das kostet ca. 4,2 Mio. € und der Eigenanteil liegt bei achthunderttausend EUR, also 20 %.")
    assert text == "Das kostet etwa 4,2 Millionen Euro und der Anteil liegt bei 800.000 Euro, also 20 Prozent."
    assert check_rewrite("Das kostet ca. 4,2 Mio. €.", "Das kostet etwa 4,2 Millionen Euro.") == []
    assert figures_in("Tagesordnungspunkt 5 mit 22 Ja-Stimmen: 12 Stellen ab März 2027") == [
        "12 Stellen",
        "ab März",
        "2027",
    ]


def test_what_the_recogniser_heard_unsure_is_not_quoted():
    item = AgendaItem("2", "Radschnellweg", start=0.0, end=60.0, utterance_ids=[1, 2])
    sure = Sentence(1, 0, "Ein sicherer Radweg entlastet die Straßen und die Busse.", 1.0, 4.0, "Becker", 0.9)
    unsure = Sentence(2, 0, "Die Unterstützen ging als Schnellweghaus möglich und breit.", 5.0, 9.0, "Yilmaz", 0.44)
    content = item_content(item, [sure, unsure], {1: "Becker", 2: "Yilmaz"}, {}, None, [])
    assert [a.speaker for a in content.arguments] == ["Becker"]


# --- grammar over every template and count ------------------------------------------------------

_SLIPS_DE = [
    r"(?<![\d.,])1 (?:waren|haben|Themen|Abstimmungen|Menschen|Enthaltungen|stimmten)\b",
    r"(?<![\d.,])(?:[02-9]|\d{2,}) (?:war|hat|Thema|Abstimmung|Enthaltung)\b",
    r"\bkamen 1\b|\bEiner (?:waren|haben)\b",
]
_SLIPS_EN = [
    r"(?<![\d.,])1 (?:members|topics|votes|abstentions|were)\b",
    r"(?<![\d.,])(?:[02-9]|\d{2,}) (?:member|topic|vote|abstention|was)\b",
    r"\bThere were 1\b|\b1 topics\b",
]


def _vote(number: str, motion: str, result: str, yes, no, abstain, groups=()) -> Vote:
    return Vote(motion, result, yes, no, abstain, unanimous=no == 0 and bool(yes), majority=None, proposer="SPD",
                utterance_id=1, start=10.0, evidence="", item_number=number, yes_groups=list(groups),
                no_groups=list(groups[:1]))  # fmt: skip


_GROUPS = ["SPD", "CDU", "Grüne", "FDP", "Linke", "AfD", "BSW"]


def _content(number: str) -> ItemContent:
    """Every passage template: the proposal with its speaker, a question and its answer, a point with and without a
    side, a side alone, a point the minutes report in the third person, indirect speech, and a next step."""

    def passage(speaker: str, text: str, at: float) -> Passage:
        return Passage(text, text, int(number), at, speaker)

    return ItemContent(
        about=[passage("Jürgen Wolff", "Der Bau kostet 4,2 Millionen Euro.", 1.0)],
        arguments=[
            Argument("Klaus Becker", passage("Klaus Becker", "Wir stimmen zu, weil es Pendlern hilft.", 2.0), "for"),
            Argument("Thomas Schulz", passage("Thomas Schulz", "Die Kosten sind zu hoch.", 3.0), "against"),
            Argument("Aylin Yilmaz", None, "for", passage("Aylin Yilmaz", "Wir sind dafür.", 4.0)),
            Argument("Mia Roth", passage("Mia Roth", "Der Radweg sei zu schmal geplant.", 5.0)),
            Argument("Werner Pohl", passage("Werner Pohl", "Herr Pohl beantragt eine Prüfung.", 6.0)),
        ],
        questions=[
            (
                passage("Lea Fischer", "Wann beginnt der Bau?", 7.0),
                passage("Jürgen Wolff", "Der Bau beginnt im März.", 8.0),
            )
        ],  # fmt: skip
        next_steps=[passage("Jürgen Wolff", "Die Verwaltung legt im Mai einen Plan vor.", 9.0)],
    )


@pytest.mark.parametrize("count", [0, 1, 2, 7])
def test_no_grammar_slip_in_any_template_for_one_two_or_many(count):
    speakers = Speakers({"Jürgen Wolff": "Stadtkämmerer", "Klaus Becker": "SPD", "Thomas Schulz": "CDU"}, frozenset(),
                        frozenset())  # fmt: skip
    items = [AgendaItem(str(n), f"Thema {n}", start=float(n * 60) if n <= count else None, end=None)
             for n in range(1, max(count, 1) + 2)]  # fmt: skip
    motions = ["Änderungsantrag", "Beschlussvorlage", "Antrag auf Vertagung", "Überweisung", "Bericht", "Satzung"]
    votes = []
    results = itertools.cycle(["angenommen", "abgelehnt", "zur Kenntnis genommen", "unklar"])
    for (n, motion), result in zip(itertools.product(range(1, count + 1), motions), results, strict=False):
        votes.append(_vote(str(n), motion, result, count, count, count, _GROUPS[: max(count, 1)]))
    contents = {item.number: _content(item.number) for item in items}
    for language, slips in (("de", _SLIPS_DE), ("en", _SLIPS_EN)):
        texts = [s.text for s in plain_session("Sitzung", "Rat der Stadt", "2026-11-12", items, votes, contents,
                                              speakers, language)]  # fmt: skip
        for item in items:
            shown = [v for v in votes if v.item_number == item.number]
            texts += [s.text for s in plain_item(item, shown, contents[item.number], "Rat der Stadt", speakers,
                                                 language)]  # fmt: skip
        for text in texts:
            for slip in slips:
                assert not re.search(slip, text), (language, text)
        if count and language == "de":
            said = " ".join(texts)
            # Each template is there to be checked: counts agree with their verb and noun, in the item's text and
            # in the session's list of decisions.
            assert f"{'Einer war' if count == 1 else f'{count} waren'} dafür." in said
            assert f"{'Einer hat' if count == 1 else f'{count} haben'} sich enthalten." in said
            assert "Klaus Becker (SPD) ist dafür: „Wir stimmen zu, weil es Pendlern hilft.“" in said
            assert "Aylin Yilmaz ist dafür." in said and "Herr Pohl beantragt eine Prüfung." in said
            assert "Mia Roth sagt: Der Radweg sei zu schmal geplant." in said  # indirect speech is not quoted


def test_a_decision_names_an_explained_term_in_everyday_words_and_the_fact_check_still_pairs_it():
    speakers = Speakers({}, frozenset(), frozenset())
    item = AgendaItem("1", "Thema", start=0.0, end=60.0)
    votes = [
        _vote("1", "Änderungsantrag", "abgelehnt", 12, 20, 1),
        _vote("1", "Beschlussvorlage", "angenommen", 30, 2, 0),
    ]
    text = " ".join(s.text for s in plain_item(item, votes, ItemContent(), "Rat der Stadt", speakers, "de"))
    # the term is said and explained first, then the everyday word stands for it
    assert text.index("Es gab einen Änderungsantrag der SPD.") < text.index("Der Rat hat die Änderung abgelehnt.")
    assert text.index("Das ist die Beschlussvorlage.") < text.index(
        "Der Rat hat den Vorschlag der Verwaltung angenommen."
    )
    facts = Facts(
        numbers={12, 20, 1, 30, 2},
        names={"spd"},
        votes=[VoteFact(v.motion, v.result, v.yes, v.no, v.abstain) for v in votes],
    )
    assert check_text(text, facts) == []
    assert check_text("Der Rat hat die Änderung angenommen.", facts) != []
    assert check_text("Der Rat hat den Vorschlag der Verwaltung abgelehnt.", facts) != []


def test_a_resolution_that_gives_a_task_is_what_happens_next():
    speakers = Speakers({}, frozenset(), frozenset())
    item = AgendaItem("1", "Thema", start=0.0, end=60.0)
    task = "Die Verwaltung wird beauftragt, bis Mai einen Plan für die Sporthalle vorzulegen"
    vote = replace(_vote("1", "Antrag", "angenommen", 20, 3, 0), resolution=task)
    sentences = plain_item(item, [vote], ItemContent(), "Rat der Stadt", speakers, "de")
    assert [s.text for s in sentences if s.part == "next"] == [f"Der Beschluss sagt, was jetzt passiert: „{task}.“"]
    assert not any(task in s.text for s in sentences if s.part == "decided")  # said once, where it belongs
    english = plain_item(item, [vote], ItemContent(), "Rat der Stadt", speakers, "en")
    assert [s.text for s in english if s.part == "next"] == ["The decision gives a task (see the German summary)."]
    # a rejected motion gives nobody a task
    rejected = replace(vote, result="abgelehnt", yes=3, no=20)
    assert not [s for s in plain_item(item, [rejected], ItemContent(), "Rat", speakers, "de") if s.part == "next"]


def test_who_explains_the_matter_is_named_in_short_common_words():
    speakers = Speakers({"Jürgen Wolff": "Stadtkämmerer", "Ines Brandt": "Leiterin des Planungsamtes"}, frozenset(),
                        frozenset())  # fmt: skip
    item = AgendaItem("1", "Thema", start=0.0, end=60.0)
    content = ItemContent(about=[
        Passage("Der Bau kostet 4,2 Millionen Euro.", "Der Bau kostet 4,2 Millionen Euro.", 1, 1.0, "Jürgen Wolff"),
        Passage("Es entstehen 240 Wohnungen.", "Es entstehen 240 Wohnungen.", 2, 2.0, "Ines Brandt"),
    ])  # fmt: skip
    texts = [s.text for s in plain_item(item, [], content, "Rat der Stadt", speakers, "de") if s.part == "about"]
    assert texts == ["Jürgen Wolff (Stadtkämmerer) erklärt das Thema.", "Der Bau kostet 4,2 Millionen Euro.",
                     "Ines Brandt (Leiterin des Planungsamtes) sagt dazu.", "Es entstehen 240 Wohnungen."]  # fmt: skip


def test_group_lists_agree_with_their_verb():
    speakers = Speakers({}, frozenset(), frozenset())
    item = AgendaItem("1", "Thema", start=0.0, end=60.0)
    for groups in (["SPD"], ["SPD", "CDU"], _GROUPS):
        vote = Vote("Antrag", "angenommen", None, None, None, unanimous=False, majority="mehrheitlich", proposer=None,
                    utterance_id=1, start=10.0, evidence="", item_number="1", yes_groups=list(groups),
                    no_groups=list(groups), abstain_groups=list(groups))  # fmt: skip
        texts = [s.text for s in plain_item(item, [vote], ItemContent(), "Rat der Stadt", speakers, "de")]
        one = len(groups) == 1
        listed = groups[0] if one else ", ".join(groups[:-1]) + " und " + groups[-1]
        assert f"{'Dafür stimmte' if one else 'Dafür stimmten'}: {listed}." in texts
        assert f"{'Dagegen stimmte' if one else 'Dagegen stimmten'}: {listed}." in texts
        assert f"{'Enthalten hat sich' if one else 'Enthalten haben sich'}: {listed}." in texts


def test_the_sessions_list_says_nobody_rather_than_zero():
    speakers = Speakers({}, frozenset(), frozenset())
    item = AgendaItem("1", "Thema", start=0.0, end=60.0)
    vote = Vote("Antrag", "angenommen", 12, 0, 1, unanimous=False, majority=None, proposer=None, utterance_id=1,
                start=10.0, evidence="", item_number="1")  # fmt: skip
    text = " ".join(s.text for s in plain_session("Sitzung", "Rat", None, [item], [vote], {}, speakers, "de"))
    assert "TOP 1, Thema: angenommen, 12 dafür, niemand dagegen, 1 Enthaltung." in text


@pytest.mark.parametrize(
    "title, listed",
    [
        # Hessischer Landtag (tests/fixtures/debates)
        ("Grunderwerbsteuer: Lippenbekenntnisse des Hessischen Ministerpräsidenten", "Grunderwerbsteuer"),
        ("Veräußerung eines unbebauten Grundstücks in Büttelborn, Im Heiligkreuzfeld",
         "Veräußerung eines unbebauten Grundstücks in Büttelborn"),
        ("Müllgebühren 2027: Erhöhung um 3 Prozent", "Müllgebühren 2027"),
        ("Haushalt 2027: Stellenplan", "Haushalt 2027: Stellenplan"),  # short: whole
        ("Bericht zu Antrag Minister der Finanzen auf Erteilung der Zustimmung des Haushaltsausschusses",
         "Bericht zu Antrag Minister der Finanzen auf Erteilung der Zustimmung des Haushaltsausschusses"),
    ],
)  # fmt: skip
def test_the_sessions_list_of_decisions_names_a_long_title_by_its_head(title, listed):
    speakers = Speakers({}, frozenset(), frozenset())
    item = AgendaItem("76", title, start=0.0, end=60.0)
    vote = _vote("76", "Antrag", "abgelehnt", 20, 30, 0)
    text = " ".join(s.text for s in plain_session("Sitzung", "Landtag", None, [item], [vote], {}, speakers, "de"))
    assert f"TOP 76, {listed}: abgelehnt, 20 dafür, 30 dagegen." in text


def test_plain_texts_of_the_written_sessions_are_easy_to_read(minutes_archive):
    db, ids = minutes_archive
    eases, lengths = [], []
    for meeting_id in ids.values():
        for summary in load_meeting(db, meeting_id).summaries:
            if summary.kind == "plain" and summary.language == "de":
                figures = readability(summary.text, "de")
                eases.append(figures["reading_ease"])
                lengths.append(figures["words_per_sentence"])
    # Content costs syllables (titles, officials' words): the goal of 65 for every text is met on average and by
    # most; the results file lists each text (benchmarks/plain_language_benchmark.py).
    assert max(lengths) <= 12, lengths
    assert sum(eases) / len(eases) >= 67, eases
    assert min(eases) >= 58, eases
    assert sum(1 for e in eases if e < 65) <= len(eases) // 5, eases


def test_real_debates_are_told_with_their_speakers_and_nothing_unbacked(minutes_services):
    """Real debated items (tests/fixtures/debates): no sentence fails a check, and most annotated sides
    reach the text with their speaker (the development set; the held-out set is only measured)."""
    sides = found = 0
    for path in DEBATE_FIXTURES:
        data, agenda = load_minutes_fixture(path)
        expected = data["expected"]["items"]
        bundle = load_meeting(minutes_services.db(), minutes_services.import_transcript(data, agenda=agenda))
        for summary in (s for s in bundle.summaries if s.kind == "plain"):
            assert summary.checks["facts"] == [], (path.stem, summary.text)
            assert summary.checks.get("rewrites", []) == [], (path.stem, summary.checks["rewrites"])
        if not path.stem.startswith("dev-"):
            continue
        for item in (i for i in bundle.agenda_items if i.start is not None):
            coverage = plain_language_coverage(bundle.summary("plain", item.id, "de"), expected[0], data["speakers"])
            hit, total = map(int, coverage["sides_with_speaker"].split("/"))
            sides, found = sides + total, found + hit
    assert sides >= 15 and found / sides >= 0.6, (found, sides)


def test_a_question_item_gives_the_question_and_the_administrations_answer():
    item = AgendaItem("4", "Anfragen der Fraktionen", start=0.0, end=60.0, utterance_ids=[1, 2, 3])
    said = [
        Sentence(1, 0, "Wann wird die Sporthalle der Gesamtschule Nord wieder geöffnet?", 1.0, 4.0, "Thomas Schulz"),
        Sentence(2, 0, "Vielen Dank für die Frage.", 5.0, 6.0, "Jürgen Wolff"),
        Sentence(
            2,
            1,
            "Die Sporthalle wird im März wieder geöffnet, die Arbeiten kosten 1,2 Millionen Euro.",
            6.0,
            9.0,
            "Jürgen Wolff",
        ),  # fmt: skip
    ]
    speaker_of = {1: "Thomas Schulz", 2: "Jürgen Wolff"}
    content = item_content(item, said, speaker_of, {"Jürgen Wolff": "Stadtkämmerer"}, None, [])
    (question, answer), *_ = content.questions
    assert question.text == "Wann wird die Sporthalle der Gesamtschule Nord wieder geöffnet?"
    assert answer.speaker == "Jürgen Wolff" and "1,2 Millionen Euro" in answer.text
    speakers = Speakers({"Thomas Schulz": "CDU", "Jürgen Wolff": "Stadtkämmerer"}, frozenset(), frozenset())
    texts = [s.text for s in plain_item(item, [], content, "Rat der Stadt", speakers, "de") if s.part == "said"]
    assert texts[0] == "Thomas Schulz (CDU) fragt: „Wann wird die Sporthalle der Gesamtschule Nord wieder geöffnet?“"
    assert texts[1].startswith("Jürgen Wolff (Stadtkämmerer) antwortet: „")


def test_a_pointer_to_the_printed_paper_is_not_what_the_item_was_about():
    # Landtag Hessen: the rapporteur refers the house to the paper; the figures come from the members instead
    item = AgendaItem("81", "Bericht zu Antrag Minister der Finanzen", start=0.0, end=60.0, utterance_ids=[1, 2])
    said = [
        Sentence(1, 0, "Die Drucksache liegt Ihnen vor.", 1.0, 2.0, "Wolfgang Decker"),
        Sentence(1, 1, "Auch das entnehmen Sie bitte der Drucks. 20/5960.", 2.0, 4.0, "Wolfgang Decker"),
        Sentence(2, 0, "Die Bürgschaft wurde auf 550 Millionen Euro ausgeweitet.", 5.0, 8.0, "Erich Heidkamp"),
    ]
    roles = {"Wolfgang Decker": "Berichterstatter des Haushaltsausschusses"}
    content = item_content(item, said, {1: "Wolfgang Decker", 2: "Erich Heidkamp"}, roles, None, [])
    passages = [p.text for p in content.about] + [a.passage.text for a in content.arguments if a.passage]
    assert passages == ["Die Bürgschaft wurde auf 550 Millionen Euro ausgeweitet."]


def test_a_figure_that_counts_a_part_of_something_said_before_is_not_what_the_item_was_about():
    # Bundestag 2011: "20 Prozent davon" – of what, the plain text would not say
    item = AgendaItem("19", "Freiwilligendienste aller Generationen", start=0.0, end=60.0, utterance_ids=[1])
    said = [
        Sentence(1, 0, "Im Freiwilligendienst engagieren sich 30 000 Menschen allen Alters.", 1.0, 4.0, "M. Grübel"),
        Sentence(1, 1, "20 Prozent davon sind über 27 Jahre alt.", 4.0, 6.0, "M. Grübel"),
    ]
    content = item_content(item, said, {1: "M. Grübel"}, {"M. Grübel": "Staatssekretär"}, None, [])
    assert [p.text for p in content.about] == ["Im Freiwilligendienst engagieren sich 30 000 Menschen allen Alters."]


# --- shorter passages, faithful ------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, clauses",
    [
        # A question of two, and the one addressed left out.
        ("Herr Staatssekretär, wann könnten die Verzerrungen beseitigt sein, und wie werden die Verhandlungen "
         "beurteilt?", ["Wann könnten die Verzerrungen beseitigt sein?", "Wie werden die Verhandlungen beurteilt?"]),
        # A name's apposition in minutes, and a too long main clause's trailing reason.
        ("Kreistagsabgeordneter Götting, Vorsitzender der CDU-Fraktion, beantragte, die Beratung über diesen Punkt "
         "für heute zu vertagen, da die CDU-Fraktion bislang noch keine Gelegenheit hätte, sich mit der Vorlage zu "
         "beschäftigen.",
         ["Kreistagsabgeordneter Götting beantragte, die Beratung über diesen Punkt für heute zu vertagen."]),
        # A clause that announces what follows is not shown; what follows is.
        ("Deshalb unterstreiche ich am Beginn meiner Rede deutlich: Ziel des Gesetzes ist es, den Wald zu retten.",
         ["Ziel des Gesetzes ist es, den Wald zu retten."]),
        # A list keeps its members, and a condition is never cut off.
        ("Frankfurt, Köln, und Bonn bekommen das Geld, wenn der Bund es zahlt.",
         ["Frankfurt, Köln, und Bonn bekommen das Geld, wenn der Bund es zahlt."]),
        # An aside in brackets is left out, a figure in brackets is not.
        ("Die 30.000 Euro für die Instandsetzung (Heizung, Lüftung) seien dann fehlinvestiert (rund 10 Prozent).",
         ["Die 30.000 Euro für die Instandsetzung seien dann fehlinvestiert (rund 10 Prozent)."]),
        # Older protocols print the dashes of an aside as "—".
        ("Das Bundeskabinett wird Ihnen auf dem schnellsten Wege — ich hoffe, daß der Bundesrat auf seine Frist "
         "verzichtet — den Gesetzentwurf vorlegen.",
         ["Das Bundeskabinett wird Ihnen auf dem schnellsten Wege den Gesetzentwurf vorlegen."]),
        # An aside that holds a negation is never left out.
        ("Wir werden – und das sage ich nicht gern – dem Antrag zustimmen.", ["Das sage ich nicht gern."]),
        # A sentence cut after an ordinal is no clause.
        ("Als das Hohe Haus in der 122.", []),
    ],
)  # fmt: skip
def test_clauses_are_shorter_and_keep_what_the_sentence_said(sentence, clauses):
    assert _clauses(sentence) == clauses
    for clause in clauses:
        assert check_rewrite(sentence, clause) == []


@pytest.mark.parametrize(
    "title, plain",
    [
        ("Dritte Lesung Gesetzentwurf Fraktion der SPD Gesetz zur Einführung des aktiven Wahlrechts ab 16 bei "
         "Kommunalwahlen – Drucks. 20/8504 zu Drucks. 20/8383", "Gesetz zur Einführung des aktiven Wahlrechts ab 16 "
         "bei Kommunalwahlen"),
        ("Beratung des Antrags der Fraktion der SPD betreffend Erhöhung der Renten (Nr. 2209 der Drucksachen)",
         "Erhöhung der Renten"),
        ("Antrag Aktuelle Stunde Fraktion der AfD: Grunderwerbsteuer: Lippenbekenntnisse", "Grunderwerbsteuer: "
         "Lippenbekenntnisse"),
        ("Beschlussempfehlung und Bericht Haushaltsausschuss: Verkauf eines Grundstücks in Büttelborn – Zustimmung "
         "nach § 64 Abs. 2 LHO", "Verkauf eines Grundstücks in Büttelborn"),
        ("Radschnellweg RS1, Abschnitt Emscherhausen Mitte", "Radschnellweg RS1, Abschnitt Emscherhausen Mitte"),
        ("Bericht zur Luftqualität 2025", "Bericht zur Luftqualität 2025"),
        # the Bundestag: the paper first, its proposed committees last
        ("Beratung des Antrags der Fraktion DIE LINKE – Gemeindewirtschaftsteuer einführen – Kommunalfinanzen "
         "stärken – Drucksache 18/1094; Überweisungsvorschlag: Finanzausschuss (f), Innenausschuss",
         "Gemeindewirtschaftsteuer einführen – Kommunalfinanzen stärken"),
        # Saxony: the paper named after the matter
        ("Gesetz zur Änderung des Sächsischen Ausführungsgesetzes zum Glücksspielstaatsvertrag Gesetzentwurf der "
         "Staatsregierung; Beschlussempfehlung des Ausschusses für Inneres und Sport", "Gesetz zur Änderung des "
         "Sächsischen Ausführungsgesetzes zum Glücksspielstaatsvertrag"),
    ],
)  # fmt: skip
def test_titles_name_the_matter_not_the_paper(title, plain):
    assert plain_title(title) == plain
    assert all(word in title for word in plain.split())


def test_a_role_is_given_once_and_short():
    speakers = Speakers({"Grüner": "Parlamentarischer Staatssekretär beim Bundesminister für Wirtschaft",
                         "Thieser": "Vorsitz (ruft die Haushaltsbereiche auf)"}, frozenset(), frozenset())  # fmt: skip
    text = speakers.for_text()
    assert text.who("Grüner", "de") == "Grüner (Staatssekretär)"
    assert text.who("Grüner", "de") == "Grüner"
    assert text.who("Thieser", "de") == "Thieser (Vorsitz)"
    assert speakers.for_text().who("Grüner", "de") == "Grüner (Staatssekretär)"  # a new text


@pytest.mark.parametrize(
    "role, short",
    [("CDU-Fraktion", "CDU"), ("Fraktion der SPD", "SPD"), ("Fraktion Bündnis 90/Die Grünen", "Grüne"),
     ("Fraktion DIE LINKE", "Linke"), ("Fraktion GRÜNE/UWG", "GRÜNE/UWG"),
     # a role in a faction is no party
     ("Vorsitzender der CDU-Fraktion", "Vorsitzender der CDU-Fraktion"), ("Leiterin des Planungsamtes",
     "Leiterin des Planungsamtes")],
)  # fmt: skip
def test_a_faction_is_named_by_its_party_and_the_fact_check_knows_it(role, short):
    assert short_role(role) == short
    facts = Facts(names={"aylin yilmaz", role.lower()})
    assert check_text(f"Aylin Yilmaz ({short_role(role)}) ist dafür.", facts) == []


def _hard_item() -> tuple[AgendaItem, ItemContent]:
    item = AgendaItem("1", "Haushalt", start=0.0, end=60.0)
    hard = "Die Verwaltungsmodernisierungsmaßnahmen erfordern grundsätzliche Organisationsuntersuchungen."
    easy = "Das ist zu teuer für die Stadt."
    figure = "Die Erneuerungsinvestitionen der Stadtentwässerungsbetriebe betragen 12 Millionen Euro."

    def passage(text: str, at: float, speaker: str = "Thomas Schulz") -> Passage:
        return Passage(text, text, 1, at, speaker)

    content = ItemContent(arguments=[
        Argument("Thomas Schulz", passage(hard, 1.0), easier=(passage(easy, 2.0),)),
        Argument("Klaus Becker", passage(figure, 3.0, "Klaus Becker"), "for"),
    ])  # fmt: skip
    return item, content


def test_a_text_too_hard_shows_an_easier_point_of_the_same_speaker_and_keeps_every_figure():
    item, content = _hard_item()
    speakers = Speakers({"Thomas Schulz": "CDU", "Klaus Becker": "SPD"}, frozenset(), frozenset())
    sentences = plain_item(item, [], content, "Rat der Stadt", speakers, "de")
    text = " ".join(s.text for s in sentences)
    assert "Das ist zu teuer für die Stadt." in text and "Verwaltungsmodernisierungsmaßnahmen" not in text
    assert "12 Millionen Euro" in text  # a figure is never given up for an easier text
    unchanged = ItemContent(arguments=[replace(a, easier=()) for a in content.arguments])
    before = plain_item(item, [], unchanged, "Rat der Stadt", speakers, "de")
    assert shortfall(sentences) < shortfall(before)
    # English texts name sides and figures only: nothing to swap there.
    assert plain_item(item, [], content, "Rat der Stadt", speakers, "en") == plain_item(
        item, [], unchanged, "Rat der Stadt", speakers, "en"
    )


def test_real_debates_read_easier_than_their_sources(minutes_services):
    """The development debates' texts: at most 12 words a sentence on average in all but one text outside question
    times (whose long questions are the content; one minutes text has 12.25), and half or more reach the reading
    ease of 65 (third-person minutes and long titles do not yet): see the results file."""
    eases, lengths = [], []
    for path in (p for p in DEBATE_FIXTURES if p.stem.startswith("dev-")):
        data, agenda = load_minutes_fixture(path)
        bundle = load_meeting(minutes_services.db(), minutes_services.import_transcript(data, agenda=agenda))
        for summary in (s for s in bundle.summaries if s.kind == "plain" and s.language == "de"):
            figures = summary.checks["readability"]
            eases.append(figures["reading_ease"])
            if "fragestunde" not in path.stem:
                lengths.append(figures["words_per_sentence"])
    assert sum(n > TARGET_WORDS for n in lengths) <= 1 and max(lengths) <= TARGET_WORDS + 1, lengths
    assert sum(eases) / len(eases) >= 63 and sum(e >= TARGET_EASE for e in eases) >= len(eases) / 2, eases


@pytest.mark.parametrize(
    "step",
    [
        "Der Magistrat wird ermächtigt, die Satzung auszufertigen.",
        "Die Satzung wird im Amtsblatt öffentlich bekannt gemacht.",
        "Die Verwaltung hat bis zum Herbst ein Konzept vorzulegen.",
        "Der Ausschuss wird den Antrag am 26.06. erneut beraten.",
        "Mir liegt ein Antrag auf unverzügliche Ausfertigung dieses Gesetzes vor.",  # Sächsischer Landtag
        # a committee's recommendation: the council decides next
        "Der Ausschuss empfiehlt dem Rat, die Satzung zu beschließen.",
        "Der Beschluss ergeht als Empfehlung an den Kreistag.",
    ],
)
def test_what_the_administration_or_the_chair_says_will_happen_is_the_next_step(step):
    item = AgendaItem("1", "Grundsteuer", start=0.0, end=60.0, utterance_ids=[1])
    said = [
        Sentence(1, 0, "Der Hebesatz steigt auf 490 Prozent.", 1.0, 3.0, "Jürgen Wolff"),
        Sentence(1, 1, step, 3.0, 6.0, "Jürgen Wolff"),
    ]
    content = item_content(item, said, {1: "Jürgen Wolff"}, {"Jürgen Wolff": "Stadtkämmerer"}, None, [])
    assert [p.text for p in content.next_steps] == [step]
    assert [p.text for p in content.about] == ["Der Hebesatz steigt auf 490 Prozent."]


def test_a_next_step_that_states_counts_is_left_to_the_decision():
    # counts in a next step would be checked against the votes; the decision tells them
    item = AgendaItem("1", "Grundsteuer", start=0.0, end=60.0, utterance_ids=[1])
    said = [
        Sentence(1, 0, "Der Hebesatz steigt auf 490 Prozent.", 1.0, 3.0, "Jürgen Wolff"),
        Sentence(1, 1, "Der Ausschuss empfiehlt dem Rat mit 2 Gegenstimmen, die Satzung zu beschließen.", 3.0, 6.0,
                 "Jürgen Wolff"),
    ]  # fmt: skip
    content = item_content(item, said, {1: "Jürgen Wolff"}, {"Jürgen Wolff": "Stadtkämmerer"}, None, [])
    assert content.next_steps == []
