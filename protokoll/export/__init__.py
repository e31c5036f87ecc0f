"""Exports of a stored meeting: JSON (the archive's full shape), WebVTT and SRT subtitles, Markdown."""

from __future__ import annotations

import json

from .markdown import to_markdown
from .subtitles import to_srt, to_vtt

__all__ = ["FORMATS", "render", "to_json", "to_vtt", "to_srt", "to_markdown"]


def to_json(bundle: dict) -> str:
    """Return the meeting bundle as indented JSON."""
    return json.dumps(bundle, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"json": to_json, "vtt": to_vtt, "srt": to_srt, "md": to_markdown}


def render(bundle: dict, fmt: str) -> str:
    """Return the bundle in the named format."""
    return FORMATS[fmt](bundle)
