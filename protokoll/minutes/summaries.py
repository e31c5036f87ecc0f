"""Summaries that are faithful by construction: templates filled with the extracted facts.

Four kinds, each in German and English except the extractive key statements:
- `results`: the results protocol (Ergebnisprotokoll) of an item: title, who spoke, motions,
  vote results;
- `key_statements`: per item one sentence per speaker, the one closest in meaning to the item
  (multilingual sentence embeddings), quoted with speaker and time;
- `plain`: plain language (einfache Sprache) per item and for the whole session: short
  sentences, one statement each, and an explanation the first time a technical term appears.
Nothing in them is generated freely; `factcheck.check_text` verifies that in the tests.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np

from protokoll.minutes import wording
from protokoll.minutes.agenda import AgendaItem
from protokoll.minutes.factcheck import MONTHS_DE, MONTHS_EN, Facts, VoteFact, numbers_in
from protokoll.minutes.readability import readability
from protokoll.minutes.tally import numbers_as_digits
from protokoll.minutes.text import Sentence, clock
from protokoll.minutes.votes import UNCLEAR, Vote

__all__ = ["Summary", "SessionFacts", "write_summaries", "GLOSSARY_DE"]


@dataclass
class Summary:
    """One summary text with where it came from; `item_number` None means the whole session."""

    kind: str  # results | key_statements | plain
    language: str
    text: str
    item_number: str | None
    sources: list[int]  # utterance ids the summary rests on
    method: str = "template"
    model: str | None = None
    checks: dict = field(default_factory=dict)


@dataclass
class SessionFacts:
    """What the summaries are built from."""

    title: str
    body: str | None
    date: str | None
    place: str | None
    items: list[AgendaItem]
    votes: list[Vote]
    sentences: list[Sentence]  # of every public utterance, in order
    speaker_of: dict[int, str]  # utterance id -> speaker's display name
    affiliation: dict[str, str]  # speaker's display name -> faction or role, where known
    chair: str | None  # the speaker who opens the items


# --- wording ----------------------------------------------------------------------------------

_ACCUSATIVE_DE = {
    "Antrag auf Vertagung": "den Antrag auf Vertagung",
    "Geschäftsordnungsantrag": "den Geschäftsordnungsantrag",
    "Änderungsantrag": "den Änderungsantrag",
    "Dringlichkeitsantrag": "den Dringlichkeitsantrag",
    "Beschlussvorlage": "die Beschlussvorlage",
    "Haushaltssatzung": "die Haushaltssatzung",
    "Satzung": "die Satzung",
    "Bebauungsplan": "den Bebauungsplan",
    "Resolution": "die Resolution",
    "Antrag": "den Antrag",
    "Bericht": "den Bericht",
    "Mitteilung": "die Mitteilung",
    "Beschluss": "den Vorschlag",
}
# The first time a plain-language text uses a term, it says what the term means.
GLOSSARY_DE = {
    "Tagesordnung": "Die Tagesordnung ist die Liste der Themen einer Sitzung.",
    "Beschlussvorlage": "Eine Beschlussvorlage ist ein Vorschlag der Verwaltung.",
    "Änderungsantrag": "Ein Änderungsantrag will einen Vorschlag ändern.",
    "Antrag auf Vertagung": "Vertagen heißt: Das Thema wird später entschieden.",
    "Dringlichkeitsantrag": "Ein Dringlichkeitsantrag ist ein eiliger Antrag.",
    "Antrag": "Ein Antrag ist ein Vorschlag von Mitgliedern.",
    "Haushaltssatzung": "Der Haushalt ist der Plan für Einnahmen und Ausgaben. Die Haushaltssatzung macht ihn gültig.",
    "Satzung": "Eine Satzung ist eine Regel der Stadt.",
    "Bebauungsplan": "Ein Bebauungsplan sagt, was man auf einer Fläche bauen darf.",
    "Resolution": "Eine Resolution ist eine öffentliche Erklärung.",
    "zur Kenntnis genommen": "Das heißt: Man hat den Bericht gehört. Es gibt keine Abstimmung.",
    "Enthaltung": "Wer sich enthält, stimmt nicht mit ab.",
    "einstimmig": "Das heißt: Niemand war dagegen.",
}
GLOSSARY_EN = {
    "agenda": "The agenda is the list of topics of a meeting.",
    "Beschlussvorlage": "This is a proposal from the city administration.",
    "Änderungsantrag": "An amendment changes a proposal.",
    "Antrag auf Vertagung": "To postpone means to decide later.",
    "Haushaltssatzung": "The budget is the plan for income and spending.",
    "Bebauungsplan": "A zoning plan says what may be built on a site.",
    "zur Kenntnis genommen": "Noting a report means there is no vote on it.",
    "Enthaltung": "To abstain means to vote neither for nor against.",
    "einstimmig": "Unanimous means nobody voted against.",
}


def _body_subject(body: str | None, language: str) -> str:
    """ "Der Rat", "Der Ausschuss", "Die Bezirksvertretung" ... from the body's name."""
    name = (body or "").lower()
    if language == "en":
        for key, word in [
            ("ausschuss", "committee"),
            ("bezirksvertretung", "district council"),
            ("verbandsversammlung", "assembly"),
            ("ruhrparlament", "assembly"),
            ("rat", "council"),
        ]:
            if key in name:
                return f"The {word}"
        return "The body"
    for key, subject in [("bezirksvertretung", "Die Bezirksvertretung"), ("verbandsversammlung", "Die Versammlung"),
                         ("ausschuss", "Der Ausschuss"), ("kreistag", "Der Kreistag"), ("rat", "Der Rat")]:  # fmt: skip
        if key in name:
            return subject
    return "Das Gremium"


def _date_text(date: str | None, language: str) -> str | None:
    try:
        day = dt.date.fromisoformat(date or "")
    except ValueError:
        return None
    if language == "en":
        return f"{MONTHS_EN[day.month - 1]} {day.day}, {day.year}"
    return f"{day.day}. {MONTHS_DE[day.month - 1]} {day.year}"


# --- per item ---------------------------------------------------------------------------------


def _speakers(item: AgendaItem, facts: SessionFacts) -> list[str]:
    names = []
    for utterance_id in item.utterance_ids:
        name = facts.speaker_of.get(utterance_id)
        if name and name != facts.chair and name not in names:
            names.append(name)
    return names


def _with_affiliation(name: str, facts: SessionFacts) -> str:
    affiliation = facts.affiliation.get(name)
    return f"{name} ({affiliation})" if affiliation else name


def _results_de(item: AgendaItem, votes: list[Vote], facts: SessionFacts) -> str:
    lines = [f"TOP {item.number}: {item.title}"]
    if not item.reached:
        lines.append("Beginn in der Aufzeichnung nicht erkannt." if item.unrecognised else "Nicht behandelt.")
        return "\n".join(lines)
    speakers = _speakers(item, facts)
    if speakers:
        lines.append("Wortmeldungen: " + ", ".join(_with_affiliation(n, facts) for n in speakers) + ".")
    for vote in votes:
        counts = wording.counts(vote, "de")
        how = []
        if vote.unanimous:
            how.append("einstimmig")
        if counts:
            how.append("mit " + ", ".join(counts))
        elif vote.majority:
            how.append(vote.majority)
        detail = (" " + " ".join(how)) if how else ""
        lines.append(f"{wording.motion(vote, 'de')}: {vote.result}{detail} ({clock(vote.start)}).")
    if not votes:
        lines.append("Kein Beschluss.")
    return "\n".join(lines)


def _results_en(item: AgendaItem, votes: list[Vote], facts: SessionFacts) -> str:
    lines = [f"Item {item.number}: {item.title}"]
    if not item.reached:
        lines.append("Start not found in the recording." if item.unrecognised else "Not dealt with.")
        return "\n".join(lines)
    speakers = _speakers(item, facts)
    if speakers:
        lines.append("Speakers: " + ", ".join(_with_affiliation(n, facts) for n in speakers) + ".")
    for vote in votes:
        counts = wording.counts(vote, "en")
        how = (" unanimously" if vote.unanimous else "") + (" with " + ", ".join(counts) if counts else "")
        lines.append(
            f"{wording.motion(vote, 'en').capitalize()}: {wording.result(vote, 'en')}{how} ({clock(vote.start)})."
        )
    if not votes:
        lines.append("No decision.")
    return "\n".join(lines)


def _plain_de(
    item: AgendaItem, votes: list[Vote], facts: SessionFacts, explained: set[str], named: bool = False
) -> list[str]:
    """An item in plain German; `named` opens with its title (in the session text; an item's own
    summary has the title as its heading)."""
    subject = _body_subject(facts.body, "de")
    sentences = [f"Es ging um: {item.title}."] if named else []

    def explain(term: str) -> None:
        if term in GLOSSARY_DE and term not in explained:
            explained.add(term)
            sentences.append(GLOSSARY_DE[term])

    if not item.reached:
        sentences.append(
            "Wo das Thema in der Aufzeichnung beginnt, wurde nicht erkannt." if item.unrecognised
            else "Das Thema kam in der Sitzung nicht dran."
        )  # fmt: skip
        return sentences
    speakers = _speakers(item, facts)
    if len(speakers) == 1:
        sentences.append("Eine Person hat dazu etwas gesagt.")
    elif speakers:
        sentences.append(f"{len(speakers)} Menschen haben dazu etwas gesagt.")
    for vote in votes:
        accusative = _ACCUSATIVE_DE.get(vote.motion, "den Vorschlag")
        if vote.proposer and vote.motion != "Beschluss":
            article = "einen" if accusative.startswith("den ") else "eine"
            sentences.append(f"Es gab {article} {vote.motion} der {vote.proposer}.")
        explain(vote.motion)
        if vote.result == UNCLEAR:  # never stated as fact before a clerk has decided it
            sentences.append("Das Ergebnis dieser Abstimmung wird noch geprüft.")
            continue
        if vote.result == "zur Kenntnis genommen":
            sentences.append(f"{subject} hat {accusative} zur Kenntnis genommen.")
            explain("zur Kenntnis genommen")
            continue
        sentences.append(f"{subject} hat {accusative} {vote.result}.")
        sentences.append("Das heißt: Die Mehrheit war dafür." if vote.result == "angenommen"
                         else "Das heißt: Die Mehrheit war dagegen.")  # fmt: skip
        if vote.unanimous:
            sentences.append("Es war einstimmig.")
            explain("einstimmig")
        if vote.yes is not None:
            sentences.append(f"{vote.yes} waren dafür." if vote.yes != 1 else "Einer war dafür.")
        if vote.no is not None and not (vote.unanimous and vote.no == 0):
            sentences.append("Niemand war dagegen." if vote.no == 0 else f"{vote.no} waren dagegen." if vote.no != 1
                             else "Einer war dagegen.")  # fmt: skip
        if vote.abstain:
            sentences.append(
                f"{vote.abstain} haben sich enthalten." if vote.abstain != 1 else "Einer hat sich enthalten."
            )
            explain("Enthaltung")
    if not votes:
        sentences.append("Dazu gab es keine Abstimmung.")
    return sentences


def _plain_en(
    item: AgendaItem, votes: list[Vote], facts: SessionFacts, explained: set[str], named: bool = False
) -> list[str]:
    """An item in plain English; see _plain_de."""
    subject = _body_subject(facts.body, "en")
    sentences = [f"Topic: {item.title}."] if named else []

    def explain(term: str) -> None:
        if term in GLOSSARY_EN and term not in explained:
            explained.add(term)
            sentences.append(GLOSSARY_EN[term])

    if not item.reached:
        sentences.append(
            "Where the topic starts in the recording was not recognised." if item.unrecognised
            else "The topic was not discussed."
        )  # fmt: skip
        return sentences
    speakers = _speakers(item, facts)
    if len(speakers) == 1:
        sentences.append("One person spoke.")
    elif speakers:
        sentences.append(f"{len(speakers)} people spoke.")
    for vote in votes:
        explain(vote.motion)
        if vote.result == UNCLEAR:
            sentences.append("The result of this vote is still being checked.")
            continue
        sentences.append(f"{subject} {wording.result(vote, 'en')} the {wording.motion(vote, 'en')}.")
        if vote.result == "zur Kenntnis genommen":
            explain("zur Kenntnis genommen")
            continue
        if vote.unanimous:
            sentences.append("The decision was unanimous.")
            explain("einstimmig")
        if vote.yes is not None:
            sentences.append(f"{vote.yes} members voted for it.")
        if vote.no is not None:
            sentences.append("Nobody voted against it." if vote.no == 0 else f"{vote.no} members voted against it.")
        if vote.abstain:
            sentences.append(f"{vote.abstain} members abstained.")
            explain("Enthaltung")
        if vote.yes is None and not vote.unanimous and vote.majority:
            sentences.append("A majority was in favour." if vote.result == "angenommen" else "A majority was against.")
    if not votes:
        sentences.append("There was no decision on it.")
    return sentences


# --- key statements ---------------------------------------------------------------------------

_PROCEDURAL = re.compile(r"^(?:vielen dank|danke|herr|frau|bitte|guten abend|das ist nicht der fall)", re.IGNORECASE)


def key_statements(item: AgendaItem, facts: SessionFacts, embedder) -> list[Sentence]:
    """Per speaker (not the chair), the sentence of theirs closest in meaning to the item as a whole."""
    members = set(item.utterance_ids)
    candidates = [
        s
        for s in facts.sentences
        if s.utterance_id in members
        and facts.speaker_of.get(s.utterance_id) != facts.chair
        and len(s.text.split()) >= 5
        and not _PROCEDURAL.match(s.text)
    ]
    if not candidates or embedder is None:
        return []
    vectors = embedder.encode([item.title] + [s.text for s in candidates])
    centre = vectors[0] + vectors[1:].mean(axis=0)
    scores = vectors[1:] @ (centre / max(float(np.linalg.norm(centre)), 1e-9))
    best: dict[str, tuple[float, Sentence]] = {}
    for score, sentence in zip(scores, candidates, strict=True):
        speaker = facts.speaker_of.get(sentence.utterance_id, "?")
        if speaker not in best or score > best[speaker][0]:
            best[speaker] = (float(score), sentence)
    return sorted((s for _, s in best.values()), key=lambda s: s.start)


# --- facts for the check ----------------------------------------------------------------------


def facts_for(facts: SessionFacts, items: list[AgendaItem], votes: list[Vote], known_names: set[str]) -> Facts:
    """What a summary of these items may state."""
    numbers: set[int] = {len(items), len(votes), len([v for v in votes if v.result != "zur Kenntnis genommen"])}
    names: set[str] = set()
    for item in items:
        numbers.update(numbers_in(numbers_as_digits(f"{item.number} {item.title}", articles=False)))
        names.add(item.title)  # a title may name a group ("Antrag der CDU zum Schulstandort")
        speakers = _speakers(item, facts)
        numbers.add(len(speakers))
        for name in speakers:
            names.add(name)
            names.add(facts.affiliation.get(name, ""))
    for name in list(names):
        numbers.update(numbers_in(numbers_as_digits(name, articles=False)))  # "Bündnis 90/Die Grünen"
    for vote in votes:
        numbers.update(n for n in (vote.yes, vote.no, vote.abstain) if n is not None)
        numbers.update(int(part) for part in re.findall(r"\d+", clock(vote.start)))
        if vote.proposer:
            names.add(vote.proposer)
    numbers.update(numbers_in(numbers_as_digits(f"{facts.body or ''} {facts.title}", articles=False)))
    return Facts(
        numbers=numbers,
        names={n for n in names if n},
        votes=[VoteFact(v.motion, v.result, v.yes, v.no, v.abstain, v.unanimous) for v in votes],
        date=facts.date,
        known_names=known_names,
    )


# --- assembling -------------------------------------------------------------------------------


def _item_votes(item: AgendaItem, votes: list[Vote]) -> list[Vote]:
    return [v for v in votes if v.item_number == item.number]


def _session_plain_de(facts: SessionFacts, explained: set[str]) -> list[str]:
    subject = _body_subject(facts.body, "de")
    reached = [i for i in facts.items if i.reached or i.unrecognised]
    decisions = [v for v in facts.votes if v.result != "zur Kenntnis genommen"]
    date = _date_text(facts.date, "de")
    sentences = [f"{subject} hat am {date} eine Sitzung gehabt." if date else f"{subject} hat eine Sitzung gehabt."]
    sentences.append(f"Auf der Tagesordnung waren {len(facts.items)} Themen.")
    explained.add("Tagesordnung")
    sentences.append(GLOSSARY_DE["Tagesordnung"])
    if len(reached) != len(facts.items):
        sentences.append(f"Davon kamen {len(reached)} dran.")
    sentences.append(
        f"Es wurde {len(decisions)} Mal mit Ja oder Nein abgestimmt." if decisions else "Es gab keine Abstimmung."
    )
    for item in facts.items:
        if _item_votes(item, facts.votes):
            sentences.extend(_plain_de(item, _item_votes(item, facts.votes), facts, explained, named=True))
    return sentences


def _session_plain_en(facts: SessionFacts, explained: set[str]) -> list[str]:
    subject = _body_subject(facts.body, "en")
    reached = [i for i in facts.items if i.reached or i.unrecognised]
    decisions = [v for v in facts.votes if v.result != "zur Kenntnis genommen"]
    date = _date_text(facts.date, "en")
    sentences = [f"{subject} met on {date}." if date else f"{subject} met."]
    sentences.append(f"The agenda had {len(facts.items)} topics.")
    explained.add("agenda")
    sentences.append(GLOSSARY_EN["agenda"])
    if len(reached) != len(facts.items):
        sentences.append(f"{len(reached)} topics were discussed.")
    sentences.append(f"There were {len(decisions)} votes." if decisions else "There was no vote.")
    for item in facts.items:
        if _item_votes(item, facts.votes):
            sentences.extend(_plain_en(item, _item_votes(item, facts.votes), facts, explained, named=True))
    return sentences


def _sources(item: AgendaItem, votes: list[Vote]) -> list[int]:
    return sorted({v.utterance_id for v in votes} | ({item.cue_utterance_id} if item.cue_utterance_id else set()))


def write_summaries(facts: SessionFacts, embedder=None) -> list[Summary]:
    """Return every template summary of a session, with readability figures on the plain ones."""
    summaries: list[Summary] = []
    for item in facts.items:
        votes = _item_votes(item, facts.votes)
        sources = _sources(item, votes)
        summaries.append(Summary("results", "de", _results_de(item, votes, facts), item.number, sources))
        summaries.append(Summary("results", "en", _results_en(item, votes, facts), item.number, sources))
        for language, build in (("de", _plain_de), ("en", _plain_en)):
            text = " ".join(build(item, votes, facts, set()))
            summaries.append(
                Summary(
                    "plain", language, text, item.number, sources, checks={"readability": readability(text, language)}
                )
            )
        if item.reached:
            statements = key_statements(item, facts, embedder)
            if statements:
                text = "\n".join(
                    f"{_with_affiliation(facts.speaker_of.get(s.utterance_id, '?'), facts)}, {clock(s.start)}: "
                    f"„{s.text}“"
                    for s in statements
                )
                summaries.append(
                    Summary(
                        "key_statements",
                        "de",
                        text,
                        item.number,
                        [s.utterance_id for s in statements],
                        method="extractive",
                        model=getattr(embedder, "name", None),
                    )  # fmt: skip
                )
    all_sources = sorted({v.utterance_id for v in facts.votes})
    for language, build in (("de", _session_plain_de), ("en", _session_plain_en)):
        text = " ".join(build(facts, set()))
        summaries.append(
            Summary("plain", language, text, None, all_sources, checks={"readability": readability(text, language)})
        )
    return summaries
