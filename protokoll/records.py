"""A stored meeting and its parts as dataclasses: what the archive returns to the minutes stage, exports and pages.

`StoredMeeting.to_dict()` is the export's JSON shape (`meeting`, `speakers`, `utterances` with
their `words`, `agenda_items`, `motions`, `votes`, `summaries`). Times are seconds from the start
of the recording.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from protokoll.domain import Word

__all__ = [
    "MeetingRecord",
    "RecordingRecord",
    "SpeakerRecord",
    "UtteranceRecord",
    "AgendaItemRecord",
    "MotionRecord",
    "VoteRecord",
    "SummaryRecord",
    "StoredMeeting",
    "from_row",
]


def from_row(cls, row: dict):
    """Build a record from a database row, ignoring columns the record does not name."""
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in row.items() if k in names})


@dataclass
class MeetingRecord:
    id: int
    title: str
    status: str  # draft -> published (or withdrawn)
    public: bool = True
    date: str | None = None
    body: str | None = None
    place: str | None = None
    language: str | None = None
    duration: float | None = None
    transcription_model: str | None = None
    diarization_method: str | None = None
    created_at: str | None = None
    agenda: str | None = None  # the agenda the clerk gave, as JSON


@dataclass
class RecordingRecord:
    sha256: str
    duration: float | None = None
    container: str | None = None


@dataclass
class SpeakerRecord:
    id: int
    label: str
    name: str | None = None
    person_id: int | None = None
    faction: str | None = None
    role: str | None = None
    name_source: str | None = None  # clerk | import | voice (recognised by the register)
    voice_score: float | None = None
    voice_consistency: float | None = None  # below 0.8: diarization may have merged two voices here

    @property
    def display_name(self) -> str:
        """The name a clerk gave, else the diarization label."""
        return self.name or self.label

    @property
    def heading(self) -> str:
        """The display name with the faction, where known: 'Klaus Becker (SPD)'."""
        return f"{self.display_name} ({self.faction})" if self.faction else self.display_name


@dataclass
class UtteranceRecord:
    id: int
    speaker: str  # the speaker's display name
    start: float
    end: float
    text: str
    words: list[Word] = field(default_factory=list)
    speaker_id: int | None = None
    agenda_item_id: int | None = None
    text_en: str | None = None  # machine translation, when there is one


@dataclass
class AgendaItemRecord:
    id: int
    number: str
    title: str
    public: bool = True
    meeting_id: int | None = None
    position: int | None = None
    oparl_id: str | None = None
    source: str | None = None  # agenda (given by the clerk) or cue (found in the session only)
    start: float | None = None  # None: on the agenda but not dealt with
    end: float | None = None
    cue_utterance_id: int | None = None
    cue_text: str | None = None
    unrecognised: bool = False  # not called, but a later item was: its start was not recognised


@dataclass
class MotionRecord:
    id: int
    kind: str
    meeting_id: int | None = None
    agenda_item_id: int | None = None
    proposer: str | None = None
    utterance_id: int | None = None


@dataclass
class VoteRecord:
    id: int
    result: str
    motion: str  # the motion's kind, e.g. Änderungsantrag
    start: float | None = None
    proposer: str | None = None
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    unanimous: bool = False
    majority: str | None = None
    meeting_id: int | None = None
    motion_id: int | None = None
    agenda_item_id: int | None = None
    utterance_id: int | None = None
    evidence: str | None = None
    yes_groups: list[str] = field(default_factory=list)  # a result stated by faction: who voted yes,
    no_groups: list[str] = field(default_factory=list)  # no,
    abstain_groups: list[str] = field(default_factory=list)  # or abstained
    resolution: str | None = None  # the resolution's wording, where it was read out or minuted
    decided_by: str | None = None  # the clerk who decided the result, where the machine was unsure


@dataclass
class SummaryRecord:
    id: int
    kind: str  # results | key_statements | plain
    language: str
    text: str
    status: str = "draft"  # draft until a clerk approves
    agenda_item_id: int | None = None  # None: the whole session
    sources: list[int] = field(default_factory=list)
    method: str | None = None
    model: str | None = None
    checks: dict = field(default_factory=dict)
    meeting_id: int | None = None
    created_at: str | None = None
    approved_by: str | None = None
    approved_at: str | None = None
    # Plain texts: each sentence with its part (about, said, decided, next, session), utterance id and start.
    sentences: list[dict] = field(default_factory=list)


@dataclass
class StoredMeeting:
    """A meeting with everything stored about it (or, from `public_meeting`, what the public may see)."""

    meeting: MeetingRecord
    recording: RecordingRecord | None
    speakers: list[SpeakerRecord]
    utterances: list[UtteranceRecord]
    agenda_items: list[AgendaItemRecord] = field(default_factory=list)
    motions: list[MotionRecord] = field(default_factory=list)
    votes: list[VoteRecord] = field(default_factory=list)
    summaries: list[SummaryRecord] = field(default_factory=list)

    def speaker_headings(self) -> dict[int, str]:
        """Each speaker's id mapped to its name with faction, as transcripts and protocols print it."""
        return {s.id: s.heading for s in self.speakers}

    def summary(self, kind: str, agenda_item_id: int | None, language: str = "de") -> SummaryRecord | None:
        """Return the summary of this kind for an item (None: the session) in a language, if stored."""
        return next(
            (
                s
                for s in self.summaries
                if s.kind == kind and s.agenda_item_id == agenda_item_id and s.language == language
            ),
            None,
        )

    def to_dict(self) -> dict:
        """Return the export's JSON shape (a translation appears as `text_en` only where there is one; each
        agenda item has its `result` in the categories of council information systems)."""
        from protokoll.minutes.wording import item_result

        result = dataclasses.asdict(self)
        for utterance in result["utterances"]:
            if utterance["text_en"] is None:
                del utterance["text_en"]
        for item in result["agenda_items"]:
            item["result"] = item_result([v for v in self.votes if v.agenda_item_id == item["id"]])
        return result
