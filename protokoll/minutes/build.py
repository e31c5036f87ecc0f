"""The minutes stage: agenda items, votes and checked summaries from a stored meeting's utterances.

It runs agenda segmentation, vote extraction and the summaries, and checks every summary
against the facts. It reads a meeting as the archive returns it and writes nothing: the
summarize service stores the result (and gives it only public utterances, so a range a clerk
marked non-public never reaches a summary).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from protokoll.minutes.agenda import AgendaEntry, AgendaItem, segment_agenda
from protokoll.minutes.factcheck import check_text
from protokoll.minutes.procedure import repaired_sentences
from protokoll.minutes.summaries import SessionFacts, Summary, facts_for, write_summaries
from protokoll.minutes.text import sentences_of
from protokoll.minutes.votes import Vote, extract_votes
from protokoll.records import StoredMeeting

__all__ = ["Minutes", "build_minutes"]


@dataclass
class Minutes:
    items: list[AgendaItem]
    votes: list[Vote]
    summaries: list[Summary]


def _chair(items: list[AgendaItem], speaker_of: dict[int, str]) -> str | None:
    """The speaker who opens most items."""
    counts = Counter(speaker_of.get(i.cue_utterance_id) for i in items if i.cue_utterance_id is not None)
    return counts.most_common(1)[0][0] if counts else None


def _one_item(bundle: StoredMeeting) -> AgendaEntry:
    """The one item of a record in which no item is called and no agenda was given: the minutes of one item alone,
    as council information systems print them (the decision first, then what was said, and never a call of the
    item). It runs from the first word, under the meeting's title (segment_agenda's agenda of one item)."""
    return AgendaEntry("1", bundle.meeting.title or "Sitzung", source="cue")


def _assign_votes(votes: list[Vote], items: list[AgendaItem], position: dict[tuple[int, int], int]) -> None:
    """A vote belongs to the last item called or, after a call of several, named again before the vote's
    sentence; of items called together and not named again, to the first."""
    cues = sorted(
        (position[sentence], -order, item.number)
        for order, item in enumerate(items)
        if item.cue_utterance_id is not None
        for sentence in [(item.cue_utterance_id, item.cue_sentence_index), *item.recalls]
    )
    for vote in votes:
        here = position[(vote.utterance_id, vote.sentence_index)]
        vote.item_number = next((number for at, _, number in reversed(cues) if at <= here), None)


def build_minutes(
    bundle: StoredMeeting,
    agenda: list[AgendaEntry] | None,
    embedder=None,
    known_names: set[str] | None = None,
    generator=None,
    decisions: dict[tuple[int, str], tuple[str, str]] | None = None,
) -> Minutes:
    """Return the minutes of a stored meeting (as `archive.load_meeting` returns it).

    `decisions` holds a clerk's results for votes, by (utterance id, evidence), as
    `archive.vote_decisions` returns them; the summaries are written with them.
    """
    utterances = bundle.utterances
    heard = {u.id: sentences_of(u) for u in utterances}
    read = {utterance_id: repaired_sentences(sentences) for utterance_id, sentences in heard.items()}
    items = segment_agenda(utterances, agenda, embedder, read)
    if not items and not agenda and utterances:
        items = segment_agenda(utterances, [_one_item(bundle)], embedder, read)
    sentences = [s for u in utterances for s in read[u.id]]
    position = {(s.utterance_id, s.index): n for n, s in enumerate(sentences)}
    votes = extract_votes(
        sentences,
        frozenset((i.cue_utterance_id, i.cue_sentence_index) for i in items if i.cue_utterance_id is not None),
    )
    _assign_votes(votes, items, position)
    for vote in votes:
        if (vote.utterance_id, vote.evidence) in (decisions or {}):
            vote.result, vote.decided_by = decisions[(vote.utterance_id, vote.evidence)]
    speaker_of = {u.id: u.speaker for u in utterances}
    affiliation = {s.name or s.label: s.faction or s.role for s in bundle.speakers if s.faction or s.role}
    meeting = bundle.meeting
    facts = SessionFacts(
        title=meeting.title,
        body=meeting.body,
        date=meeting.date,
        place=meeting.place,
        items=items,
        votes=votes,
        sentences=[s for u in utterances for s in heard[u.id]],  # quoted as heard
        speaker_of=speaker_of,
        affiliation=affiliation,
        chair=_chair(items, speaker_of),
        roles={s.display_name: s.role for s in bundle.speakers if s.role and not s.faction},  # members speak as such
        unnamed=frozenset(s.label for s in bundle.speakers if not s.name),
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
