"""How a vote is worded, in German and English: one vocabulary for the summaries, the protocol, the web and the CLI.

A vote here is either a `Vote` from the minutes stage or a stored `VoteRecord`; both carry
motion, proposer, result, yes, no, abstain, unanimous and majority.
"""

from __future__ import annotations

import re

from protokoll.minutes.factcheck import MOTIONS_EN
from protokoll.minutes.votes import UNCLEAR

__all__ = ["ITEM_RESULTS_EN", "RESULTS_EN", "counts", "groups", "item_result", "motion", "result", "vote_text"]

RESULTS_EN = {
    "angenommen": "adopted",
    "abgelehnt": "rejected",
    "zur Kenntnis genommen": "noted",
    UNCLEAR: "unclear (being checked)",
}
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


_GROUP_WORDS = {
    "de": ("dafür", "dagegen", "Enthaltung"),
    "en": ("for", "against", "abstaining"),
}


def groups(vote, language: str) -> list[str]:
    """Return the sides of a result stated by faction, e.g. ["dafür: SPD, Grüne", "dagegen: CDU"]."""
    words = _GROUP_WORDS[language]
    sides = (vote.yes_groups, vote.no_groups, vote.abstain_groups)
    return [f"{word}: {', '.join(names)}" for names, word in zip(sides, words, strict=True) if names]


def vote_text(vote, language: str) -> str:
    """Return one line: "Änderungsantrag der SPD: angenommen, einstimmig (22 Ja-Stimmen, 3 Enthaltungen)".

    Counts are shown where the chair gave them, else the groups of each side, if stated.
    """
    detail = ", ".join(counts(vote, language)) or "; ".join(groups(vote, language))
    how = []
    if vote.unanimous:
        how.append(_UNANIMOUS[language])
    elif vote.majority and not detail:
        how.append(_majority_text(vote.majority, language))
    text = f"{motion(vote, language)}: {result(vote, language)}" + (f", {', '.join(how)}" if how else "")
    return text + (f" ({detail})" if detail else "")


def _majority_text(stated: str, language: str) -> str:
    """The chair's "mehrheitlich" (or "mit großer Mehrheit", "gegen die Stimmen …") as the line says it."""
    if language != "en":
        return stated
    return "by a large majority" if re.search(r"gro(ß|ss)er|breiter", stated) else "by a majority"


# An agenda item's result in the categories of council information systems (OParl AgendaItem.result).
ITEM_RESULTS_EN = {
    "unverändert beschlossen": "adopted unchanged",
    "geändert beschlossen": "adopted with amendments",
    "abgelehnt": "rejected",
    "vertagt": "adjourned",
    "verwiesen": "referred",
    "zur Kenntnis genommen": "noted",
    "gewählt": "elected",
    "Ergebnis wird geprüft": "result being checked",
}
_AMENDMENTS = {"Änderungsantrag"}
_ADJOURNMENTS = {"Antrag auf Vertagung", "Vertagung"}


def item_result(votes) -> str | None:
    """The result of an agenda item from its votes, in order: the last vote on the matter itself decides
    (an amendment adopted before it makes the item "geändert beschlossen"); None where nothing was decided."""
    if not votes:
        return None
    if any(v.result == UNCLEAR for v in votes):
        return "Ergebnis wird geprüft"
    main = [v for v in votes if v.motion not in _AMENDMENTS] or votes
    last = main[-1]
    if last.result == "zur Kenntnis genommen":
        return "zur Kenntnis genommen"
    if last.motion in _ADJOURNMENTS:
        return "vertagt" if last.result == "angenommen" else None
    if last.result == "abgelehnt":
        return "abgelehnt"
    if last.motion == "Überweisung":
        return "verwiesen"
    if last.motion in ("Wahl", "Wahlvorschlag"):
        return "gewählt"
    amended = any(v.motion in _AMENDMENTS and v.result == "angenommen" for v in votes)
    return "geändert beschlossen" if amended else "unverändert beschlossen"
