"""Plain language with content: which of the four questions each item's text answers, and how easy it reads.

Usage:
    python benchmarks/plain_language_benchmark.py
    python benchmarks/plain_language_benchmark.py --fresh DIR --section NAME

`--fresh` measures a newly collected set of debated items (the format of tests/fixtures/debates) once,
before anything is written on it, and stores its figures under NAME.

Every German plain-language text of the sample's reference transcript, the eight written council
transcripts (tests/fixtures/minutes) and the real debated items (tests/fixtures/debates, dev and
held-out) is built as the import would build it (no speech models; the text embedder for the agenda).
Per text: which of the four questions it answers (about: the proposal; said: points with their
speakers; decided: the votes; next: what happens next), its reading ease (Flesch-Amstad) and words
per sentence, and the fact check's and the rewrite check's findings. On the debates, also what it
tells of what the annotation says a citizen must learn: figures, each side with its speaker, the
decision, the next step. Merged into benchmarks/results.json and results.md under "plain".
"""

from __future__ import annotations

import json
import sys
import tempfile
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `benchmarks` and `protokoll`, run as a script

from benchmarks.common import SAMPLES, measured_at, merge_results, parse_args
from protokoll.evaluation import DEBATE_FIXTURES, MINUTES_FIXTURES, load_minutes_fixture, plain_language_coverage


def main() -> None:
    def options(parser):
        parser.add_argument("--fresh", type=Path, help="a folder of newly collected debated items")
        parser.add_argument("--section", help="where the fresh set's figures are stored")

    args = parse_args(__doc__, options)
    warnings.filterwarnings("ignore")
    from protokoll.archive import load_meeting
    from protokoll.embeddings import TextEmbedder
    from protokoll.services import Services

    services = Services.for_archive(Path(tempfile.mkdtemp()) / "plain.db", embedder=TextEmbedder())
    if args.fresh:
        sources = [("debate-fresh", p) for p in sorted(args.fresh.glob("*.json"))]
    else:
        sources = [("sample", SAMPLES / "sample_session.json")] + [("written", p) for p in MINUTES_FIXTURES]
        sources += [("debate-" + p.stem.split("-")[0], p) for p in DEBATE_FIXTURES]
    table, coverage = [], {}
    for kind, path in sources:
        data, agenda = load_minutes_fixture(path)
        expected = {str(i.get("number")): i for i in data.get("expected", {}).get("items", [])}
        bundle = load_meeting(services.db(), services.import_transcript(data, agenda=agenda))
        numbers = {i.id: i.number for i in bundle.agenda_items}
        told = set()  # the annotated items a text was written for
        for summary in bundle.summaries:
            if summary.kind != "plain" or summary.language != "de":
                continue
            item = numbers.get(summary.agenda_item_id)
            parts = {s["part"] for s in summary.sentences}
            figures = summary.checks["readability"]
            row = {
                "set": kind,
                "text": f"{path.stem} {'TOP ' + item if item else '(session)'}",
                "about": "about" in parts,
                "said": "said" in parts,
                "decided": "decided" in parts,
                "next": "next" in parts,
                "reading_ease": figures["reading_ease"],
                "words_per_sentence": figures["words_per_sentence"],
                "fact_check": len(summary.checks.get("facts", [])),
                "rewrite_check": len(summary.checks.get("rewrites", [])),
            }
            annotated = expected.get(item) or (next(iter(expected.values())) if len(expected) == 1 else None)
            reached = any(i.number == item and i.start is not None for i in bundle.agenda_items)
            if kind.startswith("debate") and item and annotated and reached:
                found = plain_language_coverage(summary, annotated, data["speakers"])
                row.update({k: v for k, v in found.items() if k != "missed"})
                coverage.setdefault(kind, []).append(found)
                told.add(id(annotated))
            table.append(row)
        for annotated in (e for e in expected.values() if kind.startswith("debate") and id(e) not in told):
            # an item whose start was not found gets no text: all it should have told is missed
            coverage.setdefault(kind, []).append(plain_language_coverage(None, annotated, data["speakers"]))
    for row in table:
        for key in ("figures", "sides_with_speaker", "decision", "next_step"):
            row.setdefault(key, None)

    def share(rows: list[dict], key: str) -> str:
        hit = total = 0
        for row in rows:
            value = row[key]
            if isinstance(value, str):
                a, b = map(int, value.split("/"))
                hit, total = hit + a, total + b
            elif value is not None:
                hit, total = hit + int(value), total + 1
        return f"{hit}/{total}"

    def with_a_figure(rows: list[dict]) -> str:
        """Items whose text has at least one of the figures annotated for them: the issue asks for the main one."""
        annotated = [r["figures"] for r in rows if r["figures"] and not r["figures"].endswith("/0")]
        return f"{sum(1 for f in annotated if not f.startswith('0/'))}/{len(annotated)}"

    items = [r for r in table if "(session)" not in r["text"]]
    eases = [r["reading_ease"] for r in table if r["reading_ease"] is not None]
    figures = {
        "measured_at": measured_at(),
        "texts": len(table),
        "items_answering": {q: sum(1 for r in items if r[q]) for q in ("about", "said", "decided", "next")},
        "items": len(items),
        "debated_items_without_a_text": {
            kind: f"{sum(r['missed'] for r in rows)}/{len(rows)}" for kind, rows in coverage.items()
        },
        "reading_ease_mean": round(sum(eases) / len(eases), 1),
        "reading_ease_min": min(eases),
        "texts_below_65": sum(1 for e in eases if e < 65),
        "words_per_sentence_max": max(r["words_per_sentence"] for r in table),
        "texts_over_12_words": sum(1 for r in table if r["words_per_sentence"] > 12),
        "fact_check_failures": sum(r["fact_check"] for r in table),
        "rewrite_check_failures": sum(r["rewrite_check"] for r in table),
        "debates": {
            kind: {
                **{key: share(rows, key) for key in ("figures", "sides_with_speaker", "decision", "next_step")},
                "items_with_a_figure": with_a_figure(rows),
            }
            for kind, rows in coverage.items()
        },  # fmt: skip
        "table": table,
    }
    print(json.dumps({k: v for k, v in figures.items() if k != "table"}, indent=2, ensure_ascii=False))
    merge_results(args.section if args.fresh else "plain", figures)


if __name__ == "__main__":
    main()
