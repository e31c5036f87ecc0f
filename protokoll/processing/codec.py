"""What travels between the archive and a worker, as JSON: a job's request, checkpoints, and its result.

A job's request (meeting facts, agenda, vocabulary, OParl meeting) is kept in the ledger so that
any worker can take the job up again; checkpoints and a remote worker's result travel the same
way. Everything is plain JSON built from the domain's dataclasses; sentence vectors go as base64.
"""

from __future__ import annotations

import base64
from dataclasses import asdict, dataclass, field

from protokoll.domain import MeetingInfo, SpeakerTurns, Transcript, Utterance
from protokoll.minutes.agenda import AgendaEntry
from protokoll.opendata.oparl_source import OParlMeeting
from protokoll.speakers.directory import Person
from protokoll.speech.pipeline import SpeechResult

__all__ = ["IngestRequest", "JobOutput", "output_to_json", "output_from_json"]


@dataclass
class IngestRequest:
    """What an ingest was asked for, besides the recording itself."""

    info: MeetingInfo
    agenda: list[AgendaEntry] | None = None
    vocabulary: list[str] = field(default_factory=list)
    oparl: OParlMeeting | None = None
    actor: str = "pipeline"
    min_speakers: int | None = None
    max_speakers: int | None = None

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> IngestRequest:
        oparl = data.get("oparl")
        if oparl is not None:
            oparl = OParlMeeting(
                **{
                    **oparl,
                    "agenda": [AgendaEntry(**e) for e in oparl["agenda"]],
                    "participants": [Person(**p) for p in oparl["participants"]],
                }
            )
        agenda = data.get("agenda")
        return cls(
            info=MeetingInfo(**data["info"]),
            agenda=[AgendaEntry(**e) for e in agenda] if agenda is not None else None,
            vocabulary=list(data.get("vocabulary") or []),
            oparl=oparl,
            actor=data.get("actor") or "pipeline",
            min_speakers=data.get("min_speakers"),
            max_speakers=data.get("max_speakers"),
        )


@dataclass
class JobOutput:
    """What a worker hands back for one recording: the decoded recording's facts and the speech stages' result."""

    sha256: str
    duration: float
    container: str
    warnings: list[str]
    speech: SpeechResult
    decode_seconds: float = 0.0


def output_to_json(output: JobOutput) -> dict:
    speech = output.speech
    return {
        "sha256": output.sha256,
        "duration": output.duration,
        "container": output.container,
        "warnings": output.warnings,
        "decode_seconds": output.decode_seconds,
        "transcript": asdict(speech.transcript),
        "speakers": asdict(speech.speakers),
        "utterances": [asdict(u) for u in speech.utterances],
        "vectors": [base64.b64encode(v).decode("ascii") for v in speech.vectors],
        "vector_model": speech.vector_model,
        "seconds": speech.seconds,
    }


def output_from_json(data: dict) -> JobOutput:
    speech = SpeechResult(
        transcript=Transcript.from_json(data["transcript"]),
        speakers=SpeakerTurns.from_json(data["speakers"]),
        utterances=[Utterance.from_json(u) for u in data["utterances"]],
        vectors=[base64.b64decode(v) for v in data["vectors"]],
        vector_model=data["vector_model"],
        seconds=dict(data.get("seconds") or {}),
    )
    return JobOutput(data["sha256"], data["duration"], data["container"], list(data["warnings"]), speech,
                     data.get("decode_seconds", 0.0))  # fmt: skip
