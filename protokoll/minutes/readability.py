"""Readability of the plain-language summaries: words per sentence and Flesch reading ease.

German uses Amstad's adaptation (180 - ASL - 58.5 * ASW), English Flesch's original
(206.835 - 1.015 * ASL - 84.6 * ASW); ASL is words per sentence, ASW syllables per word.
Syllables are counted as groups of vowels, with the diphthongs taken as one.
"""

from __future__ import annotations

import re

from protokoll.minutes.text import split_sentences

__all__ = ["syllables", "readability"]

_VOWEL_GROUP = {
    "de": re.compile(r"(?:ei|ie|au|eu|äu|ai|aa|ee|oo|[aeiouäöüy])", re.IGNORECASE),
    "en": re.compile(r"[aeiouy]+", re.IGNORECASE),
}
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def syllables(word: str, language: str = "de") -> int:
    """Return the number of syllables of a word (at least one)."""
    word = word.lower()
    if language == "en" and len(word) > 3 and word.endswith("e") and not word.endswith(("le", "ee")):
        word = word[:-1]  # silent e
    return max(1, len(_VOWEL_GROUP[language].findall(word)))


def readability(text: str, language: str = "de") -> dict:
    """Return sentences, words, words per sentence, syllables per word and reading ease for text."""
    sentences = [s for s in split_sentences(text.replace("\n", " ")) if _WORD.search(s)]
    words = _WORD.findall(text)
    if not sentences or not words:
        return {"sentences": 0, "words": 0, "words_per_sentence": 0.0, "syllables_per_word": 0.0, "reading_ease": None}
    asl = len(words) / len(sentences)
    asw = sum(syllables(w, language) for w in words) / len(words)
    ease = 180 - asl - 58.5 * asw if language == "de" else 206.835 - 1.015 * asl - 84.6 * asw
    return {
        "sentences": len(sentences),
        "words": len(words),
        "words_per_sentence": round(asl, 2),
        "syllables_per_word": round(asw, 2),
        "reading_ease": round(ease, 1),
        "formula": "Flesch-Amstad" if language == "de" else "Flesch",
    }
