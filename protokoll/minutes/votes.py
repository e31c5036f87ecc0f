"""Motions and vote results, read from the sentences in which a chair states them.

A result sentence says what happened to a motion: "Der Änderungsantrag ist mit zweiundzwanzig
Ja-Stimmen bei vierzehn Gegenstimmen und drei Enthaltungen angenommen", "Die Satzung ist
mehrheitlich angenommen", "Der Ausschuss nimmt den Bericht zur Kenntnis". Counts and the kind of
motion may also stand in the sentences just before it in the same utterance ("Abstimmung über
den Antrag der Linken: Ja-Stimmen 2, Nein-Stimmen 11, Enthaltungen 2. Damit ist der Antrag
abgelehnt."). Wishes, questions and conditionals ("Ich hoffe, dass der Antrag angenommen wird")
are not results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from protokoll.minutes.numbers import parse_number_word
from protokoll.minutes.text import Sentence

__all__ = ["Vote", "MOTION_KINDS", "RESULTS", "extract_votes", "numbers_as_digits"]

RESULTS = ("angenommen", "abgelehnt", "zur Kenntnis genommen")

# Spoken or written form -> the kind stored. Longer forms are tried first.
MOTION_KINDS = {
    "antrag auf vertagung": "Antrag auf Vertagung",
    "vertagungsantrag": "Antrag auf Vertagung",
    "geschäftsordnungsantrag": "Geschäftsordnungsantrag",
    "änderungsantrag": "Änderungsantrag",
    "ergänzungsantrag": "Änderungsantrag",
    "dringlichkeitsantrag": "Dringlichkeitsantrag",
    "beschlussvorlage": "Beschlussvorlage",
    "verwaltungsvorlage": "Beschlussvorlage",
    "vorlage": "Beschlussvorlage",
    "haushaltssatzung": "Haushaltssatzung",
    "gebührensatzung": "Satzung",
    "satzung": "Satzung",
    "bebauungsplan": "Bebauungsplan",
    "resolution": "Resolution",
    "antrag": "Antrag",
    "sachstandsbericht": "Bericht",
    "jahresbericht": "Bericht",
    "bericht": "Bericht",
    "mitteilung": "Mitteilung",
}
_KIND = re.compile(r"\b(" + "|".join(sorted(MOTION_KINDS, key=len, reverse=True)) + r")\w*", re.IGNORECASE)
_TAKEN_NOTE = re.compile(
    r"zur kenntnis (?:genommen|nimmt|nehmen)|\bnimmt\b.*\bzur kenntnis\b|\bnehmen\b.*\bzur kenntnis\b"
)
_REJECTED = re.compile(r"\babgelehnt\b")
_ADOPTED = re.compile(r"\b(?:angenommen|beschlossen|zugestimmt|beschließt|verabschiedet)\b")
# A result is stated, not wished, asked or made conditional.
_NOT_A_RESULT = re.compile(
    r"\?|\b(?:hoffe|hoffen|sollte|sollten|würde|würden|wäre|wenn|falls|ob|wünschen|beantragen|beantragt|bitte|wer)\b"
)
_COUNT_PATTERNS = {
    "yes": [
        r"(\d+) ja-stimmen",
        r"ja-stimmen:? (\d+)",
        r"(\d+) stimmen dafür",
        r"(\d+) dafür",
        r"mit (\d+) zu \d+ stimmen",
    ],
    "no": [
        r"(\d+) (?:gegenstimmen|gegenstimme|nein-stimmen|nein-stimme)",
        r"nein-stimmen:? (\d+)",
        r"(\d+) dagegen",
        r"mit \d+ zu (\d+) stimmen",
    ],
    "abstain": [r"(\d+) enthaltung(?:en)?", r"enthaltungen:? (\d+)"],
}
_NONE_OF = {
    "no": r"ohne gegenstimmen?|ohne nein-stimmen?",
    "abstain": r"ohne enthaltung(?:en)?|keine enthaltung(?:en)?",
}
_MAJORITY = re.compile(
    r"mit großer mehrheit|mit breiter mehrheit|mehrheitlich|mit mehrheit|gegen die stimmen [\w\s-]+?(?=[,.]|$)"
)
_NUMBER_WORD = re.compile(r"\b[a-zäöüß]+\b")


@dataclass
class Vote:
    """One motion and what the body did with it, with the sentence that says so as evidence."""

    motion: str
    result: str
    yes: int | None
    no: int | None
    abstain: int | None
    unanimous: bool
    majority: str | None
    proposer: str | None
    utterance_id: int
    start: float
    evidence: str
    sentence_index: int = 0
    item_number: str | None = None

    def as_expected(self) -> dict:
        """The fields a reference vote is compared on."""
        return {
            "item": self.item_number,
            "motion": self.motion,
            "result": self.result,
            "yes": self.yes,
            "no": self.no,
            "abstain": self.abstain,
            "unanimous": self.unanimous,
        }


def numbers_as_digits(text: str, articles: bool = True) -> str:
    """Lower-case text with German number words as digits ("einer Enthaltung" -> "1 enthaltung").

    With `articles` False, "einer"/"einem" stay words ("in einer Sitzung" is not a count).
    """
    lowered = text.lower()

    def digits(match: re.Match) -> str:
        word = match.group(0)
        if word in ("einer", "einem"):
            return "1" if articles else word
        value = parse_number_word(word)
        return str(value) if value is not None and word not in ("ein", "eine") else word

    lowered = re.sub(r"(?<=\d)\.(?=\d{3}\b)", "", lowered)
    return _NUMBER_WORD.sub(digits, lowered)


def _result(lowered: str) -> str | None:
    if _TAKEN_NOTE.search(lowered):
        return "zur Kenntnis genommen"
    if _REJECTED.search(lowered):
        return "abgelehnt"
    if _ADOPTED.search(lowered):
        return "angenommen"
    return None


def _count(text: str, field: str) -> int | None:
    for pattern in _COUNT_PATTERNS[field]:
        match = re.search(pattern, text)
        if match:
            return int(match.group(1))
    if field in _NONE_OF and re.search(_NONE_OF[field], text):
        return 0
    return None


def _kind(text: str) -> tuple[str, str | None] | None:
    """The motion named in text and who proposed it ("der FDP", "der Volt-Fraktion"), if any."""
    match = _KIND.search(text)
    if not match:
        return None
    proposer = re.match(r"\s+(?:der|des)\s+([A-ZÄÖÜ][\w/-]*(?:\s+(?:90/)?[A-ZÄÖÜ][\w/-]*)?)", text[match.end() :])
    return MOTION_KINDS[match.group(1).lower()], proposer.group(1) if proposer else None


def extract_votes(sentences: list[Sentence]) -> list[Vote]:
    """Return the votes stated in a session's sentences, in order."""
    votes: list[Vote] = []
    context: list[Sentence] = []  # the earlier sentences of the same utterance, since the last result
    previous_utterance = None
    for sentence in sentences:
        if sentence.utterance_id != previous_utterance:
            context, previous_utterance = [], sentence.utterance_id
        lowered = sentence.text.lower()
        result = None if _NOT_A_RESULT.search(lowered) else _result(lowered)
        if result is None:
            context.append(sentence)
            continue
        window = " ".join(numbers_as_digits(s.text) for s in [*context, sentence])
        named = _kind(sentence.text)
        for earlier in reversed(context):
            if named:
                break
            named = _kind(earlier.text)
        if named and named[1] is None:  # "Damit ist der Antrag abgelehnt" after "über den Antrag der Linken"
            earlier = (_kind(e.text) for e in reversed(context))
            named = next((k for k in earlier if k and k[0] == named[0] and k[1]), named)
        if named:
            motion, proposer = named
        else:
            motion, proposer = ("Bericht" if result == "zur Kenntnis genommen" else "Beschluss"), None
        majority = _MAJORITY.search(window)
        votes.append(
            Vote(
                motion=motion,
                result=result,
                yes=_count(window, "yes"),
                no=_count(window, "no"),
                abstain=_count(window, "abstain"),
                unanimous="einstimmig" in window,
                majority=majority.group(0) if majority else None,
                proposer=proposer,
                utterance_id=sentence.utterance_id,
                start=sentence.start,
                evidence=sentence.text,
                sentence_index=sentence.index,
            )
        )
        context = []
    return votes
