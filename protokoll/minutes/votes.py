"""Motions and vote results, read from the sentences in which a chair states them.

A result sentence says what happened to a motion: "Der Änderungsantrag ist mit zweiundzwanzig
Ja-Stimmen bei vierzehn Gegenstimmen und drei Enthaltungen angenommen", "Die Satzung ist
mehrheitlich angenommen", "Der Ausschuss nimmt den Bericht zur Kenntnis". Counts and the kind of
motion may also stand in the sentences just before it in the same utterance ("Abstimmung über
den Antrag der Linken: Ja-Stimmen 2, Nein-Stimmen 11, Enthaltungen 2. Damit ist der Antrag
abgelehnt."). Wishes, questions and conditionals ("Ich hoffe, dass der Antrag angenommen wird")
are not results.

Real chairs spread a vote over several steps, often over several sentences or utterances, and
protocols join the steps with dashes: "Wer stimmt zu? – Gegenprobe! – Enthaltungen? – Damit ist
die Überweisung beschlossen." A call ("Wer stimmt zu?", "um das Handzeichen", "Wir kommen zur
Abstimmung über …") opens a vote and names its motion; the result step may then say only "Das
Erste war die Mehrheit" or "Dann ist das so beschlossen". A result stated by faction ("mit den
Stimmen von SPD und Grünen gegen die Stimmen der CDU bei Enthaltung der FDP angenommen") keeps
the groups of each side. A negated result ("nicht zugestimmt", "keine Mehrheit gefunden") is a
rejection, never an adoption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from protokoll.minutes.numbers import parse_number_word
from protokoll.minutes.text import Sentence

__all__ = ["Vote", "MOTION_KINDS", "RESULTS", "extract_votes", "numbers_as_digits"]

RESULTS = ("angenommen", "abgelehnt", "zur Kenntnis genommen")

# Spoken or written form -> the kind stored. Longer forms are tried first.
MOTION_KINDS = {
    "antrag auf vertagung": "Antrag auf Vertagung",
    "überweisungsvorschlag": "Überweisung",
    "überweisung": "Überweisung",
    "beschlussempfehlung": "Beschlussempfehlung",
    "gesetzentwurf": "Gesetzentwurf",
    "entschließungsantrag": "Entschließungsantrag",
    "wahlvorschlag": "Wahlvorschlag",
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
_TAKEN_NOTE = re.compile(r"zur kenntnis (?:genommen|nimmt|nehmen)|\bnimmt\b.*\bkenntnis\b|\bnehmen\b.*\bkenntnis\b")
# The body itself as the subject of a decision ("Die Bezirksversammlung stimmt dem Antrag zu"), as
# minutes write it; a faction stating its position ("Die SPD stimmt der Vorlage zu") is not a result.
_BODY = (
    r"(?:bezirksversammlung|bezirksvertretung|stadtrat|gemeinderat|kreistag|landtag|bürgerschaft|abgeordnetenhaus"
    r"|bundestag|ausschuss|plenum|verbandsversammlung|\brat\b|\bdas haus\b)"
)
_REJECTED = re.compile(
    r"\babgelehnt\b|keine mehrheit|nicht die (?:erforderliche |notwendige )?mehrheit"
    r"|\bnicht (?:\w+ )?(?:angenommen|beschlossen|zugestimmt|verabschiedet)\b|das zweite war (?:\w+ )?die mehrheit"
    r"|\bich stelle fest\b.*\blehnt\b.*\bab\b|mehrheit\b[^.]*\bnicht erreicht"
    rf"|{_BODY}[^.]*\blehnt\b[^.]*\bab\b"
)
_ADOPTED = re.compile(
    r"\b(?:angenommen|beschlossen|zugestimmt|beschließt|verabschiedet|überwiesen|verwiesen|zurückverwiesen)\b"
    r"|das erste war (?:\w+ )?die mehrheit|\bdie mehrheit (?:des hauses |des rates )?(?:wünscht|ist dafür)\b"
    r"|\bes besteht (?:also )?einmütigkeit\b|\b(?:dann|so) verfahren wir (?:so|entsprechend)\b"
    r"|\b(?:wurde|ist) (?:damit )?(?:\w+ )?gefolgt\b|\b(?:ist|sind|wurde|wurden)\b[^.]*\bgewählt\b"
    r"|\bdamit schließt sich\b.*\ban\b"
    rf"|{_BODY}[^.]*\bstimmt\b[^.]*\bzu\b|\bstelle (?:ich )?(?:hiermit )?(?:die )?(?:zustimmung|einstimmigkeit)\b"
    r"|\bdie mehrheit der (?:abgegebenen )?stimmen\b.*\bauf sich\b"
    r"|\bich stelle fest\b.*\b(?:wählt|stimmt\b.*\bzu|beschließt)\b"
)
# After a call, a bare "Einstimmig." or "Das ist einstimmig so beschlossen" closes the vote.
_UNANIMOUS_ALONE = re.compile(
    r"^(?:auch )?(?:(?:das|dann|damit) (?:ist|war) (?:das )?(?:auch )?)?einstimmig\b|^auch hier einstimmigkeit\b"
)
# The steps of the procedure before the result.
_CALL = re.compile(
    r"\bwer\b[^?]*\b(?:zustimm\w*|stimmt\b[^?]*\bzu|dafür|für (?:diesen|den|die|das)\b|annehmen|seine zustimmung geben"
    r"|schließt sich\b[^?]*\ban)\b|\bum (?:das|ihr) handzeichen\b|\bdie hand zu erheben\b"
    r"|\b(?:kommen|gelangen) (?:\w+ )?zur abstimmung\b|\babstimmung über\b"
    r"|\bwir stimmen\b.*\bab\b|\blasse\b.*\babstimmen\b"
)
_COUNTER = re.compile(
    r"gegenprobe|\bwer\b[^?]*\b(?:dagegen|nicht zustimm\w*|nicht seine zustimmung|nicht)\s*\?|gegenstimmen\s*\?"
    r"|enthält sich|enthaltungen\s*\?|stimmenthaltungen\s*\?"
)
_STEP = re.compile(r"\s+[–—]\s+|\s+--?\s+(?=[A-ZÄÖÜ])|;\s+")
# Groups named after a result ("Zugestimmt haben die Fraktionen von SPD, …") belong to that result.
_GROUPS_AFTER = {
    "yes": re.compile(r"^(?:zugestimmt|dafür gestimmt) (?:haben|hat) (.+)", re.IGNORECASE),
    "no": re.compile(r"^(?:dagegen (?:gestimmt )?(?:haben|hat)|abgelehnt (?:haben|hat)) (.+)", re.IGNORECASE),
    "abstain": re.compile(r"^enthalten (?:haben|hat) sich (.+)", re.IGNORECASE),
}
# Groups on each side of a result stated by faction.
# Where the list of groups on one side ends: the other side, the result word, or the sentence's end.
_END = r"[.;]|$| (?:ist|sind|wurde|wurden|damit|so|mehrheitlich|angenommen|abgelehnt|beschlossen|zugestimmt)\b|"
_GROUP_SIDES = {
    "yes": re.compile(rf"\bmit (?:den )?stimmen (?:der |des |von )?(.+?)(?={_END} gegen | bei )", re.IGNORECASE),
    "no": re.compile(rf"\bgegen (?:die )?stimmen (?:der |des |von )?(.+?)(?={_END} bei | mit )", re.IGNORECASE),
    "abstain": re.compile(
        rf"\bbei (?:stimm)?enthaltung(?:en)? (?:der |des |von )?(.+?)(?={_END} gegen | mit )",
        re.IGNORECASE,
    ),
}
_GROUP_NOISE = re.compile(r"^(?:der|des|die|den|von|fraktion(?:en)?|gruppe|abgeordneten|teilen)\s+", re.IGNORECASE)
# A result is stated, not wished, asked or made conditional.
_NOT_A_RESULT = re.compile(
    r"\?|^\(|\b(?:hoffe|hoffen|sollte|sollten|würde|würden|wäre|wenn|falls|ob|wünschen|beantragen|beantragt|bitte|wer"
    r"|darf ich|hatten|hatte|soll|sollen|lautet|sicherlich|vermutlich|wahrscheinlich"
    r"|damals|bereits|schon|letzten|letzte|letztes|vorigen|im (?:januar|februar|märz|april|mai|juni|juli|august"
    r"|september|oktober|november|dezember)|vor \w+ (?:jahren|monaten|wochen))\b"
    r"|\b(?:angenommen|beschlossen|zugestimmt|überwiesen|gewählt) (?:wird|werden)\b"
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
    yes_groups: list[str] = field(default_factory=list)
    no_groups: list[str] = field(default_factory=list)
    abstain_groups: list[str] = field(default_factory=list)

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


def _result(lowered: str, after_call: bool = False) -> str | None:
    """The result a step states; a negated or "no majority" result is a rejection, checked first."""
    if _NOT_A_RESULT.search(lowered):
        return None
    if _TAKEN_NOTE.search(lowered):
        return "zur Kenntnis genommen"
    if _REJECTED.search(lowered):
        return "abgelehnt"
    if _ADOPTED.search(lowered) or (after_call and _UNANIMOUS_ALONE.search(lowered)):
        return "angenommen"
    return None


def _groups(text: str, side: str) -> list[str]:
    """The groups named on one side of a result stated by faction ("SPD und Grünen" -> ["SPD", "Grünen"])."""
    match = _GROUP_SIDES[side].search(text)
    return _group_names(match.group(1)) if match else []


def _group_names(listed: str) -> list[str]:
    """The groups in a list ("der SPD, der CDU und der FDP" -> ["SPD", "CDU", "FDP"])."""
    names = []
    for part in re.split(r",\s*|\s+und\s+|\s+sowie\s+", listed):
        name = part.strip().rstrip(".;:!")
        while _GROUP_NOISE.match(name):
            name = _GROUP_NOISE.sub("", name, count=1)
        if name and (name[0].isupper() or name[0].isdigit()):
            names.append(name)
    return names


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


def _steps(text: str) -> list[str]:
    """A sentence cut at the dashes with which protocols join the steps of a vote."""
    return [step for step in _STEP.split(text) if step.strip()]


def _motion(step: str, context: list[str], call: str | None, result: str) -> tuple[str, str | None]:
    """The motion a result is about: named in its step, else in the steps before it, else in the call."""
    candidates = [step, *reversed(context), *([call] if call else [])]
    named = next((k for k in map(_kind, candidates) if k), None)
    if named and named[1] is None:  # "Damit ist der Antrag abgelehnt" after "über den Antrag der Linken"
        named = next((k for k in map(_kind, candidates) if k and k[0] == named[0] and k[1]), named)
    if named:
        return named
    if re.search(r"überwie|verwies|überweis", " ".join([step, *context]).lower()):
        return "Überweisung", None
    if re.search(r"\bgewählt\b", step.lower()):
        return "Wahl", None
    return ("Bericht" if result == "zur Kenntnis genommen" else "Beschluss"), None


def extract_votes(sentences: list[Sentence]) -> list[Vote]:
    """Return the votes stated in a session's sentences, in order.

    The steps since the last result in the same utterance, and the last call (which may stand in
    an earlier utterance), are read with each result for its motion, counts and groups.
    """
    votes: list[Vote] = []
    context: list[str] = []  # the earlier steps of the same utterance, since the last result
    call: str | None = None  # the open call of a vote, until its result
    previous_utterance = None
    for sentence in sentences:
        if sentence.utterance_id != previous_utterance:
            context, previous_utterance = [], sentence.utterance_id
        for step in _steps(sentence.text):
            lowered = step.lower()
            if votes and _add_groups_after(votes[-1], step):
                continue
            if _CALL.search(lowered) and not _COUNTER.search(lowered):
                call = step
            result = _result(lowered, after_call=call is not None)
            if result is None:
                context.append(step)
                continue
            vote = _vote(sentence, step, context, call, result)
            if votes and _restates(votes[-1], vote, context):
                _merge(votes[-1], vote)
            else:
                votes.append(vote)
            context, call = [], None
    return votes


def _restates(previous: Vote, vote: Vote, steps_between: list[str]) -> bool:
    """True when a result repeats the one just stated ("Das Erste war die Mehrheit. Damit ist … angenommen")."""
    return (
        previous.utterance_id == vote.utterance_id
        and previous.result == vote.result
        and not any(_CALL.search(s.lower()) or _COUNTER.search(s.lower()) for s in steps_between)
        and (previous.motion == vote.motion or "Beschluss" in (previous.motion, vote.motion))
    )


def _merge(previous: Vote, vote: Vote) -> None:
    """Keep one vote: the later statement names the motion; counts and groups from either."""
    if vote.motion != "Beschluss":
        previous.motion, previous.proposer = vote.motion, vote.proposer or previous.proposer
    for name in ("yes", "no", "abstain", "majority"):
        if getattr(previous, name) is None:
            setattr(previous, name, getattr(vote, name))
    previous.unanimous = previous.unanimous or vote.unanimous
    for side in ("yes_groups", "no_groups", "abstain_groups"):
        getattr(previous, side).extend(g for g in getattr(vote, side) if g not in getattr(previous, side))


def _add_groups_after(vote: Vote, step: str) -> bool:
    """Add the groups a step names for the vote just stated; True if it was such a step."""
    for side, pattern in _GROUPS_AFTER.items():
        match = pattern.match(step.strip())
        if match:
            named = _group_names(match.group(1))
            getattr(vote, f"{side}_groups").extend(g for g in named if g not in getattr(vote, f"{side}_groups"))
            return True
    return False


def _vote(sentence: Sentence, step: str, context: list[str], call: str | None, result: str) -> Vote:
    steps = [*([call] if call and call not in context else []), *context, step]
    window = " ".join(numbers_as_digits(s) for s in steps)
    original = " ".join(steps)
    motion, proposer = _motion(step, context, call, result)
    majority = _MAJORITY.search(window)
    return Vote(
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
        yes_groups=_groups(original, "yes"),
        no_groups=_groups(original, "no"),
        abstain_groups=_groups(original, "abstain"),
    )
