"""German number words to integers ("zweiundzwanzig" -> 22, "zweitausendsiebenundzwanzig" -> 2027)."""

from __future__ import annotations

__all__ = ["parse_number_word", "parse_ordinal_word"]

_SMALL = {
    "null": 0,
    "eins": 1,
    "ein": 1,
    "eine": 1,
    "zwei": 2,
    "zwo": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "dreizehn": 13,
    "vierzehn": 14,
    "fünfzehn": 15,
    "sechzehn": 16,
    "siebzehn": 17,
    "achtzehn": 18,
    "neunzehn": 19,
}
_TENS = {
    "zwanzig": 20,
    "dreißig": 30,
    "dreissig": 30,
    "vierzig": 40,
    "fünfzig": 50,
    "sechzig": 60,
    "siebzig": 70,
    "achtzig": 80,
    "neunzig": 90,
}
_ORDINAL_IRREGULAR = {"erst": 1, "ers": 1, "dritt": 3, "drit": 3, "siebt": 7, "sieb": 7, "acht": 8, "ach": 8}
_ORDINAL_ENDINGS = ("sten", "ster", "stes", "stem", "ste", "ten", "ter", "tes", "tem", "te")


def _below_100(word: str) -> int | None:
    if word in _SMALL:
        return _SMALL[word]
    if word in _TENS:
        return _TENS[word]
    if "und" in word:
        unit, _, tens = word.partition("und")
        if unit in _SMALL and 1 <= _SMALL[unit] <= 9 and tens in _TENS:
            return _SMALL[unit] + _TENS[tens]
    return None


def _below_1000(word: str) -> int | None:
    if not word:
        return 0
    if "hundert" in word:
        left, _, right = word.partition("hundert")
        hundreds = 1 if left in ("", "ein") else _SMALL.get(left)
        rest = _below_100(right) if right else 0
        if hundreds is None or not 1 <= hundreds <= 9 or rest is None:
            return None
        return hundreds * 100 + rest
    return _below_100(word)


def parse_number_word(word: str) -> int | None:
    """Return the value of a German cardinal number word below one million, or None."""
    word = word.lower().strip()
    if not word:
        return None
    if "tausend" in word:
        left, _, right = word.partition("tausend")
        thousands = 1 if left in ("", "ein") else _below_1000(left)
        rest = _below_1000(right)
        if thousands is None or rest is None or thousands == 0:
            return None
        return thousands * 1000 + rest
    return _below_1000(word)


def parse_ordinal_word(word: str) -> int | None:
    """Return the value of a German ordinal word ("vierzehnte" -> 14, "dritten" -> 3), or None."""
    word = word.lower().strip()
    for ending in _ORDINAL_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            if stem in _ORDINAL_IRREGULAR:
                return _ORDINAL_IRREGULAR[stem]
            value = parse_number_word(stem)
            if value is not None and value > 0:
                return value
    return None
