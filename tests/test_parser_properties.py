"""Properties of the parsers for arbitrary input: a well-formed result or a ProtokollError, never anything else.

Covers the agenda (text, JSON, OParl), the transcript import, the search query, dates (the checks and
the CLI's date options) and the members import (CSV and OParl). Where a parser has an inverse or an
invariant, that is checked too: an agenda written from items reads back to the same numbers and titles,
a real date is accepted as it is and anything else refused.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from protokoll.archive import open_database
from protokoll.archive.search import MAX_QUERY_CHARS, parse_query
from protokoll.checks import check_date, check_period
from protokoll.errors import ProtokollError, ValidationError
from protokoll.interfaces.cli import cli
from protokoll.minutes.agenda import AgendaEntry, parse_agenda
from protokoll.speakers.directory import Directory, parse_csv, parse_oparl
from protokoll.speech.transcript_import import ImportedTranscript, parse_transcript

# Few examples each, so that the file runs in seconds; Hypothesis keeps the failures it found in its database.
FEW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


def _never_anything_but_protokoll_errors(parse, value):
    """Call parse(value): a result, or a ProtokollError with a one-line message; anything else fails the test."""
    try:
        return parse(value)
    except ProtokollError as error:
        assert "\n" not in str(error)
        return None


# --- the agenda -------------------------------------------------------------------------------------------


def _check_agenda(entries: list[AgendaEntry] | None) -> None:
    if entries is None:
        return
    assert entries and all(e.number and e.title and isinstance(e.public, bool) for e in entries)
    numbers = [e.number for e in entries]
    assert len(numbers) == len(set(numbers))


@FEW
@given(st.text(max_size=300))
def test_agenda_text_is_read_or_refused(text):
    _check_agenda(_never_anything_but_protokoll_errors(parse_agenda, text))


@FEW
@given(json_values)
def test_agenda_json_and_oparl_are_read_or_refused(value):
    for shape in (value, [value], {"agendaItem": value}, {"data": [value]}):
        _check_agenda(_never_anything_but_protokoll_errors(parse_agenda, json.dumps(shape)))


# No control characters, and no line or paragraph separators: str.splitlines() ends a line at those.
titles = st.text(st.characters(codec="utf-8", exclude_categories=("C", "Zl", "Zp")), min_size=1, max_size=40).filter(
    lambda t: t.strip() and "ffentlich" not in t.lower()  # "(nichtöffentlich)" in a title marks an item non-public
)


@FEW
@given(st.lists(st.tuples(st.integers(1, 999), titles), min_size=1, max_size=30, unique_by=lambda item: item[0]))
def test_an_agenda_written_as_text_reads_back_to_its_numbers_and_titles(items):
    text = "\n".join(f"TOP {number} {title}" for number, title in items)
    entries = parse_agenda(text)
    assert [(e.number, e.title) for e in entries] == [(str(n), " ".join(t.split())) for n, t in items]


@FEW
@given(st.lists(st.tuples(st.integers(1, 999), titles), min_size=1, max_size=30, unique_by=lambda item: item[0]))
def test_an_agenda_written_as_json_reads_back_to_its_numbers_and_titles(items):
    text = json.dumps([{"number": number, "title": title} for number, title in items], ensure_ascii=False)
    entries = parse_agenda(text)
    assert [(e.number, e.title) for e in entries] == [(str(n), " ".join(t.split())) for n, t in items]


# --- the transcript import ----------------------------------------------------------------------------------

utterance_values = st.fixed_dictionaries(
    {"speaker": st.one_of(st.text(max_size=5), st.integers(), st.none())},
    optional={
        "text": st.one_of(st.text(max_size=30), json_values),
        "start": st.one_of(st.floats(), st.integers(), st.text(max_size=5), st.none()),
        "end": st.one_of(st.floats(), st.integers(), st.text(max_size=5), st.none()),
    },
)
transcript_values = st.fixed_dictionaries(
    {"title": st.one_of(st.text(max_size=20), json_values)},
    optional={
        "utterances": st.one_of(st.lists(utterance_values, max_size=5), json_values),
        "speakers": json_values,
        "date": st.one_of(st.text(max_size=12), json_values),
        "language": st.one_of(st.sampled_from(["de", "en", "xx", "auto", ""]), json_values),
        "public": json_values,
        "agenda": json_values,
        "body": json_values,
    },
)


def _check_transcript(imported: ImportedTranscript | None) -> None:
    if imported is None:
        return
    assert imported.utterances and imported.info.title
    for utterance in imported.utterances:
        assert 0 <= utterance.start <= utterance.end and utterance.text
        assert all(utterance.start <= w.start <= w.end <= utterance.end + 1e-3 for w in utterance.words)


@FEW
@given(transcript_values)
def test_a_transcript_is_read_or_refused(data):
    _check_transcript(_never_anything_but_protokoll_errors(parse_transcript, data))


@FEW
@given(json_values)
def test_any_json_value_as_a_transcript_is_read_or_refused(data):
    _check_transcript(_never_anything_but_protokoll_errors(parse_transcript, data))


# --- the search query ---------------------------------------------------------------------------------------


@FEW
@given(st.text(max_size=MAX_QUERY_CHARS + 20))
def test_a_search_query_gives_terms_or_is_refused(query):
    terms = _never_anything_but_protokoll_errors(parse_query, query)
    if terms is not None:
        assert all(t.strip() and not any(c < " " for c in t) for t in terms)  # [] when no word: search() refuses


@pytest.fixture(scope="module")
def keyword_archive(tmp_path_factory):
    return open_database(tmp_path_factory.mktemp("search") / "archive.db")


@FEW
@given(query=st.text(max_size=60))
def test_a_keyword_search_answers_or_refuses_any_query(keyword_archive, query):
    from protokoll.archive.search import search

    hits = _never_anything_but_protokoll_errors(lambda q: search(keyword_archive, q, mode="keyword"), query)
    assert hits in (None, [])  # the archive is empty: nothing to find, but nothing may break either


# --- dates --------------------------------------------------------------------------------------------------


@FEW
@given(st.dates())
def test_a_real_date_is_accepted_as_it_is(day):
    assert check_date(day.isoformat()) == day.isoformat()


@FEW
@given(st.one_of(st.text(max_size=12), st.text("0123456789-W", max_size=10), json_values))
def test_anything_but_a_real_yyyy_mm_dd_date_is_refused(value):
    try:
        real = dt.date.fromisoformat(value).isoformat() == value
    except (TypeError, ValueError):
        real = False
    if real:
        assert check_date(value) == value
    elif value is None or value == "":
        assert check_date(value) is None  # no date given
    else:
        with pytest.raises(ValidationError, match="YYYY-MM-DD"):
            check_date(value)


@FEW
@given(st.dates(), st.dates())
def test_a_period_is_accepted_only_in_order(first, second):
    period = _never_anything_but_protokoll_errors(lambda _: check_period(first.isoformat(), second.isoformat()), None)
    assert (period is not None) == (first <= second)


@pytest.fixture(scope="module")
def cli_archive(tmp_path_factory):
    path = tmp_path_factory.mktemp("stats") / "archive.db"
    open_database(path)
    return path


@settings(max_examples=40, deadline=None)
@given(date_from=st.one_of(st.dates().map(dt.date.isoformat), st.text(max_size=12)), date_to=st.dates())
def test_the_cli_date_options_accept_real_dates_and_refuse_the_rest(cli_archive, date_from, date_to):
    assume("\x00" not in date_from and not date_from.startswith("-"))  # click reads a leading "-" as an option
    args = ["stats", "--body", "Rat", "--from", date_from, "--to", date_to.isoformat(), "--db", str(cli_archive)]
    result = CliRunner().invoke(cli, args)
    try:
        valid = dt.date.fromisoformat(date_from).isoformat() == date_from and date_from <= date_to.isoformat()
    except ValueError:
        valid = date_from == ""
    if valid:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 2 and result.output.startswith("Error: ") and result.output.count("\n") == 1


# --- members: CSV and OParl ---------------------------------------------------------------------------------


def _check_directory(directory: Directory | None) -> None:
    if directory is None:
        return
    assert all(p.name and p.key for p in directory.persons)
    assert all(m.person_key for m in directory.memberships)


@FEW
@given(st.text(max_size=300))
def test_any_text_as_a_members_csv_is_read_or_refused(text):
    _check_directory(_never_anything_but_protokoll_errors(parse_csv, text))


csv_cells = st.text(st.characters(codec="utf-8", exclude_categories=("C",), exclude_characters=',;"'), max_size=12)


@FEW
@given(st.lists(st.tuples(csv_cells, csv_cells, st.one_of(st.just(""), st.dates().map(dt.date.isoformat))),
                min_size=1, max_size=8))  # fmt: skip
def test_a_members_csv_reads_back_its_names_and_factions(rows):
    assume(all(name.strip() for name, _, _ in rows))
    text = "name,faction,start_date\n" + "\n".join(",".join(row) for row in rows) + "\n"
    directory = parse_csv(text)
    assert [m.person_key for m in directory.memberships] == [" ".join(name.split()) for name, _, _ in rows]
    assert [m.organization_key for m in directory.memberships] == [" ".join(f.split()) or None for _, f, _ in rows]


oparl_objects = st.fixed_dictionaries(
    {"type": st.sampled_from(["https://schema.oparl.org/1.1/Person", "Person", "Membership", "Organization", ""])},
    optional={
        "id": json_values,
        "name": json_values,
        "givenName": json_values,
        "familyName": json_values,
        "title": json_values,
        "gender": json_values,
        "formOfAddress": json_values,
        "person": json_values,
        "organization": json_values,
        "startDate": st.one_of(st.dates().map(dt.date.isoformat), json_values),
        "endDate": json_values,
        "membership": json_values,
        "organizationType": json_values,
        "shortName": json_values,
    },
)


@FEW
@given(st.one_of(oparl_objects, st.lists(oparl_objects, max_size=4), json_values))
def test_any_oparl_json_is_read_or_refused(data):
    _check_directory(_never_anything_but_protokoll_errors(parse_oparl, data))
