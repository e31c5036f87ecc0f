"""What every benchmark shares: paths, offline setup, vote scoring and the results file.

Each script in benchmarks/ imports this module, and nothing from another benchmark or from tests/
(reading data files under tests/fixtures/ and tests/data/ is fine; importing test code is not).
Importing it sets the environment for an offline run, so import it before anything from protokoll.
Every script first puts the repository root on sys.path, so that both `python benchmarks/x.py`
and `python -m benchmarks.x` find this module, and `protokoll` comes from this checkout.

The judged material (minutes fixtures, search sessions, German clips) is read through
`protokoll.evaluation`, the archive through `protokoll.services.Services.for_archive`, exactly as
the tests do.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Offline run: fail fast instead of reaching for a model hub; no usage reports (as in tests/conftest.py).
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("PYANNOTE_METRICS_ENABLED", "false")

SAMPLES = ROOT / "samples"
FIXTURES = ROOT / "tests" / "fixtures"
SESSIONS = FIXTURES / "sessions"  # the judged council sessions of the search tests
TEST_CORPUS = ROOT / "tests" / "data" / "corpus"  # the tests' part of the corpus (no AMI files: see its SOURCES.md)
CORPUS = Path(os.environ.get("PROTOKOLL_CORPUS", ROOT.parent / "shared" / "corpus"))  # the whole evaluation corpus
WORK = ROOT / "benchmarks" / "work"  # generated inputs (one-hour recording, synthetic archives); not in git
RESULTS_JSON = ROOT / "benchmarks" / "results.json"
RESULTS_MD = ROOT / "benchmarks" / "results.md"
# Sections of results.md, in order: the pipeline's cases, then the other benchmarks.
REPORTED = [
    "sample", "sample_room", "german", "pyannote", "ami", "hour", "three_hours", "search", "minutes", "web",
    "protocols", "protocols_heldout", "protocols_fresh_2026_11_28", "protocols_fresh_2026_11_28b",
    "protocols_fresh_2026_11_28c",
    "protocols_fresh_2026_11_28d", "protocols_fresh_2026_11_28e", "protocols_fresh_2026_11_29",
    "protocols_fresh_2026_11_29b", "protocols_fresh_2026_11_29c", "protocols_fresh_2026_11_29d",
    "protocols_fresh_2026_11_29e", "protocols_fresh_2026_11_29f",
    "protocols_fresh_2026_11_29g", "protocols_fresh_2026_11_29h", "protocols_fresh_2026_11_29i",
    "floor", "voices", "plain", "plain_fresh_2026_11_29",
    "plain_fresh_2026_11_29b", "plain_fresh_2026_11_29c", "plain_fresh_2026_11_29d", "plain_fresh_2026_11_29e",
    "oparl", "jobs",
    "long_sessions", "diarization_grid", "diarization_embeddings", "voice_separation", "voices_pooled",
    "before_issue9",
]  # fmt: skip


def parse_args(doc: str | None, configure=None) -> argparse.Namespace:
    """Parse the command line of a benchmark whose usage is its module docstring; configure adds options."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    if configure:
        configure(parser)
    return parser.parse_args()


def measured_at() -> str:
    """The time stamp stored with every benchmark's figures."""
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())


def merge_results(key: str, figures: dict, keep: bool = False) -> None:
    """Store one benchmark's figures under key in results.json and rewrite results.md.

    keep: update the figures already stored under key instead of replacing them.
    """
    results = json.loads(RESULTS_JSON.read_text(encoding="utf-8")) if RESULTS_JSON.exists() else {}
    results[key] = {**results.get(key, {}), **figures} if keep else figures
    RESULTS_JSON.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _write_markdown(results)


def _write_markdown(results: dict) -> None:
    lines = [
        "# Benchmark results",
        "",
        "Written by the scripts in `benchmarks/` (see `benchmarks/common.py`); do not edit by hand.",
        f"Machine: {results.get('machine', {}).get('description', '?')}.",
        "",
    ]
    for case in REPORTED:
        if case in results:
            table = results[case].get("table") or []
            lines += [f"## {case}", "", f"Measured {results[case]['measured_at']}", ""]
            if table:
                columns = list(table[0])
                lines += ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
                lines += ["| " + " | ".join("" if r[c] is None else str(r[c]) for c in columns) + " |" for r in table]
                lines.append("")
            lines += [
                "```json",
                json.dumps(
                    {k: v for k, v in results[case].items() if k not in ("measured_at", "table")},
                    indent=2,
                    ensure_ascii=False,
                ),
                "```",
                "",
            ]
    RESULTS_MD.write_text("\n".join(lines), encoding="utf-8")


def vote_scores(found: list[dict], expected: list[dict]) -> tuple[int, int, int]:
    """(right, found, expected): a found vote is right when every field equals an expected one."""
    remaining = list(expected)
    right = 0
    for vote in found:
        if vote in remaining:
            remaining.remove(vote)
            right += 1
    return right, len(found), len(expected)


def stored_votes(db, meeting_id: int) -> list[dict]:
    """The votes the archive holds for a meeting, in the fields that vote_scores compares."""
    from protokoll.archive import load_meeting

    stored = load_meeting(db, meeting_id)
    numbers = {item.id: item.number for item in stored.agenda_items}
    return [
        {"item": numbers.get(v.agenda_item_id), "motion": v.motion, "result": v.result, "yes": v.yes, "no": v.no,
         "abstain": v.abstain, "unanimous": v.unanimous}
        for v in stored.votes
    ]  # fmt: skip
