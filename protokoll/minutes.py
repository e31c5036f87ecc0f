"""The minutes stage: agenda items, votes and summaries for a stored meeting, and writing them back.

It reads what the archive holds (public utterances only, so a range a clerk marked non-public
never reaches a summary), runs agenda segmentation, vote extraction and the summaries, checks
every summary against the facts, and replaces the meeting's previous minutes in one
transaction. `protokoll summarize` and the pipeline both come through `summarize_meeting`.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

import sqlite_utils

from . import store
from .agenda import AgendaEntry, AgendaItem, parse_agenda, segment_agenda
from .factcheck import check_text
from .summaries import SessionFacts, Summary, facts_for, write_summaries
from .text import sentences_of
from .votes import Vote, extract_votes

__all__ = ["Minutes", "build_minutes", "summarize_meeting"]


@dataclass
class Minutes:
    items: list[AgendaItem]
    votes: list[Vote]
    summaries: list[Summary]


def _chair(items: list[AgendaItem], speaker_of: dict[int, str]) -> str | None:
    """The speaker who opens most items."""
    counts = Counter(speaker_of.get(i.cue_utterance_id) for i in items if i.cue_utterance_id is not None)
    return counts.most_common(1)[0][0] if counts else None


def _assign_votes(votes: list[Vote], items: list[AgendaItem], position: dict[tuple[int, int], int]) -> None:
    """A vote belongs to the last item whose cue sentence comes before the vote's sentence."""
    cues = sorted(
        (position[(i.cue_utterance_id, i.cue_sentence_index)], i.number)
        for i in items
        if i.cue_utterance_id is not None
    )
    for vote in votes:
        here = position[(vote.utterance_id, vote.sentence_index)]
        vote.item_number = next((number for at, number in reversed(cues) if at <= here), None)


def build_minutes(
    bundle: dict,
    agenda: list[AgendaEntry] | None,
    embedder=None,
    known_names: set[str] | None = None,
    generator=None,
) -> Minutes:
    """Return the minutes of a meeting bundle (the shape `store.load_meeting` returns)."""
    utterances = bundle["utterances"]
    items = segment_agenda(utterances, agenda, embedder)
    sentences = [s for u in utterances for s in sentences_of(u)]
    position = {(s.utterance_id, s.index): n for n, s in enumerate(sentences)}
    votes = extract_votes(sentences)
    _assign_votes(votes, items, position)
    speaker_of = {u["id"]: u["speaker"] for u in utterances}
    affiliation = {
        s["name"] or s["label"]: s.get("faction") or s.get("role")
        for s in bundle["speakers"]
        if s.get("faction") or s.get("role")
    }
    meeting = bundle["meeting"]
    facts = SessionFacts(
        title=meeting["title"],
        body=meeting.get("body"),
        date=meeting.get("date"),
        place=meeting.get("place"),
        items=items,
        votes=votes,
        sentences=sentences,
        speaker_of=speaker_of,
        affiliation=affiliation,
        chair=_chair(items, speaker_of),
    )
    summaries = write_summaries(facts, embedder)
    names = set(known_names or ()) | set(speaker_of.values())
    by_number = {i.number: i for i in items}
    for summary in summaries:
        scope = [by_number[summary.item_number]] if summary.item_number else items
        scope_votes = [v for v in votes if summary.item_number in (None, v.item_number)]
        item_facts = facts_for(facts, scope, scope_votes, names)
        if summary.kind != "key_statements":  # quotations are the speakers' own words, not claims
            summary.checks["facts"] = check_text(summary.text, item_facts)
        if generator is not None and summary.kind == "plain":
            generator.rewrite(summary, item_facts)
    return Minutes(items, votes, summaries)


def summarize_meeting(
    db: sqlite_utils.Database,
    meeting_id: int,
    embedder=None,
    agenda: list[AgendaEntry] | None = None,
    generator=None,
    actor: str = "pipeline",
) -> Minutes:
    """(Re)build a stored meeting's minutes and store them; the agenda stored with it is used if none is given."""
    bundle = store.load_meeting(db, meeting_id)
    if agenda is None and bundle["meeting"].get("agenda"):
        agenda = parse_agenda(bundle["meeting"]["agenda"], "stored agenda")
    known = {row[0] for row in db.execute("SELECT name FROM persons")} | {
        row[0] for row in db.execute("SELECT name FROM speakers WHERE name IS NOT NULL")
    }
    minutes = build_minutes(bundle, agenda, embedder, known, generator)
    agenda_json = json.dumps([e.__dict__ for e in agenda], ensure_ascii=False) if agenda else None
    store.save_minutes(db, meeting_id, minutes, agenda_json, actor)
    return minutes
