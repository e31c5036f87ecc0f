"""Shared fixtures: the real models (loaded once), the corpus, the sample session processed once."""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"  # fail fast instead of reaching for a model hub
os.environ["PYANNOTE_METRICS_ENABLED"] = "false"

import pytest  # noqa: E402

from protokoll.agenda import parse_agenda, read_agenda  # noqa: E402
from protokoll.config import PROJECT_ROOT, Settings  # noqa: E402
from protokoll.domain import MeetingInfo  # noqa: E402

SAMPLES = PROJECT_ROOT / "samples"
SAMPLE_AUDIO = SAMPLES / "sample_session.flac"


def _corpus_dir() -> Path:
    explicit = os.environ.get("PROTOKOLL_CORPUS")
    return Path(explicit) if explicit else PROJECT_ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    path = _corpus_dir()
    if not path.is_dir():
        pytest.skip(f"the evaluation corpus is not at {path} (set PROTOKOLL_CORPUS)")
    return path


@pytest.fixture(scope="session")
def sample_reference() -> dict:
    return json.loads((SAMPLES / "sample_session.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="session")
def pipeline(settings):
    from protokoll.pipeline import Pipeline

    return Pipeline(settings)


@pytest.fixture(scope="session")
def sample_ingest(pipeline, tmp_path_factory, sample_reference):
    """The sample session through the whole pipeline, once per test run: (database path, result)."""
    from protokoll.store import open_database

    db_path = tmp_path_factory.mktemp("sample") / "archive.db"
    db = open_database(db_path)
    vocabulary = [s["name"] for s in sample_reference["speakers"].values()]
    info = MeetingInfo(title=sample_reference["title"], date=sample_reference["date"], body=sample_reference["body"])
    agenda = read_agenda(SAMPLES / "sample_session.agenda.txt")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = pipeline.ingest(db, SAMPLE_AUDIO, info, vocabulary=vocabulary, agenda=agenda)
    db.close()
    return db_path, result


MINUTES_FIXTURES = sorted((Path(__file__).parent / "fixtures" / "minutes").glob("*.json"))


def load_minutes_fixture(path: Path) -> tuple[dict, list | None]:
    """A council transcript written for the minutes tests and its agenda (text, JSON or OParl), if any."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for key in ("agenda_text", "agenda", "agenda_oparl"):
        if key in data:
            raw = data.pop(key)
            return data, parse_agenda(raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False), key)
    return data, None


@pytest.fixture(scope="session")
def text_embedder():
    from protokoll.embeddings import TextEmbedder

    return TextEmbedder()


@pytest.fixture(scope="session")
def minutes_archive(tmp_path_factory, text_embedder):
    """Every minutes fixture imported (with its agenda) into one archive: (db, {fixture name: meeting id})."""
    from protokoll.store import open_database
    from protokoll.transcript_import import import_transcript

    db = open_database(tmp_path_factory.mktemp("minutes") / "archive.db")
    ids = {}
    for path in MINUTES_FIXTURES:
        data, agenda = load_minutes_fixture(path)
        ids[path.stem] = import_transcript(db, data, text_embedder, agenda=agenda)
    return db, ids
