"""Settings: defaults, overridden by a TOML file, then PROTOKOLL_* environment variables, then CLI flags.

The TOML file is `$PROTOKOLL_CONFIG`, else `./protokoll.toml` when present. Keys are the field
names below; environment variables are the upper-cased names with the `PROTOKOLL_` prefix
(e.g. `PROTOKOLL_WHISPER_MODEL=/srv/models/whisper-large-v3-turbo`).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from protokoll.errors import InputError

__all__ = ["Settings", "load_settings", "PROJECT_ROOT"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "protokoll"


# Licences open data is usually published under in Germany, by SPDX id.
LICENSE_URLS = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "DL-DE-BY-2.0": "https://www.govdata.de/dl-de/by-2-0",
    "DL-DE-ZERO-2.0": "https://www.govdata.de/dl-de/zero-2-0",
}


@dataclass
class Settings:
    """Everything a run can be told; see README, "Configuration"."""

    data_dir: Path = dataclasses.field(default_factory=_default_data_dir)
    db_path: Path | None = None  # default: data_dir / "protokoll.db"
    models_dir: Path = PROJECT_ROOT / "models"

    # Speech recognition: "base" is the packaged offline model; otherwise a CTranslate2 model
    # folder, or a faster-whisper model name (downloads only where a hub is reachable).
    whisper_model: str = "base"
    device: str = "auto"  # auto, cpu, cuda
    compute_type: str = "auto"  # auto: int8 on CPU, float16 on CUDA
    beam_size: int = 1
    cpu_threads: int = 0  # 0: all cores; a worker's thread budget for torch, CTranslate2 and ONNX Runtime
    # Transcription runs in blocks of at most this many seconds, cut in pauses; each finished block is
    # a checkpoint a resumed job does not transcribe again.
    transcribe_block_seconds: float = 600.0
    language: str | None = "de"

    # Diarization: None uses the offline segmentation-3.0 + CAM++ pipeline; a folder with a
    # pyannote config.yaml (e.g. community-1 fetched elsewhere) replaces it.
    diarization_pipeline: Path | None = None
    # Step of the segmentation window as a share of its length; 0 means "auto": 0.1 up to
    # 30 minutes, 0.2 beyond (long sessions give each voice plenty of material, and 0.2 halves
    # diarization time and memory; see README).
    segmentation_step: float = 0.0
    # Voice embeddings for the clustering pooled from CAM++ frame outputs computed once per 2 s block,
    # instead of one network pass per (chunk, speaker): diarization about 2.6 times faster and DER lower
    # on the voice sessions, but the voice register covered less speech with the smaller labels (README,
    # step 3 of "What it does"). Off by default.
    pooled_embeddings: bool = False
    # After clustering, pieces of a label that sound like another voice go to that voice's label or to a
    # new one (speech.voiceprints.separate_voices): lower DER on sessions with many short turns.
    separate_voices: bool = True
    clustering_threshold: float = 0.65
    min_speakers: int | None = None
    max_speakers: int | None = None

    # Attribution: a silence longer than this inside one speaker's speech starts a new utterance.
    utterance_pause: float = 1.5

    # Voice register (only for bodies whose operator enabled it): a new speaker whose voice print is
    # at least this similar to a registered member's is named automatically; from the lower value
    # on, the name is a suggestion. Calibrated in benchmarks/speakers_benchmark.py: through the whole
    # pipeline, a stranger's synthetic voice matched a registered one at up to 0.775, and a registered
    # person's own voice scored at least 0.91; 0.80 lies between.
    voice_recognise_at: float = 0.80
    voice_suggest_at: float = 0.50

    # Summaries: a local text-generation model (GGUF file or transformers folder) that may
    # rewrite the plain-language texts; its output is kept only if the fact check passes.
    generator: Path | None = None

    # Upload guards.
    # The queue that carries recordings to workers: empty for the embedded one (SQLite, in the data
    # folder; `protokoll serve` processes it), or a Redis URL ("redis://host:6379/0") so that workers
    # on other machines (`protokoll worker --server URL`) take recordings too.
    queue_url: str | None = None
    # The shared secret remote workers present to `protokoll serve` (empty: remote workers are refused).
    worker_token: str | None = None

    max_duration_hours: float = 8.0
    max_file_mb: float = 4096.0  # also the limit of a single web upload (clerks only)

    # Clerks' logins: a session ends this many hours after login, or after this many minutes unused.
    clerk_session_hours: float = 8.0
    clerk_idle_minutes: float = 30.0

    # Open data. The address the public reaches `protokoll serve` at (behind a reverse proxy, e.g.
    # "https://ratsinfo.example.de/protokoll"): OParl ids and file links are absolute URLs built on it;
    # unset, each answer uses the address its request came to. The licence of the published data, a
    # URL (OParl wants one; the ids in LICENSE_URLS are translated), is stated in the OParl System and
    # Body objects and in the bulk download.
    public_url: str | None = None
    open_data_license: str = "https://creativecommons.org/licenses/by/4.0/"

    @property
    def open_data_license_url(self) -> str:
        """The licence as a URL: the setting itself, or the URL of a licence named by its SPDX id."""
        return LICENSE_URLS.get(self.open_data_license.strip().upper(), self.open_data_license.strip())

    @property
    def database(self) -> Path:
        """Return the SQLite file to use."""
        return Path(self.db_path) if self.db_path else Path(self.data_dir) / "protokoll.db"

    def replace(self, **changes) -> Settings:
        """Return a copy with the non-None changes applied."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


_BOOLEAN_WORDS = {"1": True, "true": True, "yes": True, "on": True}
_BOOLEAN_WORDS.update({"0": False, "false": False, "no": False, "off": False})


def _coerce(field: dataclasses.Field, raw):
    kind = str(field.type)
    if raw is None or (isinstance(raw, str) and raw.strip().lower() in {"", "none"}):
        if "None" in kind:
            return None
    try:
        if kind.startswith("Path"):
            return Path(raw).expanduser()
        if kind.startswith("int"):
            return int(raw)
        if kind.startswith("float"):
            return float(raw)
        if kind.startswith("bool"):
            if isinstance(raw, bool):
                return raw
            word = str(raw).strip().lower()
            if word not in _BOOLEAN_WORDS:
                raise ValueError(word)
            return _BOOLEAN_WORDS[word]
    except (TypeError, ValueError) as error:
        raise InputError(f"setting {field.name}: {raw!r} is not a valid {kind}") from error
    return str(raw)


def load_settings(config_file: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Return settings from the TOML file and the environment."""
    environ = os.environ if environ is None else environ
    values: dict[str, object] = {}
    path = config_file or (Path(environ["PROTOKOLL_CONFIG"]) if environ.get("PROTOKOLL_CONFIG") else None)
    if path is None and Path("protokoll.toml").is_file():
        path = Path("protokoll.toml")
    known = {f.name: f for f in fields(Settings)}
    if path is not None:
        try:
            table = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise InputError(f"cannot read settings file {path}: {error}") from error
        for key, raw in table.items():
            if key not in known:
                raise InputError(f"settings file {path}: unknown setting {key!r}")
            values[key] = _coerce(known[key], raw)
    for name, field in known.items():
        env_name = f"PROTOKOLL_{name.upper()}"
        if env_name in environ:
            values[name] = _coerce(field, environ[env_name])
    return Settings(**values)
