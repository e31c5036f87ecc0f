"""The content of a filed protocol, independent of the file format.

A protocol is a list of blocks: the header with body, date, place and attendance, the results
protocol (Ergebnisprotokoll: per agenda item its speakers, motions and decisions, each with the
time it can be heard in the recording), and the verbatim transcript (Wortprotokoll). Markdown,
Word and PDF render the same blocks.
"""

from __future__ import annotations

from dataclasses import dataclass

from protokoll.minutes import wording
from protokoll.minutes.text import clock
from protokoll.records import StoredMeeting

__all__ = ["Block", "protocol_blocks", "PARTS"]

PARTS = ("all", "results", "verbatim")
_NOTE = "Automatisch erstellt; maßgeblich ist die Aufzeichnung."


@dataclass(frozen=True)
class Block:
    kind: str  # title | heading | subheading | fact | paragraph | bullet | utterance
    text: str
    label: str = ""


def _vote_line(vote: dict) -> str:
    return f"{wording.vote_text(vote, 'de')} [{clock(vote.start)}]"


def _header(bundle: StoredMeeting) -> list[Block]:
    meeting = bundle.meeting
    speakers = [s.heading for s in bundle.speakers if s.name]
    facts = [
        ("Gremium", meeting.body),
        ("Datum", meeting.date),
        ("Ort", meeting.place),
        ("Dauer", clock(meeting.duration) if meeting.duration else None),
        ("Anwesend (mit Wortbeitrag)", ", ".join(speakers) if speakers else None),
        ("Status", meeting.status),
    ]
    return [Block("title", meeting.title)] + [Block("fact", str(v), label) for label, v in facts if v]


def _results(bundle: StoredMeeting) -> list[Block]:
    blocks = [Block("heading", "Ergebnisprotokoll")]
    if not bundle.agenda_items:
        return blocks + [Block("paragraph", "Keine Tagesordnungspunkte erkannt.")]
    session = bundle.summary("plain", None)
    if session:
        blocks += [Block("subheading", "In einfacher Sprache"), Block("paragraph", session.text)]
    for item in bundle.agenda_items:
        when = (
            f" [{clock(item.start)}]" if item.start is not None
            else " (Beginn in der Aufzeichnung nicht erkannt)" if item.unrecognised
            else " (nicht behandelt)"
        )  # fmt: skip
        blocks.append(Block("subheading", f"TOP {item.number}: {item.title}{when}"))
        votes = [v for v in bundle.votes if v.agenda_item_id == item.id]
        outcome = wording.item_result(votes)
        if outcome:
            blocks.append(Block("fact", outcome, "Ergebnis"))
        blocks += [Block("bullet", _vote_line(v)) for v in votes]
        blocks += [Block("paragraph", f"Beschlusstext: {v.resolution}") for v in votes if v.resolution]
        statements = bundle.summary("key_statements", item.id)
        if statements:
            blocks.append(Block("paragraph", "Kernaussagen:"))
            blocks += [Block("bullet", line) for line in statements.text.splitlines()]
        plain = bundle.summary("plain", item.id)
        if plain and item.start is not None:
            blocks.append(Block("paragraph", f"In einfacher Sprache: {plain.text}"))
    return blocks


def _verbatim(bundle: StoredMeeting) -> list[Block]:
    blocks = [Block("heading", "Wortprotokoll")]
    titles = {i.id: f"TOP {i.number}: {i.title}" for i in bundle.agenda_items}
    current = None
    headings = bundle.speaker_headings()
    for utterance in bundle.utterances:
        item = utterance.agenda_item_id
        if item != current and item in titles:
            blocks.append(Block("subheading", titles[item]))
        current = item
        speaker = headings.get(utterance.speaker_id, utterance.speaker)
        blocks.append(Block("utterance", utterance.text, f"{speaker} [{clock(utterance.start)}]"))
    return blocks


def protocol_blocks(bundle: StoredMeeting, part: str = "all") -> list[Block]:
    """Return the blocks of the protocol; part is all, results (Ergebnisprotokoll) or verbatim."""
    blocks = _header(bundle) + [Block("paragraph", _NOTE)]
    if part in ("all", "results"):
        blocks += _results(bundle)
    if part in ("all", "verbatim"):
        blocks += _verbatim(bundle)
    return blocks
