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
from collections.abc import Iterator, Sequence
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
    r"(?:(?:Kolleg(?:e|en|in)|Abgeordnete[nr]?|Abg\.|Dr\.|Prof\.|Professor(?:in)?|Staatsminister(?:in)?|"
    r"Minister(?:in)?|Staatssekretär(?:in)?|Parlamentarische[rn]?|Senator(?:in)?|Bürgermeister(?:in)?|"
    r"Oberbürgermeister(?:in)?|Beigeordnete[nr]?|Stadtverordnete[nr]?|Ratsmitglied|Ratsherrn?|Ratsfrau|"
    r"Stadtr(?:at|ätin)|Bezirksbürgermeister(?:in)?|Fraktionsvorsitzende[nr]?|Vorsitzende[nr]?|Landrat|Landrätin|"
    r"Kämmerer|Kämmerin|Dezernent(?:in)?)\s+)*"
)
_NAME = r"(?:(?:von|van|de|zu|von der|van der)\s+)?[A-ZÄÖÜ][\w'’-]+(?:\s+[A-ZÄÖÜ][\w'’-]+)?"
# Who is addressed by name: "Herr Dr. Becker", "Kollegin Yilmaz", "der Abg. Kahnt".
_ADDRESSED = rf"(?:{_ADDRESS}\s+{_BETWEEN}|(?:Kolleg(?:e|in|en)|Abg\.|Abgeordnete[nr]?)\s+{_BETWEEN})"
_MENTION = re.compile(rf"\b{_ADDRESSED}(?P<name>{_NAME})")
_OFFICES = re.compile(rf"^{_BETWEEN}")
# A full name without "Herr"/"Frau": "Das Wort hat Stefan Zimkeit", "…, René Rock."
_FULL_NAME = re.compile(r"(?<![\w.])(?P<name>[A-ZÄÖÜ][a-zäöüßé]+(?:[ -][A-ZÄÖÜ][a-zäöüßé]+)*\s+[A-ZÄÖÜ][\w'’-]+)")
_ROLE = re.compile(
    r"\b(?:der|die|dem|den)\s+(?:Herrn?\s+|Frau\s+)?(?P<role>Kämmerer|Kämmerin|Oberbürgermeister(?:in)?|"
    r"Bürgermeister(?:in)?|Beigeordneten?|Stadtdirektor(?:in)?|Landrat|Landrätin|Minister(?:in)?|"
    r"Ministerpräsident(?:in)?|Senator(?:in)?|Dezernent(?:in)?|Baudezernent(?:in)?|Verwaltung)\b"
)
# What makes a sentence part give someone the floor.
_FLOOR_CUE = re.compile(
    rf"[Dd]as\s+Wort|[Zz]u\s+Wort|^\W*[Bb]itte(?:\s+schön|\s+sehr)?,\s*{_ADDRESSED}|\bhat\s+sich\b.*\bgemeldet|\bspricht\b|\bredet\b|Redner(?:in)?\b|Rednerpult|"
    rf"nach\s+vorne|Fragesteller(?:in)?\s+ist|zur\s+Erwiderung|zur\s+Geschäftsordnung|Nachfrage|Zusatzfrage|"
    rf"Kurzintervention|\b[Bb]itte(?:\s+sehr|\s+schön)?\s*[.!]?\s*$|^\W*{_ADDRESSED}{_NAME}(?:,\s*[A-ZÄÖÜ][\w/-]*(?:\s+[A-ZÄÖÜ][\w/-]*)?)?[\s,.!]*$"
)
# The person named there is not who speaks next: an interposed question asked of the speaker, a
# warning, a greeting, a speaker announced for later, a question read out for someone else to answer.
_NOT_FLOOR = re.compile(
    r"Zwischenfrage|Zwischenbemerkung|zum\s+Schluss|Redezeit|Ordnungsruf|zur\s+Ordnung|entschuldigt|Geburtstag|"
    r"gratulier|Glückwunsch|begrüße|Frage\s+\d*\s*(?:des|der)\b|zu\s+Protokoll"
    # who spoke before ("Das Wort hatte der Kollege Barth"); a speaker's stance ("Herr Fischer spricht sich gegen
    # eine Verweisung aus")
    r"|das\s+Wort\s+hatte|\bsprich(?:t|en)\s+(?:\S+\s+){0,3}sich\b",
    re.IGNORECASE,
)
# Minutes telling what the person named says in this very turn: "Auf Nachfrage … teilt Herr Bartel mit, dass …",
# "Herr Wolff erläutert die Vorlage" (not a relative clause after the floor: "Das Wort hat Herr X, der … erläutert").
_REPORTED = re.compile(
    rf"\b(?:teilt|erklärt|berichtet|antwortet|erläutert)\s+{_ADDRESSED}{_NAME}"
    rf"|{_ADDRESSED}{_NAME}\s+(?:teilt|erklärt|berichtet|antwortet|erläutert)\b"
)
_LATER = re.compile(r"\b(?:danach|anschließend|im\s+Anschluss|dann\s+folg\w*|es\s+folg\w*)\b", re.IGNORECASE)
_THANKS = re.compile(
    rf"^\s*(?:(?:Vielen|Herzlichen|Schönen)\s+)?Dank(?:e)?(?:\s+schön|\s+sehr)?,?\s+(?P<rest>{_ADDRESSED}{_NAME})"
)
_MIN_WORDS = 4


def _is_note(text: str) -> bool:
    """A written protocol's note in brackets, whole: "(Beifall CDU, vereinzelt SPD und Rolf Kahnt (fraktionslos))",
    not a speech that opens and ends with one."""
    text, depth = text.strip(), 0
    for position, character in enumerate(text):
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth == 0 and position < len(text) - 1:
            return False
    return text.startswith("(") and depth == 0


_HEADING_WORDS = {"Präsident", "Präsidentin", "Vorsitzende", "Vorsitzender", "Bürgermeister", "Bürgermeisterin",
                  "Kollege", "Kollegin", "Kollegen", "Damen", "Herren", "Fraktion", "Vizepräsident",
                  "Vizepräsidentin", "Minister", "Ministerin"}  # fmt: skip


def mentioned_names(text: str) -> list[tuple[str, str | None]]:
    """Return the persons a stretch of text addresses by name, as (name as said, form of address or None)."""
    found = []
    for match in _MENTION.finditer(text):
        address = match.group(0).split()[0]
        form = "Frau" if address in ("Frau", "Kollegin") else "Herr" if address.startswith(("Herr", "Kolleg")) else None
        name = match.group("name")
        if name.split()[0] in _HEADING_WORDS:
            continue
        found.append((name, form))
    return found


def _role_in(rest: str) -> str | None:
    match = _ROLE.search(rest)
    return match.group("role") if match else None


def _floor_parts(sentence: str) -> Iterator[str]:
    """The parts of a sentence (between dashes, or clauses joined by ", und") that give the floor, the last first;
    none after a part that gives it to no one ("…, Sie müssen zum Schluss kommen")."""
    # "Das Wort hatte der Kollege Barth, und das Wort ergreift Frau Kollegin Mertsching": the last clause
    for part in reversed(re.split(r"\s+[–-]\s+|^\s*[–-]\s*|,\s+und\s+", sentence)):
        part = _LATER.split(part)[0]  # "Das Wort hat Frau A, danach Herr B": A
        if _FLOOR_CUE.search(part):
            if _NOT_FLOOR.search(part) or _REPORTED.search(part):
                return
            yield part


def _given_fits(said: str, given_name: str | None) -> bool:
    """A given name said fits the member's, or its initial ('J. Michael' for 'Jörg Michael')."""
    if not given_name:
        return False
    first = _key(given_name.split()[0])
    return _key(said) == first or (len(first) == 1 and _key(said).startswith(first))


def _key(word: str) -> str:
    return fold(word).replace("-", "").replace("'", "")


def _match_member(name: str, form: str | None, members: Sequence, full: bool = False) -> object | None:
    """The one member this name fits: by family name (spelled or sounding alike), given name and address.

    `full`: the name was said without "Herr"/"Frau", so it counts only with a fitting given name.
    """
    words = [w for w in name.split() if w not in ("von", "van", "de", "zu", "der")]
    if not words or (full and len(words) < 2):
        return None
    if full:
        members = [m for m in members if _given_fits(words[0], m.given_name)]
    family = _key(words[-1])
    given = _key(words[0]) if len(words) > 1 else None
    fits, sounds = [], []
    for member in members:
        family_name = member.family_name or member.name.split()[-1]
        if form and member.form_of_address and form != member.form_of_address:
            continue
        if given and member.given_name and not _given_fits(words[0], member.given_name):
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


def _member_given_the_floor(part: str, members: Sequence) -> object | None:
    """The member a floor-giving part of a sentence names: addressed by name, by full name, or by office."""
    for name, form in mentioned_names(part):
        member = _match_member(name, form, members)
        if member is not None:
            return member
    for match in _FULL_NAME.finditer(part):
        name = _OFFICES.sub("", match.group("name"))  # "Staatsminister Peter Beuth"
        if name and name.split()[0] not in _HEADING_WORDS:
            member = _match_member(name, None, members, full=True)
            if member is not None:
                return member
    role = _role_in(part)
    return _match_role(role, members) if role else None


def _neighbour(utterances: Sequence, index: int, step: int) -> int | None:
    """The nearest utterance before (-1) or after (+1) by another voice, passing over interjections."""
    own = utterances[index].speaker
    other = index + step
    # Interjections ("Bravo!", applause) between the chair and the speaker are not the speaker, nor are a written
    # protocol's notes in brackets ("(Beifall CDU, BÜNDNIS 90/DIE GRÜNEN, vereinzelt SPD)").
    while 0 <= other < len(utterances) and (
        utterances[other].speaker == own
        or len(utterances[other].text.split()) < _MIN_WORDS
        or _is_note(utterances[other].text)
    ):
        other += step
    return other if 0 <= other < len(utterances) else None


def suggest_names(utterances: Sequence, members: Sequence) -> list[NameSuggestion]:
    """Return name suggestions from who gives whom the floor, in order.

    `utterances` have `speaker` (label), `text` and `start`; `members` have `person_id`, `name`,
    `family_name`, `given_name`, `form_of_address`, `role` and optionally `current` (see
    `archive.members_of`). The floor-giving sentence must be one of its utterance's last two, since
    a name said earlier in a long turn is usually about someone, not to them. Thanks count only from
    a voice that gives the floor elsewhere in the session (the chair): a speaker thanking someone
    is often answering a question.
    """
    found: list[NameSuggestion] = []
    for index, utterance in enumerate(utterances):
        for sentence in reversed(split_sentences(utterance.text)[-2:]):
            # "Das Wort hat Frau Yilmaz, und zwar zur Geschäftsordnung.": the part that names someone
            named = (_member_given_the_floor(part, members) for part in _floor_parts(sentence))
            member = next((m for m in named if m is not None), None)
            following = _neighbour(utterances, index, 1) if member else None
            if following is not None:
                found.append(NameSuggestion(utterances[following].speaker, member.person_id, member.name, "floor",
                                            sentence, index, float(utterance.start)))  # fmt: skip
                break
    chairs = {utterances[s.utterance_index].speaker for s in found}
    for index, utterance in enumerate(utterances):
        sentences = split_sentences(utterance.text)
        thanks = _THANKS.match(sentences[0]) if sentences and utterance.speaker in chairs else None
        if not thanks or _NOT_FLOOR.search(sentences[0]):
            continue
        named = mentioned_names(thanks.group("rest"))
        member = _match_member(*named[0], members) if named else None
        previous = _neighbour(utterances, index, -1) if member else None
        if previous is not None:
            found.append(NameSuggestion(utterances[previous].speaker, member.person_id, member.name, "thanks",
                                        sentences[0], index, float(utterance.start)))  # fmt: skip
    return sorted(found, key=lambda s: (s.utterance_index, s.source))
