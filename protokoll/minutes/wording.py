"""How a vote is worded, in German and English: one vocabulary for the summaries, the protocol, the web and the CLI.

A vote here is either a `Vote` from the minutes stage or a stored `VoteRecord`; both carry
motion, proposer, result, yes, no, abstain, unanimous and majority.
"""

from __future__ import annotations

from protokoll.minutes.factcheck import MOTIONS_EN

__all__ = ["RESULTS_EN", "counts", "motion", "result", "vote_text"]

RESULTS_EN = {"angenommen": "adopted", "abgelehnt": "rejected", "zur Kenntnis genommen": "noted"}
_COUNT_WORDS = {
    "de": ("Ja-Stimmen", "Gegenstimmen", "Enthaltungen"),
    "en": ("in favour", "against", "abstentions"),
}
_UNANIMOUS = {"de": "einstimmig", "en": "unanimously"}


def counts(vote, language: str) -> list[str]:
    """Return the counts a vote has, e.g. ["31 Ja-Stimmen", "20 Gegenstimmen"]."""
    words = _COUNT_WORDS[language]
    values = (vote.yes, vote.no, vote.abstain)
    return [f"{n} {word}" for n, word in zip(values, words, strict=True) if n is not None]


def motion(vote, language: str) -> str:
    """Return the motion with its proposer: "Änderungsantrag der SPD", "amendment (SPD)"."""
    kind, proposer = vote.motion, vote.proposer
    if language == "en":
        return MOTIONS_EN.get(kind, kind) + (f" ({proposer})" if proposer else "")
    return kind + (f" der {proposer}" if proposer else "")


def result(vote, language: str) -> str:
    """Return the result word: "angenommen", "adopted"."""
    value = vote.result
    return RESULTS_EN.get(value, value) if language == "en" else value


def vote_text(vote, language: str) -> str:
    """Return one line: "Änderungsantrag der SPD: angenommen, einstimmig (22 Ja-Stimmen, 3 Enthaltungen)"."""
    how = []
    if vote.unanimous:
        how.append(_UNANIMOUS[language])
    elif vote.majority and not counts(vote, language):
        how.append(vote.majority)
    numbers = counts(vote, language)
    text = f"{motion(vote, language)}: {result(vote, language)}" + (f", {', '.join(how)}" if how else "")
    return text + (f" ({', '.join(numbers)})" if numbers else "")
