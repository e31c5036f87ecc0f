"""Motions and vote results, read from the sentences in which a chair states them.

A result sentence says what happened to a motion: "Der Änderungsantrag ist mit zweiundzwanzig
Ja-Stimmen bei vierzehn Gegenstimmen und drei Enthaltungen angenommen", "Die Satzung ist
mehrheitlich angenommen", "Der Ausschuss nimmt den Bericht zur Kenntnis". Counts and the kind of
motion may also stand in the sentences just before it in the same utterance ("Abstimmung über
den Antrag der Linken: Ja-Stimmen 2, Nein-Stimmen 11, Enthaltungen 2. Damit ist der Antrag
abgelehnt."). Wishes, questions and conditionals ("Ich hoffe, dass der Antrag angenommen wird")
are not results.

Real chairs spread a vote over several steps, often over several sentences or utterances, and
protocols join the steps with dashes: "Wer stimmt zu? – Gegenprobe! – Enthaltungen? – Damit ist
die Überweisung beschlossen." A call ("Wer stimmt zu?", "um das Handzeichen", "Wir kommen zur
Abstimmung über …") opens a vote and names its motion; the result step may then say only "Das
Erste war die Mehrheit" or "Dann ist das so beschlossen". A result stated by faction ("mit den
Stimmen von SPD und Grünen gegen die Stimmen der CDU bei Enthaltung der FDP angenommen") keeps
the groups of each side. A negated result ("nicht zugestimmt", "keine Mehrheit gefunden") is a
rejection, never an adoption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import pairwise

from protokoll.minutes.tally import (
    GROUPS_AFTER,
    NOBODY,
    SIDE_LABELS,
    answers,
    count,
    group_names,
    groups,
    has_counts,
    listed_sides,
    numbers_as_digits,
    table,
)
from protokoll.minutes.text import Sentence

__all__ = ["Vote", "MOTION_KINDS", "RESULTS", "UNCLEAR", "extract_votes"]

RESULTS = ("angenommen", "abgelehnt", "zur Kenntnis genommen")
# A vote whose result is not certain (counts without a stated result, counts that contradict the
# stated result): stored with its evidence for the clerk to decide, never published as fact.
UNCLEAR = "unklar"

# Spoken or written form -> the kind stored. Longer forms are tried first.
MOTION_KINDS = {
    "antrag auf vertagung": "Antrag auf Vertagung",
    "überweisungsvorschlag": "Überweisung",
    "überweisung": "Überweisung",
    "beschlussempfehlung": "Beschlussempfehlung",
    "gesetzentwurf": "Gesetzentwurf",
    "entschließungsantrag": "Entschließungsantrag",
    "wahlvorschlag": "Wahlvorschlag",
    "vertagungsantrag": "Antrag auf Vertagung",
    "vertagung": "Antrag auf Vertagung",
    "geschäftsordnungsantrag": "Geschäftsordnungsantrag",
    "änderungsantrag": "Änderungsantrag",
    "änderungsanträge": "Änderungsantrag",
    "anträge": "Antrag",
    "alternativantrag": "Antrag",
    "ergänzungsantrag": "Änderungsantrag",
    "dringlichkeitsantrag": "Dringlichkeitsantrag",
    "beschlussvorlage": "Beschlussvorlage",
    "verwaltungsvorlage": "Beschlussvorlage",
    "vorlage": "Beschlussvorlage",
    "haushaltssatzung": "Haushaltssatzung",
    "gebührensatzung": "Satzung",
    "satzung": "Satzung",
    "bebauungsplan": "Bebauungsplan",
    "resolution": "Resolution",
    "antrag": "Antrag",
    "sachstandsbericht": "Bericht",
    "jahresbericht": "Bericht",
    "bericht": "Bericht",
    "mitteilung": "Mitteilung",
}
_KIND = re.compile(r"\b(" + "|".join(sorted(MOTION_KINDS, key=len, reverse=True)) + r")\w*", re.IGNORECASE)
# The body itself as the subject of a decision ("Die Bezirksversammlung stimmt dem Antrag zu"), as
# minutes write it; a faction stating its position ("Die SPD stimmt der Vorlage zu") is not a result.
_BODY = (
    r"(?:bezirksversammlung|bezirksvertretung|stadtrat|gemeinderat|kreistag|landtag|bürgerschaft|abgeordnetenhaus"
    r"|bundestag|ausschuss|plenum|verbandsversammlung|gremium|\brat\b|\bdas haus\b"
    r"|\bstadtverordnetenversammlung\b|\bgemeindevertretung\b|\bstadtvertretung\b)"
)
_TAKEN_NOTE = re.compile(
    r"zur kenntnis (?:genommen|nimmt|nehmen)|\bnimmt\b.*\bkenntnis\b|\bnehmen\b.*\bkenntnis\b"
    # "Von Ziffer 2 haben wir Kenntnis genommen.", "Ich stelle fest, dass wir … Kenntnis genommen haben."
    r"|\bhaben wir\b[^.]*\bkenntnis genommen\b|\bdass wir\b[^.]*\bkenntnis genommen haben\b"
    # "… fest, dass die Beschlüsse durch Ihre Kenntnisnahme bestätigt sind"; "Der Bericht dient zur Kenntnis."
    r"|\bdurch (?:ihre |seine |die )?kenntnisnahme\b"
    r"|^(?:[\w/-]+:\s*)?(?:der|die|das) (?:\w+ ){0,4}dient (?:\w+ )?zur kenntnis\b"
    r"|^(?:abstimmung(?:sergebnis)?|ergebnis|beschluss)\s*:\s*(?:zur )?kenntnis genommen\b"  # Hamburg's minutes
    # "Im Übrigen hat die Bürgerschaft Kenntnis genommen."
    rf"|\b(?:hat|haben) (?:die |der |das )?{_BODY} (?:\w+ )?kenntnis genommen\b"
)
_REJECTED = re.compile(
    r"^(?:einstimmige|mehrheitliche) ablehnung\s*(?::|$)|"
    r"\babgelehnt\b|keine mehrheit|nicht die (?:erforderliche |notwendige )?mehrheit"
    r"|\bnicht (?:\w+ )?(?:angenommen|beschlossen|zugestimmt|verabschiedet|gewählt|bestätigt|genehmigt|stattgegeben)\b"
    # a referral voted down: "Damit wurde der Gesetzentwurf nicht in den Ausschuss für Inneres überwiesen."
    r"|\bnicht (?:in|an) (?:den|die|das)\b[^.;]*\b(?:überwiesen|verwiesen)\b"
    r"|\bmehrheit\b[^.]*\bnicht (?:erhalten|erreicht|bekommen|gefunden|entfallen)\b"
    r"|\bsprechen sich\b[^.]*\bgegen\b[^.]*\baus\b"
    r"|(?:das zweite|letzteres) war (?:\w+ )?die mehrheit"
    r"|\bdie mehrheit (?:des hauses |des rates )?(?:ist|stimmt|war) dagegen\b"
    r"|\bmehrheit (?:ist |war )?dafür, (?:den|die|das|diesen|diese) (?:\w+ )?abzulehnen\b"
    r"|\bich stelle fest\b.*\blehnt\b.*\bab\b|mehrheit\b[^.]*\bnicht erreicht"
    # "Damit ist die Zahl 94 nicht erreicht."
    r"|\bdie (?:erforderliche )?zahl (?:von )?\d+ (?:ist |wurde )?(?:\w+ )?nicht erreicht\b"
    rf"|{_BODY}[^.]*\blehnte?n?\b(?! es\b)[^.]*\bab\b(?!\s+und\b)|{_BODY}[^.]*\bstimm(?:t|en)\b[^.]*\bnicht zu\b"
    r"|\beinvernehmen\b[^.]*\b(?:nicht (?:\w+ )?erteilt|versagt)\b"
    # "Damit ist die Überweisung nicht erfolgt."
    r"|\b(?:überweisung|verweisung|rückverweisung|zurückverweisung|vertagung|absetzung|zurückstellung)"
    r" (?:ist |wurde )?(?:\w+ )?nicht erfolgt\b"
)
_ADOPTED = re.compile(
    # minutes' heads and lines: "Mehrheitliche Annahme:", "Der Beschluss erfolgte einstimmig."
    r"^(?:einstimmige|mehrheitliche) annahme\s*(?::|$)|^der beschluss erfolgte (?:einstimmig|mehrheitlich)\s*\.?$|"
    # "Die Mehrheit der Anwesenden sprach sich für eine namentliche Abstimmung aus." (not for a rejection)
    r"^die mehrheit (?:der (?:anwesenden|mitglieder|\w*mitglieder|stadtverordneten|abgeordneten) )?(?:sprach|spricht)"
    r" sich für (?![^.]*\b(?:ablehn|abzulehn|nicht)\w*)[^.]*\baus\b|"
    r"\b(?:angenommen|beschlossen|zugestimmt|beschließt|verabschiedet|überwiesen|verwiesen|zurückverwiesen"
    r"|bestätigt|stattgegeben)\b|\bwurden? (?:\w+ )?genehmigt\b"
    r"|^(?:somit|damit|dann|also) (?:ist|sind)\b(?:[^.,]|\d\.)*\bgenehmigt\b(?!\s+(?:wird|werden|wurde|kann))"
    r"|\bsprechen sich\b[^.]*\bfür\b[^.]*\baus\b"
    r"|\b(?:vertagt|zurückgestellt)\b(?! werden)"
    r"|(?:das erste|ersteres) war (?:\w+ )?die mehrheit|\bvertagung (?:ist )?(?:damit )?eingetreten\b"
    r"|\bdie mehrheit (?:des hauses |des rates )?(?:wünscht|ist dafür)\b"
    r"|\b(?:die|eine) (?:erforderliche |notwendige )?mehrheit (?:erhalten|gefunden|bekommen|erreicht)\b"
    # "Die Mehrheit der Mitglieder des Landtags ist damit erreicht."
    r"|\bmehrheit\b(?:(?!\bnicht\b)[^.,])*\b(?:ist|wurde|sind|wurden) (?:damit |somit |also )?erreicht\b"
    r"|\bes besteht (?:also )?einmütigkeit\b|\b(?:dann|so) verfahren wir (?:so|entsprechend)\b"
    r"|\b(?:wurde|wird|ist) (?:damit )?(?:[\w.,-]+ ){0,6}gefolgt\b"
    # "… wurde zum 3. Bürgermeister gewählt", "… sei damit zum stellv. Landrat gewählt" (a sentence's dots: ordinals,
    # abbreviations)
    r"|\b(?:ist|sind|wurde|wurden|sei|seien)\b(?:[^.]|\w\.(?= ))*\bgewählt\b(?! haben| hat\b)"
    # minutes in the present tense: "KTA Manfred Heinrichs wird einstimmig … zum 2. stellvertretenden Landrat gewählt"
    r"|\bwird\b(?:[^.]|\w\.(?= ))*\bzu[mr]\b(?:[^.]|\w\.(?= ))*\bgewählt\b(?! werden)"
    r"|\bwahl\b(?:[^.]|\w\.(?= ))*\bdamit\b(?:[^.]|\w\.(?= ))*\berfolgt\b"  # "Die Wahl von Frau X sei damit … erfolgt."
    r"|\bfür erledigt erklärt\b|\bdann wird so verfahren\b|\b(?:dann|so) werden wir so verfahren\b"
    r"|\bgewählt (?:worden )?(?:ist|sind|wurde)\b|\bdamit schließt sich\b.*\ban\b"
    # minutes that list who was elected: "- Frau Michaela Treese zum stellvertretenden Mitglied … gewählt [49 …]"
    r"|^[-–•]?\s*(?:frau|herr)\b[^.\[]*\bzu[mr]\b[^.\[]*\bgewählt\b"
    rf"|{_BODY}[^.]*\b(?:stimmt\b[^.]*\bzu|beschloss|ist (?:damit )?einverstanden)\b"
    # "Diesem Vorschlag wird einvernehmlich zugestimmt"; "Die Bezirksversammlung überweist (genehmigt) … einstimmig"
    r"|\bwird (?:\w+ ){0,3}zugestimmt\b"
    # "Einvernehmlich sprechen sich die Ausschussmitglieder dafür aus, die Entscheidung in den Rat zu schieben."
    r"|\b(?:einstimmig|mehrheitlich|einvernehmlich) sprechen sich die (?:\w+)?mitglieder\b"
    r"(?![^.]*\b(?:abzulehnen|nicht|meinungsbild)\b)[^.]*\b(?:dafür|für)\b"
    rf"|(?=.*\b(?:einstimmig|mehrheitlich|einvernehmlich)\b){_BODY}[^.]*\b(?:überweist|überweißt|genehmigt|verweist)\b"
    r"|\bstelle (?:ich )?(?:hiermit )?(?:die )?(?:zustimmung|einstimmigkeit)\b"
    r"|\bdie mehrheit der (?:abgegebenen )?stimmen\b.*\bauf sich\b"
    r"|\bich stelle fest\b.*\b(?:wählt|stimmt\b.*\bzu|beschließt)\b"
    r"|^(?:abstimmung(?:sergebnis)?|abst\.-erg\.|ergebnis|beschluss)\s*:\s*(?:\w+\s*-\s*)?(?:jeweils )?"
    r"(?:einstimmig|mehrheitlich)\b"
    # "Dann ist die Überweisung einstimmig erfolgt", "Die Beschlussfassung erfolgt mehrheitlich mit …"
    r"|\b(?:überweisung|verweisung|rückverweisung|zurückverweisung|vertagung|absetzung|zurückstellung)"
    r" (?:ist |wurde )?(?:\w+ ){0,2}erfolgt\b"
    r"|\bbeschlussfassung erfolgte? (?:\w+ )?(?:einstimmig|mehrheitlich|mit)\b"
    # the agenda as the body or its chair settles it: "Die Tagesordnung wird festgestellt", "stellt … die
    # Tagesordnung ohne Änderungen fest"
    r"|\btagesordnung\b[^.,]*\b(?:wird|wurde) (?:\w+ ){0,6}(?:festgestellt|genehmigt|gebilligt)\b"
    r"|\btagesordnung (?:wird|wurde) mit der änderung, [^.]{0,120}, (?:festgestellt|genehmigt|beschlossen)\b"
    r"|\bstell\w* (?:\w+ ){0,3}die tagesordnung\b[^.,]*\bfest\b"
    r"|\b(?:einstimmig|mehrheitlich)\b[^.]*\b(?:entschieden|weitergeleitet)\b"
    # the body acting, with how it voted: "Der Rat der Stadt legt … einstimmig … fest", "Der Rat wählt einstimmig …"
    # "Die Bezirksvertretung folgt einstimmig diesem Vorschlag."
    rf"|(?=.*\b(?:einstimmig|mehrheitlich)\b){_BODY}[^.]*\b(?:wählt|legt|setzt|bestellt|benennt|entsendet|folgt)\b"
    r"|\b(?:dann|damit) (?:haben|hat) (?:\w+ ){0,2}so entschieden\b"  # "Dann haben Sie so entschieden"
    # Brandenburg's decision protocols: "Der Landtag nahm den Entschließungsantrag an."
    rf"|^(?:der|die|das) {_BODY}\w* (?:nahm|nimmt) (?:den|die|das) (?![^.]*kenntnis)[^.]*\ban(?=\s*(?:[.,;]|$))"
    # "Der Kreistag wählt Herrn Hans-Werner Köblitz zum Landrat des Landkreises Calw."
    rf"|^(?:der|die|das) {_BODY}\w* wählt (?:herrn?|frau) [^.]*\bzu[mr]\b"
    # "Dem schließt sich die Bezirksvertretung einstimmig an" (not: "Dem schließt sich Herr L. für seine Fraktion an")
    r"|(?=.*\b(?:einstimmig|mehrheitlich)\b)^dem schließt sich\b.*\ban\b"
    # a committee's decision to recommend approval, after its vote: "Damit wird dem Rat empfohlen, dem Antrag
    # zuzustimmen." (A recommendation to reject names two subjects, the recommendation and the motion: left alone.)
    r"|^damit (?:wird|ist) (?:\w+ ){0,4}empfohlen, (?!.*\b(?:abzulehnen|nicht)\b).*\b(?:zuzustimmen|zu beschließen)\b"
    # Narrative minutes and municipal reports: "fassten den einstimmigen Beschluss", "wurde das Einvernehmen
    # erteilt", "Dem stimmt der Gemeinderat zu", "gilt somit als genehmigt", "sind … mit der Vertagung einverstanden".
    r"|\bfass(?:t|te|ten|en) (?:den |einen )?(?!kein)(?:\w+ )?beschluss\b(?!\s*:)"
    r"|\b(?:haben|hat) (?:\w+ )?(?:den|einen) beschluss gefasst\b"  # "Wir haben also den Beschluss gefasst, dass …"
    r"|\beinvernehmen (?:\w+ ){0,2}(?:erteilt|zu erteilen)\b"
    rf"|\bstimmt (?:der|die|das) {_BODY}[^.]*\bzu\b"
    rf"|{_BODY}[^.]*\b(?:sind|ist) (?:\w+ )?mit (?:der|dem|den) \w+ einverstanden\b"
    r"|\bgilt (?:\w+ )?als (?:genehmigt|angenommen|beschlossen)\b|\bherrscht (?:\w+ )?zustimmung\b"
    r"|\b(?:ausschuss|rats|stadtrats|gemeinderats|kreistags|bezirks)?mitglieder stimmen\b[^.]*\bzu\b"
)
# The answer to the call of a vote that everybody is for: "Das sind …, also alle Fraktionen des Hauses."
_ALL_FOR = re.compile(
    r"\balle fraktionen(?: des hauses)?[.!]?$"
    r"|^(?:das (?:ist|sind) )?(?:die mitglieder )?(?:des |das )?(?:ganzen?|gesamten?) hauses?[.!]?$"
)
# After a call, a bare "Einstimmig." or "Das ist einstimmig so beschlossen" closes the vote.
_UNANIMOUS_ALONE = re.compile(
    r"^(?:auch )?(?:(?:das|dann|damit) (?:ist|war) (?:(?:auch|das|dann|also|wiederum|ebenfalls) )*)?einstimmig\b"
    r"|(?:^|,\s*)(?:somit|also|damit) einstimmig[.!]?$"  # "Auch keine Enthaltungen, somit einstimmig."
    r"|^auch hier einstimmigkeit\b|^(?:da |hier )?(?:sehe ich|ich sehe) (?:hier )?(?:die )?einstimmigkeit\b"
)
# The steps of the procedure before the result.
_CALL = re.compile(
    r"\bwer\b[^?]*\b(?:zustimm\w*|stimmt\b[^?]*\bzu|dafür|für (?:diesen|den|die|das|eine?n?)\b|annehmen|einverstanden"
    # Hamburg: "Wer möchte den Empfehlungen zu den Eingaben 950, 1084 und 1087 folgen?"
    r"|(?:empfehlung|votum|vorschlag|antrag)\w*\b[^?]*\bfolgen(?: mag| möchte| will)?"
    r"|seine zustimmung geben|schließt sich\b[^?]*\ban|(?:so )?beschließen)\b"
    r"|\bum (?:das|ihr|sein) (?:hand|karten)zeichen\b|\bdie hand zu erheben\b"
    r"|\b(?:kommen|gelangen) (?:\w+ )?zur abstimmung\b|\babstimmung über\b"
    r"|\b(?:beantragt|stellt den antrag)\b(?![^.]*\bwerden\b)|\b(?:lässt|ließ)\b.*\babstimmen\b"
    r"|\bwir stimmen\b.*\bab\b|\bstimmen wir\b[^.]*\bab\b|\bstimmkarten\b|\blasse\b.*\babstimmen\b"
)
_COUNTER = re.compile(
    r"gegenprobe|\bwer\b[^?]*\b(?:dagegen|nicht zustimm\w*|nicht seine zustimmung|nicht einverstanden|nicht)\s*\?"
    r"|gegenstimmen\s*\?"
    # "Wer dagegen ist, den bitte ich jetzt um sein Kartenzeichen."; "Wer ist dagegen."
    r"|^wer (?:dagegen ist|ist dagegen)\b(?!,? dass)"
    r"|enthält sich|enthaltungen\s*\?|stimmenthaltungen\s*\?"
)
# (a dash between a table's bars is an empty cell: "Ja-Stimmen: – | – | 5 | 5"; a semicolon in square brackets
# parts the sides of a results list: "[CDU und SPD: dafür; AfD: Enthaltung]")
_STEP = re.compile(r"(?<!\|)\s+[–—]\s+(?!\|)|\s+--?\s+(?=[A-ZÄÖÜ])|;\s+(?![^\[\]]*\])")
# A result is stated, not wished, asked or made conditional.
_NOT_A_RESULT = re.compile(
    # a bracket opens an interjection, unless it is the protocol's note "(Der Punkt wird daraufhin vertagt.)"
    r"\?|^\((?!(?:der|die|das) [^():]*\b(?:wird|wurde|ist)\b[^():]*\)?$)"
    r"|\b(?:hoffe|hoffen|sollte|sollten|würde|würden|wäre|wenn|falls|ob|wünschen|beantragen|beantragt"
    r"|bitte|wer"
    r"|darf ich|hatten|hatte|soll|sollen|lautet|sicherlich|vermutlich|wahrscheinlich|ich denke|dachte|muss"
    # (a speaker's own story: "Frau H. aus meinem Wahlkreis hat diese Tätigkeit abgelehnt")
    r"|(?<!wie )immer|(?:aus|in) mein(?:em|er|en)?"
    r"|gewählt ist (?:die person|derjenige|diejenige|wer)"  # the law's rule, read out
    r"|beschloss (?:\w+ ){0,3}(?:19|20)\d\d"  # "Die Stadtverordnetenversammlung beschloss 2019 die …": a story
    # another body's like matter, another season: "Im Bundesrat wurde ein ähnlicher Antrag abgelehnt."
    r"|ähnliche[nrms]?|im (?:frühjahr|sommer|herbst|winter)|(?:letzten|vergangenen) jahr"
    r"|damals|bereits|schon|letzten|letzte|letztes|vorigen|in (?:ihrer|seiner|der) (?:\d+\. )?sitzung (?:am|vom)"
    r"|im (?:januar|februar|märz|april|mai|juni|juli|august"
    r"|september|oktober|november|dezember)|vor \w+ (?:jahren|monaten|wochen))\b"
    r"|\b(?:angenommen|beschlossen|zugestimmt|überwiesen|gewählt) (?:wird|werden)\b"
    # "wird auf die Anträge verwiesen" refers, "Anträge, die … überwiesen wurden" tells what happened before
    r"|\bauf\b[^.]*\bverwiesen\b"
    # what members did, as the chair reminds them: "…, als Sie dieser Ablehnung nicht zugestimmt haben"
    r"|\bals (?:sie|wir|ich)\b[^.]*\b(?:zugestimmt|abgelehnt) haben\b"
    r"|\bwar\b(?:[^.]|\d\.)*\bworden\b"  # "… war dem Ausschuss in der 6. Plenarsitzung überwiesen worden"
    # the elected person accepting: "Kreisrat Martin Stingl hat die Wahl angenommen."
    r"|\b(?:hat|haben) (?:die|seine|ihre) wahl angenommen\b|\bnimmt die wahl an\b"
    # a rule's condition, verb first: "Wird die Mehrheit im ersten Wahlgang nicht erreicht, so tritt Stichwahl … ein."
    r"|^(?:wird|werden|erhält|erhalten|erreicht|ergibt|ist|sind)\b[^.?]*,\s*(?:so|dann)\b"
)
# "Anträge, die … überwiesen wurden" tells what happened before. (A main clause after an address is no
# relative clause: "Meine Damen und Herren, der Antrag ist … abgelehnt"; nor is the next group of a list:
# "… gegen die Stimmen von SPD, der Fraktion DIE LINKE und der SSW-Fraktion abgelehnt worden ist".)
_RELATIVE_RESULT = re.compile(
    r",\s*(?:die|der|das|welche)\b(?:(?!\b(?:ist|sind)\b).){0,200}?"
    r"\b(?:überwiesen|beschlossen|angenommen|abgelehnt|verwiesen) (?:wurden|wurde|worden)\b"
)
# An election of two candidates, the winner first: "Ich stelle fest, dass der Abgeordnete Hans Kreher die …
# erforderliche Mehrheit der abgegebenen Stimmen auf sich vereinigen konnte und der Abgeordnete Tino Müller nicht …"
_WON = re.compile(r"^(?:(?!\bnicht\b)[^.]|\d\.)*?\bmehrheit\b(?:(?!\bnicht\b)[^.]|\d\.)*?\bauf sich vereinig")
_GROUP_LIST = re.compile(r"\bstimmen (?:von|der|des)\b[^.;:]*$")
# Unanimity, as a chair or the minutes declare it; "im Übrigen einstimmig" is not unanimous.
_UNANIMOUS = re.compile(
    r"\beinstimmig|\beinvernehmlich|\beinmütig"
    r"|\ballen? (?:\w+ )?fraktionen\b(?: des hauses)?[^.?]*(?:angenommen|zugestimmt)"
)
_NOT_UNANIMOUS = re.compile(r"im übrigen einstimmig|bei (?:\w+ )?gegenstimmen")
# A committee's recommendation ("empfiehlt der Ausschuss mehrheitlich gegen die Stimmen der
# Opposition …") names how the committee voted, not the body: not read for the body's counts.
_ADVISORY = re.compile(r"\bempfiehlt\b|\bempfehlen\b|\bempfohlen\b")
# "Das heißt, …" after a result tells what follows from it; it is not a second decision.
_EXPLAINS = re.compile(r"^(?:(?:das heißt|das bedeutet)\b|d\. ?h\.)")
# A motion turned down ("Damit ist dieser Antrag abgewiesen worden"); an objection or a lawsuit turned down
# ("Die Einwendungen werden zurückgewiesen", "Die Klage wurde abgewiesen") is no vote's result.
_TURNED_DOWN = re.compile(r"\b(?:abgewiesen|zurückgewiesen)\b")
# "So beschlossen" after a result confirms it; it is not a second decision.
_CONFIRMS = re.compile(r"^(?:(?:dann|damit) ist (?:es |das )?)?(?:so|das so) beschlossen[.!]?$")
# The wording of a resolution: "Beschluss: Die Angelegenheit wird vertagt.", "Der Kreistag fasst
# folgenden Beschluss:" (the wording follows), "Der Rat beschließt: …".
_RESOLUTION = re.compile(
    r"^(?:beschluss(?:vorschlag|text)?|.*\b(?:fasst|fassen) (?:den |folgenden )?beschluss|.*\bbeschließt)\s*:\s*(.*)$",
    re.IGNORECASE,
)
# (the head may stand without its colon before the wording: "Beschlussvorschlag Der Rat beschließt, …")
_PROPOSAL = re.compile(r"^(?:beschlussvorschlag|beschlussempfehlung|vorschlag der verwaltung)\s*:")
_PROPOSAL_UNLABELLED = re.compile(r"^(?:Beschlussvorschlag|Vorschlag der Verwaltung)\s+(?:Der|Die|Das)\s+[A-ZÄÖÜ]")
# A line of written minutes that gives a vote's result ("Abstimmungsergebnis: einstimmig").
# The result at the head of an item in council information systems: "Beschluss: mehrheitlich beschlossen".
_HEADER = re.compile(
    r"^beschluss:\s*(?:\w+\s*-\s*)?(?![^:]*\b(?:wird|werden|ist|sind|wurde|wurden)\b)(?:\S+\s+){0,2}\S+\s*"
    r"(?:$|und weiter|abstimmung|dafür|ja\b)",
    re.IGNORECASE,
)
# A line of minutes under a label ("Beschluss: …", "Abstimmungsergebnis: …", "Ergebnis/Beschluss: …").
_LABELLED = re.compile(r"^[\w/.-]+(?: [\w/.-]+)?\s*:")
# Form fields of council information systems: "einstimmig: X" is ticked, "einstimmig:" with nothing is not.
_TICKED = re.compile(r"\beinstimmig:\s*(?:x\b|ja\b(?![-:]))", re.IGNORECASE)
# An empty field is followed by the next field (a label within two words, a count word, a dash) or nothing; in prose
# the colon opens the decision's wording ("Der Stadtrat beschließt einstimmig: Die Satzung wird erlassen.").
_UNTICKED = re.compile(
    r"\beinstimmig:(?=\s*(?:$|[-–]|(?:\S+\s+)?\S+\s*:|(?:dafür|dagegen|ja|nein|enth|zustimm|ablehn|stimmen|mit|bei)"
    r"\b))\s*",
    re.IGNORECASE,
)
# Minutes' lines of the counts per side: "dafür: 12 (6 CDU, …) dagegen: 2 … Enth.: 6", "Ja-Stimmen: 14 …".
_SIDES_LINE = re.compile(rf"^(?:{SIDE_LABELS['yes']}|{SIDE_LABELS['no']})\s*:\s*\d")
# A line of minutes that reports on the result stated before it: "Abstimmungsergebnis: einstimmig", a line of counts.
_RESULT_LINE = re.compile(
    r"^(?:abstimmung(?:sergebnis)?|abst\.-erg\.|ergebnis|stimmergebnis)\s*:|"
    + _SIDES_LINE.pattern
    + r"|^\d+ ?: ?\d+$"  # "13 : 0", a ratio of yes to no on a line of its own
)
# Agreements on how to debate (speaking time, order of deliberation) are not decisions of the minutes.
_DEBATE = re.compile(r"redezeit|\baussprache\b|minuten-runde|wie folgt beraten|reihenfolge der beratung")
# The shape of a result sentence with counts: "<motion> ist/wurde mit … Stimmen …".
_RESULT_SHAPE = re.compile(r"\b(?:ist|sind|wurde|wurden)\b (?:\w+ ){0,2}mit \d+\b")
# Minutes' line of counts under the matter it decides: "Abstimmung zu TOP 13: Ja: 1 Nein: 5 Enthaltungen: 1".
_SUBJECT_TALLY = re.compile(r"^abstimmung (?:zu|zum|zur|über) [^:]{1,60}:")
# Minutes' heading of the counts: "Abstimmungsergebnis: einstimmig: dafür 1 dagegen: 18 Enthaltungen: 3".
_COUNTS_HEADING = re.compile(r"\babstimmungsergebnis\s*:")
# A row of a table of counts per faction ("Ja-Stimmen 8 7 10 4 1 1 31"): which number is whose, the rules cannot tell.
_TABLE_ROW = re.compile(r"\d+(?: \d+){3,}")
# A step that announces a tally ("Ich gebe das Ergebnis bekannt", "Es wurden 83 Stimmen abgegeben").
_TALLY = re.compile(r"\bergebnis\b|\babgegeben\b|\bgestimmt\b|\bstimmten\b")
_MAJORITY = re.compile(
    r"mit großer mehrheit|mit breiter mehrheit|mehrheitlich|mehrstimmig|mit mehrheit"
    r"|gegen die stimmen [\w\s-]+?(?=[,.]|$)"
)


@dataclass
class Vote:
    """One motion and what the body did with it, with the sentence that says so as evidence."""

    motion: str
    result: str
    yes: int | None
    no: int | None
    abstain: int | None
    unanimous: bool
    majority: str | None
    proposer: str | None
    utterance_id: int
    start: float
    evidence: str
    sentence_index: int = 0
    item_number: str | None = None
    yes_groups: list[str] = field(default_factory=list)
    no_groups: list[str] = field(default_factory=list)
    abstain_groups: list[str] = field(default_factory=list)
    resolution: str | None = None  # the resolution's wording, where the chair or the minutes give it
    decided_by: str | None = None  # the clerk who decided the result (see archive.decide_vote)

    def as_expected(self) -> dict:
        """The fields a reference vote is compared on."""
        return {
            "item": self.item_number,
            "motion": self.motion,
            "result": self.result,
            "yes": self.yes,
            "no": self.no,
            "abstain": self.abstain,
            "unanimous": self.unanimous,
        }


# The chair closing the item in the result's sentence says nothing about the result: "… ist somit die Drucksache
# beschlossen und der Tagesordnungspunkt auch schon abgearbeitet", "… abgelehnt und ich schließe den Punkt".
_ITEM_CLOSED = re.compile(
    r"\s+und (?:ich schließe |damit (?:ist )?)?(?:de[rn]|diese[rn]) (?:tagesordnungs)?punkt\b[^.]*"
)


def _result(lowered: str, after_call: bool = False) -> str | None:
    """The result a step states; a negated or "no majority" result is a rejection, checked first (unless the
    sentence names first who won an election, then who did not)."""
    lowered = _ITEM_CLOSED.sub("", lowered)
    if _NOT_A_RESULT.search(lowered):
        return None
    if _WON.search(lowered):
        return "angenommen"
    relative = _RELATIVE_RESULT.search(lowered)
    if relative and not _GROUP_LIST.search(lowered[: relative.start()]):
        return None
    stated = _stating_clauses(lowered)
    if _TAKEN_NOTE.search(stated):
        return "zur Kenntnis genommen"
    if _REJECTED.search(stated) or (_TURNED_DOWN.search(stated) and _KIND.search(stated)):
        return "abgelehnt"
    if _ADOPTED.search(stated) or (after_call and _UNANIMOUS_ALONE.search(stated)):
        return "angenommen"
    return None


def _stating_clauses(lowered: str) -> str:
    """A sentence without the reasons and conditions given after its result: "Der Antrag ist angenommen, da keine
    Mehrheit dagegen zustande kam" states an adoption. (A result given in a subordinate clause stays: "Ich stelle
    fest, dass der Antrag nicht angenommen ist.")"""
    parts = re.split(f"({_NEXT_CLAUSE.pattern})", lowered)  # clauses, each after the separator before it
    kept = parts[:1]
    for separator, clause in zip(parts[1::2], parts[2::2], strict=True):
        stated_before = any(_ADOPTED.search(k) or _REJECTED.search(k) or _TAKEN_NOTE.search(k) for k in kept)
        if not (_SUBORDINATE.match(clause) and stated_before):
            kept += [separator, clause]
    return "".join(kept)


def _kind(text: str) -> tuple[str, str | None] | None:
    """The motion named in text and who proposed it ("der FDP", "der Volt-Fraktion"), if any."""
    match = _KIND.search(text)
    if not match:
        return None
    proposer = _PROPOSER.match(text[match.end() :])
    return MOTION_KINDS[match.group(1).lower()], proposer.group(1) if proposer else None


# "der SPD-Fraktion", "des Bürgermeisters"; a second word only where a group's name has two ("Die Linke",
# "Freie Wähler", "BÜNDNIS 90/DIE GRÜNEN"), so that "der SPD-Fraktion Beschlussvorschlag" stops at the group.
_PROPOSER = re.compile(
    r"\s+(?:der|des)\s+((?:Fraktion\s+(?:der\s+)?)?(?:(?:Bündnis|BÜNDNIS)\s+90\s*/\s*(?:DIE|Die)\s+(?:GRÜNEN|Grünen)"
    r"|(?:Die|DIE|Freien?|Alternative|Unabhängigen?)\s+[A-ZÄÖÜ][\w/-]*|[A-ZÄÖÜ][\w/-]*))"
)


# Dashes around an insertion that the sentence continues after: "… hat der Vorlage 16/2435 – Neudruck –
# zugestimmt", "empfiehlt einstimmig – bei Enthaltung der CDU – die Annahme". Not steps of the procedure.
# (A lower-case clause after a dash is still a step: "– Widerspruch höre ich nicht – dann verfahren wir so.")
_INSERTION = re.compile(
    r"(?<![?!.])\s[–—]\s([^–—?!.]{1,60}?)\s[–—]\s(?=[a-zäöü])(?!(?:dann|damit|so|also|es|das|dies|ich|wir)\b)"
)


def _steps(text: str) -> list[str]:
    """A sentence cut at the dashes with which protocols join the steps of a vote."""
    return [step for step in _STEP.split(_INSERTION.sub(r" (\1) ", text)) if step.strip()]


def _motion(
    step: str, context: list[str], call: str | None, result: str, earlier: list[str] = ()
) -> tuple[str, str | None]:
    """The motion a result is about: named in its step, else in the steps before it, else in the call. A result that
    postpones the matter ("Der Antrag wird vertagt.", "Beschluss: zurückgestellt") is a postponement, whatever it
    postpones: nothing was decided on the matter itself."""
    candidates = [step, *reversed(context), *([call] if call else [])]
    named = next((k for k in map(_kind, candidates) if k), None)
    if named and named[1] is None:  # "Damit ist der Antrag abgelehnt" after "über den Antrag der Linken"
        named = next((k for k in map(_kind, candidates) if k and k[0] == named[0] and k[1]), named)
    if named and named[0] == "Antrag":  # "… stellt den Antrag auf Vertagung." – "Der Antrag ist angenommen."
        named = _procedural_motion_put(earlier or context) or named
    if result == "angenommen" and _postpones_this(step.lower()) and (not named or named[0] != "Antrag auf Vertagung"):
        return "Vertagung", None
    if result == "angenommen" and _REFERS_ONLY.search(step.lower()) and not _ADOPTS_TOO.search(step.lower()):
        return "Überweisung", named[1] if named else None  # "Der Antrag wird in den Ausschuss überwiesen."
    if named:
        return named
    if re.search(r"überwie|verwies|überweis", " ".join([step, *context]).lower()):
        return "Überweisung", None
    if re.search(r"\bgewählt\b", step.lower()):
        return "Wahl", None
    return ("Bericht" if result == "zur Kenntnis genommen" else "Beschluss"), None


# A matter's earlier result, told as the chair introduces it before calling the vote on it (Berlin: the committee's).
_REPORTED = re.compile(r"^(?:er|sie|es|dieser|diese|dieses) wurden?\b")
# Words said in an utterance, with no word of a vote's procedure (a speech's questions are rhetorical), before a
# sentence that stands in a speech rather than in the procedure of a vote.
_SPEECH_WORDS = 40
# (a labelled line of minutes, or a result that says how it was carried, is the record: "Beschluss: Die geänderte
# Vorlage wird mehrheitlich abgelehnt.", "Der Gemeinderat beschließt sodann einstimmig die Vorlage.")
_RECORDED = re.compile(r"^[\w .-]{1,30}:\s|\b(?:einstimmig|mehrheitlich|sodann)\b", re.IGNORECASE)
_PROCEDURE_SAID = re.compile(
    r"(?<!erklärung zur )abstimm|stimmzettel|wahlgang|\bstimmen\b|tagesordnungspunkt|handzeichen|gegenprobe"
    r"|enthaltung|ausgezählt"
    r"|widerspruch|widerrede|einwände|wortmeldung|einverstanden|\b(?:wer|gibt es)\b[^?]*\?"
)
# A result that refers the matter on, and adopts nothing else in the same sentence.
_REFERS_ONLY = re.compile(r"\b(?:überwiesen|verwiesen|zurückverwiesen)\b")
_ADOPTS_TOO = re.compile(r"\b(?:angenommen|beschlossen|zugestimmt|genehmigt|verabschiedet)\b")
_POSTPONES = re.compile(r"\b(?:vertagt|zurückgestellt|abgesetzt)\b")
# What keeps a postponing word from postponing the item: another result in the sentence ("Ziffer 1 angenommen,
# Ziffer 2 vertagt"), a part or another item named, a condition or a past postponement ("die zweimal vertagt wurde").
_NOT_THIS_POSTPONEMENT = re.compile(
    _ADOPTS_TOO.pattern + r"|beschließt|abgelehnt|ziffer|punkt|\btop\b|abschnitt|teil\b"
    r"|maßgabe|nachdem|wurde|worden|war\b|überwiesen|verwiesen"
)
# A motion put without a vote called after it, withdrawn or not put: "Herr N. stellt den Antrag auf Vertagung."
_WITHDRAWN = re.compile(r"zurück|nicht gestellt|verzicht")
_PROCEDURAL = ("Antrag auf Vertagung", "Geschäftsordnungsantrag")


def _postpones_this(lowered: str) -> bool:
    """True when a result sentence postpones its item ("Der Antrag wird vertagt.", "Beschluss: zurückgestellt")."""
    return bool(_POSTPONES.search(lowered)) and not _NOT_THIS_POSTPONEMENT.search(_POSTPONES.sub("", lowered))


def _procedural_motion_put(earlier: list[str]) -> tuple[str, str | None] | None:
    """The procedural motion that "Der Antrag" of a result refers to: the last motion named since the last result,
    where it is a motion to postpone or on procedure, was put (not withdrawn) and no vote was called after it."""
    for text in reversed(earlier):
        lowered = text.lower()
        if _is_call(lowered):
            return None
        if kind := _kind(text):
            return kind if kind[0] in _PROCEDURAL and not _WITHDRAWN.search(lowered) else None
    return None


@dataclass
class _Step:
    """One step of the procedure, with the sentence it stands in."""

    text: str
    sentence: Sentence
    advisory: bool = False  # part of a committee's recommendation, not the body's vote


@dataclass
class _Reading:
    """What has been read since the last result: the state of the vote in progress."""

    context: list[_Step] = field(default_factory=list)  # earlier steps of the same utterance
    call: _Step | None = None  # the open call of a vote, which may stand in an earlier utterance
    tally: list[_Step] = field(default_factory=list)  # steps with counts, across utterances
    quiet: bool = False  # nothing (no call, counter-check or new item) since the last result
    # Where the last result was stated, and whether someone else spoke since: a chair repeats a
    # result across utterances only after an interruption ("Der Antrag ist abgelehnt. So beschlossen.").
    result_utterance: int | None = None
    result_speaker: str | None = None
    interrupted: bool = False
    corrected: bool = False  # the last result corrected the one before it
    item: list[str] = field(default_factory=list)  # every sentence of the item so far
    debated: bool = False  # someone else spoke at length since: a result now is a new one
    recent: list[str] = field(default_factory=list)  # the last few steps, across utterances
    in_speech: bool = False  # the sentence stands deep in an utterance that asked nothing
    result_called: bool = False  # the last result followed a call of its vote
    resolution_follows: bool = False  # "… fasst folgenden Beschluss:" was read; its wording comes next
    # The item's result as minutes head it ("Beschluss: einstimmig abgelehnt"): a summary of the item's
    # final decision, which the text below may state again.
    head: Vote | None = None
    wording: _Step | None = None  # a resolution's wording under a label, whose result is still to come
    between: int = 0  # steps read since the last result that were neither a result nor a note on it
    since_result: list[_Step] = field(default_factory=list)  # every step read since the last result
    by_counts: Vote | None = None  # the last vote, where its counts alone decided it


# An item that announces what closed sessions decided ("Bekanntgabe von Beschlüssen aus nichtöffentlicher
# Sitzung", as municipal codes require) reports decisions taken at another meeting: until the next item or the
# next call of a vote, only its taking note is a decision of this one. Read in short sentences (of at most this
# many words), such as the item's heading, not in speeches that mention such decisions.
_REPORTED_DECISIONS = re.compile(r"\bbekanntgabe\b.*\bbeschl|\bbeschlüsse?\b.*\bnicht ?öffentlich", re.IGNORECASE)
_LONGEST_HEADING = 12


def extract_votes(sentences: list[Sentence], item_starts: frozenset = frozenset()) -> list[Vote]:
    """Return the votes stated in a session's sentences, in order.

    The steps since the last result in the same utterance, the last call and the announced counts
    (which may stand in earlier utterances) are read with each result for its motion, counts and
    groups. `item_starts` holds the (utterance_id, sentence_index) of the sentences that open an
    agenda item: a vote never reaches across them. Counts announced without a result become an
    unclear vote for the clerk.
    """
    votes: list[Vote] = []
    reading = _Reading()
    previous_utterance = None
    reporting = False  # in an item that announces what closed sessions decided
    for sentence in sentences:
        if (sentence.utterance_id, sentence.index) in item_starts:
            _close_item(reading, votes)
            reading = _Reading()
            reporting = False
        if _REPORTED_DECISIONS.search(sentence.text) and len(sentence.text.split()) <= _LONGEST_HEADING:
            reporting = True
        elif reporting and _CALL.search(sentence.text.lower()):
            reporting = False  # a vote called now ("Wer stimmt zu?"): the item ended without a cue the rules read
        if reporting:
            reading.context = []
            if _result(sentence.text.lower()) != "zur Kenntnis genommen":
                continue
        if sentence.utterance_id != previous_utterance:
            reading.context, previous_utterance = [], sentence.utterance_id
            said, asked = 0, False
        # deep in a speech that asked nothing: "… hat das Bundeskabinett gestern genau so eine Auflage beschlossen"
        reading.in_speech = said >= _SPEECH_WORDS and not asked
        said, asked = said + len(sentence.text.split()), asked or bool(_PROCEDURE_SAID.search(sentence.text.lower()))
        reading.item.append(sentence.text)
        if sentence.speaker != reading.result_speaker:
            interjection = sentence.text.startswith("(") or len(sentence.text.split()) <= 12
            reading.interrupted = reading.interrupted or interjection
            reading.debated = reading.debated or not interjection
        advisory = bool(_ADVISORY.search(sentence.text.lower()))
        for text in _steps(_UNTICKED.sub("", _TICKED.sub("einstimmig", sentence.text))):
            step = _Step(text, sentence, advisory)
            same_utterance = sentence.utterance_id == reading.result_utterance
            if votes and reading.quiet and _annotates(votes[-1], step, same_utterance):
                continue
            _read_step(step, reading, votes)
    _close_item(reading, votes)
    return votes


# Nobody objects to what the chair proposed: "Widerspruch erhebt sich nicht.", "Ich sehe keinen Widerspruch.", or
# "Gibt es Widerspruch? – Den sehe ich nicht." / "Wird der Dringlichkeit widersprochen? – Das ist nicht der Fall."
_NO_OBJECTION = re.compile(
    r"\bwiderspruch\b[^.?]*\b(?:erhebt sich|sehe ich|höre ich)\b[^.?]*\bnicht\b"
    r"|\b(?:sehe|höre) (?:ich )?(?:dazu |hiergegen |dagegen )?keinen widerspruch\b"
    r"|\b(?:gibt es|erhebt sich) (?:dazu |hiergegen |dagegen )?kein(?:en)? widerspruch\b"
)
_OBJECTION_ASKED = re.compile(r"\bwiderspruch\b[^.]*\?$|\bwidersprochen\?$")
# What the house may agree to without a vote and minutes record as its decision: a referral, the agenda, urgency,
# a reading; not how to debate or to vote (speaking time, the form of an election or of a report).
_AGREED_MATTER = re.compile(r"überweis|tagesordnung|dringlich|lesung|beratung|antrag|empfehl|vorschlag")
_PROCEDURE_ONLY = re.compile(
    r"handaufheben|stimmzettel|berichterstattung|bericht(?:es)? (?:mündlich|schriftlich)|\b\d{1,2} uhr\b"
)


def _consents(lowered: str, recent: list[str], sentence: str) -> bool:
    """Whether a step records that nobody objected to a matter the house can agree to without a vote. Not where
    its sentence goes on to state the result ("– Widerspruch höre ich nicht – dann verfahren wir so"), which is
    read as such, nor where the objection asked for is to a result just stated ("… ist abgelehnt. Erhebt sich
    Widerspruch? – Nein.")."""
    asked = bool(recent) and bool(_OBJECTION_ASKED.search(recent[-1])) and bool(NOBODY.match(lowered))
    if not (asked or _NO_OBJECTION.search(lowered)) or _result(sentence) is not None:
        return False
    asked_about = recent[-2:-1] if asked else recent[-1:]  # what was said before the question, or before the note
    if any(_result(step) is not None for step in asked_about):
        return False
    around = " ".join([*recent[-2:], lowered])
    return bool(_AGREED_MATTER.search(around)) and not _PROCEDURE_ONLY.search(around) and not _DEBATE.search(around)


def _close_item(reading: _Reading, votes: list[Vote]) -> None:
    """At the end of an item: the head's result joins the last decision below it that states the same
    result, or, where the item ends in a tally without a stated result, gives that tally its result
    (when the counts agree with it). Then counts left without a result become unclear."""
    head = reading.head
    if head is not None and any(v is head for v in votes):
        at = next(n for n, v in enumerate(votes) if v is head)
        same = [v for v in votes[at + 1 :] if v.result == head.result and not _conflict(head, v)]
        digits = " ".join(numbers_as_digits(s.text) for s in reading.tally)
        if same:
            _join_head(head, same[-1])
            del votes[at]
        elif reading.call and reading.tally and (count(digits, "yes"), count(digits, "no")) != (None, None):
            last = reading.tally[-1]
            tallied = _vote(last, _Reading(context=reading.tally[:-1], call=reading.call), head.result)
            if tallied.result == head.result:
                _join_head(head, tallied)
                votes[at] = tallied
                reading.tally, reading.call = [], None
    # lines of counts the head's result did not take are no second decision of the item
    _close_unfinished(reading, votes, closed=head is None)


def _conflict(one: Vote, other: Vote) -> bool:
    """True when two statements give different counts for a side: two decisions, not one."""
    return any(
        None not in (getattr(one, side), getattr(other, side)) and getattr(one, side) != getattr(other, side)
        for side in ("yes", "no", "abstain")
    )


def _join_head(head: Vote, vote: Vote) -> None:
    """What the head says that the decision's own statement lacks (unanimity, counts that do not conflict)."""
    if not _conflict(head, vote):
        for side in ("yes", "no", "abstain"):
            if getattr(vote, side) is None:
                setattr(vote, side, getattr(head, side))
    vote.unanimous = vote.unanimous or head.unanimous
    vote.resolution = vote.resolution or head.resolution
    if head.evidence not in vote.evidence:  # the head states the result: the clerk sees it with the decision
        vote.evidence = f"{head.evidence} {vote.evidence}"
    for side in ("yes_groups", "no_groups", "abstain_groups"):
        getattr(vote, side).extend(g for g in getattr(head, side) if g not in getattr(vote, side))


def _is_call(lowered: str) -> bool:
    return bool(_CALL.search(lowered)) and not _COUNTER.search(lowered) and not _QUOTED_CALL.search(lowered)


# A member quoting or arguing in a call's words: "Sie haben gesagt: Wer etwas für die Menschen tun will, muss unserem
# Antrag zustimmen."
_QUOTED_CALL = re.compile(r"\b(?:gesagt|sagte|sagt|gefragt|fragte)\s*:\s*[„\"]?wer\b|\bwer\b[^?]*\bmuss\b")


# "OB", the mayor in minutes' lists of voters ("dagegen: 53 (OB, CDU, SPD)"), is not "ob" (whether).
_MAYOR = re.compile(r"\bOB\b")


# Abbreviations whose dot is no sentence's end ("bei 1 Stimmenthaltung von Ratsfrau Dr. Pahnke, mehrheitlich ab").
_ABBREVIATION = re.compile(r"\b(dr|prof|nr|abs|bzw|ggf|vgl|ca|evtl|inkl|gem|lt|str|u)\.(?=\s)")


def _lowered(text: str) -> str:
    return _ABBREVIATION.sub(r"\1", _MAYOR.sub("oberbürgermeister", text).lower())


def _read_step(step: _Step, reading: _Reading, votes: list[Vote]) -> None:
    lowered = _lowered(step.text)
    reading.since_result.append(step)
    if _is_call(lowered) and not step.advisory:
        _close_unfinished(reading, votes, closed=True, before=step)
        if votes and reading.quiet and _REPORTED.match(votes[-1].evidence.lower()) and not reading.result_called:
            if votes[-1].utterance_id == step.sentence.utterance_id and reading.since_result == [step]:
                votes.pop()  # "Jetzt kommt der Bebauungsplan I-207. Er wurde mehrheitlich angenommen. Wer dem …"
        reading.call, reading.quiet = step, False
    elif _COUNTER.search(lowered):
        reading.quiet = False
    announced = _RESOLUTION.match(step.sentence.text)
    if announced and not announced.group(1).strip():
        reading.resolution_follows = True
        return
    # "Beschlussvorschlag: Der Rat beschließt …" proposes; what the body did follows below it.
    unlabelled = _PROPOSAL_UNLABELLED.match(step.text)  # "Beschlussvorschlag Der Rat beschließt, …"
    proposed = _PROPOSAL.match(lowered) or unlabelled
    result = None if proposed else _result(lowered, after_call=reading.call is not None)
    if result is None and reading.call and reading.context and reading.context[-1] is reading.call:
        result = "angenommen" if _ALL_FOR.search(lowered) and not _NOT_A_RESULT.search(lowered) else None
    if result is None and _consents(lowered, reading.recent, step.sentence.text.lower()):
        result = "angenommen"
    reading.recent = [*reading.recent[-3:], lowered]
    if result is not None and reading.call is None and reading.in_speech and not _RECORDED.search(step.sentence.text):
        result = None  # a speaker telling what others decided, or a result of earlier, in the middle of a speech
    if result is not None and reading.call is None and not _kind(lowered) and _DEBATE.search(" ".join(reading.recent)):
        result = None  # "Dann verfahren wir so" after a speaking-time proposal: how to debate, not a decision
    if result is not None and reading.quiet and votes and _EXPLAINS.match(lowered):
        if votes[-1].utterance_id == step.sentence.utterance_id:
            return  # "Damit ist dieser Antrag abgewiesen worden. Das heißt, die Überweisung erfolgt in …": what follows
    if result is not None and votes and reading.quiet and _HEADER.match(votes[-1].evidence):
        if result != votes[-1].result and _LABELLED.match(step.sentence.text):
            # "Beschluss: einstimmig angenommen" – "Ergebnis/Beschluss: Der Bericht dient zur Kenntnis.": the
            # wording of the decision under the head, not a second decision
            votes[-1].resolution = votes[-1].resolution or step.text
            return
    unheard = tallied = False
    digits = numbers_as_digits(lowered)
    winner = None if result is not None else _winner_by_counts(digits, reading)
    if winner is not None:
        result = "angenommen"
    if result is None:
        counted = not step.advisory and has_counts(digits)
        if (
            counted
            and reading.wording
            and _RESULT_LINE.match(lowered)
            and None
            not in (
                count(digits, "yes"),
                count(digits, "no"),
            )
        ):
            # "Beschluss: Die Tagesordnung wird festgestellt." – "Abstimmungsergebnis: Ja-Stimmen: 38 Nein-Stimmen:
            # 0": minutes head the wording a body adopted with "Beschluss:"; more yes than no confirm it, fewer
            # (or a tie) reject it, read below as for a result word not understood
            adopted = count(digits, "yes") > count(digits, "no")
            result, unheard = ("angenommen", False) if adopted else (UNCLEAR, True)
        elif counted and _SUBJECT_TALLY.match(lowered) and None not in (count(digits, "yes"), count(digits, "no")):
            # "Abstimmung zu TOP 5: Ja: 2 Nein: 5": a line of counts that names what it decides is that decision,
            # decided by its counts
            result, tallied = UNCLEAR, True
    if result is None:
        if unlabelled or announced and _LABELLED.match(step.sentence.text) and not _HEADER.match(step.sentence.text):
            reading.wording = step  # (a head whose status the rules do not read is no wording)
        if counted and _RESULT_SHAPE.search(digits) and not lowered.endswith("?"):
            # "Der Antrag ist mit 9 Ja-Stimmen bei 30 Gegenstimmen abgrennt": a result whose word was not
            # understood. It is unclear, and its counts must not pass to the next result.
            result, unheard = UNCLEAR, True
        else:
            reading.context.append(step)
            reading.between += 1
            if counted:
                reading.tally.append(step)
            return
    if reading.resolution_follows and votes and reading.quiet:
        votes[-1].resolution = step.text  # the wording of the decision just stated, not another vote
        reading.resolution_follows = False
        return
    vote = _vote(step, reading, result)
    if winner is not None:
        vote.motion, vote.yes, vote.no, vote.abstain, vote.unanimous = "Wahl", winner, None, None, False
        reading.by_counts = vote  # "Damit ist Frau X gewählt" right after it states the same election
    if unheard:
        _rejected_by_counts(vote)
    elif tallied:
        _decided_by_counts(vote, reading)
    # the result stated right after counts that decided alone ("Abstimmung zu TOP 14: Ja: 9 Nein: 5" – "Der Antrag
    # ist damit abgelehnt, da die Zweidrittelmehrheit nicht erreicht wurde."): what the chair says replaces them
    stated_after_counts = votes and votes[-1] is reading.by_counts and reading.quiet and reading.between == 0
    corrected = reading.corrected
    reading.corrected = False
    if votes and _taken_again(reading) and votes[-1].motion in (vote.motion, "Beschluss"):
        votes[-1] = vote  # the vote taken again because its result was doubted: only its own result stands
        reading.corrected = True
    elif votes and (_corrects(step, reading) or (stated_after_counts and not (tallied or unheard))):
        votes[-1] = _merged(votes[-1], vote, later_wins=True)
        reading.corrected = True
    elif votes and reading.quiet and _restates(votes[-1], vote, reading):
        previous = votes[-1]
        place = (previous.utterance_id, previous.start, previous.sentence_index, previous.evidence)
        votes[-1] = _merged(previous, vote)
        votes[-1].result = _checked(votes[-1].result, votes[-1].yes, votes[-1].no, vote.evidence.lower(), vote.motion)
        line = vote.evidence.lower()
        counted_now = previous.yes is None and votes[-1].yes is not None  # "(Auszählen!)" – "… mit 30 zu 20 …"
        kept_first = not (corrected or counted_now or _HEADER.match(place[3]) or _RESULT_LINE.match(line))
        if _RESULT_LINE.match(line) and not _LABELLED.match(place[3]):
            # "Der Antrag wurde einstimmig beschlossen." – "Abstimmungsergebnis: einstimmig: X dafür 19 …": the
            # line reports on the sentence that stated the result, which stays its place
            votes[-1].utterance_id, votes[-1].start, votes[-1].sentence_index, votes[-1].evidence = place
        elif reading.interrupted and kept_first:
            # "Somit ist dieser Alternativantrag mit Mehrheit abgelehnt worden." – "(Auszählen!)" – "Er wurde mit
            # Mehrheit abgelehnt.": repeated against an interjection, the result stays where it was first stated
            # (after a correction, or counted on demand, the last statement is the one that holds)
            votes[-1].utterance_id, votes[-1].start, votes[-1].sentence_index, votes[-1].evidence = place
    else:
        votes.extend(_one_per_person(vote, reading))
        if reading.head is None and _HEADER.match(vote.evidence):
            reading.head = vote
    reading.result_called = reading.call is not None or any(_is_call(s.text.lower()) for s in reading.since_result)
    reading.wording, reading.between = None, 0
    reading.context, reading.call, reading.tally, reading.quiet = [], None, [], True
    reading.since_result = []
    reading.by_counts = reading.by_counts if reading.by_counts is votes[-1] else None
    reading.result_utterance, reading.result_speaker = step.sentence.utterance_id, step.sentence.speaker
    reading.interrupted = reading.debated = False


# A person named in an election's result: "Herr Abgeordneter Ralf Holzschuher", "die Abgeordnete Sülmez Dogan".
_PERSON = re.compile(
    r"\b(?:Herrn?|Frau|(?:der|die|den) Abgeordneten?)\s+(?:(?:Abgeordnete[nr]?|Abg\.|Dr\.|Prof\.)\s+)*"
    r"(?P<name>[A-ZÄÖÜ][\w-]+(?:\s+(?:von\s+|van\s+|de\s+)?[A-ZÄÖÜ][\w-]+)*)"
)
# Votes for each candidate of a contest: "Von den 21 gültigen Stimmen entfallen 16 auf Frau Weippert, 5 auf Frau
# May-Page", "Für Herrn Dr. Volkmar Schöneburg stimmten 28 Abgeordnete und für Frau Barbara Richstein stimmten 44".
_TITLES = r"(?:(?:herrn?|frau|dr\.|prof\.|abgeordnete[nr]?|abg\.|\w*(?:rat|rätin|ratsmitglied))\s+)+"
_CANDIDATE_VOTES = re.compile(
    rf"\b(?P<n>\d+) (?:stimmen? )?auf {_TITLES}[a-zäöüß-]+|\bfür {_TITLES}[a-zäöüß-]+(?: [a-zäöüß-]+){{0,2}} "
    rf"stimmten (?P<m>\d+)\b"
)
# The valid votes cast, where stated: "Von den 21 gültigen Stimmen", "An der Abstimmung waren 72 Abgeordnete
# beteiligt".
_VALID_VOTES = re.compile(
    r"\bvon (?:den )?(\d+) (?:gültigen|abgegebenen) stimmen|\b(\d+) gültige stimmen"
    r"|\bwaren (\d+) (?:abgeordnete|mitglieder) beteiligt"
)


# Ballots beside the candidates' (no, abstaining, blank, invalid) or votes for lists: the total is not the candidates'.
_OTHER_BALLOTS = re.compile(r"\bnein\b|\benth|\bleer|ungültig|\bliste")


def _winner_by_counts(digits: str, reading: _Reading) -> int | None:
    """The votes of the candidate a contest elected where only its counts were given: more than half of the valid
    votes, stated as such, the majority that elects in a first ballot under the municipal codes. Not where a
    majority of the members or a number of votes was named as required, nor where no candidate has it (a run-off
    follows), nor where the sentence counts other ballots or lists."""
    contest = [int(m["n"] or m["m"]) for m in _CANDIDATE_VOTES.finditer(digits)]
    if len(contest) < 2 or _NOT_A_RESULT.search(digits) or _OTHER_BALLOTS.search(digits):
        return None
    window = " ".join([*(numbers_as_digits(s.text.lower()) for s in reading.since_result), digits])
    if "wahl" not in window and "gewählt" not in window or _QUALIFIED.search(window):
        return None
    valid = next((int(n) for m in _VALID_VOTES.finditer(window) for n in m.groups() if n), None)
    best = max(contest)
    return best if valid and best * 2 > valid and contest.count(best) == 1 else None


# What joins persons elected together: "Herr X als Vorsitzender sowie Herr Y und Frau Z".
_COORDINATED = re.compile(r"\s*(?:als\s+(?:[\w.-]+\s+){0,4}?[\w.-]+\s*)?(?:,|und|sowie)\s*")
# The votes a person received, where the sentence gives no yes count: "Für Herrn X stimmten 66 Abgeordnete."
_VOTES_FOR_PERSON = re.compile(r"\bstimmten (\d+)\b")


def _one_per_person(vote: Vote, reading: _Reading) -> list[Vote]:
    """An election whose result names several persons ("Damit wurden Herr X als Vorsitzender sowie Herr Y und Frau Z
    als Mitglieder gewählt") is one decision per person, where each person's own counts were announced before it
    ("Für Herrn X stimmten 66 Abgeordnete."); a joint list elected by one count stays one decision."""
    announced = [s.text for s in reading.since_result[:-1]]
    election = vote.motion == "Wahl" or (vote.motion == "Beschluss" and any("wahl" in t.lower() for t in announced))
    if not election or vote.result != "angenommen":
        return [vote]
    named = list(_PERSON.finditer(vote.evidence))
    joined = all(_COORDINATED.fullmatch(vote.evidence[one.end() : other.start()]) for one, other in pairwise(named))
    persons = list(dict.fromkeys(m["name"] for m in named))
    if len(persons) < 2 or not joined:
        return [vote]  # one person, or another named beside them ("… mit mehr Stimmen als Frau Schmidt gewählt")
    elected = []
    for person in persons:
        surname = person.split()[-1]
        own = [t for t in announced if re.search(rf"\b{re.escape(surname)}\b", t) and len(_PERSON.findall(t)) == 1]
        digits = numbers_as_digits(own[-1].lower()) if own else ""
        counts = {side: count(digits, side) for side in ("yes", "no", "abstain")}
        if counts["yes"] is None and (received := _VOTES_FOR_PERSON.search(digits)):
            counts["yes"] = int(received.group(1))
        if counts["yes"] is None:
            return [vote]  # not every person's own count: the result of one list
        elected.append(replace(vote, motion="Wahl", unanimous=vote.unanimous and not counts["no"], **counts,
                               yes_groups=[], no_groups=[], abstain_groups=[]))  # fmt: skip
    return elected


def _annotates(vote: Vote, step: _Step, same_utterance: bool) -> bool:
    """Add what a step right after a result says about it; True if it was such a step.

    "Zugestimmt haben die Fraktionen von SPD, …" names groups, "(Einstimmig)" is the protocol's
    note of unanimity, "So beschlossen." confirms the result, and in the same utterance,
    "Enthaltungen sehe ich nicht." adds a count. Where minutes give the counts on a line of their
    own under the result ("Beschluss: mehrheitlich beschlossen" – "dafür: 12 … dagegen: 2"), the
    vote is placed on that line, which completes it.
    """
    text = step.text
    stripped = text.strip()
    lowered = stripped.lower()
    if _CONFIRMS.match(lowered):
        return True
    if (
        (same_utterance or _RESULT_LINE.match(lowered))
        and _result(lowered) is None
        and not _CALL.search(lowered)
        and not lowered.endswith("?")
    ):
        stated = {side: count(numbers_as_digits(stripped), side) for side in ("yes", "no", "abstain")}
        if any(v is not None for v in stated.values()):  # "Enthaltungen sehe ich nicht."
            if not same_utterance and any(
                None not in (getattr(vote, side), value) and getattr(vote, side) != value
                for side, value in stated.items()
            ):
                return False  # other counts: the line reports on another decision
            added = False
            for side, value in stated.items():
                if getattr(vote, side) is None and value is not None:
                    setattr(vote, side, value)
                    added = True
            if added:
                # "Beschluss: … Das Einvernehmen wird nicht erteilt." – "Ja-Stimmen: 13 Nein-Stimmen 1": counts that
                # contradict the result read from the wording leave it to the clerk
                vote.result = _checked(vote.result, vote.yes, vote.no, vote.evidence.lower(), vote.motion)
            # The line completes a result stated under a label ("Beschluss: mehrheitlich beschlossen"), and is
            # where minutes record it; a sentence that stated the result stays its place.
            if not same_utterance and (added or _HEADER.match(vote.evidence)) and _LABELLED.match(vote.evidence):
                line = step.sentence
                vote.utterance_id, vote.start, vote.sentence_index = line.utterance_id, line.start, line.index
                vote.evidence = f"{vote.evidence} {line.text}"
            return True
    if re.match(r"^\(?einstimmig\.?\)?[.!]?$", lowered) or (
        same_utterance and re.match(r"^abstimmung(?:sergebnis)?:\s*einstimmig[.!]?$", lowered)
    ):
        vote.unanimous = True
        return True
    # "Zugestimmt haben die LINKE und die AfD, dagegen gestimmt haben die CDU und die SPD."
    clauses = re.split(r",\s+(?=(?:dagegen|enthalten|zugestimmt|abgelehnt)\b)", stripped.rstrip("."))
    named_any = False
    for clause in clauses:
        for side, pattern in GROUPS_AFTER.items():
            match = pattern.match(clause)
            if match:
                named = group_names(next(g for g in match.groups() if g))
                getattr(vote, f"{side}_groups").extend(g for g in named if g not in getattr(vote, f"{side}_groups"))
                named_any = True
                break
    return named_any


# A correction of the result just stated ("Es gibt eine kleine Korrektur des Ergebnisses", "Ich korrigiere mich");
# not a correction the house takes into account ("dann verfahren wir so und berücksichtigen die Korrektur").
_CORRECTION = re.compile(
    r"\b(?:eine|kleine) korrektur\b|\bkorrektur des (?:abstimmungs)?ergebnisses\b|\bkorrigiere\b|\bberichtige\b"
    r"|es bleibt bei der feststellung|^nein, nicht\b|^entschuldigung\b|\bverzählt\b|\bmein fehler\b|\bgeirrt\b"
)


def _corrects(step: _Step, reading: _Reading) -> bool:
    """True when a result corrects the one stated before ("Es gibt eine kleine Korrektur …")."""
    here = [s.text for s in reading.context if s.sentence.utterance_id == step.sentence.utterance_id]
    return any(_CORRECTION.search(text.lower()) for text in [*here, step.text])


def _taken_again(reading: _Reading) -> bool:
    """True when the vote was taken again because its result was doubted ("Da das Abstimmungsergebnis angezweifelt
    wird, lässt der Vorsitzende erneut über den Antrag abstimmen"), not when another matter is voted on next ("erneut
    abstimmen, und zwar über die so geänderte Vorlage")."""
    said = [s.text.lower() for s in reading.since_result]
    return any(_REPEATED.search(t) and _DOUBTED_RESULT.search(t) and not _ANOTHER_MATTER.search(t) for t in said)


_REPEATED = re.compile(r"\berneut\b|\bnoch einmal\b|\bwiederhol")
_DOUBTED_RESULT = re.compile(r"angezweifelt|zweifel|nicht eindeutig|unklar|bestritten")
_ANOTHER_MATTER = re.compile(r"\bund zwar\b|geändert|\bganze|\bsache\b|änderungsantrag")


def _restates(previous: Vote, vote: Vote, reading: _Reading) -> bool:
    """True when a result repeats the one just stated ("Das Erste war die Mehrheit. Damit ist … angenommen")."""
    if previous.result != vote.result or any(
        None not in (getattr(previous, side), getattr(vote, side)) and getattr(previous, side) != getattr(vote, side)
        for side in ("yes", "no", "abstain")
    ):
        return False  # another result, or other counts: another vote
    if vote.utterance_id == reading.result_utterance:
        # "Letzteres war die Mehrheit. Damit ist der Änderungsantrag abgelehnt."; two named motions are two votes
        return previous.motion == vote.motion or None in (_kind(previous.evidence), _kind(vote.evidence))
    if _RESULT_LINE.match(vote.evidence.lower()) and (reading.between == 0 or _RESOLUTION.match(previous.evidence)):
        # "Beschluss: Die Angelegenheit wird vertagt." – "Abstimmungsergebnis: einstimmig"; "Der Antrag wurde
        # einstimmig beschlossen." – "Abstimmungsergebnis: einstimmig: X dafür 19 dagegen: 0"
        return True  # minutes: "Beschluss: Die Angelegenheit wird vertagt." – "Abstimmungsergebnis: einstimmig"
    if _HEADER.match(previous.evidence):
        # Minutes head an item with its result ("Beschluss: einstimmig beschlossen", counts below); the
        # sentence of the same result that follows states that decision, not another one.
        return True
    same_motion = previous.motion == vote.motion or "Beschluss" in (previous.motion, vote.motion)
    return reading.interrupted and not reading.debated and same_motion


def _merged(previous: Vote, vote: Vote, later_wins: bool = False) -> Vote:
    """One vote from two statements of it: the later one's place and motion, counts from either.

    With `later_wins` (a correction), the later statement's counts replace the earlier ones.
    """
    first, second = (vote, previous) if later_wins else (previous, vote)
    if vote.resolution and not _RESULT_SHAPE.search(vote.evidence.lower()) and _HEADER.match(previous.evidence):
        # "Beschluss: Der Stadtrat beschließt, dass …" under the head: the decision's wording, in its place
        previous.resolution = vote.resolution
        return previous
    # a general restatement keeps the motion named ("Der Antrag auf Vertagung ist angenommen. Der Punkt ist vertagt.")
    general = vote.motion == "Beschluss" or (vote.motion, previous.motion) == ("Vertagung", "Antrag auf Vertagung")
    if general and previous.motion != "Beschluss":
        vote.motion, vote.proposer = previous.motion, previous.proposer
    vote.proposer = vote.proposer or previous.proposer
    for name in ("yes", "no", "abstain", "majority"):
        value = getattr(first, name) if getattr(first, name) is not None else getattr(second, name)
        setattr(vote, name, value)
    vote.unanimous = vote.unanimous or (previous.unanimous and not later_wins)
    vote.resolution = vote.resolution or previous.resolution
    for side in ("yes_groups", "no_groups", "abstain_groups"):
        getattr(vote, side).extend(g for g in getattr(previous, side) if g not in getattr(vote, side))
    return vote


def _close_unfinished(reading: _Reading, votes: list[Vote], closed: bool, before: _Step | None = None) -> None:
    """A vote without a stated result: an unclear vote for the clerk, where counts were announced for
    both sides, or where the chair's questions were answered by groups ("Wer ist dafür? – Die AfD.
    Wer ist dagegen? – Die Koalitionsfraktionen.") and the result was left to the seats. Minutes' lines of
    counts per side count as announced when the next call or the end of the item follows them (`closed`): they
    were the outcome of what was called or worded before them."""
    said = [s for s in reading.since_result if s is not before]
    if reading.call and not reading.tally and (reading.context or said[-1:] != [reading.call] and reading.call in said):
        # the answers, in the order they were given after the call, in its utterance and the ones after it
        answered_after = said[said.index(reading.call) + 1 :] if reading.call in said else reading.context
        answered_after = _chairs_and_interjections(answered_after, reading.call) or reading.context
        zeros, answered = answers([reading.call.text, *(s.text for s in answered_after)], _is_call)
        while len(answered_after) > 1:  # up to the last answer: what follows it (a next announcement) is not its place
            shorter = answered_after[:-1]
            if answers([reading.call.text, *(s.text for s in shorter)], _is_call) != (zeros, answered):
                break
            answered_after = shorter
        # (a qualified majority may be named before an earlier vote of the item: "Wir stimmen über die Änderung der
        # Landesverfassung ab. Zunächst der Änderungsantrag …")
        window = " ".join(numbers_as_digits(text.lower()) for text in [*reading.item, reading.call.text])
        last = _Reading(context=answered_after[:-1], call=reading.call)
        doubted = _DOUBTED.search(" ".join(s.text.lower() for s in [*said, *([before] if before else [])]))
        if answered["yes"] and zeros.get("no") == 0 and not (answered["no"] or _NEEDS_MORE.search(window) or doubted):
            # "Wer dem zustimmt, … – Das sind die Koalitionsfraktionen, … Wer ist dagegen? – Niemand.": groups for,
            # nobody against adopts under any simple majority
            votes.append(_vote(answered_after[-1], last, "angenommen"))
            reading.call = None
        elif answered["yes"] and (answered["no"] or answered["abstain"]):
            votes.append(_vote(answered_after[-1], last, UNCLEAR))
            reading.call = None
        return
    if not reading.tally:
        return
    digits = " ".join(numbers_as_digits(s.text) for s in reading.tally)
    lines = [s.text.lower() for s in reading.tally]
    # Minutes that list only the sides someone voted on ("dafür: 15 (…)" – "Enth.: 2 (…)") had nobody against: every
    # label is one of those sides', and the abstentions' line closes the list (an excerpt cut short does not).
    labels = re.findall(r"([a-zäöü][\w.-]*)\s*:", " ".join(lines))
    sides = [next((side for side, pattern in _LABEL_OF.items() if pattern.fullmatch(label)), None) for label in labels]
    nobody_against = closed and bool(sides) and sides[0] == "yes" and sides[-1] == "abstain"
    nobody_against = nobody_against and set(sides) == {"yes", "abstain"}
    no_count = count(digits, "no") is not None or nobody_against
    if count(digits, "yes") is None or not no_count or _TABLE_ROW.search(digits):
        return
    last = reading.tally[-1]
    # Minutes' lines of counts are the outcome of a call they follow (not of a result stated before them).
    called = reading.call is not None
    if not any(
        _TALLY.search(line) or (closed and _SIDES_LINE.match(line)) or (called and _COUNTS_HEADING.search(line))
        for line in lines
    ):
        return
    vote = _vote(last, _Reading(context=reading.tally[:-1], call=reading.call), UNCLEAR)
    # nobody against decides as no votes against, and the count stays as not stated
    _decided_by_counts(vote, reading, no=vote.no if vote.no is not None else 0)
    votes.append(vote)
    reading.tally = []


_LABEL_OF = {side: re.compile(labels) for side, labels in SIDE_LABELS.items()}
# A vote repeated, taken as a trial, or its answers corrected: what was answered before settles nothing.
_DOUBTED = re.compile(r"wiederhol|\berneut\b|noch einmal|probeabstimmung|meinungsbild|auszähl|entschuldigung|korrigier")


def _chairs_and_interjections(steps: list[_Step], call: _Step) -> list[_Step]:
    """The steps that can answer a call: the caller's, and short interjections (not a member's speech that asks
    and answers its own questions)."""
    words: dict[int, int] = {}
    for step in steps:
        words[step.sentence.utterance_id] = words.get(step.sentence.utterance_id, 0) + len(step.text.split())
    return [s for s in steps if s.sentence.speaker == call.sentence.speaker or words[s.sentence.utterance_id] <= 12]


# Motions that a minority carries (a fifth of the members may demand a secret ballot or a named vote): counts
# against them do not reject them.
_MINORITY_RIGHT = re.compile(
    r"\b(?:antrag|verlang\w*|beantrag\w*) auf (?:eine )?"
    r"(?:geheime[nr]? (?:abstimmung|wahl)|namentliche[nr]? abstimmung)"
)


def _rejected_by_counts(vote: Vote) -> Vote:
    """A vote whose result word was not understood is a rejection where no more voted yes than no: that adopts
    nothing under any majority (a tie rejects, as council and parliament rules say). More yes than no stays for the
    clerk: the word said may have been a rejection for want of a qualified majority. Elections count candidates,
    not sides, and stay for the clerk."""
    if vote.result == UNCLEAR and None not in (vote.yes, vote.no) and vote.yes <= vote.no and vote.no:
        if vote.motion not in ("Wahl", "Wahlvorschlag") and not _MINORITY_RIGHT.search(vote.evidence.lower()):
            vote.result = "abgelehnt"
    return vote


def _decided_by_counts(vote: Vote, reading: _Reading, no: int | None = None) -> Vote:
    """A tally announced as the outcome, with no result word said: the counts are the result. As for a word not
    understood, no more yes than no rejects; more yes than no and abstentions together adopt under the simple
    majority of votes cast, whether abstentions count or not, unless a qualified majority was named or the matter
    needs one (a constitution, a main statute, urgency), or the motion is one to reject. What lies between stays for
    the clerk, and a result the chair states right after replaces what the counts gave. `no` is the count of votes
    against to decide with, where the minutes imply it without stating it."""
    no = vote.no if no is None else no
    window = " ".join(numbers_as_digits(s.text.lower()) for s in reading.since_result)
    if _TO_REJECT.search(window) or _MINORITY_RIGHT.search(window):
        return vote  # a yes that rejects the motion named, or a motion a minority carries: for the clerk
    _rejected_by_counts(vote)
    if vote.result != UNCLEAR or None in (vote.yes, no) or vote.motion in ("Wahl", "Wahlvorschlag"):
        return vote
    if _QUALIFIED.search(window) or _CONSTITUTIVE.search(window):
        return vote  # a majority the text does not settle
    if vote.yes > no + (vote.abstain or 0):
        vote.result = "angenommen"
        reading.by_counts = vote
    return vote


# A negation in the sentence of an adoption makes its polarity uncertain, except in the phrases that
# say nobody objected.
_NEGATED = re.compile(r"\b(?:nicht|kein\w*|niemand)\b")
_HARMLESS_NEGATION = re.compile(
    r"nicht nur|nicht der fall|\bkein(?:e[nr]?)? (?:gegenstimmen?|(?:stimm)?enthaltung(?:en)?|nein-stimmen?|widerspruch"
    r"|einwände?|einwendungen)|\bniemand\b[^.]*\b(?:dagegen|widerspr)|ohne (?:gegenstimmen?|widerspruch)"
    r"|erhebt sich kein|nicht widersprochen"
    r"|nicht anwesend|nicht (?:an der abstimmung )?teilgenommen|nicht mitgestimmt|nicht vollständiger beteiligung"
    + "|"
    + _WON.pattern
    + "|"
    + _NO_OBJECTION.pattern
)
# Where a sentence joins a further main clause: "Damit ist das einstimmig beschlossen, und wir brauchen keine …".
# (a subordinate clause gives a reason or a condition: "… wird vertagt, da noch nicht alle Informationen vorliegen",
# "… mit der Maßgabe, dass für die Stadt keine Kosten entstehen")
_NEXT_CLAUSE = re.compile(r",\s+(?=(?:und|denn|aber|sodass|so dass|dass|da|weil|nachdem|obwohl|wobei)\s)|;\s*")
_SUBORDINATE = re.compile(r"(?:dass|da|weil|nachdem|obwohl|wobei)\s")


def _adopting_clause(lowered: str) -> str:
    """The clauses of a sentence that state the adoption (a negation elsewhere is about something else). A clause
    that states it as subordinate ("Ich kann nicht feststellen, dass der Antrag eine Mehrheit gefunden hat") is
    read with the clause it depends on."""
    clauses = _NEXT_CLAUSE.split(lowered)
    adopting = []
    for index, clause in enumerate(clauses):
        if _ADOPTED.search(clause):
            subordinate = index and _SUBORDINATE.match(clause)
            adopting += [clauses[index - 1], clause] if subordinate else [clause]
    return " ".join(dict.fromkeys(adopting)) or lowered


# Matters that need more than the simple majority wherever they are decided.
_CONSTITUTIVE = re.compile(
    r"verfassung|grundgesetz|hauptsatzung|abwahl|abberufung|dringlich|erweiterung der tagesordnung"
    r"|abweich\w* von der geschäftsordnung"
)
# (read after numbers_as_digits: "zwei Drittel" is "2 drittel" there)
_QUALIFIED = re.compile(
    r"zweidrittel|(?:zwei|2)[ -]?dritteln?|2 ?/ ?3|absolute[nr]? mehrheit|qualifizierte[nr]? mehrheit|mehrheit von \d+"
    r"|mehrheit (?:der|seiner|ihrer) (?:\w+ )?mitglieder|gesetzlichen? (?:an)?(?:zahl|mitglieder)"
    r"|\bdie (?:erforderliche )?zahl (?:von )?\d+\b|\berforderlich sind \d+"
    r"|hälfte der [^.]*(?:mitglieder|anwesenden)"
)
# A body voting on a motion to reject ("die Empfehlung …, den Antrag abzulehnen"): yes rejects the motion named.
_TO_REJECT = re.compile(r"abzulehnen|\bablehnung\b|zurückzuweisen|nicht zuzustimmen|nicht zu folgen")
# Where yes without no does not settle a result: a qualified majority, a matter that needs one, a motion to reject,
# a motion a minority carries.
_NEEDS_MORE = re.compile("|".join(p.pattern for p in (_QUALIFIED, _CONSTITUTIVE, _TO_REJECT, _MINORITY_RIGHT)))


def _checked(result: str, yes: int | None, no: int | None, window: str, motion: str) -> str:
    """The stated result, or unclear where the counts contradict it (a misheard "nicht", a wrong count)."""
    if yes is None or no is None or motion == "Wahl" or result not in ("angenommen", "abgelehnt"):
        return result
    if result == "angenommen" and yes <= no:
        return UNCLEAR
    if result == "abgelehnt" and yes > no and not _QUALIFIED.search(window):
        return UNCLEAR
    return result


_MOVER = re.compile(r"(?:die |der )?(?:antragsteller(?:in|innen)?|antragstellende fraktion)", re.IGNORECASE)


def _vote(step: _Step, reading: _Reading, result: str) -> Vote:
    named_here = _kind(step.text)

    def another_motions_counts(text: str) -> bool:  # "Der Änderungsantrag ist mit 22 Ja-Stimmen …?"
        other = _kind(text) if named_here and has_counts(numbers_as_digits(text)) else None
        # ("Mit Ja haben für diesen Antrag 88 Mitglieder gestimmt … Damit ist die Vertagung eingetreten.")
        generic = other is not None and other[0] == "Antrag" and named_here[0] in _PROCEDURAL
        return other is not None and other[0] != named_here[0] and not generic

    own = [s for s in [*([reading.call] if reading.call else []), *reading.context] if not s.advisory]
    own = [s for s in own if s is reading.call or not another_motions_counts(s.text)]
    # in the order they were said: the answers after a call belong to it, what came before does not
    own.sort(key=lambda s: (s.sentence.start, s.sentence.index))
    own = list(dict.fromkeys(own_step.text for own_step in own))
    carried = [s.text for s in reading.tally if s.text not in own and not another_motions_counts(s.text)]
    steps = [*own, step.text]
    window = " ".join(numbers_as_digits(s) for s in steps)
    counted = " ".join(numbers_as_digits(s) for s in [*carried, *steps])
    original = " ".join(steps)
    context = [s.text for s in reading.context]
    earlier = [s.text for s in reading.since_result if s is not step]  # since the last result, across utterances
    motion, proposer = _motion(step.text, context, reading.call.text if reading.call else None, result, earlier)
    majority = _MAJORITY.search(window)
    counts = {side: count(counted, side) for side in ("yes", "no", "abstain")}
    tabled = table(" ".join([*carried, *steps]))  # a table of counts per group before the result
    named = {side: groups(original, side) or tabled.get(side, (None, []))[1] for side in ("yes", "no", "abstain")}
    if result == "abgelehnt" and re.search(r"\bmit (?:den )?stimmen\b", original, re.IGNORECASE):
        named["yes"], named["no"] = named["no"], named["yes"]  # "mit den Stimmen von X … abgelehnt": X said no
    elif result == "abgelehnt" and not named["yes"] and re.search(r"\bbei (?:den )?gegenstimmen\b", original, re.I):
        # "… bei Gegenstimmen der SPD abgelehnt", no side named for: against the motion, or against its rejection?
        named["no"] = []
    elif result == "abgelehnt" and re.search(r"\bgegen (?:die )?stimmen\b", original, re.IGNORECASE):
        # "… gegen die Stimmen der CDU-Fraktion abgelehnt": the CDU was against the rejection, for the motion
        named["yes"], named["no"] = [*named["yes"], *named["no"]], []
    if listed := listed_sides(original):  # a results list's brackets say each side outright
        named = {side: listed.get(side, []) for side in ("yes", "no", "abstain")}
    zeros, answered = answers(steps, _is_call)
    for side in ("yes", "no", "abstain"):
        named[side] = named[side] or answered[side]
        # "Wer stimmt zu? – Das ist die Antragstellerin.": the group that moved it, where the call names it
        movers = [g for g in named[side] if _MOVER.fullmatch(g)]
        named[side] = [g for g in named[side] if g not in movers] + ([proposer] if movers and proposer else [])
        if counts[side] is None and not named[side] and side in zeros:  # "Gegenstimmen? – Enthaltungen? – Keine."
            counts[side] = zeros[side]
    checked = _checked(result, counts["yes"], counts["no"], counted, motion)
    if (
        checked == "angenommen"
        and _NEGATED.search(_adopting_clause(step.text.lower()))
        and not _HARMLESS_NEGATION.search(step.text.lower())
        and not NOBODY.match(step.text.lower().strip())  # "Wer ist dagegen? – Niemand."
    ):
        checked = UNCLEAR  # "… die Mehrheit nicht erhalten und ist damit gewählt"? A negation the rules do not know
    sentence = step.sentence
    # (a head that states the result, "Beschluss: Mit Stimmenmehrheit abgelehnt Abstimmung: Ja: 0 …", is no wording)
    stated = _RESOLUTION.match(sentence.text) if not _HEADER.match(sentence.text) else None
    wording = stated.group(1).strip() if stated else ""
    return Vote(
        resolution=wording if len(wording.split()) >= 4 else None,
        motion=motion,
        result=checked,
        yes=counts["yes"],
        no=counts["no"],
        abstain=counts["abstain"],
        # nobody against and nobody abstaining ("Gegenstimmen? – Keine. Enthaltungen? – Auch niemand.") is unanimous
        unanimous=bool(
            _UNANIMOUS.search(window)
            or _ALL_FOR.search(step.text.lower())
            or (checked == "angenommen" and counts["no"] == 0 and counts["abstain"] == 0)
        )
        and not _NOT_UNANIMOUS.search(window),
        majority=majority.group(0) if majority else None,
        proposer=proposer,
        utterance_id=sentence.utterance_id,
        start=sentence.start,
        evidence=sentence.text,
        sentence_index=sentence.index,
        yes_groups=named["yes"],
        no_groups=named["no"],
        abstain_groups=named["abstain"],
    )
