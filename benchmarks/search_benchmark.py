"""Search speed on a synthetic 1,000-hour archive, and relevance on the judged query set.

Usage:
    python benchmarks/search_benchmark.py                # build (once, ~10 min) and measure
    python benchmarks/search_benchmark.py --hours 50     # a smaller archive, for a quick look
    python benchmarks/search_benchmark.py --relevance-only

The archive is generated, not stored in git: sessions of about three hours whose utterances are
drawn from a pool of council sentences (the fixture sessions, the sample's reference and
templated variations with other places, amounts, years and topics), at 9,000 words an hour,
with word timings and sentence vectors as a real ingest writes them. Query latency is measured
through `protokoll.archive.search.search`, the function the CLI and the web interface call, after one
warm-up query (which loads the vector matrix; its time is reported apart). Figures go to
benchmarks/results.json and results.md under "search".
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `benchmarks` and `protokoll`, run as a script

from benchmarks.common import WORK, measured_at, merge_results, parse_args
from protokoll.evaluation import judged_archive, judged_queries, judged_sessions, relevance_figures
from protokoll.services import Services

WORDS_PER_HOUR = 9000
HOURS_PER_MEETING = 3

PLACES = [
    "Essen",
    "Bochum",
    "Dortmund",
    "Duisburg",
    "Gelsenkirchen",
    "Herne",
    "Oberhausen",
    "Mülheim",
    "Bottrop",
    "Hagen",
    "Hamm",
    "Recklinghausen",
    "Gladbeck",
    "Witten",
    "Castrop-Rauxel",
    "Marl",
    "Dorsten",
    "Moers",
]
TOPICS = [
    "den Radschnellweg",
    "die Schulsanierung",
    "den Hitzeaktionsplan",
    "die Müllgebühren",
    "den Haushalt",
    "den Bebauungsplan",
    "den Nahverkehrsplan",
    "die Kita-Plätze",
    "das Hallenbad",
    "die Gewerbesteuer",
    "die Stadtbäume",
    "die Photovoltaik auf Schuldächern",
    "den Winterdienst",
    "die Straßenbahn",
    "die Emscher-Renaturierung",
    "den Lärmschutz",
    "die Digitalisierung der Verwaltung",
    "den Sportplatz",
    "die Feuerwache",
    "das Jugendzentrum",
    "die Bibliothek",
    "den Friedhof",
    "die Kanalsanierung",
]
TEMPLATES = [
    "Für {topic} in {place} stehen im Jahr {year} rund {amount} Millionen Euro bereit.",
    "Die Fraktion beantragt, {topic} in {place} bis {year} abzuschließen.",
    "Wir haben {topic} im Ausschuss ausführlich beraten und empfehlen die Zustimmung.",
    "Die Verwaltung berichtet, dass {topic} in {place} im Zeitplan ist.",
    "Bürgerinnen und Bürger aus {place} haben sich zu {topic} mit {amount}00 Unterschriften gemeldet.",
    "Ohne Fördermittel des Landes ist {topic} nicht zu finanzieren, das sagen wir seit {year}.",
    "Der Antrag zu {topic} ist mit {amount} Ja-Stimmen angenommen.",
    "Ich bitte die Verwaltung, bis zur nächsten Sitzung die Kosten für {topic} vorzulegen.",
    "Die Anwohner in {place} sind mit {topic} nicht einverstanden und fordern eine Bürgerversammlung.",
    "Zu {topic} gibt es eine Anfrage der Fraktion, die schriftlich beantwortet wird.",
]


def sentence_pool(size: int, seed: int = 7) -> list[str]:
    """Return varied council sentences: the judged fixtures' own and templated ones."""
    rng = random.Random(seed)
    pool = [u["text"] for data in judged_sessions().values() for u in data["utterances"]]
    while len(pool) < size:
        pool.append(
            rng.choice(TEMPLATES).format(
                topic=rng.choice(TOPICS),
                place=rng.choice(PLACES),
                year=rng.randint(2018, 2032),
                amount=rng.randint(2, 60),
            )
        )
    return pool


def _synthetic_meeting(rng: random.Random, pool: list[str]) -> tuple[list, list[int]]:
    """Utterances of one meeting drawn from the sentence pool, with the pool index of each."""
    from protokoll.domain import Utterance, Word

    t, words_in_meeting, utterances, drawn = 0.0, 0, [], []
    while words_in_meeting < WORDS_PER_HOUR * HOURS_PER_MEETING:
        index = rng.randrange(len(pool))
        tokens = pool[index].split()
        words = [Word(w, round(t + i * 0.4, 3), round(t + i * 0.4 + 0.35, 3), 0.9) for i, w in enumerate(tokens)]
        utterances.append(Utterance(f"SPEAKER_{rng.randrange(12):02d}", t, t + 0.4 * len(tokens), pool[index], words))
        drawn.append(index)
        t += 0.4 * len(tokens) + 1.0
        words_in_meeting += len(tokens)
    return utterances, drawn


def build_archive(path: Path, hours: int, embedder, pool_size: int = 20000) -> dict:
    """Write a synthetic archive of `hours` hours through the archive's own writes; return build figures."""
    from protokoll import archive
    from protokoll.domain import MeetingInfo, SpeakerTurns, Transcript
    from protokoll.embeddings import to_blob

    clock = time.perf_counter()
    rng = random.Random(11)
    pool = sentence_pool(pool_size)
    vectors = [to_blob(v) for v in embedder.encode(pool)]
    embed_seconds = time.perf_counter() - clock
    db = archive.open_database(path)
    bodies = [f"Rat der Stadt {p}" for p in PLACES] + ["Verbandsversammlung des Regionalverbands Ruhr"]
    words_total = utterances_total = 0
    for number in range(max(1, hours // HOURS_PER_MEETING)):
        date = f"{2019 + number % 8}-{1 + number % 12:02d}-{1 + number % 28:02d}"
        info = MeetingInfo(f"Sitzung {number + 1}", date, bodies[number % len(bodies)])
        utterances, drawn = _synthetic_meeting(rng, pool)
        words = [w for u in utterances for w in u.words]
        transcript = Transcript(words, "de", 1.0, HOURS_PER_MEETING * 3600.0, model="synthetic")
        meeting_id = archive.save_meeting(
            db, info, None, None, transcript.duration, "", transcript, SpeakerTurns([]), utterances,
            vectors=[vectors[i] for i in drawn], vector_model=embedder.name, actor="benchmark",
        )  # fmt: skip
        archive.set_publication(db, meeting_id, True, "benchmark")  # no summaries, so nothing to approve
        words_total += len(words)
        utterances_total += len(utterances)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return {
        "hours": hours,
        "words": words_total,
        "utterances": utterances_total,
        "distinct_sentences": len(pool),
        "build_seconds": round(time.perf_counter() - clock, 1),
        "embedding_seconds": round(embed_seconds, 1),
    }


QUERIES = [
    "gebühren",
    "Radschnellweg",
    "Hitzeschutz",
    "Schulsanierung",
    "Haushalt",
    "Gewerbesteuer",
    "Kita-Plätze",
    "Straßenbahn",
    "Bebauungsplan",
    "Fördermittel",
    "Muellgebuehren",
    '"im Zeitplan"',
    "Lärmschutz",
    "Emscher",
    "Winterdienst",
    "Photovoltaik",
    "Bürgerversammlung",
    "Hallenbad",
    "Feuerwache",
    "Jugendzentrum",
    "Schulen renovieren",
    "Radweg",
    "was wurde zu Hitzeschutz beschlossen",
    "bezahlbare Wohnungen",
    "Bus in der Nacht",
    "Kosten für den Friedhof",
    "Unterschriften der Anwohner",
    "Dortmund",
    "Gelsenkirchen",
    "Kanal",
]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(path: Path, embedder, rounds: int = 3) -> dict:
    """Return keyword, meaning and hybrid latencies in milliseconds over QUERIES."""
    from protokoll.archive import open_database
    from protokoll.archive.search import SearchFilters, search

    db = open_database(path)
    clock = time.perf_counter()
    search(db, "Aufwärmen", mode="meaning", embedder=embedder)
    warm_up = time.perf_counter() - clock
    figures = {"first_meaning_query_seconds_including_matrix_load": round(warm_up, 2)}
    # One untimed round first: right after the archive is built or optimised, the pages that the
    # candidates' rows live on are not yet in the OS cache, and a few queries took over a second.
    clock = time.perf_counter()
    for mode in ("keyword", "meaning", "hybrid"):
        for query in QUERIES:
            search(db, query, SearchFilters(), mode=mode, limit=20, embedder=embedder)
    figures["warm_up_round_seconds"] = round(time.perf_counter() - clock, 1)
    for mode in ("keyword", "meaning", "hybrid"):
        times = []
        for _ in range(rounds):
            for query in QUERIES:
                clock = time.perf_counter()
                search(db, query, SearchFilters(), mode=mode, limit=20, embedder=embedder)
                times.append((time.perf_counter() - clock) * 1000)
        figures[mode] = {
            "p50_ms": round(_percentile(times, 0.5), 1),
            "p95_ms": round(_percentile(times, 0.95), 1),
            "queries": len(times),
        }
    filtered = []
    for query in QUERIES:
        clock = time.perf_counter()
        search(db, query, SearchFilters(body="Bochum", date_from="2020-01-01", date_to="2023-12-31"), embedder=embedder)
        filtered.append((time.perf_counter() - clock) * 1000)
    figures["hybrid_with_body_and_date_filters"] = {
        "p50_ms": round(_percentile(filtered, 0.5), 1),
        "p95_ms": round(_percentile(filtered, 0.95), 1),
    }
    return figures


def relevance(embedder) -> dict:
    """Return rank-1 and top-5 accuracy on the judged queries for each mode."""
    services = Services.for_archive(Path(tempfile.mkdtemp()) / "judged.db", embedder=embedder)
    db, ids = services.db(), judged_archive(services)
    result = {}
    for mode in ("keyword", "meaning", "hybrid"):
        first, top5 = relevance_figures(db, ids, embedder, mode)
        result[mode] = {"rank_1": round(first, 3), "top_5": round(top5, 3)}
    result["queries"] = len(judged_queries())
    return result


def _options(parser) -> None:
    parser.add_argument("--hours", type=int, default=1000, help="Size of the synthetic archive.")
    parser.add_argument("--relevance-only", action="store_true", help="Only the judged query set.")


def main() -> None:
    args = parse_args(__doc__, _options)

    from protokoll.archive import open_database, optimize_search_index
    from protokoll.embeddings import TextEmbedder

    warnings.simplefilter("ignore")
    embedder = TextEmbedder()
    figures = {"relevance": relevance(embedder)}
    print(json.dumps(figures, indent=2), flush=True)
    if not args.relevance_only:
        path = WORK / f"archive_{args.hours}h.db"
        if not path.exists():
            WORK.mkdir(parents=True, exist_ok=True)
            figures["build"] = build_archive(path, args.hours, embedder)
            print(json.dumps(figures["build"], indent=2), flush=True)
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
        figures["archive"] = {
            "hours": args.hours,
            "database_mb": round(size / 1e6),
            "mb_per_audio_hour": round(size / 1e6 / args.hours, 2),
        }
        clock = time.perf_counter()
        optimize_search_index(open_database(path))  # as after every ingest
        figures["archive"]["index_optimize_seconds"] = round(time.perf_counter() - clock, 1)
        figures["latency"] = measure(path, embedder)
        print(json.dumps(figures["latency"], indent=2), flush=True)
    figures["measured_at"] = measured_at()
    merge_results("search", figures, keep=True)  # a run with --relevance-only keeps the stored latency


if __name__ == "__main__":
    main()
