"""How a vote is worded, in German and English: one vocabulary for the summaries, the protocol, the web and the CLI.

A vote here is either a `Vote` from the minutes stage or a stored vote (a dict, as the archive
returns it); both carry motion, proposer, result, yes, no, abstain, unanimous and majority.
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


def _field(vote, name: str):
    return vote.get(name) if isinstance(vote, dict) else getattr(vote, name)


def counts(vote, language: str) -> list[str]:
    """Return the counts a vote has, e.g. ["31 Ja-Stimmen", "20 Gegenstimmen"]."""
    words = _COUNT_WORDS[language]
    values = (_field(vote, "yes"), _field(vote, "no"), _field(vote, "abstain"))
    return [f"{n} {word}" for n, word in zip(values, words, strict=True) if n is not None]


def motion(vote, language: str) -> str:
    """Return the motion with its proposer: "Änderungsantrag der SPD", "amendment (SPD)"."""
    kind, proposer = _field(vote, "motion"), _field(vote, "proposer")
    if language == "en":
        return MOTIONS_EN.get(kind, kind) + (f" ({proposer})" if proposer else "")
    return kind + (f" der {proposer}" if proposer else "")


def result(vote, language: str) -> str:
    """Return the result word: "angenommen", "adopted"."""
    value = _field(vote, "result")
    return RESULTS_EN.get(value, value) if language == "en" else value


def vote_text(vote, language: str) -> str:
    """Return one line: "Änderungsantrag der SPD: angenommen, einstimmig (22 Ja-Stimmen, 3 Enthaltungen)"."""
    how = []
    if _field(vote, "unanimous"):
        how.append(_UNANIMOUS[language])
    elif _field(vote, "majority") and not counts(vote, language):
        how.append(_field(vote, "majority"))
    numbers = counts(vote, language)
    text = f"{motion(vote, language)}: {result(vote, language)}" + (f", {', '.join(how)}" if how else "")
    return text + (f" ({', '.join(numbers)})" if numbers else "")
