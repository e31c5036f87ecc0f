"""Runs the speech stages on one decoded recording: transcribe, diarize, attribute, embed; returns the result.

Models are loaded once per `Pipeline` and reused for every recording. Progress goes to one
callback (stage, fraction of that stage). Nothing here reads or writes the archive: the ingest
service decodes the recording, checks it is new, runs `Pipeline.process`, and stores the result.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

import numpy as np

from protokoll.config import Settings
from protokoll.domain import ProgressCallback, SpeakerTurns, Transcript, Utterance
from protokoll.embeddings import to_blob
from protokoll.speech.attribute import attribute
from protokoll.speech.audio import AudioFile
from protokoll.speech.modelstore import ModelStore
from protokoll.speech.transcribe import Checkpoints

__all__ = ["Pipeline", "SpeechResult", "STAGES", "overall_progress"]

# Share of the whole run each stage takes on a CPU, for one overall progress figure.
STAGES = {
    "decode": 0.03,
    "transcribe": 0.35,
    "diarize": 0.54,
    "attribute": 0.01,
    "index": 0.03,
    "summarize": 0.01,
    "store": 0.03,
}


@dataclass
class SpeechResult:
    """What the speech stages produced for one recording, with the seconds each stage took."""

    transcript: Transcript
    speakers: SpeakerTurns
    utterances: list[Utterance]
    vectors: list[bytes]  # one int8 sentence vector per utterance, for meaning search
    vector_model: str
    seconds: dict[str, float] = field(default_factory=dict)


def overall_progress(stage: str, fraction: float) -> float:
    """Return the fraction of the whole run done when `stage` is `fraction` done."""
    done = 0.0
    for name, weight in STAGES.items():
        if name == stage:
            return done + weight * max(0.0, min(fraction, 1.0))
        done += weight
    return done


class Pipeline:
    """The models and settings for processing recordings; loads each model on first use."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.models = ModelStore(settings.models_dir)
        self._transcriber = None
        self._diarizer = None
        self._voice_model = None
        self._embedder = None

    @property
    def transcriber(self):
        if self._transcriber is None:
            from protokoll.speech.transcribe import Transcriber

            s = self.settings
            self._transcriber = Transcriber(
                self.models, s.whisper_model, s.device, s.compute_type, s.cpu_threads, s.beam_size
            )
            self._transcriber.block_seconds = s.transcribe_block_seconds
        return self._transcriber

    @property
    def diarizer(self):
        if self._diarizer is None:
            from protokoll.speech.diarize import Diarizer

            s = self.settings
            self._diarizer = Diarizer(
                self.models,
                s.diarization_pipeline,
                s.segmentation_step,
                s.clustering_threshold,
                s.device,
                pooled_embeddings=s.pooled_embeddings,
            )
        return self._diarizer

    @property
    def voice_model(self):
        """CAM++, for each speaker's voice print from its own speech (the register's model): the
        diarizer's own, unless a configured pyannote pipeline uses another embedding."""
        if self._voice_model is None:
            from protokoll.speech.speaker_embedding import CamPlusPlusEmbedding

            shared = self.diarizer.voice_model
            if isinstance(shared, CamPlusPlusEmbedding):
                self._voice_model = shared
            else:
                self._voice_model = CamPlusPlusEmbedding(self.models.package_file("campplus"))
        return self._voice_model

    @property
    def embedder(self):
        if self._embedder is None:
            from protokoll.embeddings import TextEmbedder

            self._embedder = TextEmbedder(self.settings.cpu_threads)
        return self._embedder

    def load_models(self) -> None:
        """Load every model now rather than on first use (for timing, or to fail early)."""
        _ = self.transcriber, self.diarizer, self.voice_model, self.embedder

    def process(
        self,
        audio: np.ndarray | AudioFile,
        language: str | None,
        vocabulary: Iterable[str] = (),
        progress: ProgressCallback | None = None,
        checkpoints: Checkpoints | None = None,
        speaker_bounds: tuple[int | None, int | None] | None = None,
    ) -> SpeechResult:
        """Transcribe, diarize and attribute decoded 16 kHz audio; embed each utterance for search.

        `audio` may be an `AudioFile` (a long recording decoded to disk): every stage reads it in slices.

        With `checkpoints` (a job's), each transcribed block and the diarization are kept there as
        they finish, and what is already kept is not computed again. `speaker_bounds` (at least, at
        most) bounds the number of speakers instead of the settings.
        """
        report = progress or (lambda stage, fraction: None)
        s = self.settings
        seconds: dict[str, float] = {}
        clock = time.perf_counter()
        transcript = self.transcriber(
            audio, language=language, vocabulary=list(vocabulary), progress=report, checkpoints=checkpoints
        )
        seconds["transcribe"] = time.perf_counter() - clock

        clock = time.perf_counter()
        kept = checkpoints.get("diarize") if checkpoints is not None else None
        if kept is not None:
            speakers = SpeakerTurns.from_json(kept)
            report("diarize", 1.0)
        else:
            bounds = speaker_bounds or (s.min_speakers, s.max_speakers)
            speakers = self._diarize(audio, report, *bounds)
            if checkpoints is not None:
                checkpoints.put("diarize", asdict(speakers))
        seconds["diarize"] = time.perf_counter() - clock

        clock = time.perf_counter()
        utterances = attribute(transcript.words, speakers.turns, max_pause=s.utterance_pause)
        report("attribute", 1.0)
        seconds["attribute"] = time.perf_counter() - clock

        clock = time.perf_counter()
        vectors = [to_blob(v) for v in self.embedder.encode([u.text for u in utterances])]
        report("index", 1.0)
        seconds["index"] = time.perf_counter() - clock
        return SpeechResult(transcript, speakers, utterances, vectors, self.embedder.name, seconds)

    def _diarize(self, audio: np.ndarray | AudioFile, report: ProgressCallback, least, most) -> SpeakerTurns:
        """Who spoke when, with each speaker's voice print from its own speech."""
        speakers = self.diarizer(audio, min_speakers=least, max_speakers=most, progress=report)
        # imports torch, which the CLI needs only here
        from protokoll.speech.voiceprints import label_prints, separate_voices

        if self.settings.separate_voices:
            separated = separate_voices(audio, speakers.turns, self.voice_model, max_speakers=most)
            speakers.turns, prints = separated.turns, separated.prints
        else:
            prints = label_prints(audio, speakers.turns, self.voice_model)
        for label, voice in prints.items():
            speakers.embeddings[label] = voice.vector
            speakers.consistency[label] = voice.consistency
        return speakers
