"""The minutes as Markdown: header, results protocol (Ergebnisprotokoll), verbatim transcript (Wortprotokoll)."""

from __future__ import annotations

from protokoll.minutes.text import clock
from protokoll.publication.document import Block, protocol_blocks
from protokoll.records import StoredMeeting

__all__ = ["to_markdown", "clock"]

_PREFIX = {"title": "# ", "heading": "## ", "subheading": "### ", "fact": "- ", "bullet": "- ", "paragraph": ""}


def _line(block: Block) -> str:
    if block.kind == "fact":
        return f"- **{block.label}:** {block.text}"
    if block.kind == "utterance":
        return f"**{block.label}**: {block.text}"
    return _PREFIX[block.kind] + block.text


def to_markdown(bundle: StoredMeeting, part: str = "all") -> str:
    """Return the meeting's protocol as Markdown (part: all, results or verbatim)."""
    return "\n\n".join(_line(block) for block in protocol_blocks(bundle, part)) + "\n"
