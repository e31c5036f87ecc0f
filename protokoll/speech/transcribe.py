"""Speech to words with faster-whisper: VAD, word timestamps, vocabulary hints, hallucination guards.

Whisper's known failures on long recordings are handled in two places: decoding options that
avoid them (no conditioning on previous text, which is what feeds repetition loops; skipping
hallucinations inside long silences) and a filter over the output that removes subtitle credits
learnt from TV data and collapses n-gram loops. What the filter removes is kept in
`Transcript.dropped` so that a reviewer can see it.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Protocol

import numpy as np

from protokoll.domain import ProgressCallback, Transcript, Word
from protokoll.errors import ModelError, NoSpeechError, ValidationError
from protokoll.speech.audio import AudioFile
from protokoll.speech.modelstore import ModelStore

__all__ = [
    "Transcriber",
    "is_known_hallucination",
    "collapse_repetitions",
    "PACKAGED_MODEL",
    "languages",
    "check_language",
    "Checkpoints",
]

log = logging.getLogger(__name__)

PACKAGED_MODEL = "base"
SAMPLE_RATE = 16000
BLOCK_SECONDS = 600.0
_VAD = {"min_silence_duration_ms": 500, "speech_pad_ms": 200}
MIN_UNHEARD = 3.0  # seconds of speech without a word that are transcribed again (Transcriber._block)
_WORD_REACH = 0.5

# Phrases Whisper emits over silence or music because its training data had them as subtitle
# credits. Nobody says them in a council session, so a segment that is only such a phrase goes.
_CREDIT_PATTERNS = [
    r"untertitel(ung)? (im auftrag )?(des|der|von|vom) .*",
    r"untertitel der amara\.?org-?community",
    r".*amara\.org.*",
    r"(copyright|©) .*(wdr|zdf|ard|swr|ndr|br|mdr|hr|funk)( \d{4})?",
    r"subtitles? by .*",
    r"www\.[a-z0-9-]+\.(de|com|org)",
]
# Generic closings that a chair may really say: dropped only when Whisper itself was unsure.
_CLOSING_PATTERNS = [
    r"vielen dank (fürs|für's|für das) zu(schauen|sehen|hören)",
    r"(danke|vielen dank)\.?( und)? bis zum nächsten mal",
    r"thanks? (you )?for watching",
    r"bis zum nächsten mal",
]
_CREDIT = re.compile("^(" + "|".join(_CREDIT_PATTERNS) + r")[.!]*$", re.IGNORECASE)
_CLOSING = re.compile("^(" + "|".join(_CLOSING_PATTERNS) + r")[.!]*$", re.IGNORECASE)


def languages() -> tuple[str, ...]:
    """The language codes Whisper knows (ISO 639-1, and a few others such as "haw", "yue"), sorted."""
    from faster_whisper.tokenizer import _LANGUAGE_CODES  # the tokenizer's own list, without loading a model

    return tuple(sorted(_LANGUAGE_CODES))


def check_language(code: str | None, label: str = "language") -> str | None:
    """Return a language code Whisper knows, None for none or 'auto' (detect); else raise a ValidationError.

    Checked before any model loads: Whisper itself refuses an unknown code only after loading.
    """
    if code is None or code == "auto":
        return None
    if isinstance(code, str) and code in languages():
        return code
    shown = repr(code)[:40] if isinstance(code, str) else f"{type(code).__name__} {code!r}"[:40]
    raise ValidationError(f"{label} {shown} is not a language code; use 'auto' or one of: {', '.join(languages())}")


def is_known_hallucination(text: str, mean_probability: float = 1.0, no_speech_prob: float = 0.0) -> bool:
    """Return True when a segment's whole text is a known Whisper hallucination."""
    normalised = " ".join(text.strip().split())
    if _CREDIT.match(normalised):
        return True
    return bool(_CLOSING.match(normalised)) and (mean_probability < 0.6 or no_speech_prob > 0.5)


def _key(word: Word) -> str:
    return re.sub(r"[^\w]", "", word.text.lower())


def collapse_repetitions(words: list[Word], max_ngram: int = 6, max_repeats: int = 2) -> tuple[list[Word], list[str]]:
    """Return words without n-gram loops (an n-gram repeated more than max_repeats times in a row).

    The first max_repeats occurrences are kept: speakers do repeat themselves ("nein, nein").
    """
    kept: list[Word] = []
    dropped: list[str] = []
    i = 0
    keys = [_key(w) for w in words]
    while i < len(words):
        collapsed = False
        for n in range(1, max_ngram + 1):
            gram = keys[i : i + n]
            if len(gram) < n or not any(gram):
                break
            repeats = 1
            while keys[i + repeats * n : i + (repeats + 1) * n] == gram:
                repeats += 1
            if repeats > max_repeats + (1 if n == 1 else 0):
                kept.extend(words[i : i + max_repeats * n])
                loop = words[i + max_repeats * n : i + repeats * n]
                dropped.append(" ".join(w.text for w in loop))
                i += repeats * n
                collapsed = True
                break
        if not collapsed:
            kept.append(words[i])
            i += 1
    return kept, dropped


@dataclass
class _Segment:
    words: list[Word]
    text: str
    no_speech_prob: float


@dataclass
class _Block:
    segments: list[_Segment]
    language: str
    probability: float


class Checkpoints(Protocol):
    """Where a job keeps what its finished stages produced (the job ledger)."""

    def get(self, name: str) -> dict | None: ...

    def put(self, name: str, content: dict) -> None: ...


class Transcriber:
    """Loads a Whisper model once and transcribes recordings."""

    def __init__(
        self,
        store: ModelStore,
        model: str = PACKAGED_MODEL,
        device: str = "auto",
        compute_type: str = "auto",
        cpu_threads: int = 0,
        beam_size: int = 1,
    ):
        from faster_whisper import WhisperModel

        if device == "auto":
            import ctranslate2

            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        if compute_type == "auto":
            compute_type = "float16" if device == "cuda" else "int8"
        if model == PACKAGED_MODEL:
            model_path = str(store.assembled_folder("whisper-base"))
            self.model_name = "whisper-base (packaged, CTranslate2)"
        else:
            model_path = model
            self.model_name = model
        try:
            self.model = WhisperModel(
                model_path,
                device=device,
                compute_type=compute_type,
                cpu_threads=cpu_threads or (os.cpu_count() or 2),
                local_files_only=os.environ.get("HF_HUB_OFFLINE") == "1",
            )
        except Exception as error:  # CTranslate2 and the hub raise many types; all mean "cannot load"
            raise ModelError(f"cannot load Whisper model {model!r}: {error}") from error
        self.beam_size = beam_size
        self.block_seconds = BLOCK_SECONDS

    def __call__(
        self,
        audio: np.ndarray | AudioFile,
        language: str | None = "de",
        vocabulary: Iterable[str] = (),
        task: str = "transcribe",
        progress: ProgressCallback | None = None,
        checkpoints: Checkpoints | None = None,
    ) -> Transcript:
        """Return the words of the recording; raise NoSpeechError when there are none.

        With `checkpoints`, each finished block is kept as "transcribe/NNNN", and a block already
        kept is taken from there instead of being transcribed again (a resumed job).
        """
        hotwords = _hotwords(vocabulary)
        collected: list[_Segment] = []
        duration = max(len(audio) / SAMPLE_RATE, 1e-6)
        detected, probability = language, 1.0
        for index, (block_start, block_end) in enumerate(speech_blocks(audio, self.block_seconds)):
            name = f"transcribe/{index:04d}"
            kept = checkpoints.get(name) if checkpoints is not None else None
            if kept is not None:
                collected += [_Segment([Word(**w) for w in words], text, p) for words, text, p in kept["segments"]]
                if detected is None:
                    detected, probability = kept["language"], kept["probability"]
                if progress:
                    progress("transcribe", min(block_end / SAMPLE_RATE / duration, 1.0))
                continue
            block = self._block(audio[block_start:block_end], block_start / SAMPLE_RATE, duration, detected, task,
                                hotwords, progress)  # fmt: skip
            if detected is None:  # detect once, on the first block with speech, and keep it
                detected, probability = block.language, block.probability
            collected += block.segments
            if checkpoints is not None:
                checkpoints.put(name, {
                    "language": detected, "probability": probability,
                    "segments": [[[asdict(w) for w in s.words], s.text, s.no_speech_prob] for s in block.segments],
                })  # fmt: skip
        words, dropped = _clean(collected, hotwords)
        if not words:
            raise NoSpeechError("no speech was recognised in the recording")
        if progress:
            progress("transcribe", 1.0)
        return Transcript(
            words=words,
            language=detected or "",
            language_probability=round(probability, 4),
            duration=duration,
            model=self.model_name,
            dropped=dropped,
        )

    def _block(self, audio, offset: float, duration: float, language, task, hotwords, progress) -> _Block:
        """Transcribe one block of audio that starts `offset` seconds into the recording.

        Whisper sometimes passes over a stretch of speech without a word, more often with hotwords
        (on the sample, members' names as hotwords lost a 15 s speech). Each stretch of at least
        `MIN_UNHEARD` seconds that the VAD finds speech in and no word covers is transcribed again on
        its own, without hotwords, and what that finds is added.
        """
        collected, info = self._segments(audio, offset, duration, language, task, hotwords, progress)
        for start, end in _unheard(audio, collected, offset):
            again, _ = self._segments(audio[start:end], offset + start / SAMPLE_RATE, duration,
                                      language or info.language, task, "", None, retry=False)  # fmt: skip
            collected += [segment for segment in again if segment.words]
        collected.sort(key=lambda segment: segment.words[0].start if segment.words else 0.0)
        return _Block(collected, info.language, info.language_probability)

    def _segments(self, audio, offset: float, duration: float, language, task, hotwords, progress, retry=True):
        # `retry`: Whisper's fallback to sampling at higher temperatures, which makes a second pass over
        # a skipped stretch come out differently from run to run (in one run, empty); without it, greedy.
        segments, info = self.model.transcribe(
            audio,
            language=language,
            task=task,
            beam_size=self.beam_size,
            vad_filter=True,
            vad_parameters=_VAD,
            word_timestamps=True,
            condition_on_previous_text=False,
            hallucination_silence_threshold=2.0,
            hotwords=hotwords or None,
            temperature=[0.0, 0.2, 0.4, 0.6, 0.8, 1.0] if retry else 0.0,
        )
        collected = []
        for segment in segments:
            words = [
                Word(
                    text=w.word.strip(),
                    start=round(w.start + offset, 3),
                    end=round(w.end + offset, 3),
                    probability=round(w.probability, 4),
                )
                for w in (segment.words or [])
                if w.word.strip()
            ]
            collected.append(_Segment(words, segment.text.strip(), segment.no_speech_prob))
            if progress:
                progress("transcribe", min((segment.end + offset) / duration, 1.0))
        return collected, info


def _unheard(audio, segments: list[_Segment], offset: float) -> list[tuple[int, int]]:
    """Sample ranges of `audio` (a block starting `offset` s into the recording) with speech but no word.

    Speech is what the transcription's VAD finds; a word covers its own time and `_WORD_REACH` s on
    either side (word timestamps are approximate). Uncovered speech less than a second apart is one
    stretch; stretches of at least `MIN_UNHEARD` s are returned.
    """
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    covered = sorted(
        (int((w.start - offset - _WORD_REACH) * SAMPLE_RATE), int((w.end - offset + _WORD_REACH) * SAMPLE_RATE))
        for segment in segments
        for w in segment.words
    )
    stretches: list[list[int]] = []
    for chunk in get_speech_timestamps(np.asarray(audio, dtype=np.float32), VadOptions(**_VAD)):
        pieces, start = [], chunk["start"]
        for a, b in covered:
            if b <= start or a >= chunk["end"]:
                continue
            if a > start:
                pieces.append([start, a])
            start = max(start, b)
        if start < chunk["end"]:
            pieces.append([start, chunk["end"]])
        for piece in pieces:
            if stretches and piece[0] - stretches[-1][1] < SAMPLE_RATE:
                stretches[-1][1] = piece[1]
            else:
                stretches.append(piece)
    return [(a, b) for a, b in stretches if b - a >= MIN_UNHEARD * SAMPLE_RATE]


def speech_blocks(audio: np.ndarray | AudioFile, max_seconds: float = BLOCK_SECONDS) -> list[tuple[int, int]]:
    """Return [start, end) sample ranges of about max_seconds, cut in the middle of pauses.

    faster-whisper computes the log-mel features of its whole input at once, which for an hour
    of audio costs gigabytes; blocks of ten minutes keep that small. Each cut falls in the middle of
    the last pause that the same VAD as transcription finds within the block's span, so no word is
    split; the VAD reads one span at a time, so a long recording is never in memory whole. A span
    without a pause runs on to the first pause after it.
    """
    limit = int(max_seconds * SAMPLE_RATE)
    blocks, start = [], 0
    while len(audio) - start > limit:
        gaps = [gap for gap in _pauses(audio, start, start + limit) if gap[0] > start]
        cut = sum(gaps[-1]) // 2 if gaps else None
        ahead = start + limit
        while cut is None and ahead < len(audio):
            gaps = _pauses(audio, ahead, min(ahead + limit, len(audio)))
            cut = sum(gaps[0]) // 2 if gaps else None
            ahead += limit
        if cut is None:
            break
        blocks.append((start, cut))
        start = cut
    blocks.append((start, len(audio)))
    return blocks


def _pauses(audio, start: int, end: int) -> list[tuple[int, int]]:
    """The pauses in audio[start:end] as sample ranges of the recording: between speech as the VAD finds it,
    and at either edge where they last half a second (shorter ones may be speech the edge cut off)."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    speech = get_speech_timestamps(audio[start:end], VadOptions(**_VAD))
    if not speech:
        return [(start, end)]
    edges = [(start, start + speech[0]["start"]), (start + speech[-1]["end"], end)]
    inner = [(start + a["end"], start + b["start"]) for a, b in zip(speech, speech[1:], strict=False)]
    return sorted([*inner, *(gap for gap in edges if gap[1] - gap[0] >= SAMPLE_RATE // 2)])


def _hotwords(vocabulary: Iterable[str]) -> str:
    # Whisper's prompt holds about 220 tokens and faster-whisper gives hotwords half of it;
    # 400 characters of names and titles stay well inside that.
    seen: dict[str, None] = {}
    for term in vocabulary:
        term = " ".join(str(term).split())
        if term:
            seen.setdefault(term, None)
    return ", ".join(seen)[:400]


def _token(text: str) -> str:
    return re.sub(r"[^\w]", "", text.casefold())


def _prompt_echo(words: list[Word], hotwords: str, min_tokens: int = 3) -> set[int]:
    """Return indices of words that repeat the hotword prompt across a term boundary.

    Whisper sometimes "reads out" its prompt in pauses ("Petra Hoffmann, Klaus Becker, ...").
    Two or more prompt terms in prompt order are an echo; one term alone is a real mention.
    """
    prompt: list[tuple[str, int]] = []
    for term_index, term in enumerate(hotwords.split(",")):
        prompt += [(_token(t), term_index) for t in term.split() if _token(t)]
    tokens = [_token(w.text) for w in words]
    echo: set[int] = set()
    for i in range(len(tokens)):
        for j in range(len(prompt)):
            length = 0
            while i + length < len(tokens) and j + length < len(prompt) and tokens[i + length] == prompt[j + length][0]:
                length += 1
            if length >= min_tokens and prompt[j][1] != prompt[j + length - 1][1]:
                echo.update(range(i, i + length))
    return echo


def _clean(segments: list[_Segment], hotwords: str = "") -> tuple[list[Word], list[str]]:
    words: list[Word] = []
    dropped: list[str] = []
    previous_text = None
    repeats = 0
    for segment in segments:
        if not segment.words:
            continue
        mean_probability = float(np.mean([w.probability for w in segment.words]))
        if is_known_hallucination(segment.text, mean_probability, segment.no_speech_prob):
            dropped.append(segment.text)
            continue
        # The same segment text over and over is a loop across windows.
        repeats = repeats + 1 if segment.text == previous_text else 0
        previous_text = segment.text
        if repeats >= 2:
            dropped.append(segment.text)
            continue
        echo = _prompt_echo(segment.words, hotwords) if hotwords else set()
        if echo:
            dropped.append(" ".join(segment.words[i].text for i in sorted(echo)))
        words.extend(w for i, w in enumerate(segment.words) if i not in echo)
    words, loops = collapse_repetitions(words)
    return words, dropped + loops
