"""Council procedure as recognition heard it: sound-alike repair of the procedural words before they are read.

Whisper garbles the closed vocabulary of council procedure in ways a reader of German recovers
at once: "Tage Mordnungspunkt 3", "Nährungsantrag", "mit 22 Jahren stehmen", "ist ein stehlich
angenommen", "Die Natzung", "zur Kindnis", "abgrennt". Each token (and each pair of adjacent
tokens, for words split in two) is compared with the vocabulary by its Kölner Phonetik code
(Postel 1969, the German counterpart of Soundex) and by spelling; a close match on both is read
as the procedural word. Numbers that recognition split ("10 .000", "4 ,2", "52 -Ja") are joined,
and a number word glued to a word ("Dreieenthaltungen") is cut off.

Only words that are not German words are repaired ("Sitzung" is never read as "Satzung"; the
word list is pyspellchecker's German one), and only in sentences where procedure is spoken:
those with a procedural word heard right, or two heard nearly right. The verbatim transcript
keeps what was heard; agenda cues and votes are read from the repaired sentence, which is what
a vote's evidence shows.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from protokoll.minutes.numbers import parse_number_word
from protokoll.minutes.text import Sentence

__all__ = ["cologne_phonetics", "is_german", "repair_procedure", "repaired_sentences"]

# The words as they are written; the index is on their lower-case form.
VOCABULARY = (
    "Tagesordnungspunkt", "Tagesordnung", "Ja-Stimmen", "Ja-Stimme", "Nein-Stimmen", "Nein-Stimme", "Gegenstimmen",
    "Gegenstimme", "Stimmenthaltung",
    "Enthaltungen", "Enthaltung", "Stimmenthaltungen", "Vertagung", "Änderungsantrag", "Ergänzungsantrag",
    "Beschlussvorlage", "Beschlussempfehlung", "Beschlussvorschlag", "einstimmig", "mehrheitlich", "Gegenprobe",
    "angenommen", "abgelehnt", "beschlossen", "zugestimmt", "abstimmen", "stimmen", "Abstimmung", "Satzung",
    "Gebührensatzung", "Haushaltssatzung", "Kenntnis", "Handzeichen", "Überweisung", "Dringlichkeitsantrag",
    "Verwaltungsvorlage", "Bebauungsplan", "enthält", "Antrag", "Vorlage",
)  # fmt: skip
# Words that show procedure is spoken in a sentence when heard exactly.
_ANCHORS = {
    "tagesordnungspunkt", "tagesordnung", "top", "abstimmung", "abstimmen", "antrag", "vorlage", "bericht",
    "angenommen", "abgelehnt", "beschlossen", "einstimmig", "mehrheitlich", "enthaltungen", "gegenstimmen",
    "handzeichen", "dafür", "dagegen", "gegenprobe", "kenntnis", "satzung", "rufe",
}  # fmt: skip
_INDEX = {word.lower().replace("-", ""): word for word in VOCABULARY}
_TOKEN = re.compile(r"[A-Za-zÄÖÜäöüß-]+")
# "ist ein stimmen angenommen", "ein stehlich angenommen": "einstimmig" before a result word
_UNANIMOUS_HEARD = re.compile(
    r"\bein ?st\w{2,7} (?=(?:so )?(?:angenommen|beschlossen|zugestimmt|gewählt|abgelehnt)\b)", re.IGNORECASE
)
# "18 -9 -Stimmen": "nein" heard as "neun"
_NINE_FOR_NO = re.compile(r"\b(\d+) -?(?:9|neun) -?stimmen\b", re.IGNORECASE)
# Short words that are never half of a split procedural word ("den Nährungsantrag" is not one word).
_FUNCTION_WORDS = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "und", "mit", "bei", "zur",
                   "zum", "zu", "über", "auf", "für", "von", "ist", "sind", "wir", "ich", "sie", "nun", "dann", "als",
                   "im", "am", "in", "an", "vom", "wie", "oder", "auch"}  # fmt: skip
# "10 .000", "4 ,2" -> "10.000", "4,2"; "52 -Ja" -> "52 Ja"
_COUNT = re.compile(r"\d+[.,:;]?")
_SPLIT_NUMBER = re.compile(r"(?<=\d) ([.,])(?=\d)")
_DASHED_WORD = re.compile(r"(?<=\d) -(?=[A-Za-zÄÖÜäöü])")
_NUMBER_WORDS = ("zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf")
_ITEM_CALLED = re.compile(r"\bTagesordnungspunkt (?:\d|(?:" + "|".join(("eins", *_NUMBER_WORDS)) + r")\b)")


def cologne_phonetics(word: str) -> str:
    """The Kölner Phonetik code of a word ("Vertagung" -> "372464"), repeated digits collapsed, zeros dropped
    except at the start."""
    letters = [c for c in word.lower().replace("ä", "a").replace("ö", "o").replace("ü", "u").replace("ß", "s")
               if c.isalpha()]  # fmt: skip
    codes = []
    for index, char in enumerate(letters):
        before = letters[index - 1] if index else ""
        after = letters[index + 1] if index + 1 < len(letters) else ""
        codes.append(_code(char, before, after, index == 0))
    collapsed = [c for i, c in enumerate(codes) if c and (i == 0 or c != codes[i - 1])]
    return collapsed[0] + "".join(c for c in collapsed[1:] if c != "0") if collapsed else ""


def _code(char: str, before: str, after: str, first: bool) -> str:
    if char in "aeijouy":
        return "0"
    if char == "h":
        return ""
    if char == "b" or (char == "p" and after != "h"):
        return "1"
    if char in "dt":
        return "8" if after in ("c", "s", "z") else "2"
    if char in "fvw" or char == "p":
        return "3"
    if char in "gkq":
        return "4"
    if char == "c":
        if first:
            return "4" if after in "ahkloqrux" else "8"
        return "8" if before in ("s", "z") or after not in "ahkoqux" else "4"
    if char == "x":
        return "8" if before in ("c", "k", "q") else "48"
    if char == "l":
        return "5"
    if char in "mn":
        return "6"
    if char == "r":
        return "7"
    return "8"  # s, z


def _distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


_INDEX_CODES = {key: cologne_phonetics(key) for key in _INDEX}


@lru_cache(maxsize=1)
def _german_words() -> frozenset[str]:
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(language="de", distance=1).word_frequency.dictionary)


def is_german(heard: str) -> bool:
    """A German word (lower case), an inflected procedural word ("Beschlussempfehlungen", "Tagesordnungspunkts"), or a
    compound of two German words ("Ausschussempfehlung", "Veränderungsanträge")."""
    words = _german_words()
    if heard in words or any(heard.startswith(key) for key in _INDEX if len(key) >= 6):
        return True
    for cut in range(4, len(heard) - 3):
        head, tail = heard[:cut], heard[cut:]
        if tail in words and (head in words or (head.endswith("s") and head[:-1] in words)):
            return True
    return False


@lru_cache(maxsize=20000)
def _match(heard: str) -> str | None:
    """The procedural word a heard token (lower case, no hyphens) sounds and looks like, if one is close."""
    if heard in _INDEX or len(heard) < 5 or is_german(heard):
        return None
    code = cologne_phonetics(heard)
    best, best_score = None, 0.0
    for key, word in _INDEX.items():
        key_code = _INDEX_CODES[key]
        if abs(len(key) - len(heard)) > 4:
            continue
        spelling = 1 - _distance(heard, key) / max(len(heard), len(key))
        sound = _distance(code, key_code)
        allowed = 2 if len(key) >= 12 else 1
        needed = 0.55 if sound == 0 else 0.6 if len(key) >= 9 else 0.7
        if sound <= allowed and spelling >= needed and spelling > best_score:
            best, best_score = word, spelling
    return best


def repair_procedure(text: str) -> str:
    """Return text with procedural words that recognition garbled read as they were meant (see module doc)."""
    text = _NINE_FOR_NO.sub(r"\1 Nein-Stimmen", text)
    text = _unanimous_heard(text)
    text = _DASHED_WORD.sub(" ", _SPLIT_NUMBER.sub(r"\1", text))
    tokens = text.split(" ")
    repaired, changed, index = [], 0, 0
    while index < len(tokens):
        token = tokens[index]
        word = _TOKEN.fullmatch(token.strip(".,;:!?"))
        nxt = tokens[index + 1] if index + 1 < len(tokens) else ""
        # "mit 22 Jahren stehmen"; a name such as "90/DIE GRÜNEN" is no count
        counted = any(
            _COUNT.fullmatch(t) or parse_number_word(t.lower()) is not None for t in tokens[max(0, index - 2) : index]
        )
        pieces = index + 2 < len(tokens) and not {token.lower(), nxt.lower()} & _FUNCTION_WORDS
        # two German words heard right are not two pieces of a third ("Teil als Vorschlag")
        pieces = pieces and not all(w.strip('.,;:!?„“"').lower() in _german_words() for w in (token, nxt))
        # "Tag in Ordnungstunkt": a garbled long last piece may follow two short words heard as German
        third = tokens[index + 2].strip(".,;:!?") if index + 2 < len(tokens) else ""
        garbled_tail = len(third) >= 8 and token.lower() not in _FUNCTION_WORDS and third.lower() not in _german_words()
        if (pieces or garbled_tail) and (three := _joined(token + nxt, tokens[index + 2], counted)):
            if len(three.split()[0]) >= 12:  # "Tag in Ordnungstunkt": long words only, three pieces
                repaired.append(three)
                changed, index = changed + 1, index + 3
                continue
        joined = _joined(token, nxt, counted)
        if joined:
            repaired.append(joined)
            changed, index = changed + 1, index + 2
            continue
        if word and repaired and repaired[-1].rstrip(".,:") in ("Tagesordnungspunkt", "TOP", "Punkt"):
            number = _number_heard(word.group(0).lower())
            if number:  # "Tagesordnungspunkt viel" -> "vier"
                repaired.append(token.replace(word.group(0), number))
                changed, index = changed + 1, index + 1
                continue
        if word:
            split = _number_glued(word.group(0)) or (_counted_side(word.group(0)) if counted else None)
            # a compound whose last part is a procedural word is heard right ("SPD-Dringlichkeitsantrag")
            known_tail = "-" in word.group(0) and word.group(0).rsplit("-", 1)[1].lower() in _INDEX
            match = split or (None if known_tail else _match(word.group(0).lower().replace("-", "")))
            if match:
                repaired.append(token.replace(word.group(0), match if split else _in_case(word.group(0), match)))
                changed, index = changed + 1, index + 1
                continue
        repaired.append(token)
        index += 1
    anchored = any(t.strip(".,;:!?").lower() in _ANCHORS for t in tokens)
    result = _unanimous_heard(" ".join(repaired))  # once more: the result word may have been repaired just now
    # an item called by its number is procedure, however few words were heard right
    # ("Wir kommen zu Tage -Sortenungspunkt 2")
    anchored = anchored or bool(_ITEM_CALLED.search(result) and not _ITEM_CALLED.search(text))
    return result if changed and (anchored or changed >= 2) else text


def _unanimous_heard(text: str) -> str:
    return _UNANIMOUS_HEARD.sub(
        lambda m: m.group(0) if m.group(0).lower().startswith("einstimmig") else "einstimmig ", text
    )


def _joined(token: str, following: str, counted: bool) -> str | None:
    """A procedural word split in two by recognition ("Tage Mordnungspunkt", "gegen Stimmen", "Jahren stehmen")."""
    first = _TOKEN.fullmatch(token)
    second = _TOKEN.fullmatch(following.rstrip(".,;:!?"))
    if not (first and second):
        return None
    tail = following[len(second.group(0)) :]
    heard_second = second.group(0).lower()
    if counted and (heard_second == "stimmen" or _match(heard_second) == "stimmen" or _sounds_like_votes(heard_second)):
        head = token.lower()
        if head.startswith("ja") and len(head) <= 7:
            return "Ja-Stimmen" + tail
        if head in ("gegen", "nein"):
            return ("Gegenstimmen" if head == "gegen" else "Nein-Stimmen") + tail
    if (
        token.lower().replace("-", "") in _INDEX
        or token.lower() in _FUNCTION_WORDS
        or heard_second in _FUNCTION_WORDS
        or heard_second.replace("-", "") in _INDEX  # heard right: "neun Ja-Stimmen" stays as it is
        or parse_number_word(token.lower()) is not None
    ):
        return None
    together = (token + following.rstrip(".,;:!?")).lower().replace("-", "")
    words = _german_words()
    if token.lower() in words and heard_second in words and together not in _INDEX:
        return None  # two words heard right
    if together not in _INDEX and _match(token.lower().replace("-", "")):
        return None  # "Gebührennatzung ab": the first word alone is the garbled one
    word = together if together in _INDEX else _match(together)
    if word and len(together) >= 9:
        return _in_case(token, _INDEX.get(word, word)) + tail
    return None


def _in_case(heard: str, word: str) -> str:
    """The repaired word with the capital the heard one opened with ("Mehr heitlich" -> "Mehrheitlich")."""
    return word[:1].upper() + word[1:] if heard[:1].isupper() else word


def _sounds_like_votes(heard: str) -> bool:
    """After a count and "Ja"/"Nein", a German word may be "Stimmen" misheard ("22 Jahren stillen")."""
    sound = _distance(cologne_phonetics(heard), _INDEX_CODES["stimmen"])
    return sound <= 1 and 1 - _distance(heard, "stimmen") / max(len(heard), 7) >= 0.7


def _number_heard(word: str) -> str | None:
    """The number word a word one letter off sounds like, where a number must follow ("viel" -> "vier")."""
    if parse_number_word(word) is not None:
        return None
    close = [n for n in ("eins", *_NUMBER_WORDS) if _distance(word, n) == 1 and word[0] == n[0]]
    return close[0] if len(close) == 1 else None


def _counted_side(token: str) -> str | None:
    """After a number, "Jahrstimmen" is "Ja-Stimmen" (and "Neunstimmen" "Nein-Stimmen")."""
    lowered = token.lower().replace("-", "")
    if not lowered.endswith("stimmen") or lowered in _INDEX:
        return None
    side = lowered[: -len("stimmen")]
    if side.startswith("ja") and len(side) <= 4:
        return "Ja-Stimmen"
    if side in ("nein", "neun", "nain"):
        return "Nein-Stimmen"
    return None


def _number_glued(token: str) -> str | None:
    """A number word glued to a procedural word: "Dreieenthaltungen" -> "drei Enthaltungen",
    "Tagesordnungspunkteins" -> "Tagesordnungspunkt eins"."""
    lowered = token.lower()
    for number in ("eins", *_NUMBER_WORDS):
        if lowered.endswith(number) and lowered[: -len(number)] in _INDEX:
            return f"{_INDEX[lowered[: -len(number)]]} {number}"
    for number in _NUMBER_WORDS:
        if lowered.startswith(number) and len(lowered) > len(number) + 4:
            rest = lowered[len(number) :].lstrip("e")
            word = _INDEX.get(rest) or _match(rest)
            if word and parse_number_word(number) is not None:
                return f"{number} {word}"
    return None


def repaired_sentences(sentences: list[Sentence]) -> list[Sentence]:
    """The sentences with their procedure repaired (times and places unchanged)."""
    return [replace(s, text=repair_procedure(s.text)) for s in sentences]
