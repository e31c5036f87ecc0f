"""Who is speaking: name suggestions from the chair's words, and the voice register across sessions.

Usage:
    python benchmarks/speakers_benchmark.py [--only floor|voices]
    python benchmarks/speakers_benchmark.py --pooled     # voices with the pooled_embeddings setting

floor: suggestions from who gives whom the floor, on the sample's reference transcript and on real
protocol passages (tests/fixtures/floor: dev passages, and held-out ones measured only in
aggregate; plus the vote passages of tests/fixtures/protocols, and the debated items of
tests/fixtures/debates). No models.

voices: the three sessions of tests/data/voice_sessions (seven voices in all three, real and
synthetic, and strangers in each) go through the whole pipeline into one archive whose body has
the register on. Session 1 is named by the clerk (each speaker label as the person who spoke most
of it); each later session is first judged as the register named it, then corrected the way a
clerk would (confirm the right names, reject the wrong, name the rest), which adds prints. Then the
bundled sample session, whose five voices are the synthetic ones, goes into the same body: any
automatic name there must be its speaker's. Reported: precision of automatic names, the share of
registered voices' speaking time they cover, and the same- and different-person scores with the
threshold curve they give. Results are merged into benchmarks/results.json and .md.
"""

from __future__ import annotations

import json
import sys
import tempfile
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `benchmarks` and `protokoll`, run as a script

from benchmarks.common import SAMPLES, measured_at, merge_results, parse_args
from protokoll.evaluation import (
    DEBATE_FIXTURES,
    PROTOCOL_FIXTURES,
    VOICE_SESSIONS,
    floor_figures,
    floor_passages,
    label_identities,
    read_rttm,
)

BODY = "Rat der Stadt Emscherhausen"


def floor_case() -> dict:
    def load(paths):
        return [json.loads(p.read_text(encoding="utf-8")) for p in paths]

    figures = {"measured_at": measured_at()}
    for name, passages in [
        ("sample", [json.loads((SAMPLES / "sample_session.json").read_text(encoding="utf-8"))]),
        ("protocols_dev", load([*floor_passages("dev"), *PROTOCOL_FIXTURES])),
        ("protocols_heldout", load(floor_passages("heldout"))),
        # debated items collected for plain language, never for these rules: 113 of 123 right on arrival
        ("debates", load(DEBATE_FIXTURES)),
    ]:
        result = floor_figures(passages)
        figures[name] = {
            "passages": len(passages),
            "suggestions": result["suggestions"],
            "right": result["right"],
            "precision": round(result["precision"], 3),
            "floor_given_by_name_roughly": result["named_next"],
            "floor_recall": round(result["floor_recall"], 3),
        }
        if name != "protocols_heldout":  # held-out errors are not read, only counted
            figures[name]["wrong"] = result["wrong"]
    return figures


def voices_case(pooled: bool = False) -> dict:
    from protokoll import archive
    from protokoll.domain import MeetingInfo
    from protokoll.services import Services
    from protokoll.speakers.voices import MIN_CONSISTENCY, match_voices, voice_scores

    warnings.simplefilter("ignore")
    services = Services.for_archive(Path(tempfile.mkdtemp()) / "voices.db")
    services.settings = services.settings.replace(pooled_embeddings=pooled)
    s = services.settings
    sessions = [json.loads(p.read_text(encoding="utf-8")) for p in VOICE_SESSIONS]
    cases = [(p.with_suffix(".flac"), f"2026-0{n + 1}-15", data) for n, (p, data) in enumerate(
        zip(VOICE_SESSIONS, sessions, strict=True))]  # fmt: skip
    sample = json.loads((SAMPLES / "sample_session.json").read_text(encoding="utf-8"))
    names = {key: v["name"] for data in sessions for key, v in data["speakers"].items()}
    names.update({label: v["name"] for label, v in sample["speakers"].items()})
    cases.append((SAMPLES / "sample_session.flac", "2026-06-15", None))

    same, different, per_session = [], [], []
    judged = []  # (speakers' prints, register, seconds, truth names, registered names) per later session
    for number, (audio, date, data) in enumerate(cases, start=1):
        info = MeetingInfo(title=f"Sitzung {number}", date=date, body=BODY)
        meeting_id = services.ingest(audio, info).meeting_id
        if number == 1:
            services.set_voice_register(BODY, True, "operator")
        db = services.db()
        reference = read_rttm(audio.with_suffix(".rttm"))
        truth = {
            label: {**who, "name": names[who["person"]]}
            for label, who in label_identities(archive.speaker_spans(db, meeting_id), reference).items()
        }
        stored = {sp.label: sp for sp in archive.load_meeting(db, meeting_id).speakers}
        registered = {archive.person_name(db, p) for p in archive.registered_prints(db, archive.body_id(db, BODY))}
        voices, seconds, consistency = archive.speaker_voices(db, meeting_id)
        prints = archive.registered_prints(db, archive.body_id(db, BODY))
        labels, persons, scores = voice_scores(voices, prints)
        person_names = [archive.person_name(db, p) for p in persons]
        for row, label in enumerate(labels):
            if label in truth and truth[label]["purity"] >= 0.8:
                for column, person in enumerate(person_names):
                    (same if person == truth[label]["name"] else different).append(round(float(scores[row, column]), 4))
        if prints:
            judged.append((voices, prints, seconds, consistency, {k: v["name"] for k, v in truth.items()},
                           dict(zip(persons, person_names, strict=True))))  # fmt: skip
        auto = {label: sp for label, sp in stored.items() if sp.name_source == "voice"}
        right = [label for label, sp in auto.items() if truth.get(label, {}).get("name") == sp.name]
        known_seconds = sum(seconds.get(label, 0.0) for label, who in truth.items() if who["name"] in registered)
        covered = sum(seconds.get(label, 0.0) for label in right)
        best = {label: max(zip(scores[row], person_names, strict=True), default=(0.0, None))
                for row, label in enumerate(labels)}  # fmt: skip
        missed = [
            f"{label} ({who['name']}, purity {who['purity']:.2f}, {seconds.get(label, 0.0):.0f} s, consistency "
            f"{consistency.get(label) or 0:.2f}, closest {best.get(label, (0.0, None))[1]} "
            f"{best.get(label, (0.0, None))[0]:.2f})"
            for label, who in truth.items() if who["name"] in registered and label not in right
        ]  # fmt: skip
        per_session.append({
            "session": audio.stem, "voices": len({t.speaker for t in reference}), "labels": len(stored),
            "labels_as_one_voice": sum((c or 0) >= MIN_CONSISTENCY for c in consistency.values()),
            "registered_voices_present": sorted({who["name"] for who in truth.values() if who["name"] in registered}),
            "automatic_names": len(auto), "right": len(right),
            "wrong": [f"{label} ({truth[label]['name']}) named {auto[label].name}"
                      for label in auto if label in truth and label not in right],
            # A voice none of whose words were recognised has no utterance to judge it by (nor to show the name on).
            "named_without_words": [f"{label} named {auto[label].name}" for label in auto if label not in truth],
            "coverage_of_registered_speech": round(covered / known_seconds, 3) if known_seconds else None,
            "registered_seconds": round(known_seconds, 1), "covered_seconds": round(covered, 1),
            "registered_voices_not_named": missed,
        })  # fmt: skip
        if data is None:
            continue
        # The clerk: confirm what is right, reject what is wrong, name the rest (speakers with speech).
        for g in archive.suggestions(db, meeting_id, open_only=True):
            if g.source == "voice":
                services.decide_suggestion(g.id, truth.get(g.label, {}).get("name") == g.name, "clerk")
        stored = {sp.label: sp for sp in archive.load_meeting(services.db(), meeting_id).speakers}
        for label, who in truth.items():
            if stored[label].name != who["name"] and who["purity"] >= 0.5 and seconds.get(label, 0.0) >= 2.0:
                services.name_speaker(meeting_id, label, who["name"], None, "clerk")
        register = archive.registered_prints(services.db(), archive.body_id(services.db(), BODY))
        per_session[-1]["prints_in_register_after_the_clerk"] = sum(len(p) for p in register.values())

    curve = []
    for threshold in [round(0.40 + 0.025 * i, 3) for i in range(19)]:
        named = right = covered = total = 0
        for voices, prints, seconds, consistency, truth_names, person_names in judged:
            for match in match_voices(voices, prints, seconds, threshold, threshold, 0.0, consistency):
                named += 1
                if truth_names.get(match.label) == person_names[match.person_id]:
                    right += 1
                    covered += seconds.get(match.label, 0.0)
            total += sum(seconds.get(label, 0.0) for label, name in truth_names.items()
                         if name in person_names.values())  # fmt: skip
        curve.append({"threshold": threshold, "named": named, "precision": round(right / named, 3) if named else None,
                      "coverage": round(covered / total, 3) if total else None})  # fmt: skip
    later = per_session[1:]
    auto = sum(p["right"] + len(p["wrong"]) for p in later)
    known = sum(p["registered_seconds"] for p in later if p["session"] != "sample_session")
    covered = sum(p["covered_seconds"] for p in later if p["session"] != "sample_session")
    return {
        "measured_at": measured_at(),
        "recognise_at": s.voice_recognise_at,
        "suggest_at": s.voice_suggest_at,
        "sessions": per_session,
        "automatic_precision_sessions_2_on": round(sum(p["right"] for p in later) / auto, 3) if auto else None,
        "coverage_voice_sessions_2_and_3": round(covered / max(known, 1e-9), 3),
        "same_person_scores": {
            "n": len(same),
            "min": min(same, default=None),
            "median": sorted(same)[len(same) // 2] if same else None,
        },  # fmt: skip
        "different_person_scores": {
            "n": len(different),
            "max": max(different, default=None),
            "above_0.6": sum(x >= 0.6 for x in different),
        },  # fmt: skip
        "curve_any_length": curve,
    }


def reference_case() -> dict:
    """The register's decision alone: one print per voice from its reference turns (no diarization).

    Session 1's voices are registered; each later session's voices are matched against the
    register, judged, and then registered too (as a clerk's confirmations would). Gives the
    same- and different-person scores and, per threshold, precision and covered speaking time.
    """
    import numpy as np
    import torch

    from protokoll.config import Settings
    from protokoll.speakers.voices import match_voices, voice_scores
    from protokoll.speech.audio import load_recording
    from protokoll.speech.modelstore import ModelStore
    from protokoll.speech.speaker_embedding import CamPlusPlusEmbedding
    from protokoll.speech.voiceprints import AGREE, MIN_PIECE

    model = CamPlusPlusEmbedding(ModelStore(Settings().models_dir).package_file("campplus"))
    sessions, pieces = [], []  # pieces: (voice, unit print) of every turn long enough to be a piece
    for path in VOICE_SESSIONS:
        data = json.loads(path.read_text(encoding="utf-8"))
        audio = load_recording(path.with_suffix(".flac")).audio
        prints, seconds = {}, {}
        for key in data["speakers"]:
            turns = [t for t in data["turns"] if t["speaker"] == key]
            rows = [model(torch.from_numpy(audio[int(t["start"] * 16000):int(t["end"] * 16000)].copy())[None, None])[0]
                    for t in turns]  # fmt: skip
            pieces += [(key, r / np.linalg.norm(r)) for r, t in zip(rows, turns, strict=True)
                       if not np.isnan(r).any() and t["end"] - t["start"] >= MIN_PIECE]  # fmt: skip
            rows = [r / np.linalg.norm(r) for r in rows if not np.isnan(r).any()]
            if rows:
                prints[key] = np.mean(rows, axis=0).tolist()
                seconds[key] = sum(t["end"] - t["start"] for t in turns)
        sessions.append((prints, seconds))

    same, different, curve = [], [], []
    for threshold in [round(0.40 + 0.025 * i, 3) for i in range(21)]:
        named = right = covered = total = 0
        register: dict[str, list] = {}
        for prints, seconds in sessions:
            if register:
                if threshold == 0.40:
                    labels, persons, scores = voice_scores(prints, register)
                    for row, label in enumerate(labels):
                        for column, person in enumerate(persons):
                            (same if person == label else different).append(float(scores[row, column]))
                for match in match_voices(prints, register, seconds, threshold, threshold, min_seconds=0.0):
                    named += 1
                    if match.person_id == match.label:
                        right += 1
                        covered += seconds[match.label]
                total += sum(sec for key, sec in seconds.items() if key in register)
            for key, vector in prints.items():
                register.setdefault(key, []).append(vector)
        curve.append({"threshold": threshold, "named": named, "precision": round(right / named, 3) if named else None,
                      "coverage": round(covered / total, 3) if total else None})  # fmt: skip
    voices = [key for key, _ in pieces]
    vectors = np.asarray([vector for _, vector in pieces])
    similarity = vectors @ vectors.T
    pairs = [(voices[i] == voices[j], similarity[i, j]) for i in range(len(pieces)) for j in range(i + 1, len(pieces))]
    same_pieces = np.asarray([value for alike, value in pairs if alike])
    different_pieces = np.asarray([value for alike, value in pairs if not alike])
    return {
        "pieces_agree_at": AGREE,
        "same_voice_piece_pairs_agreeing": round(float(np.mean(same_pieces >= AGREE)), 3),
        "different_voice_piece_pairs_agreeing": round(float(np.mean(different_pieces >= AGREE)), 3),
        "same_person_scores": {
            "n": len(same),
            "min": round(min(same), 4),
            "median": round(sorted(same)[len(same) // 2], 4),
        },
        "different_person_scores": {
            "n": len(different),
            "max": round(max(different), 4),
            "above_0.6": sum(x >= 0.6 for x in different),
        },  # fmt: skip
        "curve": curve,
    }


def main() -> None:
    def options(parser):
        parser.add_argument("--only", choices=["floor", "voices", "reference"], default=None)
        parser.add_argument("--pooled", action="store_true", help="voices with pooled diarization embeddings")

    args = parse_args(__doc__, options)
    if args.pooled:  # the same sessions with the `pooled_embeddings` setting, stored apart
        figures = voices_case(pooled=True)
        merge_results("voices_pooled", figures)
        print(json.dumps(figures, indent=2, ensure_ascii=False))
        return
    if args.only in (None, "floor"):
        figures = floor_case()
        merge_results("floor", figures)
        print(json.dumps({k: {x: y for x, y in v.items() if x != "wrong"} if isinstance(v, dict) else v
                          for k, v in figures.items()}, indent=2, ensure_ascii=False))  # fmt: skip
    if args.only in (None, "voices", "reference"):
        figures = {"measured_at": measured_at(), "reference_turns": reference_case()}
        merge_results("voices", figures, keep=True)
        print(json.dumps(figures, indent=2, ensure_ascii=False))
    if args.only in (None, "voices"):
        figures = {**voices_case(), "reference_turns": figures["reference_turns"]}
        merge_results("voices", figures)
        print(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
