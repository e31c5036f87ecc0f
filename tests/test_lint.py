"""The sources pass the linter and the formatter the project is configured with (pyproject.toml), so that a
regular expression written with a control character instead of its escape ("\\b" as a backspace) cannot land."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["protokoll", "tests", "benchmarks"]


def _ruff(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *arguments], cwd=ROOT, capture_output=True, text=True)


def test_the_sources_pass_the_linter():
    checked = _ruff("check", *SOURCES)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_sources_are_formatted():
    formatted = _ruff("format", "--check", *SOURCES)
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr


def test_a_control_character_in_a_pattern_is_caught(tmp_path):
    source = tmp_path / "pattern.py"
    source.write_text('import re\n\nWORD = re.compile(r"\x08wort\x08")\n', encoding="utf-8")
    checked = _ruff("check", "--config", str(ROOT / "pyproject.toml"), str(source))
    assert checked.returncode != 0 and "PLE251" in checked.stdout
