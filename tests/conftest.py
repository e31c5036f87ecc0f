"""Shared fixtures: the real models (loaded once), the corpus, the sample session processed once."""

from __future__ import annotations

import copy
import json
import os
import sqlite3
import warnings
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"  # fail fast instead of reaching for a model hub
os.environ["PYANNOTE_METRICS_ENABLED"] = "false"

import pytest  # noqa: E402

from protokoll import archive  # noqa: E402
from protokoll.config import PROJECT_ROOT, Settings  # noqa: E402
from protokoll.domain import MeetingInfo  # noqa: E402
from protokoll.evaluation import MINUTES_FIXTURES, load_minutes_fixture  # noqa: E402
from protokoll.minutes.agenda import read_agenda  # noqa: E402
from protokoll.services import Services  # noqa: E402

SAMPLES = PROJECT_ROOT / "samples"
SAMPLE_AUDIO = SAMPLES / "sample_session.flac"


def _corpus_dir() -> Path:
    """The real speech the tests read: vendored in tests/data/corpus (see its SOURCES.md)."""
    explicit = os.environ.get("PROTOKOLL_CORPUS")
    return Path(explicit) if explicit else Path(__file__).parent / "data" / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    path = _corpus_dir()
    if not path.is_dir():
        pytest.skip(f"the test corpus is not at {path} (it ships in tests/data/corpus; PROTOKOLL_CORPUS overrides)")
    return path


# A skipped test fails the run: a skip is a check that did not happen (a missing browser, corpus or
# model), and a green run must mean every test ran. Proved in tests/test_suite_rules.py.
_skipped: list[tuple[str, str]] = []  # (test id, reason) of each skip in this run


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    reason = str(longrepr[2] if isinstance(longrepr, tuple) else longrepr)
    return reason.removeprefix("Skipped: ")


def pytest_sessionstart(session):
    _skipped.clear()


def pytest_collectreport(report):
    if report.skipped:  # a whole module skipped while it was collected
        _skipped.append((report.nodeid, _skip_reason(report)))


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append((report.nodeid, _skip_reason(report)))


def pytest_sessionfinish(session, exitstatus):
    if _skipped and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    if _skipped:
        terminalreporter.section("skipped tests fail the run", sep="=", red=True, bold=True)
        terminalreporter.line(f"{len(_skipped)} skipped; every test must run (see README, 'Set-up'):")
        for nodeid, reason in _skipped:
            terminalreporter.line(f"SKIPPED {nodeid}: {reason}", red=True)


@pytest.fixture(scope="session")
def sample_reference() -> dict:
    return json.loads((SAMPLES / "sample_session.json").read_text(encoding="utf-8"))


@pytest.fixture
def unnamed_sample(tmp_path, text_embedder, sample_reference):
    """(services, meeting id): the sample imported as recorded, its speakers unnamed (labels only), after its
    body's members were imported, so that the chair's words give name suggestions."""
    services = Services.for_archive(tmp_path / "archive.db", embedder=text_embedder)
    services.import_members(PROJECT_ROOT / "tests" / "data" / "members" / "emscherhausen.csv", sample_reference["body"],
                            "clerk")  # fmt: skip
    data = copy.deepcopy(sample_reference)  # the reference is shared by the whole session
    data.pop("speakers")
    return services, services.import_transcript(data)


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="session")
def pipeline(settings):
    from protokoll.speech.pipeline import Pipeline

    return Pipeline(settings)


@pytest.fixture(scope="session")
def sample_ingest(pipeline, tmp_path_factory, sample_reference):
    """The sample session through the whole pipeline, once per test run: (database path, result)."""
    db_path = tmp_path_factory.mktemp("sample") / "archive.db"
    vocabulary = [s["name"] for s in sample_reference["speakers"].values()]
    info = MeetingInfo(title=sample_reference["title"], date=sample_reference["date"], body=sample_reference["body"])
    agenda = read_agenda(SAMPLES / "sample_session.agenda.txt")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = Services.for_archive(db_path, pipeline=pipeline).ingest(
            SAMPLE_AUDIO, info, agenda=agenda, vocabulary=vocabulary
        )
    return db_path, result


@pytest.fixture(scope="session")
def text_embedder():
    from protokoll.embeddings import TextEmbedder

    return TextEmbedder()


@pytest.fixture(scope="session")
def minutes_services(tmp_path_factory, text_embedder):
    """The use cases over the archive that `minutes_archive` fills."""
    return Services.for_archive(tmp_path_factory.mktemp("minutes") / "archive.db", embedder=text_embedder)


@pytest.fixture(scope="session")
def minutes_archive(minutes_services):
    """Every minutes fixture imported (with its agenda) into one archive: (db, {fixture name: meeting id})."""
    services = minutes_services
    ids = {}
    for path in MINUTES_FIXTURES:
        data, agenda = load_minutes_fixture(path)
        ids[path.stem] = services.import_transcript(data, agenda=agenda)
    return services.db(), ids


@pytest.fixture
def sample_copy(sample_ingest, tmp_path, text_embedder):
    """The ingested sample, approved and published, in an archive of this test's own: (services, meeting id)."""
    db_path, result = sample_ingest
    source, copy = sqlite3.connect(db_path), sqlite3.connect(tmp_path / "archive.db")
    source.backup(copy)
    source.close(), copy.close()
    services = Services.for_archive(tmp_path / "archive.db", embedder=text_embedder)
    db = services.db()
    services.approve(result.meeting_id, "kaya")
    for vote in (v for v in archive.load_meeting(db, result.meeting_id).votes if v.result == "unklar"):
        services.decide_vote(vote.id, "angenommen", "kaya")
    services.approve(result.meeting_id, "kaya")
    services.publish(result.meeting_id, "kaya")
    return services, result.meeting_id
