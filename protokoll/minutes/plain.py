"""Plain language (einfache Sprache), German and English, per agenda item and for the session.

An item's text answers four questions in this order, each only as far as the session said it:
Worum geht es? (the proposal with its figures), Was wurde gesagt? (each side's point, with the
speaker and faction; a question and its answer), Was wurde entschieden? (the votes), Was passiert
jetzt? (referral, adjournment, the next steps the chair or the administration named). Every
sentence carries the utterance and time it rests on, so the reader can link it to that moment.
The session text lists the decisions first, one line per item, then the rest.

The rules of einfache Sprache it follows: one statement a sentence, a term explained the first
time it appears, active sentences, names instead of pronouns (a role or faction given the first
time a text names someone), singular and plural by the count. A German text that reads below the
targets (reading ease 65, 12 words a sentence) shows a speaker's easier point instead, or leaves out
what it can spare (`_lighter`); every speaker, every figure and every decision stays.
The English text cannot quote what was said (no translation model ships offline): it gives
who took which side and the figures, and says where the German text has more.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from protokoll.minutes import wording
from protokoll.minutes.agenda import AgendaItem
from protokoll.minutes.content import Argument, ItemContent, Passage, figures_in
from protokoll.minutes.factcheck import MONTHS_DE, MONTHS_EN, MOTIONS_EVERYDAY_DE
from protokoll.minutes.readability import readability
from protokoll.minutes.votes import UNCLEAR, Vote

__all__ = ["PlainSentence", "Speakers", "plain_item", "plain_session", "plain_title", "listed_title", "GLOSSARY_DE",
           "GLOSSARY_EN", "PARTS", "ITEM_HEADING", "figures_en"]  # fmt: skip

# The four questions an item's text answers, in order.
PARTS = ("about", "said", "decided", "next")
# How the session's text opens each item's part (the reader starts a paragraph there).
ITEM_HEADING = {"de": "Mehr zu TOP ", "en": "More on item "}


@dataclass(frozen=True)
class PlainSentence:
    text: str
    part: str  # one of PARTS, or "session" for the session's own facts
    utterance_id: int | None = None
    start: float | None = None

    def as_dict(self) -> dict:
        return {"text": self.text, "part": self.part, "utterance_id": self.utterance_id, "start": self.start}


@dataclass(frozen=True)
class Speakers:
    """How to name the people of a session: faction or role by display name; labels nobody named.

    Within one text a person's faction or role is given the first time only ("Grüner (Staatssekretär)
    antwortet", then "Grüner antwortet"); `for_text` starts a text."""

    affiliation: dict[str, str]
    unnamed: frozenset[str]
    minutes_voices: frozenset[str]  # written minutes in the third person: the record itself, not a person
    named: set[str] = field(default_factory=set, compare=False)  # who this text has introduced already

    def for_text(self) -> Speakers:
        return replace(self, named=set())

    def who(self, name: str | None, language: str) -> str:
        if not name or name in self.unnamed:  # a label nobody named: its role where the transcript gave one
            role = short_role(self.affiliation.get(name or "", ""))
            return role or ("Jemand" if language == "de" else "Someone")
        affiliation = short_role(self.affiliation.get(name, ""))
        introduced = name in self.named
        self.named.add(name)
        return f"{name} ({affiliation})" if affiliation and not introduced else name


# Where a long role's head ends: "Parlamentarischer Staatssekretär | beim Bundesminister für Wirtschaft".
_ROLE_TAIL = re.compile(r"\s+(?:beim|bei|des|der|für|im|in|vom|von|zum|zur|am|an|auf|über|und|sowie)\s.*$")
_ROLE_WORDS = 3
# Official roles whose everyday name says the same: a parliamentary state secretary is a state secretary.
_ROLE_PLAIN = {
    "Parlamentarischer Staatssekretär": "Staatssekretär",
    "Parlamentarische Staatssekretärin": "Staatssekretärin",
}


# A faction by its party, as people say it: "CDU-Fraktion", "Fraktion der SPD", "Fraktion Bündnis 90/Die Grünen".
_FACTION_WORD = re.compile(r"^Fraktion(?:\s+(?:der|des))?\s+(?=\S)|(?<=\S)(?:-|\s+)Fraktion$")
_PARTY_NAMES = {
    "bündnis 90/die grünen": "Grüne",
    "die grünen": "Grüne",
    "die linke": "Linke",
    "freien demokraten": "Freie Demokraten",
}


def short_role(role: str) -> str:
    """A faction or role as a plain text names it: without remarks in brackets, up to its first comma, a
    faction by its party ("Fraktion Bündnis 90/Die Grünen" -> "Grüne", "CDU-Fraktion" -> "CDU"), and a role of
    more than three words cut after its head ("Parlamentarischer Staatssekretär beim Bundesminister für
    Wirtschaft" -> "Staatssekretär")."""
    shorter = re.sub(r"\s*\([^()]*(?:\([^()]*\)[^()]*)*\)", "", role or "").split(",")[0].strip()
    party = _FACTION_WORD.sub("", shorter)
    if party != shorter and not any(word[:1].islower() for word in party.split()):  # not "Vorsitzender der CDU"
        return _PARTY_NAMES.get(party.lower(), party)
    if len(shorter.split()) > _ROLE_WORDS and "/" not in shorter:
        shorter = _ROLE_TAIL.sub("", shorter)
    shorter = " ".join(shorter.split())
    return _ROLE_PLAIN.get(shorter, shorter)


_ACCUSATIVE_DE = {
    "Antrag auf Vertagung": "den Antrag auf Vertagung",
    "Vertagung": "die Vertagung",
    "Geschäftsordnungsantrag": "den Geschäftsordnungsantrag",
    "Änderungsantrag": "den Änderungsantrag",
    "Dringlichkeitsantrag": "den Dringlichkeitsantrag",
    "Entschließungsantrag": "den Entschließungsantrag",
    "Beschlussvorlage": "die Beschlussvorlage",
    "Beschlussempfehlung": "die Beschlussempfehlung",
    "Gesetzentwurf": "den Gesetzentwurf",
    "Haushaltssatzung": "die Haushaltssatzung",
    "Satzung": "die Satzung",
    "Bebauungsplan": "den Bebauungsplan",
    "Resolution": "die Resolution",
    "Überweisung": "die Überweisung",
    "Wahlvorschlag": "den Wahlvorschlag",
    "Antrag": "den Antrag",
    "Bericht": "den Bericht",
    "Mitteilung": "die Mitteilung",
    "Beschluss": "den Vorschlag",
}
# The first time a text uses a term, it says what the term means.
GLOSSARY_DE = {
    "Tagesordnung": "Die Tagesordnung ist die Liste der Themen einer Sitzung.",
    # one statement a sentence, the everyday words first and the term last
    "Beschlussvorlage": "Die Verwaltung macht einen Vorschlag. Das ist die Beschlussvorlage.",
    "Beschlussempfehlung": "Ein Ausschuss gibt einen Rat. Das ist die Beschlussempfehlung.",
    "Änderungsantrag": "Mit einem Änderungsantrag will man etwas am Vorschlag ändern.",
    "Antrag auf Vertagung": "Vertagen heißt: Das Thema wird später entschieden.",
    "Dringlichkeitsantrag": "Ein Dringlichkeitsantrag ist ein Antrag, der eilt.",
    "Überweisung": "Überweisen heißt: Ein Ausschuss berät das Thema weiter.",
    "Antrag": "Ein Antrag ist ein Vorschlag von Mitgliedern.",
    "Haushaltssatzung": "Der Haushalt ist der Plan für Einnahmen und Ausgaben. Die Haushaltssatzung macht ihn gültig.",
    "Satzung": "Eine Satzung ist eine Regel der Stadt.",
    "Bebauungsplan": "Ein Bebauungsplan sagt, was man auf einer Fläche bauen darf.",
    "Gesetzentwurf": "Ein Gesetzentwurf ist der Text für ein neues Gesetz.",
    "Resolution": "Mit einer Resolution sagt man öffentlich seine Meinung.",
    "zur Kenntnis genommen": "Das heißt: Man hat den Bericht gehört. Es gibt keine Abstimmung.",
    "Enthaltung": "Wer sich enthält, stimmt nicht mit ab.",
    "einstimmig": "Das heißt: Niemand war dagegen.",
}
GLOSSARY_EN = {
    "agenda": "The agenda is the list of topics of a meeting.",
    "Beschlussvorlage": "This is a proposal from the city administration.",
    "Änderungsantrag": "An amendment changes a proposal.",
    "Antrag auf Vertagung": "To postpone means to decide later.",
    "Überweisung": "Referring means a committee discusses it further.",
    "Haushaltssatzung": "The budget is the plan for income and spending.",
    "Bebauungsplan": "A zoning plan says what may be built on a site.",
    "zur Kenntnis genommen": "Noting a report means there is no vote on it.",
    "Enthaltung": "To abstain means to vote neither for nor against.",
    "einstimmig": "Unanimous means nobody voted against.",
}
# An item's outcome (wording.item_result) in plain words, for the session's list of decisions.
_OUTCOME = {
    "de": {
        "unverändert beschlossen": "angenommen",
        "geändert beschlossen": "mit Änderungen angenommen",
        "abgelehnt": "abgelehnt",
        "vertagt": "vertagt, es wird später entschieden",
        "verwiesen": "an einen Ausschuss überwiesen",
        "zur Kenntnis genommen": "zur Kenntnis genommen",
        "gewählt": "gewählt",
        "Ergebnis wird geprüft": "das Ergebnis wird noch geprüft",
    },
    "en": {
        "unverändert beschlossen": "adopted",
        "geändert beschlossen": "adopted with amendments",
        "abgelehnt": "rejected",
        "vertagt": "postponed, to be decided later",
        "verwiesen": "referred to a committee",
        "zur Kenntnis genommen": "noted",
        "gewählt": "elected",
        "Ergebnis wird geprüft": "the result is still being checked",
    },
}
# A decision to postpone, in the words minutes use: "beschloss …, die Beratung … zurückzustellen".
_POSTPONED = re.compile(r"\b(?:zurückzustellen|zurückgestellt|zu vertagen|vertagt)\b", re.IGNORECASE)
_REFERRED = re.compile(r"\b(?:überwiesen|verwiesen|überweisen|verweisen)\b", re.IGNORECASE)
_COMMITTEE = re.compile(
    r"\b(?:an|in) (den|die) ([\w-]*[Aa]ussch(?:uss|uß)(?:es)?(?: für [\w ,-]+?)?)(?= zu| über| überw| verw|[.,;]|$)"
)


# References to printed papers and readings that an agenda title carries for the record, not for the reader.
_TITLE_PAPERWORK = re.compile(
    r"\s*\((?:Drucks(?:ache)?\.?|Drs\.)\s*\d[^)]*\)"  # "(Drucksache 7/4769, Antrag AfD)", the whole bracket
    r"|\s*[–-]?\s*\(?\b(?:Drucks(?:ache)?\.?|Drs\.|Nr\.\s*\d+\s+der\s+Drucksachen)\s*[\d/.,\s]*(?:zu\s+Drucks\.?\s*"
    r"[\d/.,\s]*)*\)?\s*[–-]?|\s*\((?:Nr\.|Drs\.|Vorlage)[^)]*\)"
    r"|[;,]?\s*Überweisungsvorschlag:.*$"  # the Bundestag's proposed committees
    # Saxony's heads name the paper after the matter: "… Gesetzentwurf der Staatsregierung; Beschlussempfehlung des …"
    r"|[;,]\s*Beschlussempfehlung des .*$"
    r"|\s+Gesetzentwurf der (?:Staatsregierung|Landesregierung|Fraktion(?:en)? [^;]*)(?=;|$)",
)
_TITLE_READING = re.compile(
    r"^(?:(?:Erste|Zweite|Dritte)\s+(?:Lesung|Beratung)\s+(?:des\s+(?:Gesetz)?[Ee]ntwurfs\s+)?)", re.IGNORECASE
)
# What a title says about the paper rather than the matter, before the matter itself: "Beratung des Antrags der
# Fraktion der SPD betreffend | Erhöhung der Renten", "Gesetzentwurf Landesregierung | Gesetz zu …".
_TITLE_PAPER = re.compile(
    r"^(?:Beratung\s+des\s+)?(?:Antrag|Antrags|Antrages|Gesetzentwurfs?)\b[^:]*?\bbetreffend\s+"
    r"|^Gesetzentwurf\s+(?:der\s+)?(?:Fraktion(?:en)?\s+(?:der\s+)?[^\s:]+(?:\s+und\s+[^\s:]+)*|[\w-]*regierung"
    r"|Abgeordneten\s+[^:]+?)\s+(?=(?:Erstes\s+|Zweites\s+|Drittes\s+)?Gesetz\b)"
)
# A heading before a colon that names only the kind of paper and who filed it ("Antrag Aktuelle Stunde Fraktion der
# AfD: Grunderwerbsteuer …", "Fragestunde, Frage 73 (Dr. Lammert): …"): the matter follows it.
_PAPER_WORDS = re.compile(
    r"(?:antrag|anträge|dringliche[rs]?|aktuelle|stunde|fragestunde|frage|anfrage|große|kleine|mündliche"
    r"|beschlussempfehlung|bericht|und|zu|zum|der|des|die|fraktion(?:en)?|gruppe|[\w-]*regierung|[\w-]*ausschuss(?:es)?"
    r"|beratung|antrags|antrages|abgeordneten"
    r"|spd|cdu|csu|cdu/csu|fdp|afd|grüne|linke|die linke|bsw|\d+|\(.*\))",
    re.IGNORECASE,
)
# A legal reference and a printed paper's clause of consent: "gemäß § 8 Abs. 1 Satz 1 GZSG", "– Zustimmung nach § 64 …".
_TITLE_LAW = re.compile(r"\s+(?:gemäß|nach)\s+§+\s*\d+\w*(?:\s+(?:Abs\.|Satz|Nr\.)\s*\d+\w*)*(?:\s+[A-ZÄÖÜ][\w-]*G\b)?")


def _paper_heading(heading: str) -> bool:
    words = re.sub(r"\([^)]*\)", " ", heading).replace(",", " ").split()
    return bool(words) and all(_PAPER_WORDS.fullmatch(w) for w in words)


def plain_title(title: str) -> str:
    """An agenda title as a citizen reads it: the matter, without the printed-paper references, readings, the
    kind of paper and who filed it, and legal references. "Dritte Lesung Gesetzentwurf Fraktion der SPD Gesetz zur
    Einführung … – Drucks. 20/8504" -> "Gesetz zur Einführung …". Only words of the title remain, in its order."""
    shorter = " ".join(_TITLE_READING.sub("", _TITLE_PAPERWORK.sub(" ", title)).strip(" –-:,").split())
    shorter = _TITLE_PAPER.sub("", shorter)
    heading, colon, matter = shorter.partition(": ")
    if colon and matter.strip() and _paper_heading(heading):
        shorter = matter
    parts = re.split(r"\s+[–-]\s+", shorter)
    if len(parts) > 1 and shorter.count("„") == shorter.count("“") and "„" not in shorter:
        # "Beratung des Antrags der Fraktion DIE LINKE – Gemeindewirtschaftsteuer einführen – …": the paper first;
        # "… – Zustimmung nach § 64 LHO": a legal clause after the matter
        while len(parts) > 1 and _paper_heading(parts[0]):
            parts = parts[1:]
        shorter = " – ".join(p for p in parts if "§" not in p) or shorter
    shorter = _TITLE_LAW.sub("", shorter)
    return " ".join(shorter.strip(" –-:,").split()) or title


def body_subject(body: str | None, language: str) -> str:
    """ "Der Rat", "Der Ausschuss", "Die Bezirksvertretung" ... from the body's name."""
    name = (body or "").lower()
    if language == "en":
        for key, word in [("ausschuss", "committee"), ("bezirksvertretung", "district council"),
                          ("verbandsversammlung", "assembly"), ("ruhrparlament", "assembly"), ("landtag", "parliament"),
                          ("bundestag", "parliament"), ("bürgerschaft", "parliament"), ("rat", "council")]:  # fmt: skip
            if key in name:
                return f"The {word}"
        return "The body"
    for key, subject in [("bezirksvertretung", "Die Bezirksvertretung"), ("verbandsversammlung", "Die Versammlung"),
                         ("ausschuss", "Der Ausschuss"), ("kreistag", "Der Kreistag"), ("landtag", "Der Landtag"),
                         ("bundestag", "Der Bundestag"), ("bürgerschaft", "Die Bürgerschaft"),
                         ("abgeordnetenhaus", "Das Abgeordnetenhaus"), ("rat", "Der Rat")]:  # fmt: skip
        if key in name:
            return subject
    return "Das Gremium"


def date_text(date: str | None, language: str) -> str | None:
    try:
        day = dt.date.fromisoformat(date or "")
    except ValueError:
        return None
    if language == "en":
        return f"{MONTHS_EN[day.month - 1]} {day.day}, {day.year}"
    return f"{day.day}. {MONTHS_DE[day.month - 1]} {day.year}"


_FIGURE_WORDS_EN = {
    "Millionen": "million", "Milliarden": "billion", "Tausend": "thousand", "Euro": "euros", "Cent": "cents",
    "Prozent": "percent", "Prozentpunkte": "percentage points", "Prozentpunkten": "percentage points",
    "Stellen": "posts", "Plätze": "places", "Wohnungen": "flats", "Kilometer": "kilometres",
    "Meter": "metres", "Quadratmeter": "square metres", "Hektar": "hectares", "Liter": "litres", "Litern": "litres",
    "Tonnen": "tonnes", "Jahre": "years", "Jahren": "years", "Monate": "months", "Monaten": "months",
    "Wochen": "weeks", "Tage": "days", "Tagen": "days", "Minuten": "minutes", "Stunden": "hours",
    "Kinder": "children", "Menschen": "people", "Bäume": "trees", "Betten": "beds", "Arbeitsplätze": "jobs",
    "Fahrzeuge": "vehicles", "Busse": "buses", "Haushalte": "households", "Grad": "degrees", "Personen": "people",
    "Gruppen": "groups", "Klassen": "classes", "Kitas": "day-care centres", "Parkplätze": "parking spaces",
    "Häuser": "houses", "Gebäude": "buildings", "Sitzungen": "meetings", "im": "in", "ab": "from", "bis": "until",
    "zum": "by", "seit": "since", "Ende": "end of", "Anfang": "start of", "Mitte": "mid", "dem": "",
    **dict(zip(MONTHS_DE, MONTHS_EN, strict=True)),
}  # fmt: skip


def figures_en(figure: str) -> str:
    """A German figure in English: "4,2 Millionen Euro" -> "4.2 million euros", "800.000" -> "800,000"."""
    number = re.sub(r"(\d)\.(\d{3})", r"\1,\2", figure)
    number = re.sub(r"(\d),(\d{1,2})\b", r"\1.\2", number)
    words = [_FIGURE_WORDS_EN.get(w.rstrip("."), w) for w in number.split()]
    return " ".join(w for w in words if w)


# --- one item ---------------------------------------------------------------------------------


def _at(passage: Passage, part: str, text: str) -> PlainSentence:
    return PlainSentence(text, part, passage.utterance_id, passage.start)


def _quote(text: str) -> str:
    return f"„{text}“"


def _about_de(content: ItemContent, speakers: Speakers) -> list[PlainSentence]:
    """The proposal's passages, each speaker named once before their first: "Jürgen Wolff (Stadtkämmerer)
    erklärt das Thema.", a further one "… sagt dazu." (written minutes are the record itself and name
    nobody)."""
    sentences, introduced = [], set()
    for passage in content.about:
        if (
            passage.speaker not in speakers.minutes_voices
            and passage.speaker not in introduced
            and not _reported(passage)
        ):
            verb = "sagt dazu" if introduced else "erklärt das Thema"
            introduced.add(passage.speaker)
            sentences.append(_at(passage, "about", f"{speakers.who(passage.speaker, 'de')} {verb}."))
        sentences.append(_at(passage, "about", passage.text))
    return sentences


def _reported(passage: Passage) -> bool:
    """Written minutes report a member in the third person ("Herr Köppen beantragt …", "Kreistagsabgeordneter
    Wesselmann teilte mit, …"): a passage that names its own speaker is the record's words, shown as written."""
    surname = (passage.speaker or "").split()[-1:] or [""]
    return len(surname[0]) > 2 and re.search(rf"(?<![\w-]){re.escape(surname[0])}\b", passage.text) is not None


# Indirect speech, as minutes report a speaker ("Die Mittel seien dann fehlinvestiert."): the record's words about
# what was said, not the speaker's own; "habe" and "werde" only where nobody speaks as "ich".
_INDIRECT = re.compile(r"\b(?:sei|seien|könne|müsse|solle|wolle|dürfe|verbleibe|bestehe|gebe)\b")
_INDIRECT_AMBIGUOUS = re.compile(r"\b(?:habe|werde)\b")


def _indirect(text: str) -> bool:
    return bool(_INDIRECT.search(text)) or (bool(_INDIRECT_AMBIGUOUS.search(text))
                                            and not re.search(r"\b(?:ich|Ich)\b", text))  # fmt: skip


def _argument_de(argument: Argument, speakers: Speakers) -> list[PlainSentence]:
    if argument.passage is not None and _reported(argument.passage):
        return [_at(argument.passage, "said", argument.passage.text)]
    who = speakers.who(argument.speaker, "de")
    side = {"for": "ist dafür", "against": "ist dagegen"}.get(argument.side or "")
    if argument.passage is None:
        return [_at(argument.stance, "said", f"{who} {side}.")]
    verb = side or "sagt"
    text = argument.passage.text if _indirect(argument.passage.text) else _quote(argument.passage.text)
    return [_at(argument.passage, "said", f"{who} {verb}: {text}")]


def _said_de(content: ItemContent, speakers: Speakers) -> list[PlainSentence]:
    sentences = []
    for question, answer in content.questions:
        sentences.append(
            _at(question, "said", f"{speakers.who(question.speaker, 'de')} fragt: {_quote(question.text)}")
        )
        if answer:
            who = speakers.who(answer.speaker, "de")
            sentences.append(_at(answer, "said", f"{who} antwortet: {_quote(answer.text)}"))
    for argument in content.arguments:
        sentences += _argument_de(argument, speakers)
    return sentences


def _count_de(value: int, plural: str, singular: str, nobody: str | None = None) -> str:
    if value == 0 and nobody:
        return nobody
    return singular if value == 1 else plural.format(value)


def _groups_de(names: list[str], verb_plural: str, verb_singular: str) -> str:
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " und " + names[-1]
    return f"{verb_singular if len(names) == 1 else verb_plural}: {listed}."


def _decided_de(votes: list[Vote], subject: str, explained: set[str]) -> list[PlainSentence]:
    sentences: list[PlainSentence] = []
    explain = _explainer(explained, GLOSSARY_DE, sentences)

    def add(vote: Vote, text: str) -> None:
        sentences.append(PlainSentence(text, "decided", vote.utterance_id, vote.start))

    for vote in votes:
        accusative = _ACCUSATIVE_DE.get(vote.motion, "den Vorschlag")
        if vote.proposer and vote.motion != "Beschluss":
            article = "einen" if accusative.startswith("den ") else "eine" if accusative.startswith("die ") else "ein"
            add(vote, f"Es gab {article} {vote.motion} der {vote.proposer}.")
        if vote.motion in GLOSSARY_DE:
            explain(vote.motion, vote)
        if vote.motion in explained:
            accusative = MOTIONS_EVERYDAY_DE.get(vote.motion, accusative)
        if vote.result == UNCLEAR:  # never stated as fact before a clerk has decided it
            add(vote, "Das Ergebnis dieser Abstimmung wird noch geprüft.")
            continue
        if vote.result == "zur Kenntnis genommen":
            add(vote, f"{subject} hat {accusative} zur Kenntnis genommen.")
            explain("zur Kenntnis genommen", vote)
            continue
        add(vote, f"{subject} hat {accusative} {vote.result}.")
        if vote.resolution and len(vote.resolution.split()) <= _QUOTED_RESOLUTION_WORDS and not _mandates(vote):
            add(vote, f"Der Beschluss lautet: „{vote.resolution.strip().rstrip('.')}.“")
        add(vote, "Das heißt: Die Mehrheit war dafür." if vote.result == "angenommen"
            else "Das heißt: Die Mehrheit war dagegen.")  # fmt: skip
        if vote.unanimous:
            add(vote, "Es war einstimmig.")
            explain("einstimmig", vote)
        if vote.yes is not None:
            add(vote, _count_de(vote.yes, "{} waren dafür.", "Einer war dafür.", "Niemand war dafür."))
        elif vote.yes_groups:
            add(vote, _groups_de(vote.yes_groups, "Dafür stimmten", "Dafür stimmte"))
        if vote.no is not None and not (vote.unanimous and vote.no == 0):
            add(vote, _count_de(vote.no, "{} waren dagegen.", "Einer war dagegen.", "Niemand war dagegen."))
        elif vote.no is None and vote.no_groups:
            add(vote, _groups_de(vote.no_groups, "Dagegen stimmten", "Dagegen stimmte"))
        if vote.abstain:
            add(vote, _count_de(vote.abstain, "{} haben sich enthalten.", "Einer hat sich enthalten."))
            explain("Enthaltung", vote)
        elif vote.abstain is None and vote.abstain_groups:
            add(vote, _groups_de(vote.abstain_groups, "Enthalten haben sich", "Enthalten hat sich"))
            explain("Enthaltung", vote)
    return sentences


# A resolution that gives someone a task: "Die Verwaltung wird beauftragt, …", "… gebeten, bis Mai einen Plan
# vorzulegen".
_MANDATE = re.compile(r"\b(?:beauftragt|beauftragen|gebeten|aufgefordert|vorzulegen|zu prüfen|zu erarbeiten)\b")


# A resolution's wording is quoted up to this many words.
_QUOTED_RESOLUTION_WORDS = 30


def _mandates(vote: Vote) -> bool:
    return vote.result == "angenommen" and bool(_MANDATE.search(vote.resolution or ""))


def _next_from_votes(votes: list[Vote], language: str) -> list[PlainSentence]:
    """Next steps that follow from a decision: a task the resolution gives (quoted where it is short), referred to
    a committee, postponed."""
    sentences = []
    for vote in votes:
        if vote.result != "angenommen":
            continue
        if _mandates(vote):
            short = len(vote.resolution.split()) <= _QUOTED_RESOLUTION_WORDS
            if language == "de":
                text = (f"Der Beschluss sagt, was jetzt passiert: „{vote.resolution.strip().rstrip('.')}.“" if short
                        else "Der Beschluss gibt einen Auftrag. Der Wortlaut steht im Protokoll.")  # fmt: skip
            else:
                text = "The decision gives a task (see the German summary)."
            sentences += [PlainSentence(t, "next", vote.utterance_id, vote.start) for t in re.split(r"(?<=\.) ", text)]
        referred = _COMMITTEE.search(vote.evidence) if _REFERRED.search(vote.evidence) else None
        if vote.motion == "Überweisung" or referred:
            if language == "de":
                text = f"Das Thema geht jetzt an {referred.group(1)} {referred.group(2)}." if referred else (
                    "Das Thema geht jetzt an einen Ausschuss.")  # fmt: skip
            else:
                text = "It now goes to a committee" + (f" ({referred.group(2)})." if referred else ".")
            sentences.append(PlainSentence(text, "next", vote.utterance_id, vote.start))
        elif vote.motion in ("Antrag auf Vertagung", "Vertagung") or (
            _POSTPONED.search(vote.evidence) and not re.search(r"\bnicht\b", vote.evidence, re.IGNORECASE)
        ):
            text = "Das Thema wird später entschieden." if language == "de" else "It will be decided later."
            sentences.append(PlainSentence(text, "next", vote.utterance_id, vote.start))
    return sentences


def _next_de(content: ItemContent, votes: list[Vote], speakers: Speakers) -> list[PlainSentence]:
    sentences = _next_from_votes(votes, "de")
    for passage in content.next_steps:
        if passage.speaker in speakers.minutes_voices or _reported(passage):
            sentences.append(_at(passage, "next", passage.text))
        else:
            sentences.append(_at(passage, "next", f"{speakers.who(passage.speaker, 'de')} sagt: {passage.text}"))
    return sentences


def _explainer(explained: set[str], glossary: dict[str, str], sentences: list[PlainSentence]):
    def explain(term: str, vote: Vote) -> None:
        if term in glossary and term not in explained:
            explained.add(term)
            for text in re.split(r"(?<=\.) ", glossary[term]):
                sentences.append(PlainSentence(text, "decided", vote.utterance_id, vote.start))

    return explain


def _about_en(content: ItemContent, speakers: Speakers) -> list[PlainSentence]:
    """Per speaker of the proposal, the figures they gave (the passages themselves stay German)."""
    sentences = []
    by_speaker: dict[str | None, list[Passage]] = {}
    for passage in content.about:
        by_speaker.setdefault(passage.speaker, []).append(passage)
    for speaker, passages in by_speaker.items():
        figures = list(dict.fromkeys(figures_en(f) for p in passages for f in figures_in(p.text)))
        who = "The minutes" if speaker in speakers.minutes_voices else speakers.who(speaker, "en")
        text = f"{who} gave these figures: {', '.join(figures)}." if figures else f"{who} presented the proposal."
        sentences.append(_at(passages[0], "about", text))
    return sentences


def _said_en(content: ItemContent, speakers: Speakers) -> list[PlainSentence]:
    sentences = []
    for question, answer in content.questions:
        sentences.append(_at(question, "said", f"{speakers.who(question.speaker, 'en')} asked a question."))
        if answer:
            sentences.append(_at(answer, "said", f"{speakers.who(answer.speaker, 'en')} answered."))
    for argument in content.arguments:
        verb = {"for": "spoke in favour", "against": "spoke against it"}.get(argument.side or "", "spoke")
        sentences.append(
            _at(argument.passage or argument.stance, "said", f"{speakers.who(argument.speaker, 'en')} {verb}.")
        )
        figures = list(
            dict.fromkeys(figures_en(f) for f in figures_in(argument.passage.text if argument.passage else ""))
        )
        if figures:
            sentences.append(_at(argument.passage, "said", f"Figures named: {', '.join(figures)}."))
    if sentences:
        sentences.append(PlainSentence("The German summary quotes what was said.", "said"))
    return sentences


def _decided_en(votes: list[Vote], subject: str, explained: set[str]) -> list[PlainSentence]:
    sentences: list[PlainSentence] = []
    explain = _explainer(explained, GLOSSARY_EN, sentences)
    for vote in votes:
        explain(vote.motion, vote)

        def add(text: str, vote: Vote = vote) -> None:
            sentences.append(PlainSentence(text, "decided", vote.utterance_id, vote.start))

        if vote.result == UNCLEAR:
            add("The result of this vote is still being checked.")
            continue
        add(f"{subject} {wording.result(vote, 'en')} the {wording.motion(vote, 'en')}.")
        if vote.result == "zur Kenntnis genommen":
            explain("zur Kenntnis genommen", vote)
            continue
        if vote.unanimous:
            add("The decision was unanimous.")
            explain("einstimmig", vote)
        for value, side in ((vote.yes, "voted for it"), (vote.no, "voted against it"), (vote.abstain, "abstained")):
            if value is None or (value == 0 and side == "abstained") or (value == 0 and vote.unanimous):
                continue
            add(f"{'Nobody' if value == 0 else 'One member' if value == 1 else f'{value} members'} {side}.")
        if vote.abstain:
            explain("Enthaltung", vote)
        for count, groups, side in ((vote.yes, vote.yes_groups, "For"), (vote.no, vote.no_groups, "Against"),
                                    (vote.abstain, vote.abstain_groups, "Abstaining")):  # fmt: skip
            if count is None and groups:
                add(f"{side}: {', '.join(groups)}.")
        if vote.yes is None and not vote.unanimous and vote.majority and not vote.yes_groups:
            add("A majority was in favour." if vote.result == "angenommen" else "A majority was against.")
    return sentences


def _next_en(content: ItemContent, votes: list[Vote], speakers: Speakers) -> list[PlainSentence]:
    sentences = _next_from_votes(votes, "en")
    for passage in content.next_steps:
        who = "The minutes" if passage.speaker in speakers.minutes_voices else speakers.who(passage.speaker, "en")
        sentences.append(_at(passage, "next", f"{who} named a next step (see the German summary)."))
    return sentences


# Per language: the builders of the four parts, and what an item says when it was not reached or not decided.
_BUILDERS = {"de": (_about_de, _said_de, _decided_de, _next_de), "en": (_about_en, _said_en, _decided_en, _next_en)}
_NOT_REACHED = {
    "de": (
        "Das Thema kam in der Sitzung nicht dran.",
        "Wo das Thema in der Aufzeichnung beginnt, wurde nicht erkannt.",
    ),
    "en": ("The topic was not discussed.", "Where the topic starts in the recording was not recognised."),
}
_NO_DECISION = {"de": "Dazu gab es keine Abstimmung.", "en": "There was no decision on it."}


def plain_item(
    item: AgendaItem, votes: list[Vote], content: ItemContent, body: str | None, speakers: Speakers, language: str,
    explained: set[str] | None = None,
) -> list[PlainSentence]:  # fmt: skip
    """An item in plain language: what it was about, what was said, what was decided, what happens next.
    `explained` holds the terms already explained earlier in the same text. A German text that reads too hard
    shows easier passages, or fewer, as `_lighter` allows."""
    if not item.reached:
        return [PlainSentence(_NOT_REACHED[language][item.unrecognised], "about")]
    if explained is None:  # a text of its own (not a part of the session's text): it introduces its people
        explained, speakers = set(), speakers.for_text()

    def compose(state: tuple[ItemContent, list[Vote]]) -> tuple[list[PlainSentence], Speakers, set[str]]:
        shown, shown_votes = state
        about, said, decided, next_steps = _BUILDERS[language]
        names, terms = replace(speakers, named=set(speakers.named)), set(explained)
        sentences = about(shown, names) + said(shown, names)
        sentences += decided(shown_votes, body_subject(body, language), terms)
        if not shown_votes:
            sentences.append(PlainSentence(_NO_DECISION[language], "decided"))
        return sentences + next_steps(shown, shown_votes, names), names, terms

    state = (content, votes)
    if language == "de":
        state = _within_reach(state, lambda s: compose(s)[0])
    sentences, names, terms = compose(state)
    speakers.named.update(names.named)
    explained.update(terms)
    return sentences


# --- reading ease -------------------------------------------------------------------------------

# What every plain text must reach (issue 16): Flesch-Amstad reading ease and words per sentence.
TARGET_EASE = 65.0
TARGET_WORDS = 12.0


def shortfall(sentences: list[PlainSentence], language: str = "de") -> float:
    """How far a text reads from the targets: reading ease points below 65, and three per word a sentence over 12."""
    figures = readability(" ".join(s.text for s in sentences), language)
    if figures["reading_ease"] is None:
        return 0.0
    return max(0.0, TARGET_EASE - figures["reading_ease"]) + 3 * max(0.0, figures["words_per_sentence"] - TARGET_WORDS)


def _lighter(state: tuple[ItemContent, list[Vote]]) -> list[tuple[int, tuple[ItemContent, list[Vote]]]]:
    """The ways to make an item's text easier, by what they cost: 0, a speaker's point swapped for an easier one of
    theirs that carries about as much; 1, a further passage on the proposal or the next steps, or the resolution's
    wording, left out; 2, the quotation of a speaker who said which side they take (the side stays). Every
    speaker, the first passage on the proposal, every figure, the questions and answers and the votes stay."""
    content, votes = state
    options = []

    def arguments(index: int, argument: Argument | None) -> ItemContent:
        kept = [argument if n == index else a for n, a in enumerate(content.arguments)]
        return replace(content, arguments=[a for a in kept if a is not None])

    for index, argument in enumerate(content.arguments):
        if argument.passage is not None and argument.easier and not figures_in(argument.passage.text):
            easier = replace(argument, passage=argument.easier[0], easier=argument.easier[1:])
            options.append((0, (arguments(index, easier), votes)))
    for index in range(1, len(content.about)):  # the first stays, and every figure that only it gives
        rest = content.about[:index] + content.about[index + 1 :]
        if set(figures_in(content.about[index].text)) <= {f for p in rest for f in figures_in(p.text)}:
            options.append((1, (replace(content, about=rest), votes)))
    for index in range(1, len(content.next_steps)):
        steps = content.next_steps[:index] + content.next_steps[index + 1 :]
        options.append((1, (replace(content, next_steps=steps), votes)))
    if any(v.resolution for v in votes):
        options.append((1, (content, [replace(v, resolution=None) for v in votes])))
    for index, argument in enumerate(content.arguments):
        if argument.passage is None or figures_in(argument.passage.text):
            continue  # a figure is what a citizen must learn: it stays
        if argument.side is not None:
            options.append((2, (arguments(index, replace(argument, passage=None, easier=())), votes)))
    return options


def _within_reach(state, compose):
    """The lightest-cost changes (`_lighter`) that bring a text closer to the targets, one at a time, until it
    reaches them or nothing helps. A text is never made longer to score better: only passages are swapped for
    easier ones of the same speaker, or left out."""
    missing = shortfall(compose(state))
    while missing > 0:
        tried = [(cost, shortfall(compose(option)), option) for cost, option in _lighter(state)]
        better = [t for t in tried if t[1] < missing]
        if not better:
            break
        cheapest = min(cost for cost, _, _ in better)
        _, missing, state = min((t for t in better if t[0] == cheapest), key=lambda t: t[1])
    return state


# --- the session ------------------------------------------------------------------------------


def _tally(vote: Vote, language: str) -> str:
    """ ", einstimmig" or ", 31 dafür, 20 dagegen, 2 Enthaltungen" for the session's list of decisions."""
    if vote.result in (UNCLEAR, "zur Kenntnis genommen"):
        return ""
    words = ("dafür", "dagegen", "Enthaltungen", "Enthaltung", "einstimmig", "niemand") if language == "de" else (
        "in favour", "against", "abstentions", "abstention", "unanimously", "nobody")  # fmt: skip
    parts = ([words[4]] if vote.unanimous else []) + [
        f"{n or words[5]} {w}"
        for n, w in ((vote.yes, words[0]), (vote.no, words[1]))
        if n is not None and not (n == 0 and vote.unanimous)
    ]  # fmt: skip
    if vote.abstain:
        parts.append(f"{vote.abstain} {words[3] if vote.abstain == 1 else words[2]}")
    return "".join(f", {p}" for p in parts)


# In the session's list of decisions a long title is named by its head; the item's own text gives it whole.
_LONGEST_LISTED_TITLE = 4


def listed_title(title: str) -> str:
    """How the session's list of decisions names an item: "Grunderwerbsteuer: Lippenbekenntnisse des Hessischen
    Ministerpräsidenten" -> "Grunderwerbsteuer". A title, like the whole one, not a claim the fact check reads."""
    title = plain_title(title)
    if len(title.split()) <= _LONGEST_LISTED_TITLE:
        return title
    head = re.split(r": |, | \(| [–—] ", title, maxsplit=1)[0]  # "Gedenkort … erhalten – Erinnerung an …"
    return head if head != title and head.count("„") == head.count("“") else title


def plain_session(
    title: str, body: str | None, date: str | None, items: list[AgendaItem], votes: list[Vote],
    contents: dict[str, ItemContent], speakers: Speakers, language: str,
) -> list[PlainSentence]:  # fmt: skip
    """The session in plain language: its decisions first, one line per item; then what was on the agenda and,
    per item, what it was about and what happens next."""
    de = language == "de"
    subject = body_subject(body, language)
    day = date_text(date, language)
    speakers = speakers.for_text()
    sentences = []
    if de:
        sentences.append(
            PlainSentence(f"{subject} hat am {day} getagt." if day else f"{subject} hat getagt.", "session")
        )
    else:
        sentences.append(PlainSentence(f"{subject} met on {day}." if day else f"{subject} met.", "session"))
    by_item = {i.number: [v for v in votes if v.item_number == i.number] for i in items}
    decided = [i for i in items if wording.item_result(by_item[i.number])]
    if decided or any(v.item_number is None for v in votes):
        sentences.append(PlainSentence("Das wurde entschieden:" if de else "What was decided:", "decided"))
    for item in decided:
        result = wording.item_result(by_item[item.number])
        main = [v for v in by_item[item.number] if v.motion != "Änderungsantrag"] or by_item[item.number]
        last = main[-1]
        label = "TOP" if de else "Item"
        title = listed_title(item.title)
        tally = _tally(last, language) if result != "Ergebnis wird geprüft" else ""
        sentences.append(PlainSentence(f"{label} {item.number}, {title}: {_OUTCOME[language][result]}{tally}.",
                                       "decided", last.utterance_id, last.start))  # fmt: skip
    for vote in (v for v in votes if v.item_number is None):  # decided before the first item's call was heard
        outcome = (
            wording.result(vote, language) if vote.result != UNCLEAR else _OUTCOME[language]["Ergebnis wird geprüft"]
        )
        sentences.append(PlainSentence(f"{wording.motion(vote, language)}: {outcome}.", "decided", vote.utterance_id,
                                       vote.start))  # fmt: skip
    reached = [i for i in items if i.reached or i.unrecognised]
    counted = [v for v in votes if v.result != "zur Kenntnis genommen"]
    if de:
        if items:
            sentences.append(PlainSentence(
                f"Auf der Tagesordnung {'stand 1 Thema' if len(items) == 1 else f'standen {len(items)} Themen'}.",
                "session"))  # fmt: skip
            sentences.append(PlainSentence(GLOSSARY_DE["Tagesordnung"], "session"))
        if len(reached) != len(items):
            sentences.append(PlainSentence(
                "Davon wurde 1 Thema besprochen." if len(reached) == 1 else f"Davon wurden {len(reached)} Themen "
                "besprochen." if reached else "Davon wurde keines besprochen.", "session"))  # fmt: skip
        sentences.append(PlainSentence(
            "Es gab keine Abstimmung." if not counted else "Es gab 1 Abstimmung." if len(counted) == 1
            else f"Es gab {len(counted)} Abstimmungen.", "session"))  # fmt: skip
    else:
        if items:
            sentences.append(PlainSentence(
                f"The agenda had {'1 topic' if len(items) == 1 else f'{len(items)} topics'}.", "session"))  # fmt: skip
            sentences.append(PlainSentence(GLOSSARY_EN["agenda"], "session"))
        if len(reached) != len(items):
            sentences.append(
                PlainSentence(
                    f"{len(reached)} {'topic was' if len(reached) == 1 else 'topics were'} discussed.", "session"
                )
            )
        sentences.append(PlainSentence(
            "There was no vote." if not counted else "There was 1 vote." if len(counted) == 1
            else f"There were {len(counted)} votes.", "session"))  # fmt: skip
    explained = {"Tagesordnung", "agenda"}
    for item in items:
        content = contents.get(item.number)
        if (
            not item.reached
            or content is None
            or not (
                content.about or content.arguments or content.questions or content.next_steps or by_item[item.number]
            )
        ):
            continue
        label = f"{ITEM_HEADING['de' if de else 'en']}{item.number}"
        lines = plain_item(item, by_item[item.number], content, body, speakers, language, explained)
        about = [s for s in lines if s.part == "about"][:3]
        said = [s for s in lines if s.part == "said"]
        nexts = [s for s in lines if s.part == "next"]
        if about or said or nexts:
            heading = f"{label}." if item in decided else f"{label}: {plain_title(item.title)}."
            sentences.append(PlainSentence(heading, "about", item.cue_utterance_id, item.start))
            sentences += about + said + nexts
    return _session_within_reach(sentences, language) if de else sentences


def _session_within_reach(sentences: list[PlainSentence], language: str) -> list[PlainSentence]:
    """A session's text that reads too hard leaves out its items' quoted points without a figure, hardest first,
    while that brings it closer to the targets (each item's own text keeps them)."""
    missing = shortfall(sentences, language)
    while missing > 0:
        tried = [(shortfall(sentences[:n] + sentences[n + 1 :], language), n) for n, s in enumerate(sentences)
                 if s.part == "said" and "„" in s.text and not figures_in(s.text)]  # fmt: skip
        better = [t for t in tried if t[0] < missing]
        if not better:
            break
        missing, n = min(better)
        sentences = sentences[:n] + sentences[n + 1 :]
    return sentences
