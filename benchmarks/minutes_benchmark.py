"""Agenda items, votes and plain-language readability on the written council transcripts.

Usage:
    python benchmarks/minutes_benchmark.py
    python benchmarks/minutes_benchmark.py --fresh DIR --section NAME

`--fresh` measures a newly collected set of real protocol passages once, before any rule is written
from it (it then joins the development set), and stores the figures under NAME.

Every transcript in tests/fixtures/minutes/ is imported with its agenda (if it has one) into a
temporary archive. Reported: agenda boundaries (the item's first utterance exactly right), vote
precision and recall (a vote counts only when item, motion, result and every count are right),
and for every plain-language summary its words per sentence and reading ease (Flesch-Amstad for
German, Flesch for English). The same figures from audio, on samples/, come from
pipeline_benchmark.py's sample case. Results are merged into benchmarks/results.json and .md.
"""

from __future__ import annotations

import json
import sys
import tempfile
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `benchmarks` and `protokoll`, run as a script

from benchmarks.common import measured_at, merge_results, parse_args, stored_votes, vote_scores
from protokoll.evaluation import (
    MINUTES_FIXTURES,
    PROTOCOL_FIXTURES,
    PROTOCOL_HELDOUT,
    PROTOCOL_RESULTS,
    load_minutes_fixture,
    vote_stated_at,
)
from protokoll.minutes.text import fold
from protokoll.minutes.votes import UNCLEAR
from protokoll.services import Services


def main() -> None:
    def options(parser):
        parser.add_argument("--fresh", type=Path, help="a folder of newly collected protocol passages")
        parser.add_argument("--section", help="where the fresh set's figures are stored")

    args = parse_args(__doc__, options)

    from protokoll.archive import load_meeting
    from protokoll.embeddings import TextEmbedder

    warnings.simplefilter("ignore")
    services = Services.for_archive(Path(tempfile.mkdtemp()) / "minutes.db", embedder=TextEmbedder())
    if args.fresh:
        figures = real_protocols(services, sorted(args.fresh.glob("*.json")))
        print(args.section, json.dumps(figures, indent=2, ensure_ascii=False))
        merge_results(args.section, figures)
        return
    db = services.db()
    totals = {"items": 0, "items_right": 0, "right": 0, "found": 0, "expected": 0}
    per_transcript, readability = {}, []
    for path in MINUTES_FIXTURES:
        data, agenda = load_minutes_fixture(path)
        meeting_id = services.import_transcript(data, agenda=agenda)
        bundle = load_meeting(db, meeting_id)
        position = {u.id: n for n, u in enumerate(bundle.utterances)}
        first = {}
        for item in bundle.agenda_items:
            members = [u.id for u in bundle.utterances if u.agenda_item_id == item.id]
            first[item.number] = position[members[0]] if members else None
        expected_items = data["expected"]["items"]
        items_right = sum(1 for e in expected_items if e["number"] in first and first[e["number"]] == e["first"])
        extra_items = len(set(first) - {e["number"] for e in expected_items})
        right, found, expected = vote_scores(stored_votes(db, meeting_id), data["expected"]["votes"])
        per_transcript[path.stem] = {
            "agenda_given": agenda is not None,
            "items_right": f"{items_right}/{len(expected_items)}" + (f" (+{extra_items} extra)" if extra_items else ""),
            "votes_right": f"{right}/{expected} expected, {found} found",
        }
        totals["items"] += len(expected_items) + extra_items
        totals["items_right"] += items_right
        for key, value in (("right", right), ("found", found), ("expected", expected)):
            totals[key] += value
        for summary in bundle.summaries:
            if summary.kind == "plain":
                item = next((i.number for i in bundle.agenda_items if i.id == summary.agenda_item_id), None)
                figures = summary.checks["readability"]
                readability.append({
                    "transcript": path.stem,
                    "item": item or "session",
                    "language": summary.language,
                    "words_per_sentence": figures["words_per_sentence"],
                    "reading_ease": figures["reading_ease"],
                    "facts_check_problems": len(summary.checks.get("facts", [])),
                })  # fmt: skip
    german = [r for r in readability if r["language"] == "de"]
    figures = {
        "transcripts": len(MINUTES_FIXTURES),
        "agenda_boundary_accuracy": round(totals["items_right"] / totals["items"], 3),
        "vote_precision": round(totals["right"] / max(totals["found"], 1), 3),
        "vote_recall": round(totals["right"] / max(totals["expected"], 1), 3),
        "votes_expected": totals["expected"],
        "plain_language_de": {
            "summaries": len(german),
            "mean_reading_ease": round(sum(r["reading_ease"] for r in german) / len(german), 1),
            "below_65": sum(1 for r in german if r["reading_ease"] < 65),
            "max_words_per_sentence": max(r["words_per_sentence"] for r in german),
        },
        "summaries_failing_fact_check": sum(1 for r in readability if r["facts_check_problems"]),
        "per_transcript": per_transcript,
        "readability_per_summary": readability,
        "measured_at": measured_at(),
    }
    print(
        json.dumps({k: v for k, v in figures.items() if k != "readability_per_summary"}, indent=2, ensure_ascii=False)
    )
    merge_results("minutes", figures)
    for section, fixtures in (("protocols", PROTOCOL_FIXTURES), ("protocols_heldout", PROTOCOL_HELDOUT)):
        protocols = real_protocols(services, fixtures)
        print(section, json.dumps(protocols, indent=2, ensure_ascii=False))
        merge_results(section, protocols)


def real_protocols(services, fixtures: list[Path]) -> dict:
    """Votes on the real protocol passages, through the whole minutes stage (stored, then read back).

    A vote is right at the `result` level when a stored vote of that agenda item (or of the passage,
    where the annotation names no item) has the expected result, and at the `fields` level when
    its counts and unanimity match too. Polarity errors are results opposite to an expected one at
    the same utterance: the one error a citizen must never see. Votes stored as unclear are not
    published as fact: they count neither as found nor as wrong, and are reported on their own.
    """
    from protokoll.archive import load_meeting

    totals = {"expected": 0, "found": 0, "result_right": 0, "fields_right": 0, "wrong_polarity": 0, "unclear": 0}
    totals.update(groups_expected=0, groups_right=0, groups_wrong_side=0, items_expected=0, items_right=0)
    totals.update(items_extra=0)
    unclear_at_expected = 0
    for path in fixtures:
        data = json.loads(path.read_text(encoding="utf-8"))
        stored = load_meeting(services.db(), services.import_transcript({**data, "public": True}))
        position = {u.id: n for n, u in enumerate(stored.utterances)}
        # Item starts: an item called or headed by number, found with that number at that utterance.
        starts = {_item_number(i.number): position.get(i.cue_utterance_id) for i in stored.agenda_items}
        annotated = [e for e in data["expected"]["items"] if e.get("number") is not None]
        for item in annotated:
            if item.get("first") is not None:
                totals["items_expected"] += 1
                totals["items_right"] += starts.get(_item_number(item["number"]), -1) == item["first"]
        totals["items_extra"] += len(set(starts) - {_item_number(e["number"]) for e in annotated})
        texts = [u.text for u in stored.utterances]
        found = [
            (vote_stated_at(texts, position.get(v.utterance_id), v.evidence), v)
            for v in stored.votes
            if v.result != UNCLEAR
        ]
        unclear = [position.get(v.utterance_id) for v in stored.votes if v.result == UNCLEAR]
        totals["unclear"] += len(unclear)
        unclear_at_expected += sum(1 for at in unclear if any(e["utterance"] == at for e in data["expected"]["votes"]))
        totals["expected"] += len(data["expected"]["votes"])
        totals["found"] += len(found)
        remaining = list(data["expected"]["votes"])
        for at, vote in found:
            match = next(
                (
                    e
                    for e in remaining
                    if e["utterance"] in at and PROTOCOL_RESULTS.get(e["result"], e["result"]) == vote.result
                ),
                None,
            )
            if match is None:
                totals["wrong_polarity"] += any(e["utterance"] in at for e in remaining)
                continue
            remaining.remove(match)
            totals["result_right"] += 1
            for side in ("yes", "no", "abstain"):
                for group in match.get(f"{side}_groups", []):
                    found_side = next(
                        (s for s in ("yes", "no", "abstain") if _named(group, getattr(vote, f"{s}_groups"))), None
                    )
                    totals["groups_expected"] += 1
                    totals["groups_right"] += found_side == side
                    totals["groups_wrong_side"] += found_side not in (None, side)
            fields = (vote.yes, vote.no, vote.abstain, vote.unanimous)
            totals["fields_right"] += fields == (match["yes"], match["no"], match["abstain"], match["unanimous"])
    return {
        "passages": len(fixtures),
        "votes_expected": totals["expected"],
        "votes_found": totals["found"],
        "result_precision": round(totals["result_right"] / max(totals["found"], 1), 3),
        "result_recall": round(totals["result_right"] / max(totals["expected"], 1), 3),
        "fields_right_share_of_expected": round(totals["fields_right"] / max(totals["expected"], 1), 3),
        "wrong_polarity": totals["wrong_polarity"],
        "groups_named_in_the_annotation": totals["groups_expected"],
        "groups_on_the_right_side": totals["groups_right"],
        "groups_on_the_wrong_side": totals["groups_wrong_side"],
        "unclear_for_the_clerk": totals["unclear"],
        "unclear_where_a_vote_was_expected": unclear_at_expected,
        "item_starts_annotated": totals["items_expected"],
        "item_starts_found": totals["items_right"],
        "items_found_that_the_annotation_lacks": totals["items_extra"],
        "measured_at": measured_at(),
    }


def _item_number(number) -> str:
    return str(number).replace(" ", "").lower()


def _named(group: str, names: list[str]) -> bool:
    """True when an annotated group ("GRÜNE", "SPD (teilweise)") is among the names read ("BÜNDNIS 90/DIE GRÜNEN")."""
    wanted = fold(group.split(" (")[0])
    return any(wanted in fold(name) or fold(name) in wanted for name in names if name)


if __name__ == "__main__":
    main()
