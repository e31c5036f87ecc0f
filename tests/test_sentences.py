"""Sentence splitting: full stops that end a sentence, and those that do not (abbreviations, dates, ordinals)."""

from __future__ import annotations

import pytest

from protokoll.minutes.text import split_sentences


@pytest.mark.parametrize(
    "text, sentences",
    [
        ("Wir kommen zur 2. Lesung. Das ist gut.", ["Wir kommen zur 2. Lesung.", "Das ist gut."]),
        ("Als das Hohe Haus in der 122. Sitzung tagte, war es spät.",
         ["Als das Hohe Haus in der 122. Sitzung tagte, war es spät."]),
        ("Ab dem 1. Januar 2027 gilt das. Dann kommt der 3. Nachtragshaushalt.",
         ["Ab dem 1. Januar 2027 gilt das.", "Dann kommt der 3. Nachtragshaushalt."]),
        ("Herr Dr. Becker hat das Wort. Bitte sehr!", ["Herr Dr. Becker hat das Wort.", "Bitte sehr!"]),
        # A count at a sentence's end is no ordinal.
        ("Dafür waren 22. Die Mehrheit hat zugestimmt.", ["Dafür waren 22.", "Die Mehrheit hat zugestimmt."]),
        ("Wer stimmt zu? Gegenprobe. Enthaltungen?", ["Wer stimmt zu?", "Gegenprobe.", "Enthaltungen?"]),
    ],
)  # fmt: skip
def test_sentences_end_where_the_speaker_ended_them(text, sentences):
    assert split_sentences(text) == sentences
