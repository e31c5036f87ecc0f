"""The OParl endpoint on the synthetic 1,000-hour archive of the search benchmark: list page latency and
a full walk of every body's meeting list.

    python benchmarks/search_benchmark.py            # builds benchmarks/work/archive_1000h.db first
    python benchmarks/oparl_benchmark.py [--hours 1000] [--rounds 3]

The requests go through the endpoint's own routes (Starlette, in process: routing, the archive's
queries, JSON), so the figures are the server's time without the network. Results: `oparl` in
results.json / results.md.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import WORK, measured_at, merge_results, parse_args  # noqa: E402


def _options(parser) -> None:
    parser.add_argument(
        "--hours", type=int, default=1000, help="Size of the synthetic archive (built by search_benchmark)."
    )
    parser.add_argument("--rounds", type=int, default=3, help="Full walks of the meeting lists.")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _figures(times: list[float]) -> dict:
    return {
        "requests": len(times),
        "p50_ms": round(1000 * statistics.median(times), 1),
        "p95_ms": round(1000 * _percentile(times, 0.95), 1),
        "max_ms": round(1000 * max(times), 1),
    }


def main() -> None:
    args = parse_args(__doc__, _options)
    path = WORK / f"archive_{args.hours}h.db"
    if not path.exists():
        sys.exit(f"{path} is missing: run benchmarks/search_benchmark.py --hours {args.hours} first")

    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from protokoll.config import Settings
    from protokoll.interfaces.web.oparl import OParlRoutes

    settings = Settings(data_dir=WORK, db_path=path)
    client = TestClient(Starlette(routes=OParlRoutes(settings).routes()))

    def get(url: str, times: list[float]) -> dict:
        clock = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - clock)
        response.raise_for_status()
        return response.json()

    warm: list[float] = []
    bodies = get("/oparl/v1/bodies", warm)["data"]  # also opens and migrates the archive
    pages: list[float] = []
    walks: list[float] = []
    meetings = 0
    for _ in range(args.rounds):
        clock, meetings = time.perf_counter(), 0
        for body in bodies:
            url = body["meeting"]
            while url:
                page = get(url, pages)
                meetings += len(page["data"])
                url = page["links"].get("next")
        walks.append(time.perf_counter() - clock)
    other: dict[str, list[float]] = {}
    for kind in ("agendaItem", "person", "organization", "membership", "file"):
        other[kind] = []
        for _ in range(args.rounds):
            for body in bodies:
                get(body[kind], other[kind])
    single: list[float] = []
    first = get(bodies[0]["meeting"], warm)["data"]
    for _ in range(args.rounds):
        for meeting in first:
            get(meeting["id"], single)
    changed: list[float] = []
    for _ in range(args.rounds):
        for body in bodies:
            get(body["meeting"] + "?modified_since=2000-01-01T00:00:00Z", changed)
    figures = {
        "archive_hours": args.hours,
        "bodies": len(bodies),
        "meetings": meetings,
        "meeting_list_pages": _figures(pages),
        "full_meeting_walk_seconds": round(statistics.median(walks), 2),
        "meeting_by_id": _figures(single),
        "meeting_list_modified_since": _figures(changed),
        **{f"{kind}_list_first_page": _figures(times) for kind, times in other.items()},
        "note": "synthetic meetings have no agenda items or public files; see README, Open data",
        "measured_at": measured_at(),
    }
    for key, value in figures.items():
        print(f"{key}: {value}")
    merge_results("oparl", figures)


if __name__ == "__main__":
    main()
