"""Exports of a stored meeting: JSON (the archive's full shape), WebVTT and SRT subtitles, and the
protocol (Ergebnis- and Wortprotokoll) as Markdown, Word or PDF."""

from __future__ import annotations

import json
from pathlib import Path

from protokoll.publication.markdown import to_markdown
from protokoll.publication.office import to_docx, to_pdf
from protokoll.publication.subtitles import to_srt, to_vtt
from protokoll.records import StoredMeeting

__all__ = [
    "FORMATS",
    "BINARY_FORMATS",
    "render",
    "write_export",
    "to_json",
    "to_vtt",
    "to_srt",
    "to_markdown",
    "to_docx",
    "to_pdf",
]


def to_json(bundle: StoredMeeting) -> str:
    """Return the stored meeting as indented JSON (the archive's full shape)."""
    return json.dumps(bundle.to_dict(), ensure_ascii=False, indent=2) + "\n"


FORMATS = {"json": to_json, "vtt": to_vtt, "srt": to_srt, "md": to_markdown, "docx": to_docx, "pdf": to_pdf}
BINARY_FORMATS = {"docx", "pdf"}
PROTOCOL_FORMATS = {"md", "docx", "pdf"}


def render(bundle: StoredMeeting, fmt: str, part: str = "all") -> str | bytes:
    """Return the bundle in the named format (bytes for docx and pdf); part applies to the protocol formats."""
    if fmt in PROTOCOL_FORMATS:
        return FORMATS[fmt](bundle, part)
    return FORMATS[fmt](bundle)


def write_export(path: Path, content: str | bytes) -> None:
    """Write what render returned: bytes as they are, text as UTF-8."""
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
