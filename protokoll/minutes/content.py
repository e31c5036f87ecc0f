"""What an agenda item was about, in passages taken from what was said.

Per item: the proposal or report with its figures (the administration's and rapporteurs'
sentences first), each speaker's main argument and the side they said they take, a question and
its answer, and what happens next. A passage is a sentence as heard, or one clause of it, with
its utterance and time. The only rewrites are numbers in digits, official abbreviations and a few
official words in everyday German, and shorter clauses: cut at a conjunction, without the person
addressed, an aside in brackets or dashes, a name's apposition, or (where the clause is too long to
show) a trailing reason; `check_rewrite` proves that a passage keeps the words, numbers and negations
of its source. Of two clauses that carry as much, the easier to read is chosen. Where nothing fits,
an item gets fewer passages, never invented ones.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from protokoll.minutes.agenda import AgendaItem
from protokoll.minutes.numbers import parse_number_word
from protokoll.minutes.readability import syllables
from protokoll.minutes.tally import has_counts, numbers_as_digits
from protokoll.minutes.text import Sentence, fold
from protokoll.minutes.votes import Vote

__all__ = [
    "Passage",
    "Argument",
    "ItemContent",
    "item_content",
    "plain_words",
    "check_rewrite",
    "figures_in",
    "MINUTES_VOICE",
    "MAX_WORDS",
]


@dataclass(frozen=True)
class Passage:
    """A sentence or clause as the summary shows it, with the sentence it was taken from."""

    text: str
    source: str
    utterance_id: int
    start: float
    speaker: str | None


@dataclass(frozen=True)
class Argument:
    """A speaker's main point; `side` is "for" or "against" only where the speaker said so (in `stance`)."""

    speaker: str
    passage: Passage | None
    side: str | None = None
    stance: Passage | None = None
    # The speaker's other clauses that carry a point, easier to read than `passage`, easiest first: a text that
    # reads too hard shows one of these instead (plain.py).
    easier: tuple[Passage, ...] = ()


@dataclass
class ItemContent:
    about: list[Passage] = field(default_factory=list)
    arguments: list[Argument] = field(default_factory=list)
    questions: list[tuple[Passage, Passage | None]] = field(default_factory=list)
    next_steps: list[Passage] = field(default_factory=list)


# --- plain words ------------------------------------------------------------------------------

# Abbreviations spelled out, and official words with an everyday one of the same gender and number.
_SPELLED_OUT = [
    (r"\bMio\.(?=\s|$)", "Millionen"),
    (r"\bMrd\.(?=\s|$)", "Milliarden"),
    (r"\bTsd\.(?=\s|$)", "Tausend"),
    (r"\s?€", " Euro"),
    (r"\bEUR\b", "Euro"),
    (r"\s?%", " Prozent"),
    (r"\bv\.\s?H\.", "Prozent"),
    (r"\bca\.(?=\s)", "etwa"),
    (r"\brd\.(?=\s)", "rund"),
    (r"\bz\.\s?B\.", "zum Beispiel"),
    (r"\bd\.\s?h\.", "das heißt"),
    (r"\bu\.\s?a\.", "unter anderem"),
    (r"\bbzw\.", "beziehungsweise"),
    (r"\bAbfallgebühr", "Müllgebühr"),
    (r"\bEigenanteil\b", "Anteil"),
    (r"\bKindertagesstätten\b", "Kitas"),
    (r"\bKindertageseinrichtungen\b", "Kitas"),
    (r"\bLichtsignalanlage\b", "Ampel"),
    (r"\bLichtsignalanlagen\b", "Ampeln"),
    (r"\bPersonenkraftwagen\b", "Autos"),
]
_NUMBER_TOKEN = re.compile(r"\b[A-Za-zÄÖÜäöüß]+\b")
_KEEP_AS_WORD = {"ein", "eine", "einer", "einem", "einen", "eines", "null"}


def _digits(text: str) -> str:
    """Number words as digits ("vier Komma zwei Millionen" -> "4,2 Millionen", "achthunderttausend" -> "800.000")."""

    def replace(match: re.Match) -> str:
        word = match.group(0)
        lowered = word.lower()
        sentence_start = re.search(r"(?:^|[.!?:„]\s*)$", text[: match.start()]) is not None
        if lowered in _KEEP_AS_WORD or (word[0].isupper() and not sentence_start):  # "außer Acht"
            return word
        value = parse_number_word(lowered)
        if value is None:
            return word
        return f"{value:,}".replace(",", ".") if value >= 10000 else str(value)

    text = _NUMBER_TOKEN.sub(replace, text)
    return re.sub(r"\b(\d+) Komma (\d+)\b", r"\1,\2", text)


def plain_words(text: str) -> str:
    """Text with numbers in digits, abbreviations spelled out and a few official words in everyday German."""
    for pattern, replacement in _SPELLED_OUT:
        text = re.sub(pattern, replacement, text)
    return " ".join(_digits(text).split())


# --- clauses ----------------------------------------------------------------------------------

_CLAUSE_BREAK = re.compile(
    r"(?:;\s+|\s+[–—-]\s+|:\s+(?=[A-ZÄÖÜ\d„])|,\s+(?=(?:aber|denn|doch|sondern)\s)"
    r"|,\s+(?=und\s+(?:ich|wir|sie|er|es|man|der|die|das|den|dem)\s)"
    r"|,\s+(?=und\s+(?:wie|was|wann|warum|weshalb|wieso|wo|wer|welche[rsmn]?|ob)\s[^?]*\?$))"
)
# A main clause's trailing reason or purpose ("…, da die Fraktion keine Gelegenheit hatte, …"): cut off, the main
# clause still says what it said. Never a condition ("wenn", "falls"), which the main clause depends on.
_TRAILING_REASON = re.compile(r",\s+(?=(?:weil|da|zumal|obwohl|obgleich|damit|sodass)\s)")
# A name's apposition, as minutes give it ("Kreistagsabgeordneter Götting, Vorsitzender der CDU-Fraktion,
# beantragte …"): left out, the sentence says the same. Not a list ("A, B und C").
_APPOSITION = re.compile(
    r"^((?:[A-ZÄÖÜ][\w.-]*\s+){0,3}[A-ZÄÖÜ][\w-]+),\s+[A-ZÄÖÜ][^,;:]{0,60}?,\s+(?=[a-zäöü])(?!(?:und|oder|sowie)\s)"
)
# An aside in brackets without a number ("für die Grundinstandsetzung (Heizung, Lüftung, Fenster) des Gebäudes",
# "(Beifall bei der SPD)"): the sentence says the same without it.
_ASIDE = re.compile(r"\s*\((?=[^()]*[^\W\d_])[^()\d]{1,80}\)")
# An aside between dashes inside a clause ("ein Freibetrag von rund 500.000 € – was sozusagen … sein könnte – über
# 660 Millionen €"; older protocols print "—"): left out, the clause around it is whole again.
_DASH_ASIDE = re.compile(r"\s+[–—-]\s+[a-zäöü][^–—\d]{0,120}?\s+[–—-]\s+(?=[a-zäöü\d])")
# ("… ein Votum abgegeben haben – das ist erfolgt –, auf dieser Grundlage …": the aside closes before a comma)
_DASH_ASIDE_BEFORE_COMMA = re.compile(r"\s+[–—-]\s+[a-zäöü][^–—\d]{0,120}?\s+[–—-](?=,)")
# A sentence that starts by addressing someone: "Herr Staatssekretär, wann …" -> "Wann …".
# (Not an apposition: "Herr Müller, der Kämmerer, sagt …" keeps its words.)
_VOCATIVE = re.compile(
    r"^(?:(?:(?:Sehr\s+geehrte[rn]?\s+)?(?:Herr|Frau)\s+(?:[A-ZÄÖÜ][\w.-]*\s+){0,3}?[A-ZÄÖÜ][\w.-]*"
    r"|Liebe[rn]?\s+\w+(?:\s+und\s+\w+)?"
    r"|[Mm]eine\s+(?:sehr\s+)?(?:verehrten\s+|geehrten\s+)?Damen\s+und\s+Herren),\s+)+"
    r"(?=[a-zäöü])(?!(?:der|die|das|den|dem|des|ein|eine|einer|eines|einem|einen)\s)"
)
_LEADING_CONJUNCTION = re.compile(r"^(?:aber|denn|doch|und|also|jedoch|allerdings|sondern)\s+", re.IGNORECASE)
_WORDS = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def _unless_negated(replacement: str):
    """An aside's replacement, unless the aside holds a negation ("– und das sage ich nicht gern –"): kept then."""
    return lambda match: match.group(0) if _NEGATION.search(match.group(0)) else replacement


def _clauses(sentence: str) -> list[str]:
    """The parts of a sentence that can stand alone, each capitalised and closed with its mark."""
    sentence = _DASH_ASIDE.sub(_unless_negated(" "), _ASIDE.sub(_unless_negated(""), sentence.strip()))
    sentence = _DASH_ASIDE_BEFORE_COMMA.sub(_unless_negated(""), sentence)
    sentence = _APPOSITION.sub(r"\1 ", _VOCATIVE.sub("", sentence))
    mark = "?" if sentence.rstrip().endswith("?") else "."
    parts = []
    breaks = [m.group(0) for m in _CLAUSE_BREAK.finditer(sentence)] + [""]
    if re.search(r"\b(?:der|die|das|den|dem|des|am|im|vom|zum|zur|seit|ab|bis)\s+\d+\.$", sentence.rstrip()):
        return []  # cut after an ordinal ("Als das Hohe Haus in der 122."): the rest of it is in the next sentence
    for part, ending in zip(_CLAUSE_BREAK.split(sentence), breaks, strict=True):
        part = _LEADING_CONJUNCTION.sub("", part.strip()).strip(" ,.;:!?–—-")
        if len(_WORDS.findall(part)) > MAX_WORDS:  # too long to show: its main clause, without its reason
            part = _TRAILING_REASON.split(part)[0]
        if len(_WORDS.findall(part)) < 4 or part.count("„") != part.count("“"):
            continue
        if ending.startswith(":") and not figures_in(part):
            continue  # it announces what follows ("Deshalb unterstreiche ich deutlich: …"), the next part says it
        parts.append(part[0].upper() + part[1:] + mark)
    return parts


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORDS.findall(text)]


# --- what a sentence carries ------------------------------------------------------------------

_UNITS = "|".join([
    "Millionen", "Milliarden", "Tausend", "Euro", "Cent", r"Prozentpunkte\w*", "Prozent", "Stellen", "Plätze",
    "Wohnungen", "Kilometer", "Meter", "Quadratmeter", "Hektar", "Liter", "Litern", "Tonnen", "Jahre", "Jahren",
    "Monate", "Monaten", "Wochen", "Tage", "Tagen", "Minuten", "Stunden", "Kinder", r"Schüler\w*", "Menschen",
    "Bäume", "Betten", r"Mitarbeit\w*", r"Beschäftigte\w*", "Arbeitsplätze", "Fahrzeuge", "Busse", "Haushalte",
    r"Einwohner\w*", "Grad", "Personen", "Gruppen", "Klassen", "Kitas", "Parkplätze", "Häuser", "Gebäude", "Sitzungen",
])  # fmt: skip
_MONTHS = r"Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
_FIGURE = re.compile(
    rf"\b\d[\d.,]*(?:\s+(?:Millionen|Milliarden|Tausend))?\s+(?:{_UNITS})\b"
    rf"|\b(?:im|ab|bis|zum|seit|Ende|Anfang|Mitte)\s+(?:dem\s+)?(?:\d{{1,2}}\.\s+)?(?:{_MONTHS})\b"
    rf"|\b(?:19|20)\d\d\b"
)
# Numbers that name a procedure, not a fact: counts of a vote, agenda items, printed papers, paragraphs.
_PROCEDURAL_NUMBER = re.compile(
    r"\d+\s+(?:Ja-Stimmen|Gegenstimmen|Nein-Stimmen|Enthaltungen|Stimmen)|(?:Tagesordnungspunkt|Punkt|TOP|"
    r"Drucksache|Vorlage|Nummer|Nr\.|Ziffer|Artikel)\s*\d[\d/.\-]*"
    r"|§+\s*\d+(?:\s?[a-z]\b)?(?:(?:,|\s+und|\s+bis)\s*\d+(?:\s?[a-z]\b)?)*",  # "§§ 113, 125, 125 a und 223"
    re.IGNORECASE,
)


_NUMBER = re.compile(r"(?<![\w.,])\d[\d.,]*\d\b")  # of two digits or more: not "2 Drittel"


def figures_in(text: str) -> list[str]:
    """The figures a (plain-worded) text gives: amounts, shares, quantities, months and years."""
    return [m.group(0) for m in _FIGURE.finditer(_PROCEDURAL_NUMBER.sub(" ", text))]


_PROCEDURAL = re.compile(
    r"^(?:vielen dank|herzlichen dank|danke|guten (?:abend|morgen|tag)|sehr geehrte|meine (?:sehr )?(?:verehrten )?"
    r"damen|liebe[rn]? |verehrte|frau (?:vorsitzende|präsidentin|oberbürgermeisterin|bürgermeisterin)|"
    r"herr (?:vorsitzender|"
    r"präsident|oberbürgermeister|bürgermeister)|ich rufe|wir kommen|das wort hat|ich erteile|ich eröffne|ich schließe|"
    r"ich lasse|wer (?:ist|stimmt|enthält)|gibt es|dazu kann ich sagen|ich komme zum schluss)",
    re.IGNORECASE,
)
_REASON = re.compile(
    r"\b(?:weil|denn|deshalb|daher|darum|deswegen|damit|grund|gründe|wichtig|notwendig|nötig|brauch\w*|fehl\w*|"
    r"zu (?:hoch|teuer|spät|wenig|viel)|hoch|teuer|belast\w*|entlast\w*|hilft|helfen|schad\w*|sicher\w*|gerecht\w*|"
    r"vorrang|chance\w*|risik\w*|problem\w*|kosten|spar\w*|investier\w*|forder\w*|erwarte\w*|beantrag\w*|"
    r"verbesser\w*|gefahr|gefähr\w*|dringend|endlich|zukunft|familien|bürger\w*|menschen|kinder)\b",
    re.IGNORECASE,
)
_FOR = re.compile(
    r"\b(?:stimm\w*\s+(?:\S+\s+){0,6}zu|zustimm\w*|unterstütz\w*|begrüß\w*|befürwort\w*|(?:sind|bin|ist) dafür|"
    r"plädier\w* dafür|spricht sich\s+(?:\S+\s+){0,2}für|sprechen uns\s+(?:\S+\s+){0,2}für|schließ\w* sich\s+\S+\s+"
    r"(?:\S+\s+)?an\b|(?:halt\w*|hält)\s+(?:\S+\s+){0,4}für (?:richtig|gut|notwendig|wichtig|sinnvoll))\b",
    re.IGNORECASE,
)
_AGAINST = re.compile(
    r"\b(?:lehn\w*\s+(?:\S+\s+){0,6}ab|ablehn\w*|stimm\w*\s+(?:\S+\s+){0,6}dagegen|(?:sind|bin|ist) dagegen|"
    r"nicht zustimm\w*|stimm\w*\s+(?:\S+\s+){0,6}nicht zu|spricht sich\s+(?:\S+\s+){0,2}gegen|"
    r"(?:halt\w*|hält)\s+(?:\S+\s+){0,4}für (?:falsch|überflüssig|unnötig|nicht richtig))\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:nicht|kein\w*|nie|niemand|nichts|weder|nirgends)\b", re.IGNORECASE)
_NEXT_STEP = re.compile(
    r"\b(?:beauftragt|gebeten|aufgefordert|ermächtigt|überwiesen|verwiesen|überweis\w*|nächsten sitzung|vorgelegt"
    r"|vorlegen|vorzulegen|wiedervorlage|erneut (?:beraten|vorgelegt|vorzulegen)|bekannt ?(?:gemacht|zu ?machen)"
    r"|ausfertigung|wieder geöffnet|eröffnet|fertiggestellt|in kraft|baubeginn|beginnen die arbeiten|gilt ab"
    r"|gelten ab|vertagt|zurückgestellt|zurückzustellen)\b"
    # a committee's recommendation: the body it advises decides next
    r"|\bempf(?:iehlt|ehlen)\b[^.]*\b(?:de[mn]|der) (?:rat|stadtrat|gemeinderat|kreistag|stadtverordnetenversammlung"
    r"|gemeindevertretung|bezirksvertretung|landtag|plenum|haupt- und finanzausschuss|hauptausschuss)\b"
    r"|\bempfehlung an (?:den|die|das) (?:rat|stadtrat|gemeinderat|kreistag|stadtverordnetenversammlung|plenum)\b",
    re.IGNORECASE,
)
_PROPOSAL = re.compile(
    r"\b(?:schlägt|schlagen)\s+(?:\w+\s+){0,8}vor\b|\bsieht\s+(?:\w+\s+){0,8}vor\b|\bvorgesehen\b|\bbeschließt\b|"
    r"\bgeht es um\b|\bziel\b",
    re.IGNORECASE,
)
_WHEN = re.compile(
    rf"\b(?:{_MONTHS}|(?:19|20)\d\d|nächste[nmr]? (?:jahr|woche|monat|sitzung|sommer|herbst|winter|frühjahr)|ab sofort"
    r"|bis ende|ab \d|\d{1,2}\.\d{1,2}\.)",
    re.IGNORECASE,
)
_FUTURE = re.compile(r"\b(?:wird|werden|soll|sollen|vorgesehen|geplant|plant)\b", re.IGNORECASE)
_ADMINISTRATION = re.compile(
    r"kämmer|verwaltung|dezernent|beigeordnet|bürgermeister|baurat|baurätin|minister|staatssekretär|senator|landrat|"
    r"landrätin|amtsleit|direktor|geschäftsführ|berichterstatt|referent|leiter|niederschrift|protokoll",
    re.IGNORECASE,
)
# Written minutes as a speaker: the record itself, in the third person ("Herr Rudel begründet den Antrag").
MINUTES_VOICE = re.compile(r"niederschrift|protokoll(?!vermerk)", re.IGNORECASE)
_CHAIR_ROLE = re.compile(r"(?<!minister)präsident|vorsitz|sitzungsleit", re.IGNORECASE)
_NOT_A_SPEAKER = re.compile(r"zwischenruf|protokollvermerk|beifall|vermerk", re.IGNORECASE)
_REPORT_ITEM = re.compile(r"bericht|mitteilung|sachstand|information|anfrage", re.IGNORECASE)
_QUESTION_ITEM = re.compile(r"anfrage|fragestunde|fragen|einwohnerfrage|bürgerfrage", re.IGNORECASE)


# A side is only taken in one's own name ("wir stimmen zu", "die SPD-Fraktion lehnt ab", "Herr Dachsel
# stimmt zu" in written minutes), never in a sentence that reports or supposes another's view.
_OWN_NAME = re.compile(r"\b(?:ich|wir|fraktion|herr|frau|spd|cdu|csu|fdp|grüne\w*|linke|afd|bsw|volt)\b", re.IGNORECASE)
_SUPPOSED = re.compile(r"\b(?:würde\w*|könnte\w*|sollte\w*|wenn|falls|ob|hätte\w*|sagen sie|sie sagen|behaupte\w*|"
                       r"ausschuss\w*|empfiehlt|empfehlung)\b|„", re.IGNORECASE)  # fmt: skip


def _side(text: str) -> str | None:
    """ "for" or "against" where the text says so outright; None for both or neither."""
    if not _OWN_NAME.search(text) or _SUPPOSED.search(text):
        return None
    against = bool(_AGAINST.search(text))
    in_favour = _FOR.search(text)
    if in_favour and (re.search(r"\bnicht\s+(?:\w+\s+){0,2}(?:zu|unterstütz)", text)
                      or re.search(r"\baber\b|\bjedoch\b", text[in_favour.end():], re.IGNORECASE)):  # fmt: skip
        in_favour = None  # "richtig, aber zu teuer" takes no side
    in_favour = bool(in_favour)
    if against == in_favour:
        return None
    return "against" if against else "for"


# Below this mean word probability a recognised sentence is not quoted or reported: on the sample's audio,
# Whisper base's garbled sentences fall below it, most well-heard ones above.
MIN_CONFIDENCE = 0.7
# A clause longer than this is never shown: it would make the text hard to read whatever it says.
MAX_WORDS = 22
QUESTION_WORDS = 2 * MAX_WORDS


# Talk about the talk ("Zunächst einmal zu den Fakten", "möchte ich ein paar Anmerkungen machen") is no argument.
_META = re.compile(
    r"\b(?:möchte ich|will ich|darf ich|lassen sie mich|zunächst einmal|ich komme|anmerkung\w*|zum schluss|"
    r"abschließend|"
    r"vielen dank|meine damen|in der sitzung|berichterstattung|wie gesagt|ich wiederhole|lesung|plenarsitzung|"
    r"tagesordnung|drucksache|drucks|drs|entnehmen sie|folgende[nmrs]?|wie folgt|nachstehend\w*|beigefügt"
    r"|als anlage)\b",
    re.IGNORECASE,
)
# Below this reading ease (Flesch-Amstad, the clause read as one sentence) a clause counts against its choice:
# of two that carry as much, the text shows the one a citizen reads more easily.
_EASY = 45.0


def clause_ease(text: str) -> float:
    """Flesch-Amstad reading ease of a clause read as one sentence."""
    words = _WORDS.findall(text)
    if not words:
        return 100.0
    return 180 - len(words) - 58.5 * sum(syllables(w) for w in words) / len(words)


def _hardness(text: str) -> float:
    return max(0.0, _EASY - clause_ease(text)) / 10


def _score(text: str, limit: int = MAX_WORDS) -> float:
    """How much of an argument a clause carries: reasons and figures, less for long clauses and talk about talk."""
    words = len(_WORDS.findall(text))
    if words > limit:
        return -100.0
    figures = len(figures_in(text))
    numbers = max(0, len(_NUMBER.findall(_PROCEDURAL_NUMBER.sub(" ", text))) - figures)  # "400 Unterschriften"
    score = len(_REASON.findall(text)) + 1.5 * figures + 0.75 * numbers - max(0, words - 12) * 0.2 - _hardness(text)
    return score - (2.0 if _META.search(text) else 0.0) - (1.5 if _SUPPOSED.search(text) else 0.0)


# --- per item ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Said:
    sentence: Sentence
    speaker: str
    clauses: list[str]


def _passage(said: _Said, text: str) -> Passage:
    return Passage(text, said.sentence.text, said.sentence.utterance_id, said.sentence.start, said.speaker)


def _best(candidates: list[tuple[float, _Said, str]], minimum: float = 0.0) -> tuple[_Said, str] | None:
    """The best of the candidates that carry enough (their score before the cost of hard reading counts)."""
    enough = [c for c in candidates if c[0] + _hardness(c[2]) >= minimum]
    chosen = max(enough, key=lambda c: c[0], default=None)
    return (chosen[1], chosen[2]) if chosen else None


def _said(item: AgendaItem, sentences: list[Sentence], speaker_of: dict[int, str], roles: dict[str, str],
          votes: list[Vote]) -> list[_Said]:  # fmt: skip
    """The item's sentences that may be shown, with their clauses: no vote sentence, no procedure, nothing the
    recogniser heard unsure, no interjection."""
    members = set(item.utterance_ids)
    evidence = {(v.utterance_id, v.evidence) for v in votes}
    said = []
    for sentence in sentences:
        speaker = speaker_of.get(sentence.utterance_id)
        if sentence.utterance_id not in members or speaker is None or _NOT_A_SPEAKER.search(roles.get(speaker, "")):
            continue
        if (sentence.utterance_id, sentence.text) in evidence or sentence.text == item.cue_text:
            continue
        if sentence.confidence is not None and sentence.confidence < MIN_CONFIDENCE:
            continue  # what the recogniser heard unsure is not shown as someone's words
        # Text cut out of a passage ("[…]") leaves pieces; one that starts or ends in the middle of a sentence
        # is no clause.
        parts = re.split(r"\s*\[…\]\s*", sentence.text)
        pieces = [p for n, p in enumerate(parts) if p and not p[0].islower()
                  and (n == len(parts) - 1 or p.rstrip()[-1:] in ".!?“\"")]  # fmt: skip
        # A clause that fails the rewrite check (an aside that held a negation, say) is never shown.
        clauses = [c for p in pieces for c in _clauses(plain_words(p))
                   if not _PROCEDURAL.match(c) and not check_rewrite(p, c)]  # fmt: skip
        if clauses:
            said.append(_Said(sentence, speaker, clauses))
    return said


def _short(clause: str, limit: int = MAX_WORDS) -> bool:
    return len(_WORDS.findall(clause)) <= limit


@dataclass
class _Reading:
    """One item's sentences as they are read: who is an official or a chair, which clauses are used."""

    said: list[_Said]
    roles: dict[str, str]
    chairs: set[str]
    used: set[tuple[int, str]] = field(default_factory=set)

    def official(self, speaker: str) -> bool:
        return speaker in self.chairs or bool(_ADMINISTRATION.search(self.roles.get(speaker, "")))

    def fresh(self, entry: _Said, clause: str) -> bool:
        return (entry.sentence.utterance_id, clause) not in self.used and not clause.endswith("?")

    def take(self, entry: _Said, clause: str) -> Passage:
        self.used.add((entry.sentence.utterance_id, clause))
        return _passage(entry, clause)


# A clause whose figure counts a part of something said before it.
_REFERS_BACK = re.compile(r"^(?:[\w%,.-]+\s+){0,3}?(?:davon|darunter|daraus|dessen|deren)\b", re.IGNORECASE)


def _proposal_clauses(entries: list[_Said], figures_only: bool = False) -> list[tuple[float, _Said, str]]:
    """Clauses that state the proposal, weighed: figures first, a proposal's wording, reasons; less for long and
    hard ones. No question, next step, talk about the talk or supposition."""
    weighed = []
    for entry in entries:
        for clause in entry.clauses:
            if clause.endswith("?") or _NEXT_STEP.search(clause) or _META.search(clause) or not _short(clause):
                continue
            if _REFERS_BACK.match(clause):
                continue  # "20 Prozent davon sind über 27 Jahre alt": of what, the text would not say
            if figures_only and (not figures_in(clause) or _SUPPOSED.search(clause)):
                continue
            if figures_in(clause) or _PROPOSAL.search(clause):
                weight = 2 * len(figures_in(clause)) + (1.0 if _PROPOSAL.search(clause) else 0.0)
                weight += 0.5 * len(_REASON.findall(clause)) - 0.2 * max(0, len(_WORDS.findall(clause)) - 16)
                weighed.append((weight - _hardness(clause), entry, clause))
    return weighed


def _about(reading: _Reading, item: AgendaItem) -> list[Passage]:
    """The proposal: the officials' (not the chair's) clauses with figures or a proposal's wording (where no
    official gave it, `_movers_figures` after the points are chosen)."""
    about = _proposal_clauses(
        [e for e in reading.said if reading.official(e.speaker) and e.speaker not in reading.chairs]
    )
    if not about and _REPORT_ITEM.search(item.title):  # a report without figures: what the first official said first
        about = [(1.0, e, e.clauses[0]) for e in reading.said if reading.official(e.speaker)
                 and e.speaker not in reading.chairs and not _NEXT_STEP.search(e.clauses[0])
                 and not _META.search(e.clauses[0]) and _short(e.clauses[0])][:1]  # fmt: skip
    chosen = sorted(about, key=lambda a: (-a[0], a[1].sentence.start))[:3]
    return sorted((reading.take(entry, clause) for _, entry, clause in chosen), key=lambda p: p.start)


def _movers_figures(reading: _Reading, item: AgendaItem) -> list[Passage]:
    """Where no official gave the proposal, the figures of the first member who spoke (in a parliament's debate
    the mover opens it), then of other members, one clause a speaker and two at most, from the clauses their
    points (`_arguments`) left."""
    if _QUESTION_ITEM.search(item.title):
        return []
    first = next((e.speaker for e in reading.said if not reading.official(e.speaker)), None)
    own = [e for e in reading.said if e.speaker == first]
    weighed = [w for w in _proposal_clauses(own, figures_only=True) if reading.fresh(w[1], w[2])]
    chosen = sorted(weighed, key=lambda a: (-a[0], a[1].sentence.start))[:2]
    if len(chosen) < 2:  # then the figures other members gave, one a speaker
        others = [w for w in _proposal_clauses([e for e in reading.said if e.speaker != first and not
                                                reading.official(e.speaker)], figures_only=True)
                  if reading.fresh(w[1], w[2]) and w[0] > 0]  # fmt: skip
        for weighed_clause in sorted(others, key=lambda a: (-a[0], a[1].sentence.start)):
            if len(chosen) < 2 and weighed_clause[1].speaker not in {c[1].speaker for c in chosen}:
                chosen.append(weighed_clause)
    return sorted((reading.take(entry, clause) for _, entry, clause in chosen), key=lambda p: p.start)


def _questions(reading: _Reading) -> list[tuple[Passage, Passage | None]]:
    """Each member's question and the next other speaker's (not the chair's) answer to it. The first question
    and the answers may run longer than other passages: in a question time they are the content."""
    pairs: list[tuple[Passage, Passage | None]] = []
    for index, entry in enumerate(reading.said):
        limit = QUESTION_WORDS if not pairs else MAX_WORDS
        questions = [c for c in entry.clauses if c.endswith("?") and _short(c, limit)]
        if reading.official(entry.speaker) or not questions:
            continue
        # The answer: the next turn of another speaker than the asker and the chair, all its sentences.
        turn: list[_Said] = []
        for later in reading.said[index + 1 :]:
            if turn and later.speaker != turn[0].speaker:
                break
            if not turn and (later.speaker == entry.speaker or later.speaker in reading.chairs):
                continue
            turn.append(later)
        answer = _best([(_score(c, QUESTION_WORDS) + 1, e, c) for e in turn for c in e.clauses if reading.fresh(e, c)])
        pairs.append((_passage(entry, questions[0]), reading.take(*answer) if answer else None))
    return pairs


def _next_steps(reading: _Reading) -> list[Passage]:
    """What happens next, as the chair, the administration or the minutes' own words say it."""
    steps = []
    for entry in (e for e in reading.said if reading.official(e.speaker)):
        for clause in entry.clauses:
            if not reading.fresh(entry, clause) or not _short(clause) or len(steps) >= 2:
                continue
            if has_counts(numbers_as_digits(clause)):
                continue  # "… empfiehlt dem Rat mit 2 Gegenstimmen, …": counts are the decision's, told there
            if _NEXT_STEP.search(clause) or (_FUTURE.search(clause) and _WHEN.search(clause)):
                steps.append(reading.take(entry, clause))
    return steps


def _arguments(reading: _Reading, asked: set[str], votes: list[Vote], factions: dict[str, str]) -> list[Argument]:
    """Each member's main point, with the side they said they take."""
    arguments = []
    speakers = dict.fromkeys(e.speaker for e in reading.said if not reading.official(e.speaker))
    for speaker in (s for s in speakers if s not in asked):
        own = [e for e in reading.said if e.speaker == speaker]
        stances = [(side, e) for e in own if (side := _side(e.sentence.text))]
        side = stances[0][0] if stances and len({s for s, _ in stances}) == 1 else None
        if side is not None and _voted_otherwise(side, factions.get(speaker), votes):
            side = None  # the speech spoke of something else than the motion the faction voted on
        stance = _passage(stances[0][1], stances[0][1].sentence.text) if side else None
        candidates = [
            (_score(c) - (1.0 if _side(c) and not figures_in(c) else 0.0), e, c)
            for e in own
            for c in e.clauses
            if reading.fresh(e, c)
        ]
        best = _best(candidates)
        if best is None:  # minutes that report the member: their reported sentence is their point
            candidates = [(score + 1.0, e, c) for score, e, c in candidates if _names(c, speaker)]
            best = _best(candidates)
        if best is not None or side is not None:
            easier = _easier(best, candidates) if best else ()
            arguments.append(Argument(speaker, reading.take(*best) if best else None, side, stance, easier))
    return arguments


def _names(clause: str, speaker: str) -> bool:
    """Whether written minutes report the speaker here ("Herr Dr. Ramrath äußert seinen Unmut …"): in minutes, each
    such sentence is the member's contribution, so it counts as a point even without a reason word."""
    surname = speaker.split()[-1] if speaker.split() else ""
    return len(surname) > 2 and re.search(rf"(?<![\w-]){re.escape(surname)}\b", clause) is not None


def _easier(best: tuple[_Said, str], candidates: list[tuple[float, _Said, str]]) -> tuple[Passage, ...]:
    """The candidates that carry a point (as `_best` counts it) and read easier than the best, easiest first."""
    ease, carried = clause_ease(best[1]), max(s + _hardness(c) for s, _, c in candidates if c == best[1])
    enough = max(0.0, carried - 1.0)
    easier = [(clause_ease(c), e, c) for score, e, c in candidates
              if c != best[1] and score + _hardness(c) >= enough and clause_ease(c) > ease]  # fmt: skip
    return tuple(_passage(e, c) for _, e, c in sorted(easier, key=lambda x: -x[0])[:3])


def item_content(
    item: AgendaItem,
    sentences: list[Sentence],
    speaker_of: dict[int, str],
    roles: dict[str, str],
    chair: str | None,
    votes: list[Vote],
    factions: dict[str, str] | None = None,
) -> ItemContent:
    """Return what an item was about, as passages of its own sentences (the vote sentences left out).

    `roles` names the officials (administration, government, rapporteurs, the chair, written minutes) by
    display name; `factions` the members' groups, to keep a side from contradicting the faction's vote.
    """
    # Written minutes head each item themselves; they are the record, not a chair.
    chairs = ({chair} | {name for name, role in roles.items() if _CHAIR_ROLE.search(role)}) - {
        name for name, role in roles.items() if MINUTES_VOICE.search(role)}  # fmt: skip
    reading = _Reading(_said(item, sentences, speaker_of, roles, votes), roles, chairs)
    content = ItemContent(about=_about(reading, item))
    if _QUESTION_ITEM.search(item.title):
        content.questions = _questions(reading)
    content.next_steps = _next_steps(reading)
    asked = {question.speaker for question, _ in content.questions}
    content.arguments = _arguments(reading, asked, votes, factions or {})
    if not content.about:
        content.about = _movers_figures(reading, item)
    return content


def _voted_otherwise(side: str, faction: str | None, votes: list[Vote]) -> bool:
    """Whether the speaker's faction voted against the side the speech took, on the item's main motion."""
    main = [v for v in votes if v.motion != "Änderungsantrag"]
    if not faction or not main:
        return False

    def named(groups: list[str]) -> bool:
        own = fold(faction).rstrip("n")
        return any(own in fold(g) or fold(g).rstrip("n") in fold(faction) for g in groups if g)

    vote = main[-1]
    return (side == "for" and named(vote.no_groups)) or (side == "against" and named(vote.yes_groups))


# --- the check --------------------------------------------------------------------------------


def _shortest_window(tokens: list[str], wanted: list[str]) -> tuple[int, int] | None:
    """The shortest stretch of tokens that holds the wanted tokens in order (those the tokens have)."""
    wanted = [w for w in wanted if w in tokens]
    best = None
    for begin, token in enumerate(tokens):
        if not wanted or token != wanted[0]:
            continue
        position, found = begin, 0
        while position < len(tokens) and found < len(wanted):
            found += tokens[position] == wanted[found]
            position += 1
        if found == len(wanted) and (best is None or position - begin < best[1] - best[0]):
            best = (begin, position)
    return best


def check_rewrite(source: str, text: str) -> list[str]:
    """Reasons a passage is not faithful to the sentence it came from (empty when it is).

    Allowed: numbers in digits, the spelled-out abbreviations and everyday words above, dropped
    words at a clause cut. Not allowed: a word, number or name the source lacks, a negation lost
    from the part that was kept.
    """
    problems = []
    said = plain_words(source)
    said_words = Counter(_words(said))
    text = plain_words(text)
    shown = _words(text)
    extra = [w for w in shown if w not in said_words]
    if extra:
        problems.append(f"words not in the source: {', '.join(extra)}")
    said_numbers = Counter(re.findall(r"\d+", said))
    for number, times in Counter(re.findall(r"\d+", text)).items():
        if said_numbers[number] < times:
            problems.append(f"number {number} is not in the source")
    span = _shortest_window(_words(said), shown)
    if span is not None:  # the stretch of the source the passage was cut from must keep its negations
        kept = [w for w in _words(said)[span[0] : span[1]] if _NEGATION.fullmatch(w)]
        if len([w for w in shown if _NEGATION.fullmatch(w)]) < len(kept):
            problems.append("a negation of the source was dropped")
    return problems
