"""Summaries that are faithful by construction: templates filled with the extracted facts.

Four kinds, each in German and English except the extractive key statements:
- `results`: the results protocol (Ergebnisprotokoll) of an item: title, who spoke, motions,
  vote results;
- `key_statements`: per item one sentence per speaker, the one closest in meaning to the item
  (multilingual sentence embeddings), quoted with speaker and time;
- `plain`: plain language (einfache Sprache) per item and for the whole session (see `plain`):
  what it was about, what was said, what was decided, what happens next; each sentence with the
  utterance and time it rests on.
Nothing in them is generated freely: the plain texts are built from passages of the session
(`content`) and the votes, and `factcheck.check_text` and `content.check_rewrite` verify them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from protokoll.minutes import wording
from protokoll.minutes.agenda import AgendaItem
from protokoll.minutes.content import MINUTES_VOICE, ItemContent, check_rewrite, figures_in, item_content, plain_words
from protokoll.minutes.factcheck import Facts, VoteFact, dates_in, numbers_in
from protokoll.minutes.plain import (
    PlainSentence,
    Speakers,
    figures_en,
    listed_title,
    plain_item,
    plain_session,
    plain_title,
)
from protokoll.minutes.readability import readability
from protokoll.minutes.tally import numbers_as_digits
from protokoll.minutes.text import Sentence, clock
from protokoll.minutes.votes import Vote

__all__ = ["Summary", "SessionFacts", "write_summaries", "facts_for"]


@dataclass
class Summary:
    """One summary text with where it came from; `item_number` None means the whole session."""

    kind: str  # results | key_statements | plain
    language: str
    text: str
    item_number: str | None
    sources: list[int]  # utterance ids the summary rests on
    method: str = "template"
    model: str | None = None
    checks: dict = field(default_factory=dict)
    sentences: list[dict] = field(default_factory=list)  # plain texts: text, part, utterance_id, start


@dataclass
class SessionFacts:
    """What the summaries are built from."""

    title: str
    body: str | None
    date: str | None
    place: str | None
    items: list[AgendaItem]
    votes: list[Vote]
    sentences: list[Sentence]  # of every public utterance, in order
    speaker_of: dict[int, str]  # utterance id -> speaker's display name
    affiliation: dict[str, str]  # speaker's display name -> faction or role, where known
    chair: str | None  # the speaker who opens the items
    roles: dict[str, str] = field(default_factory=dict)  # speaker's display name -> role, where known
    unnamed: frozenset[str] = frozenset()  # display names that are diarization labels nobody named

    @cached_property
    def contents(self) -> dict[str, ItemContent]:
        """Item number -> what the item was about, as passages of its own sentences."""
        factions = {name: group for name, group in self.affiliation.items() if name not in self.roles}
        return {
            item.number: item_content(
                item, self.sentences, self.speaker_of, self.roles, self.chair, _item_votes(item, self.votes), factions
            )  # fmt: skip
            for item in self.items
        }

    def speakers(self) -> Speakers:
        minutes_voices = frozenset(n for n, r in self.roles.items() if MINUTES_VOICE.search(r))
        return Speakers(self.affiliation, self.unnamed, minutes_voices)


# --- per item ---------------------------------------------------------------------------------


def _speakers(item: AgendaItem, facts: SessionFacts) -> list[str]:
    names = []
    for utterance_id in item.utterance_ids:
        name = facts.speaker_of.get(utterance_id)
        if name and name != facts.chair and name not in names:
            names.append(name)
    return names


def _with_affiliation(name: str, facts: SessionFacts) -> str:
    affiliation = facts.affiliation.get(name)
    return f"{name} ({affiliation})" if affiliation else name


def _called_together(item: AgendaItem, facts: SessionFacts) -> list[str]:
    """The numbers of the other items called in the same sentence as this one (their debate is one)."""
    if item.cue_utterance_id is None:
        return []
    cue = (item.cue_utterance_id, item.cue_sentence_index)
    return [o.number for o in facts.items if o is not item and (o.cue_utterance_id, o.cue_sentence_index) == cue]


def _results_de(item: AgendaItem, votes: list[Vote], facts: SessionFacts) -> str:
    lines = [f"TOP {item.number}: {item.title}"]
    if not item.reached:
        lines.append("Beginn in der Aufzeichnung nicht erkannt." if item.unrecognised else "Nicht behandelt.")
        return "\n".join(lines)
    if together := _called_together(item, facts):
        lines.append("Gemeinsam aufgerufen mit " + ", ".join(f"TOP {n}" for n in together) + ".")
    speakers = _speakers(item, facts)
    if speakers:
        lines.append("Wortmeldungen: " + ", ".join(_with_affiliation(n, facts) for n in speakers) + ".")
    for vote in votes:
        counts = wording.counts(vote, "de")
        how = []
        if vote.unanimous:
            how.append("einstimmig")
        if counts:
            how.append("mit " + ", ".join(counts))
        elif vote.majority:
            how.append(vote.majority)
        detail = (" " + " ".join(how)) if how else ""
        lines.append(f"{wording.motion(vote, 'de')}: {vote.result}{detail} ({clock(vote.start)}).")
    if not votes:
        lines.append("Kein Beschluss.")
    return "\n".join(lines)


def _results_en(item: AgendaItem, votes: list[Vote], facts: SessionFacts) -> str:
    lines = [f"Item {item.number}: {item.title}"]
    if not item.reached:
        lines.append("Start not found in the recording." if item.unrecognised else "Not dealt with.")
        return "\n".join(lines)
    if together := _called_together(item, facts):
        lines.append("Called together with " + ", ".join(f"item {n}" for n in together) + ".")
    speakers = _speakers(item, facts)
    if speakers:
        lines.append("Speakers: " + ", ".join(_with_affiliation(n, facts) for n in speakers) + ".")
    for vote in votes:
        counts = wording.counts(vote, "en")
        how = (" unanimously" if vote.unanimous else "") + (" with " + ", ".join(counts) if counts else "")
        lines.append(
            f"{wording.motion(vote, 'en').capitalize()}: {wording.result(vote, 'en')}{how} ({clock(vote.start)})."
        )
    if not votes:
        lines.append("No decision.")
    return "\n".join(lines)


# --- key statements ---------------------------------------------------------------------------

_PROCEDURAL = re.compile(r"^(?:vielen dank|danke|herr|frau|bitte|guten abend|das ist nicht der fall)", re.IGNORECASE)


def key_statements(item: AgendaItem, facts: SessionFacts, embedder) -> list[Sentence]:
    """Per speaker (not the chair), the sentence of theirs closest in meaning to the item as a whole."""
    members = set(item.utterance_ids)
    candidates = [
        s
        for s in facts.sentences
        if s.utterance_id in members
        and facts.speaker_of.get(s.utterance_id) != facts.chair
        and len(s.text.split()) >= 5
        and not _PROCEDURAL.match(s.text)
    ]
    if not candidates or embedder is None:
        return []
    vectors = embedder.encode([item.title] + [s.text for s in candidates])
    centre = vectors[0] + vectors[1:].mean(axis=0)
    scores = vectors[1:] @ (centre / max(float(np.linalg.norm(centre)), 1e-9))
    best: dict[str, tuple[float, Sentence]] = {}
    for score, sentence in zip(scores, candidates, strict=True):
        speaker = facts.speaker_of.get(sentence.utterance_id, "?")
        if speaker not in best or score > best[speaker][0]:
            best[speaker] = (float(score), sentence)
    return sorted((s for _, s in best.values()), key=lambda s: s.start)


# --- facts for the check ----------------------------------------------------------------------


def facts_for(facts: SessionFacts, items: list[AgendaItem], votes: list[Vote], known_names: set[str]) -> Facts:
    """What a summary of these items may state."""
    numbers: set[int] = {len(items), len(votes), len([v for v in votes if v.result != "zur Kenntnis genommen"])}
    names: set[str] = set()
    dates: set[str] = {d for item in items for d in dates_in(item.title)}
    for item in items:
        numbers.update(numbers_in(numbers_as_digits(f"{item.number} {item.title}", articles=False)))
        names.add(item.title)  # a title may name a group ("Antrag der CDU zum Schulstandort")
        speakers = _speakers(item, facts)
        numbers.add(len(speakers))
        for name in speakers:
            names.add(name)
            names.add(facts.affiliation.get(name, ""))
    for name in list(names):
        numbers.update(numbers_in(numbers_as_digits(name, articles=False)))  # "Bündnis 90/Die Grünen"
    for vote in votes:
        numbers.update(n for n in (vote.yes, vote.no, vote.abstain) if n is not None)
        for group in vote.yes_groups + vote.no_groups + vote.abstain_groups:  # "BÜNDNIS 90/DIE GRÜNEN"
            names.add(group)
            numbers.update(numbers_in(numbers_as_digits(group, articles=False)))
        numbers.update(int(part) for part in re.findall(r"\d+", clock(vote.start)))
        if vote.proposer:
            names.add(vote.proposer)
    numbers.update(numbers_in(numbers_as_digits(f"{facts.body or ''} {facts.title}", articles=False)))
    for item in items:
        content = facts.contents.get(item.number)
        for passage in _passages(content) if content else []:
            shown = plain_words(passage.source)
            numbers.update(numbers_in(numbers_as_digits(shown, articles=False)))
            numbers.update(numbers_in(" ".join(figures_en(f) for f in figures_in(shown)).lower()))
            names.add(passage.source)  # the groups and people a passage names are the session's own words
            dates.update(dates_in(shown))
            names.add(passage.speaker or "")
            names.add(facts.affiliation.get(passage.speaker or "", ""))
    return Facts(
        numbers=numbers,
        names={n for n in names if n},
        titles={t for i in items for t in (i.title, plain_title(i.title), listed_title(i.title))},
        dates=dates,
        votes=[VoteFact(v.motion, v.result, v.yes, v.no, v.abstain, v.unanimous) for v in votes],
        date=facts.date,
        known_names=known_names,
    )


# --- assembling -------------------------------------------------------------------------------


def _item_votes(item: AgendaItem, votes: list[Vote]) -> list[Vote]:
    return [v for v in votes if v.item_number == item.number]


def _passages(content: ItemContent) -> list:
    passages = [*content.about, *content.next_steps]
    passages += [p for a in content.arguments for p in (a.passage, a.stance, *a.easier) if p]
    passages += [p for q in content.questions for p in q if p]
    return passages


def _plain_summary(language: str, sentences: list[PlainSentence], item_number: str | None,
                   sources: list[int]) -> Summary:  # fmt: skip
    text = " ".join(s.text for s in sentences)
    cited = sorted(set(sources) | {s.utterance_id for s in sentences if s.utterance_id is not None})
    return Summary("plain", language, text, item_number, cited, checks={"readability": readability(text, language)},
                   sentences=[s.as_dict() for s in sentences])  # fmt: skip


def _sources(item: AgendaItem, votes: list[Vote]) -> list[int]:
    return sorted({v.utterance_id for v in votes} | ({item.cue_utterance_id} if item.cue_utterance_id else set()))


def write_summaries(facts: SessionFacts, embedder=None) -> list[Summary]:
    """Return every template summary of a session, with readability figures on the plain ones."""
    summaries: list[Summary] = []
    speakers = facts.speakers()
    for item in facts.items:
        votes = _item_votes(item, facts.votes)
        sources = _sources(item, votes)
        summaries.append(Summary("results", "de", _results_de(item, votes, facts), item.number, sources))
        summaries.append(Summary("results", "en", _results_en(item, votes, facts), item.number, sources))
        content = facts.contents[item.number]
        rewrites = {p.text: check_rewrite(p.source, p.text) for p in _passages(content)}
        for language in ("de", "en"):
            summary = _plain_summary(language, plain_item(item, votes, content, facts.body, speakers, language),
                                     item.number, sources)  # fmt: skip
            summary.checks["rewrites"] = [f"{text}: {', '.join(r)}" for text, r in rewrites.items() if r]
            summaries.append(summary)
        if item.reached:
            statements = key_statements(item, facts, embedder)
            if statements:
                text = "\n".join(
                    f"{_with_affiliation(facts.speaker_of.get(s.utterance_id, '?'), facts)}, {clock(s.start)}: "
                    f"„{s.text}“"
                    for s in statements
                )
                summaries.append(
                    Summary(
                        "key_statements",
                        "de",
                        text,
                        item.number,
                        [s.utterance_id for s in statements],
                        method="extractive",
                        model=getattr(embedder, "name", None),
                    )  # fmt: skip
                )
    # The session's text is public with the meeting: non-public items and their decisions stay out of it.
    public_items = [i for i in facts.items if i.public]
    public_numbers = {i.number for i in public_items}
    public_votes = [v for v in facts.votes if v.item_number is None or v.item_number in public_numbers]
    all_sources = sorted({v.utterance_id for v in public_votes})
    for language in ("de", "en"):
        sentences = plain_session(facts.title, facts.body, facts.date, public_items, public_votes, facts.contents,
                                  speakers, language)  # fmt: skip
        summaries.append(_plain_summary(language, sentences, None, all_sources))
    return summaries
