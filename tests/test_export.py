"""Exports parsed back by independent readers: WebVTT (webvtt-py), SRT, JSON, Markdown, Word (python-docx), PDF."""

from __future__ import annotations

import io
import json
import re

import pytest
import webvtt

from protokoll.archive import load_meeting, open_database
from protokoll.domain import Word
from protokoll.minutes.wording import ITEM_RESULTS_EN, item_result, vote_text
from protokoll.publication import render
from protokoll.publication.subtitles import MAX_CUE_CHARS, MAX_CUE_SECONDS
from protokoll.records import MeetingRecord, StoredMeeting, UtteranceRecord


@pytest.fixture(scope="module")
def bundle(sample_ingest):
    db_path, result = sample_ingest
    db = open_database(db_path)
    db["speakers"].update(
        db.execute("SELECT id FROM speakers WHERE meeting_id = ? ORDER BY id", [result.meeting_id]).fetchone()[0],
        {"name": "Petra Hoffmann"},
    )
    return load_meeting(db, result.meeting_id)


def _seconds(stamp: str) -> float:
    h, m, s = stamp.replace(",", ".").split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def test_vtt_parses_and_keeps_word_times_and_speakers(bundle):
    captions = webvtt.from_buffer(io.StringIO(render(bundle, "vtt")))
    assert len(captions) >= len(bundle.utterances)
    all_words = [w for u in bundle.utterances for w in u.words]
    starts = {round(w.start, 3) for w in all_words}
    ends = {round(w.end, 3) for w in all_words}
    speakers = {u.speaker for u in bundle.utterances}
    assert "Petra Hoffmann" in speakers
    for caption in captions:
        assert round(caption.start_in_seconds + caption.start_time.milliseconds / 1000, 3) in starts
        assert round(caption.end_in_seconds + caption.end_time.milliseconds / 1000, 3) in ends
        assert caption.voice in speakers
        assert len(caption.text) <= MAX_CUE_CHARS or len(caption.text.split()) == 1
        assert caption.end_in_seconds - caption.start_in_seconds <= MAX_CUE_SECONDS + 1
    text = " ".join(c.text for c in captions).split()
    assert text == [w.text for w in all_words]


def test_srt_has_numbered_cues_with_speaker_names(bundle):
    srt = render(bundle, "srt")
    blocks = [b for b in srt.strip().split("\n\n") if b]
    pattern = re.compile(r"^(\d+)\n(\d\d:\d\d:\d\d,\d{3}) --> (\d\d:\d\d:\d\d,\d{3})\n(.+): (.+)$", re.S)
    previous_start = -1.0
    for number, block in enumerate(blocks, start=1):
        match = pattern.match(block)
        assert match, block
        assert int(match.group(1)) == number
        start, end = _seconds(match.group(2)), _seconds(match.group(3))
        assert previous_start <= start < end
        previous_start = start
    assert "Petra Hoffmann: " in srt


def test_json_has_the_contract_fields(bundle):
    data = json.loads(render(bundle, "json"))
    assert {"meeting", "speakers", "utterances", "agenda_items", "motions", "votes", "summaries"} <= set(data)
    utterance = data["utterances"][0]
    assert {"speaker", "start", "end", "text", "words"} <= set(utterance)
    assert {"text", "start", "end"} <= set(utterance["words"][0])


def test_markdown_lists_every_utterance_with_time(bundle):
    md = render(bundle, "md")
    assert md.startswith(f"# {bundle.meeting.title}")
    assert md.count("**Petra Hoffmann [") >= 1
    assert len(re.findall(r"^\*\*.+ \[\d+:\d\d:\d\d\]\*\*: ", md, re.M)) == len(bundle.utterances)


def test_results_protocol_lists_items_and_decisions_with_times(bundle):
    md = render(bundle, "md", "results")
    assert "## Ergebnisprotokoll" in md and "## Wortprotokoll" not in md
    for item in bundle.agenda_items:
        assert f"### TOP {item.number}: {item.title}" in md
    for vote in bundle.votes:
        assert f"{vote_text(vote, 'de')} [" in md
    for item in bundle.agenda_items:
        outcome = item_result([v for v in bundle.votes if v.agenda_item_id == item.id])
        assert (f"- **Ergebnis:** {outcome}" in md) == (outcome is not None)
    exported = {i["number"]: i["result"] for i in json.loads(render(bundle, "json"))["agenda_items"]}
    assert any(exported.values()) and set(exported.values()) <= {None, *ITEM_RESULTS_EN}


def test_word_document_reads_back_with_headings_and_decisions(bundle):
    import docx

    document = docx.Document(io.BytesIO(render(bundle, "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Ergebnisprotokoll" in headings and "Wortprotokoll" in headings
    assert any(h.startswith("TOP 2: Radschnellweg") for h in headings)
    body = "\n".join(p.text for p in document.paragraphs)
    assert all(u.text in body for u in bundle.utterances)


def test_pdf_is_a_pdf_with_the_meeting_title(bundle):
    pdf = render(bundle, "pdf")
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert b"/Title" in pdf and len(pdf) > 2000


def test_markup_in_text_cannot_break_vtt():
    words = [Word("<script>alert(1)</script>", 0.0, 1.0)]
    bundle = StoredMeeting(
        MeetingRecord(1, "Rat", "draft"), None, [], [UtteranceRecord(1, "A <b>", 0.0, 1.0, "x", words)]
    )
    vtt = render(bundle, "vtt")
    assert "<script>" not in vtt and "&lt;script&gt;" in vtt
