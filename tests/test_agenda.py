"""Agenda: reading the clerk's agenda in its three forms, and finding the items in a session."""

from __future__ import annotations

import json

import pytest

from protokoll.archive import load_meeting
from protokoll.errors import InputError
from protokoll.evaluation import MINUTES_FIXTURES, load_minutes_fixture
from protokoll.minutes.agenda import parse_agenda, segment_agenda
from protokoll.records import UtteranceRecord


def _utterances(texts: list[tuple[str, str]]) -> list[UtteranceRecord]:
    rows, clock = [], 0.0
    for index, (speaker, text) in enumerate(texts):
        end = clock + 0.4 * len(text.split())
        rows.append(UtteranceRecord(100 + index, speaker, clock, end, text))
        clock = end + 1.0
    return rows


def test_text_agenda_with_top_numbers_sub_items_and_non_public_marker():
    entries = parse_agenda(
        "Tagesordnung:\nTOP 1 Eröffnung\nTOP 5.1 Radschnellweg RS1\n3. Müllgebühren 2027\n"
        "TOP 7 Grundstücksangelegenheiten (nichtöffentlich)\n"
    )
    assert [(e.number, e.title, e.public) for e in entries] == [
        ("1", "Eröffnung", True),
        ("5.1", "Radschnellweg RS1", True),
        ("3", "Müllgebühren 2027", True),
        ("7", "Grundstücksangelegenheiten", False),
    ]


def test_json_list_of_titles_is_numbered_in_order():
    entries = parse_agenda(json.dumps(["Haushalt 2027", {"title": "Stellenplan", "number": "2a"}]))
    assert [(e.number, e.title) for e in entries] == [("1", "Haushalt 2027"), ("2a", "Stellenplan")]


def test_oparl_meeting_with_agenda_items():
    meeting = {
        "type": "https://schema.oparl.org/1.1/Meeting",
        "agendaItem": [
            {"type": "https://schema.oparl.org/1.1/AgendaItem", "id": "https://x/ai/1", "number": "4", "name": "RS1"},
            {"id": "https://x/ai/2", "number": "6", "name": "Grundstücke", "public": False},
        ],
    }
    entries = parse_agenda(json.dumps(meeting))
    assert [(e.number, e.title, e.public, e.oparl_id) for e in entries] == [
        ("4", "RS1", True, "https://x/ai/1"),
        ("6", "Grundstücke", False, "https://x/ai/2"),
    ]


@pytest.mark.parametrize(
    "text, message",
    [
        ("   ", "is empty"),
        ("[1, 2", "not valid JSON"),
        ('{"name": "x"}', "expected a list"),
        ("TOP 1 Haushalt\nTOP 1 Stellenplan", "appears more than once"),
        ('[{"number": 1, "title": ""}]', "has no title"),
        ("[42]", "neither a title nor an object"),
    ],
)
def test_malformed_agenda_gets_a_specific_error(text, message):
    with pytest.raises(InputError, match=message):
        parse_agenda(text, "agenda.txt")


@pytest.mark.parametrize("path", MINUTES_FIXTURES, ids=lambda p: p.stem)
def test_items_start_at_the_expected_utterance(path, text_embedder):
    data, agenda = load_minutes_fixture(path)
    utterances = _utterances([(u["speaker"], u["text"]) for u in data["utterances"]])
    items = segment_agenda(utterances, agenda, text_embedder)
    position = {u.id: n for n, u in enumerate(utterances)}
    found = [(i.number, position[i.utterance_ids[0]] if i.utterance_ids else None) for i in items]
    assert found == [(e["number"], e["first"]) for e in data["expected"]["items"]]


def test_mention_of_an_earlier_item_opens_nothing():
    utterances = _utterances(
        [
            ("V", "Ich rufe Tagesordnungspunkt 1 auf: Haushalt."),
            ("V", "Wir kommen zu TOP 2, Stellenplan."),
            ("A", "Wie unter Tagesordnungspunkt 1 gesagt, fehlt uns Geld. Das besprechen wir noch unter TOP 3."),
        ]
    )
    items = segment_agenda(utterances)
    assert [(i.number, i.utterance_ids) for i in items] == [("1", [100]), ("2", [101, 102])]


def test_items_found_without_agenda_take_their_title_from_the_cue():
    utterances = _utterances([("V", "Ich rufe Tagesordnungspunkt drei auf: Müllgebühren für das Jahr 2027.")])
    [item] = segment_agenda(utterances)
    assert (item.number, item.title, item.source) == ("3", "Müllgebühren für das Jahr 2027", "cue")


def test_spoken_number_loses_to_a_clearly_different_title(text_embedder):
    # Speech recognition heard "drei" where the chair called the item on the school renovation.
    agenda = parse_agenda("TOP 2 Sanierung der Gesamtschule Nord\nTOP 3 Müllgebühren 2027")
    utterances = _utterances([("V", "Wir kommen zu TOP 3: Sanierung der Gesamtschule Nord.")])
    items = segment_agenda(utterances, agenda, text_embedder)
    assert [(i.number, i.reached) for i in items] == [("2", True), ("3", False)]


def test_item_called_by_title_alone(text_embedder):
    agenda = parse_agenda("TOP 1 Verkehrsberuhigung Lindenallee\nTOP 2 Erneuerung Spielplatz Am Kanal")
    utterances = _utterances(
        [("V", "Wir beginnen mit Punkt eins der Tagesordnung."), ("V", "Dann kommen wir zum Spielplatz am Kanal.")]
    )
    items = segment_agenda(utterances, agenda, text_embedder)
    assert [(i.number, i.utterance_ids) for i in items] == [("1", [100]), ("2", [101])]


def test_an_opening_item_never_called_holds_the_opening_of_the_session():
    # the chair opens and calls item 2 in one breath; the opening item was dealt with, not skipped
    agenda = parse_agenda("1 Eröffnung und Feststellung der Beschlussfähigkeit\n2 Radschnellweg\n3 Müllgebühren")
    utterances = [
        UtteranceRecord(1, "Vorsitz", 0.0, 12.0,
                        "Guten Abend, ich eröffne die Sitzung. Ich stelle die Beschlussfähigkeit fest. "
                        "Wir kommen zu Tagesordnungspunkt 2, Radschnellweg."),
        UtteranceRecord(2, "Frau Yilmaz", 12.0, 30.0, "Der Radweg ist wichtig."),
    ]  # fmt: skip
    items = {item.number: item for item in segment_agenda(utterances, agenda)}
    assert items["1"].start == 0.0 and items["1"].end == items["2"].start > 0
    assert items["3"].start is None


def test_an_item_passed_over_is_not_recognised_rather_than_not_dealt_with():
    # item 2's cue was misheard; item 3 was called, so item 2 may well have come up in between
    agenda = parse_agenda("1 Radschnellweg\n2 Müllgebühren\n3 Mitteilungen\n4 Anfragen")
    utterances = [
        UtteranceRecord(1, "Vorsitz", 0.0, 5.0, "Ich rufe Tagesordnungspunkt 1 auf."),
        UtteranceRecord(2, "Vorsitz", 5.0, 9.0, "Ich rufe Tage Sortenspunkt zwo auf."),
        UtteranceRecord(3, "Vorsitz", 9.0, 14.0, "Ich rufe Tagesordnungspunkt 3 auf."),
    ]
    items = {item.number: item for item in segment_agenda(utterances, agenda)}
    assert (items["2"].reached, items["2"].unrecognised) == (False, True)
    assert (items["4"].reached, items["4"].unrecognised) == (False, False)


def test_written_minutes_head_an_item_with_date_number_and_title():
    # As council information systems print a minutes page: "03.12.2019 - 3.17.1 Festsetzung der …"
    entries = parse_agenda("TOP 3.17.1 Festsetzung der Höhe der Kreisumlage\nTOP 3.18 Stellenplan 2020")
    utterances = _utterances([
        ("PROT", "03.12.2019 - 3.17.1 Festsetzung der Höhe der Kreisumlage"),
        ("BARKOWSKY", "Herr Barkowsky beantragt, die Kreisumlage um 1,5 Prozentpunkte zu senken."),
        ("PROT", "03.12.2019 - 3.18 Stellenplan 2020"),
    ])  # fmt: skip
    first, second = segment_agenda(utterances, entries)
    assert (first.cue_utterance_id, first.utterance_ids) == (100, [100, 101])
    assert second.cue_utterance_id == 102


def test_an_agenda_of_one_item_covers_the_whole_recording_even_uncalled():
    entries = parse_agenda("TOP 5 Hundesteuer")
    utterances = _utterances([
        ("PROT", "Der Rat beschließt mehrheitlich die Erhöhung der Hundesteuer."),
        ("MEIER", "Frau Meier hält die Erhöhung für unsozial."),
    ])  # fmt: skip
    (item,) = segment_agenda(utterances, entries)
    assert item.reached and item.utterance_ids == [100, 101] and item.cue_text is None
    assert not segment_agenda(utterances, parse_agenda("TOP 5 Hundesteuer\nTOP 6 Verschiedenes"))[0].reached


def test_written_minutes_without_an_agenda_are_cut_at_their_headings():
    # Verbatim from real minutes (tests/fixtures/protocols: Fuhlenhagen 2009, Aachen 2017, Schwelm 2023,
    # Stadecken-Elsheim 2011): headings open items; numbered paragraphs and listed agendas do not.
    utterances = _utterances([
        ("N", "Verhandelt:"),
        ("N", "1. Eröffnung und Begrüßung"),
        ("N", "Der Vorsitzende eröffnet um 19.30 Uhr die Sitzung und begrüßt die Anwesenden."),
        ("N", "2. Bürgerfragestunde"),
        ("N", "1. Der Vorsitzende stellt fest, dass die Mitglieder des Ausschusses form und fristgerecht geladen "
              "wurden und beschlussfähig sind."),
        ("N", "02. Einwohnerfragestunde 03. Dorfplatz Elsheim 04. Bebauungsplan Gewerbegebiet"),
        ("N", "22 Ja-Stimmen"),
        ("N", "11.10.2017 - 3 Bebauungsplan Nr. 12"),
    ])  # fmt: skip
    items = segment_agenda(utterances)
    assert [(i.number, i.title, i.cue_utterance_id) for i in items] == [
        ("1", "Eröffnung und Begrüßung", 101), ("2", "Bürgerfragestunde", 103), ("3", "Bebauungsplan Nr. 12", 107),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "call, number",
    [  # real chairs (tests/fixtures/protocols: Hamburg 2007, Berlin 2017, Brandenburg 2025)
        ("Ich rufe Punkt 6 auf, Drucksache 18/4882, Große Anfrage der SPD-Fraktion.", "6"),
        ("Ich rufe auf lfd. Nr. 12: Nachträgliche Genehmigung der Ausgaben.", "12"),
        ("Meine Damen und Herren, ich schließe Tagesordnungspunkt 2, die Fragestunde, und eröffne "
         "Tagesordnungspunkt 3.", "3"),
        ("Ich rufe auf: 5 Die Zukunftsfähigkeit von Politik und Verwaltung stärken Antrag der Fraktion der PIRATEN "
         "Drucksache 16/12107", "5"),  # Landtag NRW: the number alone, then the title
        ("Ich lasse nun unter Punkt 3 b der Tagesordnung über das Gesetz abstimmen.", "3b"),  # Landtag BW
        ("Kolleginnen und Kollegen, bevor ich die Sitzung schließe, erlaube ich mir, noch den Tagesordnungspunkt 7 "
         "aufzurufen: Abstimmung über Anträge etc.", "7"),  # Bayerischer Landtag
        ("Wir haben unter Punkt 3 b der Tagesordnung darüber gesprochen.", None),
        ("Wir gehen weiter zu Punkt 2.", None),  # the points of one motion, voted on one by one
    ],
)  # fmt: skip
def test_chairs_call_items_in_the_words_of_their_house(call, number):
    items = segment_agenda(_utterances([("P", call)]))
    assert [i.number for i in items] == ([number] if number else [])


def test_a_heading_whose_title_the_source_cut_short_still_heads_an_item():
    # ALLRIS Hagen 2009 (tests/fixtures/protocols): the title ends in "..." where the page cut it
    utterances = _utterances([
        ("N", "30.09.2009 - 6.1 Prüfung der Neuaufstellung der Wahlbezirke in ..."),
        ("N", "Beschluss: ungeändert beschlossen"),
    ])  # fmt: skip
    assert [(i.number, i.cue_utterance_id) for i in segment_agenda(utterances)] == [("6.1", 100)]


def test_a_district_assemblys_sub_item_headed_with_its_paper_number():
    # Bezirksversammlung Altona 2022 (tests/fixtures/protocols): "Ö 3.1 - 21-3599 Fragen …", the paper's number
    # between the item's and its title
    utterances = _utterances([
        ("N", "Ö 3 Öffentliche Fragestunde"),
        ("N", "Ö 3.1 - 21-3599 Fragen für die Öffentliche Fragestunde bezüglich TOP 8.2, 9.1 und 9.9"),
        ("N", "Die Fragen werden vor Eintritt in die Tagesordnung in den Verkehrsausschuss überwiesen."),
    ])  # fmt: skip
    items = segment_agenda(utterances)
    assert [(i.number, i.title, i.cue_utterance_id) for i in items] == [
        ("Ö 3", "Öffentliche Fragestunde", 100),
        ("Ö 3.1", "Fragen für die Öffentliche Fragestunde bezüglich TOP 8.2, 9.1 und 9.9", 101),
    ]


def test_a_call_printed_apart_from_its_item_starts_the_item():
    # Landtag NRW, 3 December 2014 (tests/fixtures/protocols): "Ich rufe auf:", then the number and title.
    utterances = _utterances([
        ("P", "Damit ist diese Überweisungsempfehlung einstimmig angenommen."),
        ("P", "Ich rufe auf:"),
        ("P", "7 Bericht an den Landtag über die Ergebnisse der Sitzung der Gemeinsamen Wissenschaftskonferenz"),
        ("P", "Eine Debatte ist nicht vorgesehen."),
    ])  # fmt: skip
    [item] = segment_agenda(utterances)
    assert (item.number, item.cue_utterance_id) == ("7", 101)


@pytest.mark.parametrize(
    "call, numbers",
    [
        # Bundestag, 15th term (tests/fixtures/protocols)
        ("Ich rufe die soeben aufgesetzten Zusatzpunkte 1 bis 3 auf: ZP 1 Beratung des Antrags der Fraktionen der "
         "CDU/CSU und FDP", ["ZP 1", "ZP 2", "ZP 3"]),
        ("Ich rufe die Zusatzpunkte 2 und 3 auf: ZP2 Beratung des Antrags der Fraktion der SPD", ["ZP 2", "ZP 3"]),
        ("Ich rufe die Tagesordnungspunkte 5 a und b auf.", ["5a", "5b"]),
        ("Wir kommen zu den Tagesordnungspunkten 12, 13 und 18.", ["12", "13", "18"]),
        ("Ich rufe die Tagesordnungspunkte 7 a bis 7 c auf.", ["7a", "7b", "7c"]),
        # Hamburgische Bürgerschaft (tests/fixtures/protocols)
        ("Wir kommen nun zu den Tagesordnungspunkten 3 bis 5b, den Drucksachen 21/631 und 21/1466.",
         ["3", "4", "5", "5a", "5b"]),
        ("Ich rufe die Tagesordnungspunkte 5 bis 5b auf.", ["5", "5a", "5b"]),
        ("Ich rufe die Tagesordnungspunkte 5 bis 3b auf.", ["5", "3b"]),  # no range backwards
        ("Ich rufe Tagesordnungspunkt 3 und die Vorlage der Verwaltung auf.", ["3"]),
        ("Es wird vorgeschlagen, die Tagesordnungspunkte 12, 13, 18 und 21 von der Tagesordnung zu nehmen.", []),
        # minutes that record items taken up together (Karben, Berlin; tests/fixtures/protocols)
        ("Der Teil A TOP 3 und 4 wird enbloc abgestimmt.", ["3", "4"]),
        ("Die Tagesordnungspunkte 14 bis 16 stehen auf der Konsensliste.", ["14", "15", "16"]),
        ("Die Tagesordnungspunkte 5 und 6 werden gemeinsam beraten.", ["5", "6"]),
        ("Die Tagesordnungspunkte 5 und 6 wurden in der letzten Sitzung vertagt.", []),
    ],
)  # fmt: skip
def test_items_called_together_start_together(call, numbers):
    utterances = _utterances([("P", call), ("P", "Ich eröffne die Aussprache."), ("P", "Ich rufe Punkt 30 auf.")])
    *items, last = segment_agenda(utterances)
    assert [i.number for i in items] == numbers
    assert {(i.cue_utterance_id, i.end) for i in items} <= {(100, last.start)}


def test_of_items_called_together_the_first_holds_the_debate_and_a_vote_goes_to_the_item_named_again(
    minutes_services,
):
    data = {
        "title": "Sitzung",
        "speakers": {"P": {"name": "Präsidentin", "role": "Präsidentin"}},
        "utterances": [
            {"speaker": "P", "text": text}
            for text in (
                "Ich rufe die Zusatzpunkte 2 und 3 auf.",
                "Ich eröffne die Aussprache. Das Wort hat Herr Hörster.",
                "Wir kommen zur Abstimmung über den Antrag auf Drucksache 13/547. Wer stimmt dafür? – Gegenprobe? – "
                "Damit ist der Antrag angenommen.",
                "Wir kommen zur Abstimmung über Zusatzpunkt 3. Wer stimmt dem Antrag zu? – Gegenprobe? – Damit ist "
                "der Antrag abgelehnt.",
            )
        ],
    }
    stored = load_meeting(minutes_services.db(), minutes_services.import_transcript(data))
    number = {item.id: item.number for item in stored.agenda_items}
    assert [(number[v.agenda_item_id], v.result) for v in stored.votes] == [
        ("ZP 2", "angenommen"),
        ("ZP 3", "abgelehnt"),
    ]
    held = {number[u.agenda_item_id] for u in stored.utterances if u.agenda_item_id}
    assert held == {"ZP 2"}
    protocol = {number[s.agenda_item_id]: s.text for s in stored.summaries if (s.kind, s.language) == ("results", "de")}
    assert "Gemeinsam aufgerufen mit TOP ZP 3." in protocol["ZP 2"]
    assert "Gemeinsam aufgerufen mit TOP ZP 2." in protocol["ZP 3"]


def test_the_lettered_parts_of_an_item_are_items_and_the_items_call_is_the_first_parts():
    # Hessischer Landtag, constituent session 2009 (tests/fixtures/protocols)
    utterances = _utterances([
        ("P", "Meine Damen und Herren, wir kommen zu Tagesordnungspunkt 8:"),
        ("P", "Wer stimmt diesem Antrag zu? – Damit ist das einstimmig beschlossen."),
        ("P", "Tagesordnungspunkt 9:"),
        ("P", "a) Beschlussfassung über eine Neufassung des § 50 Abs. 1 GOHLT (Fachausschüsse)"),
        ("P", "Wir kommen zur Abstimmung über Nr. 1. Damit ist Nr. 1 einstimmig beschlossen."),
        ("P", "b) Beschlussfassung über die Zahl der Mitglieder der Fachausschüsse (§ 50 Abs. 3 GOHLT)"),
        ("P", "Wer möchte Drucks. 18/14 Nr. 2 zustimmen? – Damit ist Nr. 2 einstimmig angenommen worden."),
        ("P", "d) Die Verwaltung wird beauftragt, die Änderung bekannt zu machen."),
    ])  # fmt: skip
    items = segment_agenda(utterances)
    assert [(i.number, i.cue_utterance_id) for i in items] == [("8", 100), ("9a", 102), ("9b", 105)]
    assert items[1].title == "Beschlussfassung über eine Neufassung des § 50 Abs. 1 GOHLT (Fachausschüsse)"


def test_a_resolutions_lettered_clauses_are_no_items():
    utterances = _utterances([
        ("N", "5 Ausschusssitze"),
        ("N", "a) Der Rat der Stadt legt die Anzahl der Ausschusssitze in den einzelnen Ausschüssen einstimmig fest."),
        ("N", "b) Die Ausschüsse werden wie folgt besetzt:"),
    ])  # fmt: skip
    assert [i.number for i in segment_agenda(utterances)] == ["5"]


def test_baden_wuerttembergs_public_items_headed_with_the_number_first():
    # Gemeinderat Malsch 2016 (tests/fixtures/protocols): "1.Ö Bürgerfragestunde"
    utterances = _utterances([
        ("N", "Bericht über die Gemeinderatssitzung am 15.03.2016"),
        ("N", "1.Ö Bürgerfragestunde"),
        ("N", "Aus der Bürgerschaft wurden keine Fragen gestellt."),
        ("N", "2.Ö Freiwillige Feuerwehr Malsch\nBestellung des Feuerwehrkommandanten und dessen Stellvertreter"),
    ])  # fmt: skip
    assert [(i.number, i.title, i.cue_utterance_id) for i in segment_agenda(utterances)] == [
        ("1.Ö", "Bürgerfragestunde", 101),
        ("2.Ö", "Freiwillige Feuerwehr Malsch Bestellung des Feuerwehrkommandanten und dessen Stellvertreter", 103),
    ]


def test_an_item_headed_with_a_dash_after_top():
    # Ortsbeirat Wiesbaden (tests/fixtures/protocols): "TOP - 5. Wahl des/der stellvertretenden Vorsitzenden"
    utterances = _utterances([
        ("N", "TOP - 4. Mitteilungen"),
        ("N", "Es gibt keine Mitteilungen."),
        ("N", "TOP - 5. Wahl des/der stellvertretenden Vorsitzenden"),
        ("N", "Geheime Wahl des stellv. Vorsitzenden."),
    ])  # fmt: skip
    assert [(i.number, i.title, i.cue_utterance_id) for i in segment_agenda(utterances)] == [
        ("4", "Mitteilungen", 100),
        ("5", "Wahl des/der stellvertretenden Vorsitzenden", 102),
    ]


def test_an_item_left_at_once_for_another_starts_where_it_is_called_again():
    # Hessischer Landtag, 15 October 2003 (tests/fixtures/protocols)
    utterances = _utterances([
        ("P", "Damit kommen wir zu Tagesordnungspunkt 51."),
        ("Z", "(Zuruf von der SPD: 45 soll auch ohne Aussprache sein!)"),
        ("P", "45 soll auch ohne Aussprache sein? Dann muss ich noch einmal zurückblättern."),
        ("P", "Tagesordnungspunkt 45: Beschlussempfehlung und Bericht des Ältestenrats"),
        ("P", "Wer ist für die Annahme dieser Beschlussempfehlung? – Alle vier Fraktionen haben diese "
              "Beschlussempfehlung angenommen."),
        ("P", "Jetzt kommen wir zu Tagesordnungspunkt 51: Beschlussempfehlung und Bericht des Ausschusses für "
              "Wissenschaft und Kunst"),
    ])  # fmt: skip
    items = segment_agenda(utterances)
    assert [(i.number, i.cue_utterance_id) for i in items] == [("45", 103), ("51", 105)]


def test_an_item_whose_debate_ran_is_not_restarted_by_a_later_mention():
    utterances = _utterances([
        ("P", "Wir kommen zu Tagesordnungspunkt 4."),
        ("A", "Herr Präsident, meine Damen und Herren, die Vorlage ist gut begründet, und wir werden ihr zustimmen, "
              "weil sie den Schulen in unserer Stadt hilft und die Kosten im Rahmen bleiben, wie der Kämmerer sagt."),
        ("P", "Wir kommen zu Tagesordnungspunkt 5."),
        ("P", "Ich rufe Tagesordnungspunkt 4 noch einmal auf, weil die Abstimmung fehlt."),
    ])  # fmt: skip
    assert [(i.number, i.cue_utterance_id) for i in segment_agenda(utterances)] == [("4", 100), ("5", 102)]


def test_a_long_heading_of_two_joined_topics_heads_an_item_but_a_numbered_clause_does_not():
    # Landtag NRW, Beschlussprotokoll of 13 July 2017 (tests/fixtures/protocols)
    heading = (
        "1. Aufstehen gegen links - Demokratie verteidigen - Extremisten bekämpfen Aktuelle Stunde auf Antrag der "
        "Fraktion der AfD in Verbindung damit Beispielloses Ausmaß linksextremer Gewalt beim G20-Gipfel in Hamburg "
        "erschüttert ganz Deutschland — Welche Konsequenzen ergeben sich daraus für Nordrhein-Westfalen? Aktuelle "
        "Stunde auf Antrag der Fraktion der CDU und der Fraktion der FDP"
    )
    utterances = _utterances([
        ("N", heading),
        ("N", "Die Aktuelle Stunde wurde durchgeführt."),
        ("N", "2. Ziffer II Nr. 1 mit den Stimmen der Fraktionen von CDU, FDP und AfD gegen die Stimmen der "
              "Fraktionen von SPD und GRÜNEN angenommen,"),
    ])  # fmt: skip
    assert [(i.number, i.cue_utterance_id) for i in segment_agenda(utterances)] == [("1", 100)]


def test_lettered_parts_are_items_only_where_the_agenda_given_has_them():
    utterances = _utterances([
        ("P", "Tagesordnungspunkt 9:"),
        ("P", "a) Beschlussfassung über eine Neufassung des § 50 Abs. 1 GOHLT (Fachausschüsse)"),
        ("P", "b) Beschlussfassung über die Zahl der Mitglieder der Fachausschüsse"),
    ])  # fmt: skip
    undivided = parse_agenda("TOP 8 Ältestenrat\nTOP 9 Fachausschüsse")
    assert [(i.number, i.cue_utterance_id) for i in segment_agenda(utterances, undivided)] == [("8", None), ("9", 100)]
    divided = parse_agenda(json.dumps([{"number": "9a", "title": "Neufassung"}, {"number": "9b", "title": "Zahl"}]))
    assert [(i.number, i.cue_utterance_id) for i in segment_agenda(utterances, divided)] == [("9a", 100), ("9b", 102)]
    # an agenda that lists the item and its parts: the item keeps its call, its parts start at their headings
    both = parse_agenda(json.dumps([{"number": n, "title": n} for n in ("9", "9a", "9b")]))
    assert [(i.number, i.cue_utterance_id) for i in segment_agenda(utterances, both)] == [
        ("9", 100), ("9a", 101), ("9b", 102)
    ]  # fmt: skip


def test_items_called_together_take_the_titles_read_after_their_numbers():
    # Bundestag, 16 February 1995 (tests/fixtures/protocols)
    utterances = _utterances([
        ("P", "Ich rufe die Zusatzpunkte 2 und 3 auf: ZP2 Beratung des Antrags der Fraktion der SPD Bestimmung des "
              "Verfahrens für die Berechnung der Stellenanteile – Drucksache 13/547 ZP3 Beratung des Antrags der "
              "Fraktionen der CDU/CSU und F.D.P. Wahlverfahren von Gremien – Drucksache 13/542"),
        ("P", "Ich rufe die Tagesordnungspunkte 7 und 8 auf."),
    ])  # fmt: skip
    assert [(i.number, i.title) for i in segment_agenda(utterances)] == [
        ("ZP 2", "Beratung des Antrags der Fraktion der SPD Bestimmung des Verfahrens für die Berechnung der "
                 "Stellenanteile"),
        ("ZP 3", "Beratung des Antrags der Fraktionen der CDU/CSU und F.D.P. Wahlverfahren von Gremien"),
        ("7", "Tagesordnungspunkt 7"),
        ("8", "Tagesordnungspunkt 8"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "head",
    [
        "Auszug - Mitteilungen des Oberbürgermeisters\ndes Rates der Stadt\nTOP: Ö 8\nGremium: Rat der Stadt "
        "Beschlussart: zur Kenntnis genommen",
        # the same head with its lines joined, as a transcript import stores it
        "Auszug - Mitteilungen des Oberbürgermeisters des Rates der Stadt TOP: Ö 8 Gremium: Rat der Stadt",
        # a title that names another item
        "Auszug - Mitteilungen des Oberbürgermeisters zu TOP: Ö 5 der letzten Sitzung\ndes Rates der Stadt\nTOP: Ö 8\n"
        "Gremium: Rat der Stadt",
    ],
)
def test_the_head_of_an_items_page_in_a_council_information_system(head):
    # Herne (SessionNet): the title first, the number on a later line
    utterances = _utterances([("N", head), ("N", "Herr Oberbürgermeister Dr. Dudda teilt folgendes mit:")])
    [item] = segment_agenda(utterances)
    assert (item.number, item.cue_utterance_id) == ("Ö 8", 100)
    assert item.title.startswith("Mitteilungen des Oberbürgermeisters")
