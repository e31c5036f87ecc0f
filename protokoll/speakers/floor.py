"""Names from the session itself: the chair gives the floor by name, and thanks the speaker who finished.

"Frau Yilmaz hat das Wort", "Herr Dr. Becker, bitte", "Das Wort hat der Kämmerer", "Ich erteile
Herrn Kollegen Müller das Wort", "Für die SPD-Fraktion spricht jetzt Frau Schulz": the name is a
suggestion for the next speaker (the next utterance by another voice). "Vielen Dank, Herr Becker."
at the start of an utterance names the previous one. Names are matched against the body's members
(family name, given name and form of address where said; by sound for misheard names); a name
that fits no member, or fits two, is not suggested. So is one in a sentence about an interposed
question, where who speaks next is not the person named.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from protokoll.minutes.procedure import cologne_phonetics
from protokoll.minutes.text import fold, split_sentences

__all__ = ["NameSuggestion", "suggest_names", "mentioned_names"]


@dataclass(frozen=True)
class NameSuggestion:
    """A name for one speaker label, from a sentence of another's."""

    label: str  # the speaker label the name is for
    person_id: int | None
    name: str
    source: str  # "floor" (the floor was given to the next speaker) or "thanks" (the previous one was thanked)
    evidence: str
    utterance_index: int  # position, in the utterances given, of the utterance that said it
    start: float


_ADDRESS = r"(?:Herrn?|Frau)"
# Words between the form of address and the name: titles, offices, "Kollege".
_BETWEEN = (
    r"(?:(?:Kolleg(?:e|en|in)|Abgeordnete[nr]?|Dr\.|Prof\.|Professor(?:in)?|Staatsminister(?:in)?|Minister(?:in)?|"
    r"Staatssekretär(?:in)?|Senator(?:in)?|Bürgermeister(?:in)?|Oberbürgermeister(?:in)?|Beigeordnete[nr]?|"
    r"Stadtverordnete[nr]?|Ratsmitglied|Ratsherrn?|Ratsfrau|Stadtr(?:at|ätin)|Bezirksbürgermeister(?:in)?|"
    r"Fraktionsvorsitzende[nr]?|Vorsitzende[nr]?|Landrat|Landrätin|Kämmerer|Kämmerin|Dezernent(?:in)?)\s+)*"
)
_NAME = r"(?:(?:von|van|de|zu|von der|van der)\s+)?[A-ZÄÖÜ][\w'’-]+(?:\s+[A-ZÄÖÜ][\w'’-]+)?"
_ADDRESSED = rf"(?:{_ADDRESS}\s+{_BETWEEN}|Kolleg(?:e|in|en)\s+(?:Dr\.\s+)?)"
_MENTION = re.compile(rf"\b{_ADDRESSED}(?P<name>{_NAME})")
# A name given without "Herr"/"Frau" right after the trigger: "Das Wort hat Stefan Zimkeit."
_BARE_NAME = re.compile(rf"^\s*(?:{_BETWEEN})(?P<name>[A-ZÄÖÜ][\w'’-]+\s+{_NAME})")
_ROLE = re.compile(
    r"\b(?:der|die|dem|den)\s+(?:Herrn?\s+|Frau\s+)?(?P<role>Kämmerer|Kämmerin|Oberbürgermeister(?:in)?|"
    r"Bürgermeister(?:in)?|Beigeordneten?|Stadtdirektor(?:in)?|Landrat|Landrätin|Minister(?:in)?|"
    r"Ministerpräsident(?:in)?|Senator(?:in)?|Dezernent(?:in)?|Baudezernent(?:in)?|Verwaltung)\b"
)

_FLOOR_AFTER = re.compile(
    r"\b(?:[Dd]as\s+Wort\s+(?:hat|haben|erhält|bekommt|geht\s+an)|[Ee]s\s+spricht|(?:spricht|redet)\s+(?:jetzt\s+|nun\s+|"
    r"nunmehr\s+|zunächst\s+|dann\s+|als\s+[Nn]ächste[rs]?\s+|als\s+[Ee]rste[rs]?\s+)*|[Nn]ächste[rs]?\s+(?:Redner(?:in)?|"
    r"Wortmeldung|Rednerin)\s*(?:ist|kommt\s+von|:)?|"
    r"[Ee]rteile\s+(?:ich\s+)?(?:jetzt\s+|nun\s+|nunmehr\s+)?|^\s*Bitte(?:\s+schön|\s+sehr)?,?\s+(?=Herr|Frau))(?P<rest>.*)"
)
_FLOOR_BEFORE = re.compile(
    r"^(?P<rest>.*?)\b(?:hat|haben|erhält|bekommt)\s+(?:jetzt\s+|nun\s+|nunmehr\s+|zunächst\s+|dann\s+|als\s+[Nn]ächste[rs]?\s+|"
    r"als\s+[Ee]rste[rs]?\s+)*(?:das\s+Wort|sich\s+(?:zu\s+Wort|als\s+[Nn]ächste[rs]?\s+)gemeldet)"
)
# "Herr Becker, bitte." / "Frau Yilmaz, Sie haben das Wort."
_NAME_THEN_PLEASE = re.compile(rf"^\s*(?P<rest>{_ADDRESSED}{_NAME})\s*,?\s*(?:bitte|Sie\s+haben\s+das\s+Wort)\b")
_THANKS = re.compile(
    rf"^\s*(?:(?:Vielen|Herzlichen|Schönen)\s+)?Dank(?:e)?(?:\s+schön|\s+sehr)?,?\s+(?P<rest>{_ADDRESSED}{_NAME})"
)
# The person named there is not who speaks next (interposed question, a note on the record).
_NOT_FLOOR = re.compile(
    r"Zwischenfrage|Zwischenbemerkung|Kurzintervention|Ordnungsruf|rufe .* zur Ordnung|entschuldigt|"
    r"Geburtstag|gratulier|Glückwunsch|begrüße|Nachfrage|Frage des|Frage der",
    re.IGNORECASE,
)
_MIN_WORDS = 4
_HEADING_WORDS = {"Präsident", "Präsidentin", "Vorsitzende", "Vorsitzender", "Bürgermeister", "Bürgermeisterin",
                  "Kollege", "Kollegin", "Kollegen", "Damen", "Herren", "Fraktion"}  # fmt: skip


def mentioned_names(text: str) -> list[tuple[str, str | None]]:
    """Return the persons a stretch of text names, as (name as said, form of address or None), in order."""
    found = []
    for match in _MENTION.finditer(text):
        address = match.group(0).split()[0]
        form = "Frau" if address in ("Frau", "Kollegin") else "Herr" if address.startswith(("Herr", "Kolleg")) else None
        name = match.group("name")
        if name.split()[0] in _HEADING_WORDS:
            continue
        found.append((name, form))
    return found


def _named_in(rest: str, last: bool) -> tuple[str, str | None] | None:
    names = mentioned_names(rest)
    if names:
        return names[-1] if last else names[0]
    bare = _BARE_NAME.match(rest)
    if bare and bare.group("name").split()[0] not in _HEADING_WORDS:
        return bare.group("name"), None
    return None


def _role_in(rest: str) -> str | None:
    match = _ROLE.search(rest)
    return match.group("role") if match else None


def _floor_target(sentence: str) -> tuple[tuple[str, str | None] | None, str | None]:
    """Return (name, form of address) or a role that a sentence gives the floor to."""
    if _NOT_FLOOR.search(sentence):
        return None, None
    match = _NAME_THEN_PLEASE.match(sentence)
    if match:
        return _named_in(match.group("rest"), last=False), None
    match = _FLOOR_BEFORE.match(sentence)
    if match:
        named = _named_in(match.group("rest"), last=True)
        return named, None if named else _role_in(match.group("rest"))
    match = _FLOOR_AFTER.search(sentence)
    if match:
        rest = re.split(r"\b(?:danach|anschließend|dann|und\s+dann|es\s+folg)", match.group("rest"))[0]
        named = _named_in(rest, last=False)
        return named, None if named else _role_in(rest)
    return None, None


def _key(word: str) -> str:
    return fold(word).replace("-", "").replace("'", "")


def _match_member(name: str, form: str | None, members: Sequence) -> object | None:
    """The one member this name fits: by family name (spelled or sounding alike), given name and address."""
    words = [w for w in name.split() if w not in ("von", "van", "de", "zu", "der")]
    if not words:
        return None
    family = _key(words[-1])
    given = _key(words[0]) if len(words) > 1 else None
    fits, sounds = [], []
    for member in members:
        family_name = member.family_name or member.name.split()[-1]
        if form and member.form_of_address and form != member.form_of_address:
            continue
        if given and member.given_name and _key(member.given_name.split()[0]) != given:
            continue
        if _key(family_name) == family or _key(member.name).endswith(" " + family) and len(family) > 3:
            fits.append(member)
        elif len(family) >= 4 and cologne_phonetics(family_name) == cologne_phonetics(words[-1]):
            sounds.append(member)
    # Members on the meeting's date before former ones; a name spelled alike before one sounding alike.
    current = [[m for m in group if getattr(m, "current", True)] for group in (fits, sounds)]
    for group in (*current, fits, sounds):
        if len(group) == 1:
            return group[0]
        if len(group) > 1:
            return None
    return None


def _match_role(role: str, members: Sequence) -> object | None:
    stem = fold(role)[:7]
    fits = [m for m in members if m.role and stem in fold(m.role) and getattr(m, "current", True)]
    return fits[0] if len(fits) == 1 else None


def _suggestion(utterances, index, direction, members, named, role, sentence, source):
    member = None
    if named:
        member = _match_member(named[0], named[1], members)
    elif role:
        member = _match_role(role, members)
    if member is None:
        return None
    own = utterances[index].speaker
    step = 1 if direction == "next" else -1
    other = index + step
    # Interjections ("Bravo!", applause) between the chair and the speaker are not the speaker.
    while 0 <= other < len(utterances) and (
        utterances[other].speaker == own or len(utterances[other].text.split()) < _MIN_WORDS
    ):
        other += step
    if not 0 <= other < len(utterances):
        return None
    return NameSuggestion(
        utterances[other].speaker,
        member.person_id,
        member.name,
        source,
        sentence,
        index,
        float(utterances[index].start),
    )


def suggest_names(utterances: Sequence, members: Sequence) -> list[NameSuggestion]:
    """Return name suggestions from who gives whom the floor, in order.

    `utterances` have `speaker` (label), `text` and `start`; `members` have `person_id`, `name`,
    `family_name`, `given_name`, `form_of_address`, `role` and optionally `current` (see
    `archive.members_of`). The floor-giving sentence must be its utterance's last or next-to-last,
    since a name said earlier in a long turn is usually about someone, not to them.
    """
    suggestions = []
    for index, utterance in enumerate(utterances):
        sentences = split_sentences(utterance.text)
        if not sentences:
            continue
        thanks = _THANKS.match(sentences[0])
        if thanks and not _NOT_FLOOR.search(sentences[0]):
            named = _named_in(thanks.group("rest"), last=False)
            found = _suggestion(utterances, index, "previous", members, named, None, sentences[0], "thanks")
            if found:
                suggestions.append(found)
        for sentence in sentences[-2:]:
            named, role = _floor_target(sentence)
            if named or role:
                found = _suggestion(utterances, index, "next", members, named, role, sentence, "floor")
                if found:
                    suggestions.append(found)
                    break
    return suggestions
