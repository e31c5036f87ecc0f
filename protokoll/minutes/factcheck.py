"""Checks that a summary states only what the extracted facts back.

Every summary text, the template ones and a generator's rewrites alike, goes through
`check_text`. A sentence fails when it carries a number that is not among the facts, gives a
vote count that belongs to no vote (22 in favour where 22 voted against), pairs a motion with a
result it did not get (outside quotations and agenda titles), names a person or group absent from the
facts, or gives another date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from protokoll.minutes.tally import numbers_as_digits
from protokoll.minutes.text import split_sentences
from protokoll.minutes.votes import MOTION_KINDS

__all__ = ["Facts", "VoteFact", "check_text", "numbers_in", "dates_in", "MONTHS_DE", "MONTHS_EN", "MOTIONS_EN",
           "MOTIONS_EVERYDAY_DE"]  # fmt: skip

MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
             "November", "Dezember"]  # fmt: skip
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]  # fmt: skip


@dataclass(frozen=True)
class VoteFact:
    motion: str
    result: str
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    unanimous: bool = False


@dataclass
class Facts:
    """What a summary may state: its numbers, people and groups, votes and the meeting's date."""

    numbers: set[int] = field(default_factory=set)
    names: set[str] = field(default_factory=set)  # people and factions the summary may mention
    votes: list[VoteFact] = field(default_factory=list)
    date: str | None = None  # ISO date of the meeting
    known_names: set[str] = field(default_factory=set)  # everyone in the archive: to catch wrong attributions
    titles: set[str] = field(default_factory=set)  # agenda item titles: their words are no claim of a decision
    dates: set[str] = field(default_factory=set)  # other ISO dates the session's own words give ("ab 1. Juni 2027")


_ENGLISH_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}  # fmt: skip
# Result words in German and English -> the stored result.
_RESULT_WORDS = {
    "angenommen": "angenommen",
    "beschlossen": "angenommen",
    "zugestimmt": "angenommen",
    "adopted": "angenommen",
    "approved": "angenommen",
    "passed": "angenommen",
    "abgelehnt": "abgelehnt",
    "rejected": "abgelehnt",
    "zur kenntnis genommen": "zur Kenntnis genommen",
    "took note": "zur Kenntnis genommen",
    "noted": "zur Kenntnis genommen",
}
_RESULT = re.compile(r"\b(" + "|".join(sorted(_RESULT_WORDS, key=len, reverse=True)) + r")\b")
MOTIONS_EN = {
    "Antrag auf Vertagung": "motion to postpone",
    "Vertagung": "postponement",
    "Geschäftsordnungsantrag": "procedural motion",
    "Änderungsantrag": "amendment",
    "Dringlichkeitsantrag": "urgent motion",
    "Beschlussvorlage": "administration's proposal",
    "Haushaltssatzung": "budget by-law",
    "Satzung": "by-law",
    "Bebauungsplan": "zoning plan",
    "Resolution": "resolution",
    "Antrag": "motion",
    "Bericht": "report",
    "Mitteilung": "notice",
    "Beschluss": "proposal",
}
# Once a plain text's glossary has said what a term means, its decision names the thing in everyday words
# ("Die Verwaltung macht einen Vorschlag. Das ist die Beschlussvorlage. Der Rat hat den Vorschlag der Verwaltung
# angenommen.").
MOTIONS_EVERYDAY_DE = {
    "Beschlussvorlage": "den Vorschlag der Verwaltung",
    "Beschlussempfehlung": "die Empfehlung",
    "Änderungsantrag": "die Änderung",
    "Bebauungsplan": "den Plan",
    "Haushaltssatzung": "den Haushalt",
    "Gesetzentwurf": "das Gesetz",
}
_MOTION_FORMS = {**{k: v for k, v in MOTION_KINDS.items()}, **{v.lower(): k for k, v in MOTIONS_EN.items()}}
_MOTION_FORMS["vorschlag"] = "Beschluss"
_MOTION_FORMS.update({everyday.lower(): motion for motion, everyday in MOTIONS_EVERYDAY_DE.items()})
_MOTION = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _MOTION_FORMS), key=len, reverse=True)) + r")\w*")
_COUNT_ROLES = {
    "yes": r"(\d+)\s+(?:ja-stimmen|stimmen dafür|mitglieder waren dafür|waren dafür|dafür|votes? in favou?r|"
    r"in favou?r|members voted for|voted for|yes votes?)",
    "no": r"(\d+)\s+(?:gegenstimmen|gegenstimme|nein-stimmen|waren dagegen|dagegen|votes? against|voted against|"
    r"against|no votes?)",
    "abstain": r"(\d+)\s+(?:enthaltungen|enthaltung|haben sich enthalten|abstentions?|abstained)",
}
_FACTIONS = ["SPD", "CDU", "CSU", "FDP", "AfD", "Grünen", "Grüne", "Linke", "Linken", "BSW", "Volt", "Piraten",
             "Freie Wähler", "ÖDP", "Tierschutzpartei", "Die PARTEI", "Wählergemeinschaft"]  # fmt: skip
_HONORIFIC = re.compile(r"\b(?:Herr|Herrn|Frau|Mr|Mrs|Ms|Dr)\.?\s+((?:Dr\.\s+)?[A-ZÄÖÜ][\w-]+)")
_DATE_PATTERNS = [
    re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
    re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"),
    re.compile(r"\b(\d{1,2})\.\s+(" + "|".join(MONTHS_DE) + r")\s+(\d{4})"),
    re.compile(r"\b(" + "|".join(MONTHS_EN) + r")\s+(\d{1,2}),?\s+(\d{4})"),
    re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS_EN) + r")\s+(\d{4})"),
]


def numbers_in(lowered: str) -> list[int]:
    """The integers in lower-cased text, English number words included ("4,2" gives 4 and 2)."""
    text = re.sub(r"\b(" + "|".join(_ENGLISH_NUMBERS) + r")\b", lambda m: str(_ENGLISH_NUMBERS[m.group(1)]), lowered)
    return [int(n) for n in re.findall(r"(?<![\w.,])\d+(?![\w])", re.sub(r"(\d),(\d)", r"\1 \2", text))]


def dates_in(sentence: str) -> list[str]:
    found = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(sentence):
            parts = match.groups()
            try:
                if pattern is _DATE_PATTERNS[0]:
                    year, month, day = int(parts[0]), int(parts[1]), int(parts[2])
                elif pattern is _DATE_PATTERNS[1]:
                    day, month, year = int(parts[0]), int(parts[1]), int(parts[2])
                elif pattern is _DATE_PATTERNS[2]:
                    day, month, year = int(parts[0]), MONTHS_DE.index(parts[1]) + 1, int(parts[2])
                elif pattern is _DATE_PATTERNS[3]:
                    month, day, year = MONTHS_EN.index(parts[0]) + 1, int(parts[1]), int(parts[2])
                else:
                    day, month, year = int(parts[0]), MONTHS_EN.index(parts[1]) + 1, int(parts[2])
            except ValueError:
                continue
            found.append(f"{year:04d}-{month:02d}-{day:02d}")
    return found


def check_text(text: str, facts: Facts) -> list[str]:
    """Return the reasons text is not backed by facts (empty when every sentence is)."""
    problems = []
    for sentence in split_sentences(text.replace("\n", " ")):
        claims = re.sub(r"„[^“]*“", " ", sentence)  # a quotation is the speaker's claim, not the summary's
        for title in sorted(facts.titles, key=len, reverse=True):
            claims = claims.replace(title, " ")
        lowered = numbers_as_digits(claims)
        plain_numbers = numbers_as_digits(sentence, articles=False)
        dates = dates_in(sentence)
        for date in dates:
            if date != facts.date and date not in facts.dates:
                problems.append(f"date {date} is not the meeting's date: {sentence!r}")
        date_numbers = {int(p) for d in dates for p in d.split("-")}
        for value in numbers_in(plain_numbers):
            if value not in facts.numbers and value not in date_numbers:
                problems.append(f"number {value} is not in the facts: {sentence!r}")
        for role, pattern in _COUNT_ROLES.items():
            for match in re.finditer(pattern, lowered):
                value = int(match.group(1))
                if not any(getattr(v, role) == value for v in facts.votes):
                    problems.append(f"no vote has {value} for {role}: {sentence!r}")
        results = {_RESULT_WORDS[m.group(1)] for m in _RESULT.finditer(lowered)}
        motions = {_MOTION_FORMS[m.group(1)] for m in _MOTION.finditer(lowered)}
        if "einstimmig" in lowered or "unanimous" in lowered:
            if not any(v.unanimous for v in facts.votes):
                problems.append(f"no vote was unanimous: {sentence!r}")
        for result in results:
            matching = [v for v in facts.votes if v.result == result and (not motions or v.motion in motions)]
            if not matching:
                what = " or ".join(sorted(motions)) or "any motion"
                problems.append(f"{what} was not {result}: {sentence!r}")
        allowed = {n.lower() for n in facts.names}
        for name in facts.known_names:
            mentioned = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", sentence, re.IGNORECASE)
            if mentioned and not any(name.lower() in n for n in allowed):
                problems.append(f"{name} is not among the people of this summary: {sentence!r}")
        for match in _HONORIFIC.finditer(sentence):
            surname = match.group(1)
            if not any(surname.lower() in n for n in allowed):
                problems.append(f"{match.group(0)} is not among the people of this summary: {sentence!r}")
        for faction in _FACTIONS:
            if re.search(rf"\b{re.escape(faction)}\b", sentence) and not any(faction.lower() in n for n in allowed):
                problems.append(f"{faction} is not among the groups of this summary: {sentence!r}")
    return problems
