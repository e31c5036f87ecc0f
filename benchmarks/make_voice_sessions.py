"""Build the multi-session voice test set for the voice register (speaker recognition).

Usage:
    .venv/bin/python benchmarks/make_voice_sessions.py [--corpus DIR] [--out DIR]

Writes tests/data/voice_sessions/session{1,2,3}.{flac,json,rttm}: three short "council sessions"
in which the same people speak again, with different sentences or clips in each session, and in
every session at least one stranger who speaks in no other session. The voices take turns (no
overlap); every turn is normalised to the same active speech level and the whole session gets
white noise at 30 dB SNR, so that neither loudness nor a clean background gives a voice away.

Material:
  - real speech from the evaluation corpus (default ../shared/corpus, or $PROTOKOLL_CORPUS): Thorsten
    (CC0), VoxForge speaker 1337ad (GPL-3.0), AMI speakers cut from the pyannote-audio test files
    (CC BY 4.0) and a few single clips as strangers. Every cut is listed in PLAN below, in seconds of
    the source file, and recorded in the session's JSON.
  - synthetic German voices from Debian's espeak-ng (the variants of samples/make_sample.py, same
    display names), each speaking different sentences in each session.

Needs espeak-ng on PATH (`apt-get install espeak-ng`; sox is not needed). The output is
deterministic for a given espeak-ng version (fixed seeds; 1.51 was used, see SOURCES.md).
See tests/data/voice_sessions/SOURCES.md for provenance and licences.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from fractions import Fraction
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.signal import resample_poly

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path(os.environ.get("PROTOKOLL_CORPUS", ROOT.parent / "shared" / "corpus"))
DEFAULT_OUT = ROOT / "tests" / "data" / "voice_sessions"

RATE = 16000
LEVEL_DBFS = -42.0  # active speech level of every turn: low, so that the noisy FLAC files stay small
SNR_DB = 30.0  # white noise relative to that level
GAP_RANGE = (0.3, 0.8)  # silence between turns, seconds
EDGE = 0.5  # silence before the first and after the last turn
FADE = 0.01  # fade in/out of every turn (cut points inside real recordings would click)
MIN_DURATION, MAX_DURATION = 60.0, 100.0
SEED = 20260112

# key: (display name, origin, language). Names are fictional council members, except Thorsten
# Müller, who is the real (CC0) speaker. The espeak voices keep the names of samples/make_sample.py.
VOICES: dict[str, tuple[str, str, str]] = {
    "thorsten": ("Thorsten Müller", "thorsten-voice", "de"),
    "voxforge-1337ad": ("Claudia Neumann", "voxforge-de:1337ad", "de"),
    "ami-MEE009": ("Frank Zimmermann", "ami:MEE009", "en"),
    "ami-MEE012": ("Andreas Koch", "ami:MEE012", "en"),
    "ami-MEE073": ("Stefan Vogel", "ami:MEE073", "en"),
    "ami-FEO070": ("Dana Krüger", "ami:FEO070", "en"),
    "ami-FEO072": ("Sophie Lange", "ami:FEO072", "en"),
    "espeak-f2": ("Petra Hoffmann", "espeak:de+f2", "de"),
    "espeak-announcer": ("Klaus Becker", "espeak:de+announcer", "de"),
    "espeak-alicia": ("Aylin Yilmaz", "espeak:de+Alicia", "de"),
    "espeak-marco": ("Thomas Schulz", "espeak:de+Marco", "de"),
    "espeak-michael": ("Jürgen Wolff", "espeak:de+Michael", "de"),
    "espeak-steph": ("Sabine Brandt", "espeak:de+steph", "de"),
    "espeak-zac": ("Markus Engel", "espeak:de+zac", "de"),
    "whisper-jfk": ("Walter Brenner", "whisper.cpp:jfk", "en"),
    "leopard-test-de": ("Heiko Schröder", "picovoice-leopard:test_de", "de"),
    "librispeech-1272": ("Peter Wagner", "librispeech:1272", "en"),
    "pyannote-sample-speaker90": ("Monika Weber", "pyannote-sample:speaker90", "en"),
    "pyannote-sample-speaker91": ("Birgit Hartmann", "pyannote-sample:speaker91", "en"),
}

# espeak-ng settings (voice, pitch 0-99, words per minute); the shared five as in samples/make_sample.py.
ESPEAK = {
    "espeak-f2": ("de+f2", 50, 160),
    "espeak-announcer": ("de+announcer", 50, 150),
    "espeak-alicia": ("de+Alicia", 50, 170),
    "espeak-marco": ("de+Marco", 50, 145),
    "espeak-michael": ("de+Michael", 50, 165),
    "espeak-steph": ("de+steph", 50, 155),
    "espeak-zac": ("de+zac", 50, 160),
}

# Ten sentences per shared synthetic voice: 1-3 go to session 1, 4-6 to session 2, 7-9 to session 3
# (the tenth is spare). No sentence names a person, so that no one can be recognised by what is said.
SENTENCES: dict[str, list[str]] = {
    "espeak-f2": [
        "Ich eröffne hiermit die heutige Sitzung.",
        "Die Niederschrift der letzten Sitzung liegt Ihnen vor.",
        "Gibt es Wortmeldungen zu diesem Punkt?",
        "Wir kommen jetzt zur Abstimmung über die Vorlage.",
        "Der Antrag ist mit Mehrheit angenommen.",
        "Ich bitte um etwas Ruhe im Saal.",
        "Wir unterbrechen die Sitzung für zehn Minuten.",
        "Der Ausschuss empfiehlt die Vorlage einstimmig.",
        "Weitere Wortmeldungen sehe ich zu diesem Punkt nicht.",
        "Damit ist die Sitzung geschlossen.",
    ],
    "espeak-announcer": [
        "Wir unterstützen den Bau der neuen Kita.",
        "Die Eltern warten seit Jahren auf Plätze.",
        "Der Busverkehr am Wochenende muss besser werden.",
        "Der Nahverkehr muss bezahlbar bleiben.",
        "Das Hallenbad darf nicht geschlossen werden.",
        "Wir haben lange im Ausschuss beraten.",
        "Die Vereine brauchen verlässliche Zuschüsse.",
        "Ich bitte um Zustimmung zu unserem Antrag.",
        "Der Wohnungsbau hat für uns Vorrang.",
        "Wir stimmen der Vorlage heute zu.",
    ],
    "espeak-alicia": [
        "Wir wollen mehr Bäume in der ganzen Innenstadt.",
        "Klimaschutz gehört in jede Vorlage.",
        "Die Radwege an der Hauptstraße sind marode.",
        "Wir beantragen Solaranlagen auf allen Schulen.",
        "Das Gutachten zum Lärmschutz fehlt immer noch.",
        "Alle Kinder brauchen sichere Schulwege.",
        "Die Stadt sollte Regenwasser besser nutzen.",
        "Wir enthalten uns bei dieser Abstimmung.",
        "Der Stadtpark braucht neue Beleuchtung.",
        "Wir bitten um einen Bericht im Umweltausschuss.",
    ],
    "espeak-marco": [
        "Dieses Projekt ist viel zu teuer.",
        "Wir wollen keine neuen Schulden.",
        "Die Gewerbesteuer darf nicht steigen.",
        "Wir beantragen, den Punkt zu vertagen.",
        "Die Feuerwehr braucht ein neues Gerätehaus.",
        "Wir stimmen nur mit Änderungen zu.",
        "Der Handel braucht die Parkplätze.",
        "Das Land muss die Kosten mittragen.",
        "Wir haben Bedenken gegen diesen Standort.",
        "Zuerst brauchen wir ein Gutachten.",
    ],
    "espeak-michael": [
        "Der Haushalt weist ein Defizit von zwei Millionen aus.",
        "Die Zuweisungen des Landes steigen um vier Prozent.",
        "Die Personalkosten sind deutlich gestiegen.",
        "Für die Brücke wurden bereits Rücklagen gebildet.",
        "Die Fördermittel sind bereits beantragt.",
        "Der Kreditrahmen wird nicht ausgeschöpft.",
        "Die Grundsteuer bleibt auf dem bisherigen Niveau.",
        "Die Energiekosten der Schulen sind gesunken.",
        "Der Jahresabschluss ist vom Prüfungsamt geprüft.",
        "Der Nachtragshaushalt kommt im Herbst.",
    ],
    # strangers: one session each
    "espeak-steph": [
        "Ich wohne seit zwanzig Jahren in der Bahnhofstraße.",
        "Wann wird die Baustelle vor unserem Haus endlich fertig?",
    ],
    "espeak-zac": [
        "Ich spreche heute für den Förderverein der Grundschule.",
        "Die Turnhalle ist seit Monaten gesperrt.",
    ],
}

TH = "thorsten-voice/"
VF = "voxforge-de/"
PA = "pyannote-audio/"


def clip(path: str, start: float | None = None, end: float | None = None) -> tuple:
    """A cut of a corpus file, in seconds of the source (None: from the start / to the end)."""
    return ("file", path, start, end)


def say(voice: str, index: int) -> tuple:
    return ("espeak", voice, index)


def espeak_turns(session: int) -> list[tuple[str, tuple]]:
    first = 3 * (session - 1)
    return [
        (v, say(v, first + i))
        for v in ("espeak-f2", "espeak-announcer", "espeak-alicia", "espeak-marco", "espeak-michael")
        for i in range(3)
    ]


# Per session: (voice, cut). A voice's turns keep this order; the voices' turns are interleaved by
# `order`. AMI cuts are single-speaker stretches of the reference RTTM (exactly one speaker active),
# trimmed 0.1 s at each end; a long stretch may be split at a pause into several turns.
PLAN: dict[int, list[tuple[str, tuple]]] = {
    1: [
        # Thorsten: 2 of his 6 clips, the first split at its pause after "Vorsitzenden"
        ("thorsten", clip(TH + "1386ecbb98a8f46dd0b0eb75d68ee0d0.wav", None, 2.42)),
        ("thorsten", clip(TH + "1386ecbb98a8f46dd0b0eb75d68ee0d0.wav", 2.42, None)),
        ("thorsten", clip(TH + "2b0d202fa8b36fa7b01322fa78225358.wav")),
        # VoxForge: de11-034, split at its pause ("...Willenserklärung | ist insgeheim...")
        ("voxforge-1337ad", clip(VF + "de11-034.wav", 0.85, 3.30)),
        ("voxforge-1337ad", clip(VF + "de11-034.wav", 3.30, 5.50)),
        # dev00 MEE009 1.54-13.05, split at pauses
        ("ami-MEE009", clip(PA + "dev00.wav", 1.54, 4.00)),
        ("ami-MEE009", clip(PA + "dev00.wav", 4.00, 6.38)),
        ("ami-MEE009", clip(PA + "dev00.wav", 6.38, 10.14)),
        ("ami-MEE009", clip(PA + "dev00.wav", 10.14, 13.05)),
        ("ami-MEE012", clip(PA + "dev00.wav", 13.41, 16.82)),
        ("ami-MEE012", clip(PA + "dev00.wav", 26.37, 28.12)),
        ("ami-MEE073", clip(PA + "tst00.wav", 2.00, 3.39)),
        # strangers
        ("ami-FEO072", clip(PA + "tst00.wav", 15.72, 18.91)),
        ("whisper-jfk", clip("whisper.cpp/jfk.wav", 5.40, 10.30)),
        *espeak_turns(1),
    ],
    2: [
        ("thorsten", clip(TH + "c7c110c6a5bcbc6145494cecbf9bd0ba.wav")),
        ("thorsten", clip(TH + "d2211c12c486ab34f1b85611d25953a3.wav", None, 2.22)),
        ("thorsten", clip(TH + "d2211c12c486ab34f1b85611d25953a3.wav", 2.22, None)),
        ("voxforge-1337ad", clip(VF + "de11-035.wav", 0.85, 4.10)),
        # dev01 MEE009 7.12-11.68 (split at a pause) and 17.65-19.47
        ("ami-MEE009", clip(PA + "dev01.wav", 7.12, 9.95)),
        ("ami-MEE009", clip(PA + "dev01.wav", 9.95, 11.68)),
        ("ami-MEE009", clip(PA + "dev01.wav", 17.65, 19.47)),
        ("ami-MEE012", clip(PA + "dev01.wav", 4.40, 6.65)),
        # tst01 FEO070 24.26-28.45, first part (the second is in session 3)
        ("ami-FEO070", clip(PA + "tst01.wav", 24.26, 26.06)),
        # strangers
        ("leopard-test-de", clip("picovoice-leopard/test_de.wav", 0.70, 4.70)),
        # "Oh, I'm originally from Chicago also. I'm in New Jersey now though." (no self-introduction)
        ("pyannote-sample-speaker90", clip(PA + "sample.wav", 18.59, 21.49)),
        ("espeak-steph", say("espeak-steph", 0)),
        ("espeak-steph", say("espeak-steph", 1)),
        *espeak_turns(2),
    ],
    3: [
        ("thorsten", clip(TH + "e3b0d27c39d2a719d60f4ad335f04b15.wav")),
        ("thorsten", clip(TH + "eca9d4cc394847e6876b4ba43c046c5c.wav", None, 2.99)),
        ("thorsten", clip(TH + "eca9d4cc394847e6876b4ba43c046c5c.wav", 2.99, None)),
        # dev00 MEE009, the stretches after those of session 1
        ("ami-MEE009", clip(PA + "dev00.wav", 18.50, 20.46)),
        ("ami-MEE009", clip(PA + "dev00.wav", 23.91, 26.09)),
        ("ami-MEE009", clip(PA + "dev00.wav", 28.48, 29.90)),
        ("ami-MEE073", clip(PA + "tst00.wav", 26.31, 27.69)),
        ("ami-FEO070", clip(PA + "tst01.wav", 26.06, 28.45)),
        # strangers
        ("librispeech-1272", clip("picovoice-leopard/test.wav", 0.50, 3.30)),
        ("librispeech-1272", clip("picovoice-leopard/test.wav", 3.30, 5.45)),
        # "Well, there isn't that much difference. | At least you know, they all call me a Yankee..."
        ("pyannote-sample-speaker91", clip(PA + "sample.wav", 21.78, 24.42)),
        ("pyannote-sample-speaker91", clip(PA + "sample.wav", 24.42, 27.85)),
        ("espeak-zac", say("espeak-zac", 0)),
        ("espeak-zac", say("espeak-zac", 1)),
        *espeak_turns(3),
    ],
}
OPENER = "espeak-f2"  # the chair opens every session


def load(path: Path) -> np.ndarray:
    """A corpus file as 16 kHz mono float64."""
    audio, rate = sf.read(path, always_2d=True, dtype="float64")
    audio = audio.mean(axis=1)
    if rate != RATE:
        ratio = Fraction(RATE, rate)
        audio = resample_poly(audio, ratio.numerator, ratio.denominator)
    return audio


def synthesise(text: str, key: str, workdir: Path) -> np.ndarray:
    voice, pitch, speed = ESPEAK[key]
    raw = workdir / "raw.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-p", str(pitch), "-s", str(speed), "-w", str(raw), text], check=True)
    audio = load(raw)
    # espeak pads both ends with silence; trim it (as samples/make_sample.py does).
    voiced = np.flatnonzero(np.abs(audio) > 0.01 * np.abs(audio).max())
    return audio[voiced[0] : voiced[-1] + 1]


def frame_db(audio: np.ndarray, hop: int = 160) -> np.ndarray:
    frames = audio[: len(audio) // hop * hop].reshape(-1, hop)
    return 10 * np.log10((frames**2).mean(axis=1) + 1e-12)


def trim_silence(audio: np.ndarray, margin: float = 0.05) -> tuple[int, int]:
    """Sample range without leading/trailing frames 30 dB below the clip's loud frames."""
    db = frame_db(audio)
    active = np.flatnonzero(db > np.percentile(db, 95) - 30)
    first = max(0, active[0] * 160 - int(margin * RATE))
    last = min(len(audio), (active[-1] + 1) * 160 + int(margin * RATE))
    return first, last


def normalise(audio: np.ndarray) -> np.ndarray:
    """Scale to LEVEL_DBFS active speech level (mean power of frames within 25 dB of the loud ones)."""
    db = frame_db(audio)
    active = db[db > np.percentile(db, 95) - 25]
    level = 10 * np.log10(np.mean(10 ** (active / 10)))
    out = audio * 10 ** ((LEVEL_DBFS - level) / 20)
    peak = np.abs(out).max()
    if peak > 0.95:  # never happens at this level; a guard against clipping
        out *= 0.95 / peak
    fade = int(FADE * RATE)
    ramp = np.linspace(0.0, 1.0, fade)
    out[:fade] *= ramp
    out[-fade:] *= ramp[::-1]
    return out


def render(spec: tuple, corpus: Path, cache: dict, workdir: Path) -> tuple[np.ndarray, str]:
    """Audio of one turn and its provenance string."""
    if spec[0] == "espeak":
        _, key, index = spec
        text = SENTENCES[key][index]
        return synthesise(text, key, workdir), f"espeak: {text}"
    _, path, start, end = spec
    if path not in cache:
        cache[path] = load(corpus / path)
    source = cache[path]
    a = 0 if start is None else round(start * RATE)
    b = len(source) if end is None else round(end * RATE)
    piece = source[a:b] - source[a:b].mean()
    first, last = trim_silence(piece)
    return piece[first:last], f"{path} {(a + first) / RATE:.3f}-{(a + last) / RATE:.3f} s"


def order(turns: list[tuple[str, tuple]], rng: np.random.Generator) -> list[tuple[str, tuple]]:
    """Interleave the voices' turns at random, never the same voice twice in a row."""
    queues: dict[str, list[tuple]] = {}
    for voice, spec in turns:
        queues.setdefault(voice, []).append(spec)
    result: list[tuple[str, tuple]] = []
    last = None
    while any(queues.values()):
        left = {v: len(q) for v, q in queues.items() if q}
        total = sum(left.values())
        forced = [v for v, n in left.items() if n > (total - 1) / 2 + 0.5 and v != last]
        if not result and OPENER in left:
            choice = OPENER
        elif forced:
            choice = forced[0]
        else:
            options = sorted(v for v in left if v != last)
            choice = options[int(rng.integers(len(options)))]
        result.append((choice, queues[choice].pop(0)))
        last = choice
    return result


def sessions_of() -> dict[str, list[int]]:
    seen: dict[str, list[int]] = {}
    for number, turns in PLAN.items():
        for voice, _ in turns:
            if number not in seen.setdefault(voice, []):
                seen[voice].append(number)
    return seen


def build(number: int, corpus: Path, out: Path, workdir: Path) -> dict:
    rng = np.random.default_rng(SEED + number)
    cache: dict = {}
    appearances = sessions_of()
    pieces = [np.zeros(round(EDGE * RATE))]
    cursor = len(pieces[0])
    turns = []
    for index, (voice, spec) in enumerate(order(PLAN[number], rng)):
        if index:
            gap = round(rng.uniform(*GAP_RANGE) * RATE)
            pieces.append(np.zeros(gap))
            cursor += gap
        audio, source = render(spec, corpus, cache, workdir)
        audio = normalise(audio)
        pieces.append(audio)
        turns.append(
            {
                "speaker": voice,
                "start": round(cursor / RATE, 3),
                "end": round((cursor + len(audio)) / RATE, 3),
                "source": source,
            }
        )
        cursor += len(audio)
    pieces.append(np.zeros(round(EDGE * RATE)))
    signal = np.concatenate(pieces)
    noise_rms = 10 ** ((LEVEL_DBFS - SNR_DB) / 20)
    signal = signal + rng.normal(0.0, noise_rms, size=signal.shape)
    pcm = np.clip(np.round(signal * 32768), -32768, 32767).astype(np.int16)
    duration = len(pcm) / RATE
    if not MIN_DURATION <= duration <= MAX_DURATION:
        raise SystemExit(f"session {number}: {duration:.1f} s is outside {MIN_DURATION}-{MAX_DURATION} s")

    name = f"session{number}"
    sf.write(out / f"{name}.flac", pcm, RATE, format="FLAC", subtype="PCM_16", compression_level=1.0)
    speakers = {}
    for voice in dict.fromkeys(t["speaker"] for t in turns):
        display, origin, language = VOICES[voice]
        speakers[voice] = {
            "name": display,
            "origin": origin,
            "language": language,
            "shared": len(appearances[voice]) > 1,
            "sessions": appearances[voice],
        }
        if voice in ESPEAK:
            _, pitch, speed = ESPEAK[voice]
            speakers[voice]["espeak"] = f"pitch {pitch}, {speed} words/min"
    reference = {"session": number, "duration": round(duration, 3), "speakers": speakers, "turns": turns}
    (out / f"{name}.json").write_text(json.dumps(reference, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    with open(out / f"{name}.rttm", "w", encoding="utf-8") as rttm:
        for t in turns:
            length = t["end"] - t["start"]
            rttm.write(f"SPEAKER {name} 1 {t['start']:.3f} {length:.3f} <NA> <NA> {t['speaker']} <NA> <NA>\n")
    return reference


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the evaluation corpus (shared/corpus)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    if shutil.which("espeak-ng") is None:
        sys.exit("espeak-ng is not on PATH: install it first (Debian/Ubuntu: apt-get install espeak-ng)")
    if not (args.corpus / "thorsten-voice").is_dir():
        sys.exit(f"corpus not found at {args.corpus}: pass --corpus or set PROTOKOLL_CORPUS")
    version = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True).stdout.strip()
    print(version)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for number in PLAN:
            ref = build(number, args.corpus, args.out, Path(tmp))
            print(f"session{number}: {ref['duration']:.1f} s, {len(ref['turns'])} turns, {len(ref['speakers'])} voices")


if __name__ == "__main__":
    main()
