"""How fast a meeting page with a three-hour transcript opens in the browser.

Usage:
    python benchmarks/web_benchmark.py

Builds an archive with one published three-hour meeting (about 1,800 utterances, 24,000 words,
from the fixture sentences, with agenda items and votes), starts `protokoll serve` on a free
port, and opens in Debian's chromium (headless, through Playwright): the home page, the meeting
page, and a deep link into the third hour. The time is from navigation until the transcript's
first utterance is visible; each is measured five times and the median reported. Results are
merged into benchmarks/results.json and .md under "web".
"""

from __future__ import annotations

import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `benchmarks` and `protokoll`, run as a script

from benchmarks.common import SESSIONS, measured_at, merge_results, parse_args
from protokoll.services import Services

HOURS = 3.0
ROUNDS = 5


def three_hour_transcript() -> dict:
    """A council session of three hours made from the fixture transcripts' sentences, with cues and votes."""
    sentences = []
    for path in sorted(SESSIONS.glob("*.json")):
        sentences += [u["text"] for u in json.loads(path.read_text(encoding="utf-8"))["utterances"]]
    rng = random.Random(3)
    speakers = {label: {"name": f"Ratsmitglied {label}", "faction": rng.choice(["SPD", "CDU", "Grüne", "FDP"])}
                for label in "ABCDEFGH"}  # fmt: skip
    speakers["V"] = {"name": "Petra Hoffmann", "role": "Oberbürgermeisterin"}
    utterances, clock, item = [], 0.0, 0
    while clock < HOURS * 3600:
        if not utterances or rng.random() < 0.012:
            item += 1
            text = f"Ich rufe Tagesordnungspunkt {item} auf."
            utterances.append({"speaker": "V", "text": text, "start": clock, "end": clock + 3})
            clock += 4
        text = rng.choice(sentences)
        duration = 0.4 * len(text.split())
        utterances.append({"speaker": rng.choice("ABCDEFGH"), "text": text, "start": clock, "end": clock + duration})
        clock += duration + 0.6
        if rng.random() < 0.01:
            result = "Der Antrag ist mit 30 Ja-Stimmen bei 12 Gegenstimmen angenommen."
            utterances.append({"speaker": "V", "text": result, "start": clock, "end": clock + 4})
            clock += 5
    return {"title": "Benchmark: dreistündige Ratssitzung", "date": "2026-11-26", "body": "Rat der Stadt Emscherhausen",
            "speakers": speakers, "utterances": utterances}  # fmt: skip


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parse_args(__doc__)

    from playwright.sync_api import sync_playwright

    from protokoll.embeddings import TextEmbedder

    warnings.simplefilter("ignore")
    data = Path(tempfile.mkdtemp())
    transcript = three_hour_transcript()
    # Approved and published, as a clerk would (the server below reads the same data folder).
    services = Services.for_archive(data / "protokoll.db", embedder=TextEmbedder())
    meeting_id = services.import_transcript(transcript, publish=True, actor="benchmark")
    port = _free_port()
    env = {**os.environ, "PROTOKOLL_DATA_DIR": str(data)}
    server = subprocess.Popen([sys.executable, "-m", "protokoll.interfaces.cli", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        timings: dict[str, list[float]] = {"home": [], "meeting": [], "deep_link_third_hour": []}
        targets = {
            "home": (url, "#reader h1"),
            "meeting": (f"{url}?meeting={meeting_id}", "#reader .utterance"),
            "deep_link_third_hour": (f"{url}?meeting={meeting_id}&t=9000", "#reader .utterance.current"),
        }
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                                 args=["--no-sandbox"])  # fmt: skip
            for _ in range(ROUNDS):
                for name, (address, selector) in targets.items():
                    page = browser.new_page()
                    started = time.perf_counter()
                    page.goto(address)
                    page.locator(selector).first.wait_for(timeout=60_000)
                    timings[name].append(time.perf_counter() - started)
                    if name == "meeting":
                        shown = page.locator("#reader .utterance").count()
                    page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    figures = {
        "transcript": {
            "hours": HOURS,
            "utterances": len(transcript["utterances"]),
            "words": sum(len(u["text"].split()) for u in transcript["utterances"]),
            "utterances_per_page": shown,
        },
        "median_seconds": {name: round(statistics.median(values), 3) for name, values in timings.items()},
        "max_seconds": {name: round(max(values), 3) for name, values in timings.items()},
        "target_seconds": 2.0,
        "measured_at": measured_at(),
    }
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    merge_results("web", figures)


if __name__ == "__main__":
    main()
