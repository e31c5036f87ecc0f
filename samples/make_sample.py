"""Generate the bundled sample council session with Debian's espeak-ng.

Writes, next to this script:
  sample_session.flac       16 kHz mono audio (about three minutes, five voices)
  sample_session.json       reference: speakers, utterances with times, agenda, motions, votes
  sample_session.rttm       reference speaker turns
  sample_session.agenda.txt the agenda as a clerk would type it

The session is fictional (the council of "Emscherhausen"); the voices are espeak-ng variants
that differ in timbre, pitch and speed, so that diarization has real work to do.
Run: python samples/make_sample.py   (needs espeak-ng and sox on PATH)
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
RATE = 16000
NAME = "sample_session"

# label: (display name, role, espeak voice, pitch 0-99, words per minute)
SPEAKERS = {
    "VORSITZ": ("Petra Hoffmann", "Oberbürgermeisterin", "de+f2", 50, 160),
    "BECKER": ("Klaus Becker", "SPD-Fraktion", "de+announcer", 50, 150),
    "YILMAZ": ("Aylin Yilmaz", "Fraktion Bündnis 90/Die Grünen", "de+Alicia", 50, 170),
    "SCHULZ": ("Thomas Schulz", "CDU-Fraktion", "de+Marco", 50, 145),
    "WOLFF": ("Jürgen Wolff", "Stadtkämmerer", "de+Michael", 50, 165),
}
# The variants were chosen from all of espeak-ng's for being far apart as CAM++ voice prints
# (cosine similarity at most 0.48 between any two), as five real people would be.

SCRIPT: list[tuple[str, str]] = [
    (
        "VORSITZ",
        "Guten Abend, meine Damen und Herren. Ich eröffne die vierzehnte Sitzung des Rates der Stadt Emscherhausen.",
    ),
    (
        "VORSITZ",
        "Ich stelle fest, dass form- und fristgerecht eingeladen wurde und der Rat beschlussfähig ist.",
    ),
    (
        "VORSITZ",
        "Ich rufe Tagesordnungspunkt eins auf: Feststellung der Tagesordnung. Gibt es Änderungswünsche? Das ist nicht der Fall.",
    ),
    (
        "VORSITZ",
        "Wir kommen zu Tagesordnungspunkt zwei, dem Radschnellweg RS1 im Abschnitt Emscherhausen Mitte. Herr Becker, bitte.",
    ),
    (
        "BECKER",
        "Vielen Dank, Frau Vorsitzende. Der Radschnellweg ist das wichtigste Verkehrsprojekt im Ruhrgebiet.",
    ),
    (
        "BECKER",
        "Jeden Tag fahren tausende Pendler zwischen Duisburg und Dortmund. Ein sicherer Radweg entlastet die Straßen und die Busse.",
    ),
    ("BECKER", "Die SPD-Fraktion stimmt der Beschlussvorlage der Verwaltung deshalb zu."),
    ("VORSITZ", "Danke. Frau Yilmaz hat das Wort."),
    (
        "YILMAZ",
        "Wir unterstützen den Radschnellweg ausdrücklich. Aber die Beleuchtung der Strecke fehlt in der Vorlage.",
    ),
    (
        "YILMAZ",
        "Gerade im Winter fahren viele Menschen im Dunkeln. Wir beantragen deshalb, die Beleuchtung gleich mitzubauen.",
    ),
    ("VORSITZ", "Herr Schulz, bitte."),
    (
        "SCHULZ",
        "Die CDU hält das Projekt für richtig, aber die Kosten von vier Komma zwei Millionen Euro sind hoch.",
    ),
    ("SCHULZ", "Wir erwarten, dass die Verwaltung die Fördermittel des Landes vollständig ausschöpft."),
    (
        "WOLFF",
        "Dazu kann ich sagen: Das Land fördert den Bau mit achtzig Prozent. Der Eigenanteil der Stadt liegt bei rund achthunderttausend Euro.",
    ),
    (
        "VORSITZ",
        "Vielen Dank. Ich lasse zuerst über den Änderungsantrag der Grünen zur Beleuchtung abstimmen. Wer ist dafür? Wer ist dagegen? Wer enthält sich?",
    ),
    (
        "VORSITZ",
        "Der Änderungsantrag ist mit zweiundzwanzig Ja-Stimmen bei vierzehn Gegenstimmen und drei Enthaltungen angenommen.",
    ),
    (
        "VORSITZ",
        "Nun stimmen wir über die so geänderte Beschlussvorlage ab. Die Beschlussvorlage ist einstimmig angenommen.",
    ),
    ("VORSITZ", "Ich rufe Tagesordnungspunkt drei auf: Müllgebühren für das Jahr 2027. Herr Wolff, bitte."),
    (
        "WOLFF",
        "Die Abfallgebühren steigen im nächsten Jahr um drei Prozent. Grund sind höhere Kosten für Personal und Energie.",
    ),
    (
        "WOLFF",
        "Für einen Haushalt mit einer Restmülltonne von sechzig Litern sind das etwa sechs Euro mehr im Jahr.",
    ),
    (
        "SCHULZ",
        "Das ist für viele Familien eine zusätzliche Belastung. Die CDU beantragt, die Entscheidung zu vertagen, bis die Wirtschaftsprüfung vorliegt.",
    ),
    ("BECKER", "Eine Vertagung hilft niemandem. Die Gebührenkalkulation ist geprüft und rechtlich sauber."),
    (
        "VORSITZ",
        "Ich lasse über den Antrag auf Vertagung abstimmen. Der Antrag auf Vertagung ist mit neun Ja-Stimmen bei dreißig Gegenstimmen abgelehnt.",
    ),
    ("VORSITZ", "Dann stimmen wir über die Gebührensatzung ab. Die Satzung ist mehrheitlich angenommen."),
    ("VORSITZ", "Tagesordnungspunkt vier: Mitteilungen der Verwaltung. Herr Wolff."),
    (
        "WOLFF",
        "Die Sanierung der Gesamtschule Nord ist im Zeitplan. Die Sporthalle wird im März wieder geöffnet.",
    ),
    (
        "VORSITZ",
        "Der Rat nimmt den Bericht zur Kenntnis. Damit schließe ich den öffentlichen Teil der Sitzung. Vielen Dank und einen guten Heimweg.",
    ),
]

AGENDA = [
    (1, "Feststellung der Tagesordnung"),
    (2, "Radschnellweg RS1, Abschnitt Emscherhausen Mitte"),
    (3, "Müllgebühren 2027"),
    (4, "Mitteilungen der Verwaltung"),
]

CUE_WORDS = {1: "eins", 2: "zwei", 3: "drei", 4: "vier"}
# Expected facts for the agenda/vote stage: (item number, motion kind, result, yes, no, abstain)
VOTES = [
    (2, "Änderungsantrag", "angenommen", 22, 14, 3, False),
    (2, "Beschlussvorlage", "angenommen", None, None, None, True),
    (3, "Antrag auf Vertagung", "abgelehnt", 9, 30, None, False),
    (3, "Satzung", "angenommen", None, None, None, False),
    (4, "Bericht", "zur Kenntnis genommen", None, None, None, False),
]

PAUSE_SAME_SPEAKER = 0.45
PAUSE_NEW_SPEAKER = 0.9


def synthesise(text: str, voice: str, pitch: int, speed: int, workdir: Path) -> np.ndarray:
    """Return espeak-ng's rendering of text as 16 kHz mono float32."""
    raw = workdir / "raw.wav"
    resampled = workdir / "16k.wav"
    subprocess.run(
        ["espeak-ng", "-v", voice, "-p", str(pitch), "-s", str(speed), "-w", str(raw), text],
        check=True,
    )
    subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(resampled), "gain", "-3"], check=True)
    with wave.open(str(resampled)) as handle:
        pcm = np.frombuffer(handle.readframes(handle.getnframes()), dtype=np.int16)
    audio = pcm.astype(np.float32) / 32768.0
    # espeak pads both ends with silence; trim it so that reference times are tight.
    voiced = np.flatnonzero(np.abs(audio) > 0.01)
    return audio[voiced[0] : voiced[-1] + 1] if voiced.size else audio


def main() -> None:
    rng = np.random.default_rng(14)
    pieces: list[np.ndarray] = [np.zeros(int(0.8 * RATE), dtype=np.float32)]
    cursor = 0.8
    utterances = []
    previous = None
    with tempfile.TemporaryDirectory() as tmp:
        for label, text in SCRIPT:
            if previous is not None:
                gap = PAUSE_SAME_SPEAKER if label == previous else PAUSE_NEW_SPEAKER
                pieces.append(np.zeros(int(gap * RATE), dtype=np.float32))
                cursor += int(gap * RATE) / RATE
            _, _, voice, pitch, speed = SPEAKERS[label]
            audio = synthesise(text, voice, pitch, speed, Path(tmp))
            start = cursor
            pieces.append(audio * 0.8)
            cursor += len(audio) / RATE
            utterances.append({"speaker": label, "start": round(start, 3), "end": round(cursor, 3), "text": text})
            previous = label
    pieces.append(np.zeros(int(1.0 * RATE), dtype=np.float32))
    signal = np.concatenate(pieces)
    # A quiet room: broadband noise at about -50 dBFS so that silence is not digital zero.
    signal = signal + rng.normal(0.0, 0.003, size=signal.shape).astype(np.float32)
    pcm = np.clip(signal * 32767, -32768, 32767).astype(np.int16)

    wav_path = HERE / f"{NAME}.wav"
    with wave.open(str(wav_path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(RATE)
        handle.writeframes(pcm.tobytes())
    subprocess.run(["sox", str(wav_path), str(HERE / f"{NAME}.flac")], check=True)
    wav_path.unlink()

    with open(HERE / f"{NAME}.rttm", "w", encoding="utf-8") as rttm:
        for utt in utterances:
            rttm.write(
                f"SPEAKER {NAME} 1 {utt['start']:.3f} {utt['end'] - utt['start']:.3f} <NA> <NA> {utt['speaker']} <NA> <NA>\n"
            )
    reference = {
        "title": "14. Sitzung des Rates der Stadt Emscherhausen",
        "body": "Rat der Stadt Emscherhausen",
        "date": "2026-11-12",
        "language": "de",
        "duration": round(len(signal) / RATE, 3),
        "speakers": {
            label: {"name": name, "role": role, "voice": f"{voice} p{pitch} s{speed}"}
            for label, (name, role, voice, pitch, speed) in SPEAKERS.items()
        },
        "utterances": utterances,
        # An item starts with the chair's utterance that calls it ("Tagesordnungspunkt drei").
        "agenda": [
            {
                "number": n,
                "title": t,
                "start": next(
                    u["start"] for u in utterances if f"Tagesordnungspunkt {CUE_WORDS[n]}" in u["text"]
                ),
            }
            for n, t in AGENDA
        ],
        "votes": [
            {
                "item": item,
                "motion": kind,
                "result": result,
                "yes": yes,
                "no": no,
                "abstain": abstain,
                "unanimous": unanimous,
            }
            for item, kind, result, yes, no, abstain, unanimous in VOTES
        ],
    }
    (HERE / f"{NAME}.json").write_text(json.dumps(reference, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (HERE / f"{NAME}.agenda.txt").write_text("".join(f"TOP {n} {t}\n" for n, t in AGENDA), encoding="utf-8")
    print(f"wrote {NAME}.flac ({len(signal) / RATE:.1f} s, {len(utterances)} utterances)")


if __name__ == "__main__":
    main()
