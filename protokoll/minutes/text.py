"""Sentences of an utterance, each with the time it was spoken (from the word timings)."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["fold", "Sentence", "split_sentences", "sentences_of", "clock"]

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = ("Dr", "Prof", "Abg", "Nr", "lfd", "St", "bzw", "ca", "Abs", "Art", "Hr", "Fr", "z.B", "u.a", "d.h",
                  "Mio", "Mrd", "stellv", "Stellv", "stv", "Stv", "Vors", "Bgm")  # fmt: skip
_MONTHS = {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"}  # fmt: skip
# Before "3." these words make it an ordinal ("zur 2. Lesung", "der 3. Nachtrag"), not a sentence's end.
_BEFORE_ORDINALS = {"der", "die", "das", "den", "dem", "des", "zum", "zur", "am", "im", "vom", "beim", "in",
                    "ab", "bis", "seit", "ihre", "ihrer", "seine", "seiner", "unsere", "unserer", "eine",
                    "einer", "als"}  # fmt: skip
_BOUNDARY = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][“\"«»)]))\s+(?=[\"„»(]?[A-ZÄÖÜ0-9])")


@dataclass(frozen=True)
class Sentence:
    """One sentence of an utterance; `index` counts sentences within the utterance."""

    utterance_id: int
    index: int
    text: str
    start: float
    end: float
    speaker: str | None = None
    confidence: float | None = None  # mean word probability of the recogniser; None for a written transcript


def split_sentences(text: str) -> list[str]:
    """Split text into sentences at . ! ? followed by a capital or digit, sparing abbreviations, dates and
    ordinals."""
    parts, pending = [], ""
    pieces = _BOUNDARY.split(" ".join(text.split()))
    for index, piece in enumerate(pieces):
        pending = f"{pending} {piece}".strip() if pending else piece
        *_, before, last_word = ["", *pending.split(" ")]
        last_word = last_word.rstrip(".")
        following = pieces[index + 1].split(" ", 1)[0] if index + 1 < len(pieces) else ""
        date = len(last_word) <= 2 and following in _MONTHS
        ordinal = last_word.isdigit() and (date or (len(last_word) <= 3 and before.lower() in _BEFORE_ORDINALS))
        if pending.endswith(".") and (last_word in _ABBREVIATIONS or ordinal):
            continue
        parts.append(pending)
        pending = ""
    if pending:
        parts.append(pending)
    return parts


def sentences_of(utterance: dict) -> list[Sentence]:
    """Return an utterance's sentences with times from its words (or spread evenly without them)."""
    texts = split_sentences(utterance.text)
    words = utterance.words or []
    total_tokens = sum(len(t.split()) for t in texts) or 1
    start, end = float(utterance.start), float(utterance.end)
    aligned = len(words) == total_tokens

    def time_at(token_index: int) -> float:
        if aligned and token_index < len(words):
            return float(words[token_index].start)
        if aligned:
            return float(words[-1].end)
        return start + (end - start) * token_index / total_tokens

    result, token = [], 0
    for index, text in enumerate(texts):
        count = len(text.split())
        sentence_start = time_at(token)
        sentence_end = float(words[token + count - 1].end) if aligned else time_at(token + count)
        own = words[token : token + count] if aligned else []
        confidence = round(sum(w.probability for w in own) / len(own), 3) if own else None
        result.append(
            Sentence(
                utterance.id,
                index,
                text,
                round(sentence_start, 3),
                round(sentence_end, 3),
                utterance.speaker,
                confidence,
            )  # fmt: skip
        )
        token += count
    return result


def clock(seconds: float) -> str:
    """Return H:MM:SS for a time in seconds."""
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "ae", "Ö": "oe", "Ü": "ue", "ß": "ss"})


def fold(text: str) -> str:
    """Return text lower-cased with umlauts and ß spelled out (as the index stores it)."""
    return text.translate(_UMLAUTS).lower()
