"""Quality measures and judged material shared by the tests and the benchmarks: WER, DER, speaker accuracy.

WER and DER need the `eval` extra (`pip install -e '.[eval]'`, part of `.[test]`); without it
they say so instead of failing on an import deep inside.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from protokoll.config import PROJECT_ROOT
from protokoll.domain import Turn, Word
from protokoll.minutes.numbers import parse_number_word, parse_ordinal_word

__all__ = [
    "normalise_text",
    "word_error_rate",
    "diarization_error_rate",
    "speaker_accuracy",
    "read_rttm",
    "MINUTES_FIXTURES",
    "PROTOCOL_FIXTURES",
    "PROTOCOL_HELDOUT",
    "PROTOCOL_RESULTS",
    "vote_stated_at",
    "load_minutes_fixture",
    "judged_sessions",
    "judged_archive",
    "german_clips",
    "judged_queries",
    "relevance_figures",
    "floor_passages",
    "floor_figures",
    "VOICE_SESSIONS",
    "label_identities",
    "desk_microphone",
]


def _extra(module: str):
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(f"{module} is missing: install the evaluation extra, pip install -e '.[eval]'") from error


_ARTICLES = {"ein", "eine", "einen", "einem", "einer", "eines"}


def normalise_text(text: str) -> str:
    """Return text lower-cased, without punctuation, with German number words as digits."""
    text = text.casefold()
    text = re.sub(r"(\d)\.(\d{3})\b", r"\1\2", text)  # 800.000 -> 800000
    text = re.sub(r"(\d)\s*,\s*(\d)", r"\1 komma \2", text)  # 4,2 -> 4 komma 2
    text = text.replace("%", " prozent ")
    text = re.sub(r"[-–—/]", " ", text)
    text = re.sub(r"[^\w\s]", " ", text)
    words = []
    for word in text.split():
        if word not in _ARTICLES:
            value = parse_number_word(word)
            if value is None:
                value = parse_ordinal_word(word)
            if value is not None:
                word = str(value)
        words.append(word)
    return " ".join(words)


def word_error_rate(references: Iterable[str], hypotheses: Iterable[str]) -> float:
    """Return the corpus WER after normalising both sides."""
    jiwer = _extra("jiwer")

    refs = [normalise_text(r) for r in references]
    hyps = [normalise_text(h) for h in hypotheses]
    return float(jiwer.wer(refs, hyps))


def read_rttm(path) -> list[Turn]:
    """Return the turns of an RTTM file."""
    turns = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 8 and parts[0] == "SPEAKER":
                start, duration = float(parts[3]), float(parts[4])
                turns.append(Turn(start, start + duration, parts[7]))
    return turns


def _annotation(turns: Iterable[Turn]):
    from pyannote.core import Annotation, Segment

    annotation = Annotation()
    for index, turn in enumerate(turns):
        annotation[Segment(turn.start, turn.end), index] = turn.speaker
    return annotation


def diarization_error_rate(reference: list[Turn], hypothesis: list[Turn], collar: float = 0.0) -> float:
    """Return DER (pyannote.metrics) with the given collar, overlap included."""
    DiarizationErrorRate = _extra("pyannote.metrics.diarization").DiarizationErrorRate  # noqa: N806

    return float(
        DiarizationErrorRate(collar=collar, skip_overlap=False)(_annotation(reference), _annotation(hypothesis))
    )


def speaker_accuracy(words: list[Word], labels: list[str], reference: list[Turn]) -> tuple[float, dict[str, str]]:
    """Return the share of words whose speaker is right, under the best one-to-one label mapping.

    A word's reference speaker is the reference turn holding its midpoint; words outside every
    reference turn are not counted.
    """
    from scipy.optimize import linear_sum_assignment

    pairs = []
    for word, label in zip(words, labels, strict=True):
        middle = (word.start + word.end) / 2
        inside = [t for t in reference if t.start - 0.2 <= middle <= t.end + 0.2]
        if inside:
            best = min(inside, key=lambda t: abs((t.start + t.end) / 2 - middle))
            pairs.append((label, best.speaker))
    if not pairs:
        return 0.0, {}
    hyp_labels = sorted({p[0] for p in pairs})
    ref_labels = sorted({p[1] for p in pairs})
    counts = np.zeros((len(hyp_labels), len(ref_labels)))
    for hyp, ref in pairs:
        counts[hyp_labels.index(hyp), ref_labels.index(ref)] += 1
    rows, cols = linear_sum_assignment(-counts)
    mapping = {hyp_labels[r]: ref_labels[c] for r, c in zip(rows, cols, strict=True)}
    right = sum(1 for hyp, ref in pairs if mapping.get(hyp) == ref)
    return right / len(pairs), mapping


# --- the judged material in the repository (tests/fixtures, tests/data), read by tests and benchmarks ---

FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
MINUTES_FIXTURES = sorted((FIXTURES / "minutes").glob("*.json"))
# Real protocol passages, annotated (tests/fixtures/protocols/SOURCES.md).
PROTOCOL_FIXTURES = sorted((FIXTURES / "protocols").glob("*.json"))
# Further real passages, collected and annotated by someone who never saw the extraction rules, and
# never used to write them: the honest figure for protocols the rules have not seen.
PROTOCOL_HELDOUT = sorted((FIXTURES / "protocols_heldout").glob("*.json"))
# Results the annotations name that the extraction stores as an adopted motion of that kind.
# Real debated items (tests/fixtures/debates/SOURCES.md): what a citizen must learn from each, annotated.
DEBATE_FIXTURES = sorted((FIXTURES / "debates").glob("*.json"))
PROTOCOL_RESULTS = {"überwiesen": "angenommen", "vertagt": "angenommen", "gewählt": "angenommen"}


def vote_stated_at(texts: list[str], at: int | None, evidence: str | None) -> set[int | None]:
    """Where a vote stands in an annotated passage (texts: its utterances): the utterance it was placed at, and the
    utterances near it that its evidence quotes whole. Minutes state a result under a label and its counts a line
    or a few below ("Beschluss: mehrheitlich abgelehnt" – "dafür: 23 … dagegen: 35"); annotators place such a vote
    on either line, and both are where it is stated."""
    stated = {at}
    if at is None or not evidence:
        return stated
    evidence = " ".join(evidence.split())
    for n in range(max(at - 3, 0), min(at + 4, len(texts))):
        line = " ".join(texts[n].split())
        if line and line in evidence:
            stated.add(n)
    return stated


def load_minutes_fixture(path: Path) -> tuple[dict, list | None]:
    """A council transcript written for the minutes tests and its agenda (text, JSON or OParl), if any."""
    from protokoll.minutes.agenda import parse_agenda

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    for key in ("agenda_text", "agenda", "agenda_oparl"):
        if key in data:
            raw = data.pop(key)
            return data, parse_agenda(raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False), key)
    return data, None


def _figure_number(figure: str) -> str:
    """The number an annotated figure gives, as plain language writes it: "Ja: 21" -> "21", "3,5 Mio. €" -> its
    first word in digits."""
    from protokoll.minutes.content import plain_words

    words = re.sub(r"\s+", " ", plain_words(figure)).split(" ")
    return next((w for w in words if any(c.isdigit() for c in w)), words[0])


def plain_language_coverage(summary, expected: dict, speakers: dict) -> dict:
    """What an item's plain text (a stored `SummaryRecord`) tells of what a citizen must learn (`expected`, as
    tests/fixtures/debates annotates it): the proposal's figures, an argument per side with its speaker, the
    decision, the next steps (all missed where `summary` is None: the item got no text). A figure counts when
    its number is in the text; an argument when its speaker
    is named in a "said" sentence; the decision when a "decided" sentence exists; a next step likewise."""
    if summary is None:  # the item got no text: its start was not found
        return {
            "figures": f"0/{len(expected.get('figures', []))}",
            "sides_with_speaker": f"0/{len({a['side'] for a in expected.get('arguments', [])})}",
            "decision": False if expected.get("decision") else None,
            "next_step": False if expected.get("next_steps") else None,
            "missed": True,
        }
    text = summary.text
    figures = expected.get("figures", [])
    figures_found = sum(1 for f in figures if _figure_number(f) in text)
    said = " ".join(s["text"] for s in summary.sentences if s["part"] == "said")
    sides: dict[str, bool] = {}
    for argument in expected.get("arguments", []):
        person = speakers.get(argument["speaker"], {}).get("name") or ""
        named = bool(person) and person.split()[-1] in said
        sides[argument["side"]] = sides.get(argument["side"], False) or named
    parts = {s["part"] for s in summary.sentences}
    return {
        "figures": f"{figures_found}/{len(figures)}",
        "sides_with_speaker": f"{sum(sides.values())}/{len(sides)}",
        "decision": ("decided" in parts) if expected.get("decision") else None,
        "next_step": ("next" in parts) if expected.get("next_steps") else None,
        "missed": False,
    }


def judged_sessions() -> dict[str, dict]:
    """Every session the search relevance is judged on: the fixture sessions and the sample's reference."""
    from protokoll.speech.transcript_import import read_transcript

    sessions = {p.stem: read_transcript(p) for p in sorted((FIXTURES / "sessions").glob("*.json"))}
    sessions["sample"] = read_transcript(PROJECT_ROOT / "samples" / "sample_session.json")
    return sessions


def judged_archive(services) -> dict[tuple[str, int], int]:
    """Import every judged session as published; return (session, utterance index) -> utterance id."""
    from protokoll.archive import load_meeting

    ids = {}
    for key, data in judged_sessions().items():
        meeting_id = services.import_transcript(data, publish=True)
        stored = load_meeting(services.db(), meeting_id).utterances
        ids.update({(key, index): utterance.id for index, utterance in enumerate(stored)})
    return ids


def german_clips(corpus: Path) -> list[tuple[Path, str]]:
    """Return (path, reference text) for every German clip of the corpus that is present."""
    clips = [
        (
            corpus / "picovoice-leopard" / "test_de.wav",
            "Der hinter diesem Portal liegenden Raum wurde als Leichenhalle genutzt",
        )
    ]
    for line in (corpus / "voxforge-de" / "prompts-original").read_text(encoding="utf-8").splitlines():
        name, _, text = line.partition(" ")
        clips.append((corpus / "voxforge-de" / f"{name}.wav", text))
    for line in (corpus / "thorsten-voice" / "metadata_subset.csv").read_text(encoding="utf-8").splitlines():
        name, text, _ = line.split("|")
        clips.append((corpus / "thorsten-voice" / f"{name}.wav", text))
    return [(path, text) for path, text in clips if path.exists()]


def judged_queries() -> list[dict]:
    """The judged search queries: each a `query` and its `answers` as (session, utterance index) pairs."""
    return json.loads((FIXTURES / "relevance.json").read_text(encoding="utf-8"))["queries"]


def relevance_figures(db, ids: dict[tuple[str, int], int], embedder, mode: str) -> tuple[float, float]:
    """Return the share of judged queries answered right at rank 1 and within the top 5."""
    from protokoll.archive.search import search

    queries = judged_queries()
    first = top5 = 0
    for item in queries:
        right = {ids[(session, index)] for session, index in item["answers"]}
        hits = [h.utterance_id for h in search(db, item["query"], mode=mode, limit=5, embedder=embedder)]
        first += bool(hits) and hits[0] in right
        top5 += bool(right & set(hits))
    return first / len(queries), top5 / len(queries)


FLOOR_FIXTURES = FIXTURES / "floor"


def floor_passages(kind: str) -> list[Path]:
    """The real protocol passages with speaker headers for judging name suggestions: 'dev' or 'heldout'."""
    return sorted(FLOOR_FIXTURES.glob(f"{kind}-*.json"))


def floor_figures(passages: Iterable[dict]) -> dict:
    """Judge name suggestions from the chair's words on transcripts whose speakers are known.

    Each passage's named speakers are the body's members (so a name must be matched among them);
    the utterances keep their true labels, and a suggestion is right when it names its label's
    person. `named_next` counts the utterances whose last two sentences say the family name of the
    next speaker (a rough count of floors given by name; `floor_recall` is right floor suggestions
    over it). Returns counts, precision, recall, and `wrong` (the wrong ones, for reading).
    """
    from types import SimpleNamespace

    from protokoll.minutes.text import split_sentences
    from protokoll.speakers.directory import split_name
    from protokoll.speakers.floor import suggest_names

    made = right = floor_given = named_next = 0
    wrong = []
    for passage in passages:
        speakers = {k: v for k, v in passage["speakers"].items() if isinstance(v, dict) and v.get("name")}
        members = []
        for person_id, person in enumerate(speakers.values()):
            title, given, family = split_name(person["name"])
            members.append(SimpleNamespace(
                person_id=person_id, name=person["name"], given_name=given, family_name=family, title=title,
                form_of_address=None, role=person.get("role"), faction=person.get("faction"), current=True,
            ))  # fmt: skip
        turns = [  # notes of the protocol ("[Beifall bei der SPD]") are no one's speech
            SimpleNamespace(speaker=u["speaker"], text=u["text"], start=0.0)
            for u in passage["utterances"]
            if not re.fullmatch(r"\s*[\[(][^\])]*[\])]\s*", u["text"])
        ]
        for index, turn in enumerate(turns[:-1]):  # the floor given by name: the next speaker named at the end
            following = next((t for t in turns[index + 1 :] if t.speaker != turn.speaker), None)
            person = speakers.get(following.speaker) if following else None
            if person and person["name"].split()[-1] in " ".join(split_sentences(turn.text)[-2:]):
                named_next += 1
        for suggestion in suggest_names(turns, members):
            made += 1
            floor_given += suggestion.source == "floor"
            truth = speakers.get(suggestion.label, {}).get("name")
            if truth == suggestion.name:
                right += 1
            else:
                wrong.append({"said": suggestion.evidence, "suggested": suggestion.name, "speaker": truth,
                              "source": suggestion.source})  # fmt: skip
    floor_right = floor_given - sum(w["source"] == "floor" for w in wrong)
    return {"suggestions": made, "right": right, "floor": floor_given, "named_next": named_next,
            "precision": right / made if made else 1.0,
            "floor_recall": floor_right / named_next if named_next else 1.0, "wrong": wrong}  # fmt: skip


VOICE_SESSIONS = sorted((PROJECT_ROOT / "tests" / "data" / "voice_sessions").glob("session*.json"))


def label_identities(spans: Iterable[tuple[str, float, float]], reference: list[Turn]) -> dict[str, dict]:
    """Who each speaker label really is: the reference speaker covering most of its speech.

    `spans` are (label, start, end) of the label's utterances. Returns {label: {"person", "purity"
    (that person's share of the label's speech), "seconds"}}; a label no reference turn covers is left out.
    """
    overlap: dict[str, dict[str, float]] = {}
    for label, start, end in spans:
        for turn in reference:
            shared = min(end, turn.end) - max(start, turn.start)
            if shared > 0:
                overlap.setdefault(label, {}).setdefault(turn.speaker, 0.0)
                overlap[label][turn.speaker] += shared
    identities = {}
    for label, persons in overlap.items():
        person, seconds = max(persons.items(), key=lambda entry: entry[1])
        identities[label] = {"person": person, "purity": seconds / sum(persons.values()), "seconds": seconds}
    return identities


def desk_microphone(audio: np.ndarray, rate: int, rt60: float = 0.6, snr: float = 20.0) -> np.ndarray:
    """The audio as a council chamber's desk microphone hears it: reverberation (pyroomacoustics' image
    method, 12 x 9 x 4 m), the speaker 0.8 m from the microphone, noise at `snr` dB; peak 0.9."""
    pra = _extra("pyroomacoustics")
    size = [12.0, 9.0, 4.0]
    absorption, order = pra.inverse_sabine(rt60, size)
    room = pra.ShoeBox(size, fs=rate, materials=pra.Material(absorption), max_order=order)
    room.add_source([3.0, 4.5, 1.5], signal=audio)
    room.add_microphone([3.6, 4.0, 1.4])
    room.simulate(snr=snr)
    heard = room.mic_array.signals[0][: len(audio)]
    return (0.9 * heard / max(abs(heard).max(), 1e-9)).astype("float32")
