"""Counts and groups of a vote, as chairs and minutes state them.

"22 Ja-Stimmen", "Mit Ja haben 50 Abgeordnete gestimmt", "Ja: 6, Nein: 3, Enthaltungen: 0",
"zweiundzwanzig … bei einer Enthaltung"; zero where a question of the chair is answered "Keine";
the groups on each side, from the answers ("Das sind SPD und Grüne.") or from a result stated by
faction ("mit den Stimmen von SPD und Grünen gegen die Stimmen der CDU"). Text is read lower-case
with number words as digits (`numbers_as_digits`).
"""

from __future__ import annotations

import re

from protokoll.minutes.numbers import parse_number_word

__all__ = [
    "numbers_as_digits",
    "count",
    "has_counts",
    "answers",
    "group_names",
    "groups",
    "GROUPS_AFTER",
    "NOBODY",
    "SIDE_LABELS",
    "table",
    "listed_sides",
]


# Groups named after a result ("Zugestimmt haben die Fraktionen von SPD, …") belong to that result.
GROUPS_AFTER = {
    "yes": re.compile(r"^(?:zugestimmt|dafür gestimmt) (?:haben|hat) (.+)", re.IGNORECASE),
    "no": re.compile(r"^(?:dagegen (?:gestimmt )?(?:haben|hat)|abgelehnt (?:haben|hat)) (.+)", re.IGNORECASE),
    "abstain": re.compile(
        r"^(?:enthalten (?:haben|hat) sich (.+)|(?:die |der )?([^,?]{1,60}?) enth(?:ält|alten) sich)$",
        re.IGNORECASE,
    ),
}


# Groups on each side of a result stated by faction.
# Where the list of groups on one side ends: the other side, the result word, or the sentence's end.
_END = (
    r"[.;]|$| (?:ist|sind|wurde|wurden|damit|so|mehrheitlich|angenommen|abgelehnt|beschlossen|zugestimmt)\b"
    r"| und (?:\w+ )?(?:stimm)?enthaltung|"  # "bei Gegenstimmen von DIE LINKE und Enthaltungen aus der …"
)


_GROUP_SIDES = {
    "yes": re.compile(
        rf"\b(?:mit (?:den )?stimmen|bei ja-?stimmen"
        rf"|(?:hat|findet|fand|sehe(?: ich)?(?: hier)?) die zustimmung (?:von|bei)|bei zustimmung(?= (?:der|des|von) ))"
        rf" (?:der |des |von )?(.+?)(?={_END} gegen | bei )",
        re.IGNORECASE,
    ),
    # Vienna's "Hat die Zustimmung von FPÖ und SPÖ gegen die ÖVP": the groups after "gegen" said no
    "no": re.compile(
        rf"\b(?:gegen (?:die )?stimmen|bei (?:gegen|nein-?)stimmen|die zustimmung (?:von|bei) [^.;]+? gegen)"
        rf" (?:der |des |von |die |den )?(.+?)(?={_END} bei | mit )",
        re.IGNORECASE,
    ),
    "abstain": re.compile(
        rf"\bbei (?:stimm)?enthaltung(?:en)? (?:der |des |von )?(.+?)(?={_END} gegen | mit | bei )",
        re.IGNORECASE,
    ),
}


_GROUP_NOISE = re.compile(r"^(?:der|des|die|den|von|auch|fraktion(?:en)?|gruppe|abgeordneten|teilen)\s+", re.IGNORECASE)
# A reference after a group's name ("SPD-Fraktion (Beschlussdrucksache 21-1967 siehe Anlage)"), the chair's
# hedge ("bei Enthaltung der Fraktion der CDU offenbar"), or the particle of the verb that ends the sentence ("Die
# Bezirksversammlung lehnt … bei Zustimmung der AfD-Fraktion ab").
_GROUP_REFERENCE = re.compile(r"\s*\([^)]*\)\s*$|\s+(?:offenbar|offensichtlich|wohl|jedenfalls|ab|zu)$")
# Part of a group ("1 Stimme aus der Fraktion der SPD"), kept as the annotation's "SPD (1 Stimme)".
_GROUP_PART = re.compile(
    r"^(\d+ Stimmen?) aus (?:der |dem )?(?:Fraktion |Gruppe )?(?:der |des |von )?(.+)$", re.IGNORECASE
)
# Document references that lists of groups run into ("… der SPD, Drucks. 17/123").
_REFERENCE_WORDS = {"drucks", "drucksache", "drs", "nr", "ziff", "ziffer", "anlage", "vorlage", "top"}
# At most this many words make a name ("Bündnis 90/Die Grünen", "Freie Wähler Gemeinschaft"); longer
# pieces are sentences that a list split left over.
_LONGEST_GROUP_NAME = 5
# What a chair says after a call that is no group: thanks, and a majority seen without naming anyone.
_NOT_A_GROUP = {"danke", "danke schön", "danke sehr", "vielen dank", "herzlichen dank", "bitte", "gut", "okay",
                "mehrheit", "große mehrheit", "minderheit", "erste", "zweite", "ergebnis",
                # the chair's next question ("Gegenprobe. Enthaltungen."), not an answer
                "enthaltungen", "enthaltung", "stimmenthaltungen", "gegenprobe", "gegenstimmen"}  # fmt: skip


# Counts as chairs and minutes state them ("22 Ja-Stimmen", "Mit Ja haben 50 Abgeordnete gestimmt", "Mit Ja
# haben gestimmt 43 Abgeordnete",
# "davon haben 97 mit Ja und 27 mit Nein gestimmt", "34 Stimmen für und 30 Stimmen gegen",
# "dafür: 17 … dagegen: 31 … Enth.: 2"), read from lower-case text with numbers as digits.
_COUNT_PATTERNS = {
    "yes": [
        r"\bmit (\d+) (?:stimmen )?gegen \d+\b",  # "mit 24 Stimmen gegen 11 Stimmen", "mit 8 gegen 7 Stimmen"
        r"\b(?:mit|bei) (\d+) ?: ?\d+ stimmen\b",  # "mit 1 : 12 Stimmen", "bei 28 : 21 Stimmen"
        r"(\d+) ja-stimmen?\b",
        r"ja-stimmen:? (\d+)",
        r"(\d+) stimmen dafür",
        r"(\d+) stimmen für\b",
        r"(\d+) (?:abgeordnete |mitglieder )?(?:des (?:hohen )?hauses )?(?:haben )?mit ja\b",
        r"\bmit ja (?:haben (?:gestimmt )?|stimmten )?(?:für \w+ \w+ )?(\d+)",
        r"\bfür (?:den|die|das) \w+ (?:haben|stimmten) (\d+)",
        r"\bdafür:? (\d+)",
        r"(\d+) (?:abgeordnete |mitglieder |stimmen )?dafür",
        r"(\d+) ja\b(?!-)",
        r"stimmenverhältnis (?:von )?(\d+) ?:",
        r"mit (\d+) zu \d+ stimmen",
        r"^(\d+) ?: ?\d+$",  # a line of minutes that is nothing but the ratio: "13 : 0"
    ],
    "no": [
        r"\bmit \d+ (?:stimmen )?gegen (\d+)\b",
        r"\b(?:mit|bei) \d+ ?: ?(\d+) stimmen\b",
        r"(\d+) (?:gegenstimmen|gegenstimme|nein-stimmen|nein-stimme)",
        r"(?:nein-stimmen|gegenstimmen):? (\d+)",
        r"(\d+) stimmen gegen\b",
        r"(\d+) (?:abgeordnete |mitglieder )?(?:des (?:hohen )?hauses )?(?:haben )?mit nein\b",
        r"\bmit nein (?:haben (?:gestimmt )?|stimmten )?(?:für \w+ \w+ )?(\d+)",
        r"\bdagegen(?: haben| waren| stimmten)?:? (\d+)",
        r"(\d+) (?:abgeordnete |mitglieder |stimmen )?dagegen",
        r"(\d+) nein\b(?!-)",
        r"stimmenverhältnis (?:von )?\d+ ?: ?(\d+)",
        r"mit \d+ zu (\d+) stimmen",
        r"^\d+ ?: ?(\d+)$",
    ],
    "abstain": [
        r"(\d+) (?:stimm)?enthaltung(?:en)?",
        r"(?:stimm)?enthaltungen:? (\d+)",
        r"\benth\.:? (\d+)",
        r"(?:stimm)?enthaltung(?:en)? von (\d+)",
        r"(\d+) (?:abgeordnete[rn]? |mitglied(?:er)? )?(?:haben|hat) sich (?:der stimme )?enthalten",
    ],
}


_NONE_OF = {
    "no": r"ohne (?:gegen|nein-)stimmen?|keine (?:gegen|nein-)stimmen?"
    r"|gegenstimmen sehe ich (?:auch )?(?:nicht|keine)"
    r"|gegenstimmen gibt es (?:auch )?(?:nicht|keine)(?=\s*(?:[.!;,]|$))",
    "abstain": r"(?:ohne|keine|keinen) (?:stimm)?enthaltung(?:en)?"
    r"|(?:stimm)?enthaltungen sehe ich (?:auch )?(?:nicht|keine)"
    r"|(?:stimm)?enthaltungen gibt es (?:auch )?(?:nicht|keine)(?=\s*(?:[.!;,]|$))",
}


# A question of the procedure for one side, and an answer that nobody is on it
# ("Gegenstimmen? – Enthaltungen? – Keine." / "Ist jemand dagegen? – Das ist nicht der Fall.").
_SIDE_QUESTION = {
    "no": re.compile(
        r"gegenprobe|\bdagegen\b|gegenstimmen|\bnicht zustimm|nicht seine zustimmung|nicht einverstanden"
        # "Möchte jemand gegen diese Überweisung stimmen?" (not "Wer für den Antrag und damit gegen … stimmen möchte")
        r"|\bstimm\w* gegen\b|^(?!.*\b(?:für|dafür|zustimm\w*)\b).*\bgegen (?:\w+ ){0,3}stimmen\b"
    ),
    "abstain": re.compile(r"enthält sich|enthaltung|enthalten"),
}


NOBODY = re.compile(
    r"^(?:(?:die|das|diese|den) (?=sehe ich))?(?:auch |ebenfalls )?"
    r"(?:keine?[nr]?|niemand|nein|nicht|das ist (?:auch |ebenfalls |jeweils )?nicht der fall"
    r"|beides (?:ist )?nicht|gibt es (?:auch )?nicht"
    # "Sehe ich ebenfalls nicht.", "Sehen wir auch nicht.", "Dagegen ist niemand."
    r"|(?:sehe ich|sehen wir) (?:auch |ebenfalls )?(?:nicht|keine)|(?:dagegen|dafür) (?:ist|stimmt) niemand)"
    r"(?: der fall)?[.!]?$"
)


# Minutes that write the label before the number: "Ja: 6, Nein: 3", "Ja 1 Nein 7", "Ja-Stimmen: 14
# Nein-Stimmen: 4 Enthaltungen: 2", "Abstimmung: Ja: 6" (a colon after a label says so alone).
_LABELS_FIRST = re.compile(
    r"(?<!\d )\bja(?:-stimmen?)?:? \d+\W+(?:nein(?:-stimmen?)?|gegenstimmen):? \d+|\b(?:ja|nein)(?:-stimmen?)?: ?\d+"
    # "Stimmen dafür 9 Stimmen dagegen 23 Enthaltungen 0" (not "9 Stimmen dafür 12 Stimmen dagegen")
    r"|(?<!\d )(?<!\d stimmen )\bdafür:? \d+\W+(?:stimmen\W+)?dagegen:? \d+"
    r"|\bfür (?:den|die|das) [\w-]+: ?\d+"  # "Für den Wahlvorschlag: 21 Stimmen Gegen den Wahlvorschlag: 6 Stimmen"
    r"|\b(?:dafür|dagegen|gegenstimmen): ?\d+"  # minutes' lines: "dafür: 12 (CDU, SPD) Gegenstimmen: 3 (AfD)"
)


_LABEL_FIRST = {
    "yes": r"\b(?:ja(?:-stimmen?)?|dafür|für (?:den|die|das) [\w-]+(?=:)):? (\d+)",
    "no": r"\b(?:nein(?:-stimmen?)?|dagegen|gegenstimmen(?=:?\s?\d)|gegen (?:den|die|das) [\w-]+(?=:)):? (\d+)",
    "abstain": r"\b(?:stimm)?enth(?:altung(?:en)?|\.):? (\d+)",
}


# Minutes that write the number before the label: "Abstimmung: 5 dafür 0 dagegen 0 Enthaltungen".
_NUMBERS_FIRST = re.compile(r"\b\d+ (?:stimmen )?dafür(?!:)\W+\d+ (?:stimmen )?dagegen\b")
# ("gültige Stimmen: 10 dafür: 7 dagegen: 3" labels first: a colon after "dafür" says so)
_NUMBER_FIRST = {"yes": r"\b(\d+) (?:stimmen )?dafür\b(?!:)", "no": r"\b(\d+) (?:stimmen )?dagegen\b(?!:)"}


# "eine Enthaltung", "ein Mitglied hat sich enthalten": the article is the count.
_ONE = re.compile(
    r"\b(?:eine|einer|ein) (?=(?:stimm)?enthaltung|gegenstimme|nein-stimme|ja-stimme|(?:abgeordnete[rn]?|mitglied) hat)"
)


_NUMBER_WORD = re.compile(r"\b[a-zäöüß]+\b")


def numbers_as_digits(text: str, articles: bool = True) -> str:
    """Lower-case text with German number words as digits ("einer Enthaltung" -> "1 enthaltung").

    With `articles` False, "einer"/"einem" stay words ("in einer Sitzung" is not a count).
    """
    lowered = re.sub(r"[ \t]+", " ", text.lower())  # the tabs of minutes' tables ("dafür\t1\ndagegen:\t18")

    def digits(match: re.Match) -> str:
        word = match.group(0)
        if word in ("einer", "einem"):
            return "1" if articles else word
        value = parse_number_word(word)
        return str(value) if value is not None and word not in ("ein", "eine") else word

    lowered = re.sub(r"(?<=\d)\.(?=\d{3}\b)", "", lowered)
    lowered = re.sub(r"(?<=\d)-\s+(?!(?:bis|und|oder)\b)(?=[a-zäöü])", " ", lowered)  # "7- Nein-Stimmen"
    lowered = re.sub(r"\b(ja|nein)-?\s?stimme", r"\1-stimme", lowered)  # "Jastimmen", "JaStimmen"
    return _NUMBER_WORD.sub(digits, lowered)


# The labels of minutes' lines of counts per side ("dafür: 7", "Nein-Stimmen: 2", "Enth.: 1"), in lower case.
SIDE_LABELS = {
    "yes": r"dafür|ja(?:-stimmen)?",
    "no": r"dagegen|nein(?:-stimmen)?|gegenstimmen",
    "abstain": r"enth\.|(?:stimm)?enthaltung(?:en)?",
}
# Minutes' lines of counts per side with their voters in brackets: "dafür: 7 (3 CDU, 3 SPD, 1 PRO NRW)".
_SIDE_LINE_GROUPS = {
    side: re.compile(rf"\b(?:{labels})\s*:\s*\d+\s*\(([^()]+)\)", re.IGNORECASE) for side, labels in SIDE_LABELS.items()
}
# One group's share of a side: "3 CDU" -> "CDU (3)".
_GROUP_SHARE = re.compile(r"^(\d+) ([A-ZÄÖÜ].*)$")


# Results lists that give each side's groups in brackets: "[CDU, SPD und AfD: dafür; DIE LINKE.: Enthaltung]".
_BRACKETED_SIDES = re.compile(r"\[([^\[\]:;]+:[^\[\]:;]+(?:;[^\[\]:;]+:[^\[\]:;]+)*)\]")
_BRACKETED_SIDE = {
    "yes": re.compile(r"dafür", re.IGNORECASE),
    "no": re.compile(r"dagegen", re.IGNORECASE),
    "abstain": re.compile(r"(?:stimm)?enthaltung(?:en)?|enthalten", re.IGNORECASE),
}
# Members without a group, named in lower case in such lists: "fraktionslose Abg'e.", "fraktionslose Abgeordnete".
_WITHOUT_GROUP = re.compile(r"(?:^|,|\bund)\s*fraktionslose?\b", re.IGNORECASE)


def groups(text: str, side: str) -> list[str]:
    """The groups named on one side of a result stated by faction ("SPD und Grünen" -> ["SPD", "Grünen"]) or in
    brackets after a side's count (a table of counts per group: `table`)."""
    if match := _GROUP_SIDES[side].search(text):
        return group_names(match.group(1))
    if match := _SIDE_LINE_GROUPS[side].search(text):
        return [re.sub(_GROUP_SHARE, r"\2 (\1)", name) for name in group_names(match.group(1))]
    return []


def listed_sides(text: str) -> dict[str, list[str]]:
    """Each side's groups from a results list's brackets ("[CDU und SPD: dafür; AfD: Enthaltung]"); {} where the
    text has no such list, or more than one (two results in one line: which list is whose is not read)."""
    found = list(_BRACKETED_SIDES.finditer(text))
    if len(found) != 1:
        return {}
    sides: dict[str, list[str]] = {}
    for part in found[0].group(1).split(";"):
        names, said = part.rsplit(":", 1)
        side = next((s for s, word in _BRACKETED_SIDE.items() if word.fullmatch(said.strip())), None)
        if side:
            named = [name.rstrip(".") for name in group_names(names)]
            sides.setdefault(side, []).extend(named + (["fraktionslos"] if _WITHOUT_GROUP.search(names) else []))
    return sides


def group_names(listed: str) -> list[str]:
    """The groups in a list ("der SPD, der CDU und der FDP" -> ["SPD", "CDU", "FDP"]); pieces that read
    as text rather than as a name ("Einige Stimmenthaltungen", "Drucks.") are left out."""
    names = []
    listed = re.sub(r"\s+(?:und|sowie)$", "", listed.strip())  # "gegen die ÖVP und ist somit … angenommen"
    for part in re.split(r",\s*|\s+und\s+|\s+sowie\s+", listed):
        name = _GROUP_REFERENCE.sub("", part.strip().rstrip(".;:!")).strip()
        if name.endswith(")") and "(" not in name:  # "bei Enthaltung der FDP)" closing an insertion
            name = name.rstrip(")").strip()
        while _GROUP_NOISE.match(name):
            name = _GROUP_NOISE.sub("", name, count=1)
        name = re.sub(r"\s*/\s*", "/", name)  # "Bündnis 90 / Die Grünen" as the party writes it
        if part_of := _GROUP_PART.match(name):
            name = f"{part_of.group(2)} ({part_of.group(1)})"
        elif (
            "stimm" in name.lower()
            or name.split(" ")[0].rstrip(".").lower() in _REFERENCE_WORDS
            or name.lower().rstrip("!") in _NOT_A_GROUP
        ):
            continue
        if name.isdigit():
            continue  # "Wer stimmt zu? Das sind 12.": a count, not a group
        if name and (name[0].isupper() or name[0].isdigit()) and len(name.split()) <= _LONGEST_GROUP_NAME:
            names.append(name)
    return names


# Who gave the votes, in brackets after a count ("mit 24 Stimmen (12 SPD, 4 Bündnis 90/Die Grünen)"):
# left out for counting, so that the count and its label stand together.
_VOTERS_IN_BRACKETS = re.compile(r"\s*\((?![^()]*\b(?:ja|nein|dafür|dagegen|enth))[^()]*\)")


# A quorum is no count: "weil nicht die notwendigen 25 Stimmen für eine Gesetzüberweisung erreicht wurden".
# (nor are the members present: "Anwesend 22 JA-Stimmen 15 …")
_QUORUM = re.compile(
    r"\b(?:notwendigen|erforderlichen|nötigen|benötigten) \d+ stimmen\b"
    r"|\b(?:anwesend(?:e)?(?: mitglieder)?|stimmberechtigt(?:e)?(?: mitglieder)?)\s*:?\s*\d+"
)


_NUMBER_JOINED = re.compile(r"(\d)-(?=[a-zäöü])")
_LABELLED_COUNT = re.compile(rf"\b({'|'.join(SIDE_LABELS.values())})\s*: ?\d+")


# Minutes' tables of counts per group with a total column: "Partei: FW | CDU | SPD | Gesamt Ja-Stimmen: – | – | 5 | 5
# Nein-Stimmen: 7 | 6 | – | 13 …" (the rows joined into one line).
_TABLE_HEAD = re.compile(r"((?:[^|:]{1,60}\|\s*)+)(?:summe|gesamt)\b", re.IGNORECASE)
# A table's first group keeps at most its last four words: what stands before it ("Abstimmungsergebnis zum Antrag
# von Herrn N.: SPD | …") is no name.
_LONGEST_TABLE_NAME = 4


def table(text: str) -> dict[str, tuple[int, list[str]]]:
    """Each side's total and groups ("SPD (5)") from a table of counts per group, where its rows have a cell for
    every group of the head and the total last; {} where there is no such table."""
    head = _TABLE_HEAD.search(text)
    if not head:
        return {}
    names = [name.strip() for name in head.group(1).split("|")[:-1]]
    names[0] = " ".join(names[0].split()[-_LONGEST_TABLE_NAME:])
    sides = {}
    for side, labels in SIDE_LABELS.items():
        # a cell for each group and the total last, and no further cell: a row that does not fit gives nothing
        cells = rf"((?:[\d–-]+\s*\|\s*){{{len(names)}}})(\d+)\b(?!\s*\|)"
        if row := re.search(rf"\b(?:{labels})\s*:\s*{cells}", text[head.end() :], re.IGNORECASE):
            per_group = [cell.strip() for cell in row.group(1).split("|")[:-1]]
            if sum(int(n) for n in per_group if n.isdigit()) != int(row.group(2)):
                continue  # cells that do not add up to the total: misread
            shares = [f"{name} ({n})" for name, n in zip(names, per_group, strict=True) if n.isdigit() and int(n)]
            sides[side] = (int(row.group(2)), shares)
    return sides


def count(text: str, field: str) -> int | None:
    if counted := table(text):  # a row that does not fit the head (cells lost) gives no count
        return counted[field][0] if field in counted else None
    text = _QUORUM.sub("", _ONE.sub("1 ", _VOTERS_IN_BRACKETS.sub("", text)))
    text = _NUMBER_JOINED.sub(r"\1 ", text)  # "1-Enthaltung"
    patterns = _COUNT_PATTERNS[field]
    if _LABELS_FIRST.search(text):  # "Ja: 6, Nein: 3, Enthaltungen: 0", "Ja 1 Nein 7 Enthaltung 1"
        if match := re.search(_LABEL_FIRST[field], text):
            return int(match.group(1))
        if field == "abstain" and re.search(r"\benth(?:altung(?:en)?|\.):", text):
            return None  # "dagegen: 21 Enthaltungen:" – a label with a colon and no number: not given
        # a number after a label's colon is that label's ("dafür: 12 Gegenstimmen: keine" has no 12 against)
        text = _LABELLED_COUNT.sub(r"\1:", text)
    elif _NUMBERS_FIRST.search(text) and field in _NUMBER_FIRST:  # "5 dafür 0 dagegen 0 Enthaltungen"
        patterns = [_NUMBER_FIRST[field], *patterns]
    for pattern in patterns:
        match = re.search(pattern, text)
        if match:
            return int(match.group(1))
    if field in _NONE_OF and re.search(_NONE_OF[field], text):
        return 0
    return None


def has_counts(digits: str) -> bool:
    return any(count(digits, side) is not None for side in ("yes", "no", "abstain"))


_NAMES_ANSWER = re.compile(
    r"^(?:das (?:sind|ist|waren|war) |(?:dagegen|dafür) (?:sind|ist|stimmen|stimmt) )(?:(?:die|der) )?"
    r"(?:stimmen (?:der|von) )?(.+)$",
    re.IGNORECASE,
)


# An answer that names who acts: "Die CDU und die FDP stimmen gegen diese Änderung.", "Es enthält sich die SPD."
_ACTING_ANSWER = re.compile(
    r"^(?:es enth(?:ält|alten) sich (.+)|([A-ZÄÖÜ].{0,80}?) (?:stimmt|stimmen) (?:\w+ )?(?:zu|dafür|dagegen|gegen\b.*)"
    r"|([A-ZÄÖÜ].{0,80}?) enth(?:ält|alten) sich)$"
)


_NAME_LINKS = {"und", "die", "der", "des", "den", "von", "sowie", "teile", "teilen", "einzelne", "aus", "fraktion"}


def _only_names(text: str) -> bool:
    """True for an answer that is nothing but groups ("Die Koalitionsfraktionen.", "Fraktion DIE LINKE.")."""
    words = text.strip().rstrip(".!").split()
    if _ADDRESS.search(text):
        return False  # "Vielen Dank, Herr Kollege." thanks a speaker
    return 0 < len(words) <= 8 and all(w[0].isupper() or w.lower() in _NAME_LINKS for w in words[1:])


_ADDRESS = re.compile(r"\b(?:dank\w*|kolleg\w*|präsident\w*)\b", re.IGNORECASE)


def answers(steps: list[str], is_call) -> tuple[dict[str, int], dict[str, list[str]]]:
    """What the answers to the steps of a vote say: sides with nobody on them, and groups named.

    "Wer stimmt zu? – Das sind SPD und Grüne. Gegenprobe! – Das ist die CDU. Enthaltungen? –
    Keine." gives yes SPD, Grüne; no CDU; abstain 0. `is_call` tells the chair's call of the vote.
    """
    zeros: dict[str, int] = {}
    groups: dict[str, list[str]] = {"yes": [], "no": [], "abstain": []}
    asked: list[str] = []
    for text in steps:
        lowered = text.lower().strip()
        side = "abstain" if _SIDE_QUESTION["abstain"].search(lowered) else None
        side = side or ("no" if _SIDE_QUESTION["no"].search(lowered) else None)
        # (also in the chair's words: "Wer dagegen ist, den bitte ich um sein Kartenzeichen.", "Wer ist dagegen.")
        if side and (lowered.endswith("?") or "gegenprobe" in lowered or lowered.startswith("wer ")):
            # "Gegenstimmen? – Enthaltungen? – Keine." answers both; the call's "Wer ist dafür?" is never answered so
            asked = [side] if "gegenprobe" in lowered or lowered.startswith("wer") else [*asked, side]
            asked = [s for s in asked if s != "yes"]
        elif is_call(lowered):
            asked = ["yes"]
        elif NOBODY.match(lowered):
            # "Gegenstimmen? – Enthaltungen? – Keine." answers both; "… – Die sehe ich nicht." the last
            last_only = lowered.startswith(("die sehe", "das sehe", "diese sehe", "den sehe"))
            zeros.update({s: 0 for s in (asked[-1:] if last_only else asked)})
            asked = []
        elif asked and (named := _NAMES_ANSWER.match(text.strip().rstrip(".!"))):
            groups[asked[-1]].extend(group_names(named.group(1)))
            asked = []
        elif asked and (acting := _ACTING_ANSWER.match(text.strip().rstrip(".!"))):
            # "Die Fraktion Bündnis 90/Die Grünen stimmt zu.", "Die Grünen und die AfD (…) enthalten sich."
            groups[asked[-1]].extend(group_names(next(g for g in acting.groups() if g)))
            asked = []
        elif asked and _only_names(text) and (bare := group_names(text.strip().rstrip(".!"))):
            groups[asked[-1]].extend(bare)  # "Wer ist dagegen? – Die Koalitionsfraktionen."
            asked = []
        else:
            asked = []
    return zeros, groups
