"""The verbatim transcript (Wortprotokoll) as Markdown, with times and speaker names."""

from __future__ import annotations

__all__ = ["to_markdown", "clock"]


def clock(seconds: float) -> str:
    """Return H:MM:SS for a time in seconds."""
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def to_markdown(bundle: dict) -> str:
    """Return the Wortprotokoll: header, speakers, then every utterance with its time."""
    meeting = bundle["meeting"]
    lines = [f"# {meeting['title']}", ""]
    facts = [
        ("Gremium", meeting.get("body")),
        ("Datum", meeting.get("date")),
        ("Ort", meeting.get("place")),
        ("Dauer", clock(meeting["duration"]) if meeting.get("duration") else None),
        ("Status", meeting.get("status")),
    ]
    lines += [f"- **{label}:** {value}" for label, value in facts if value]
    lines += [
        "",
        "Automatisch erstelltes Wortprotokoll; maßgeblich ist die Aufzeichnung.",
        "",
        "## Wortprotokoll",
        "",
    ]
    for utterance in bundle["utterances"]:
        lines.append(f"**{utterance['speaker']}** [{clock(utterance['start'])}]: {utterance['text']}")
        lines.append("")
    return "\n".join(lines)
