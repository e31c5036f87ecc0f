"""Speaking time per person and faction, for a meeting and over a body's meetings (`protokoll stats`)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from protokoll import archive
from protokoll.interfaces.cli import cli
from protokoll.services import Services

MEMBERS = Path(__file__).parent / "data" / "members" / "emscherhausen.csv"


def test_speaking_time_per_person_and_faction(tmp_path, text_embedder, sample_reference):
    services = Services.for_archive(tmp_path / "archive.db", embedder=text_embedder)
    services.import_members(MEMBERS, sample_reference["body"], "clerk")
    meeting_id = services.import_transcript(sample_reference)
    db = services.db()
    rows = archive.speaking_time(db, meeting_id)
    expected: dict[str, float] = {}
    for u in sample_reference["utterances"]:
        name = sample_reference["speakers"][u["speaker"]]["name"]
        expected[name] = expected.get(name, 0.0) + u["end"] - u["start"]
    assert {r["speaker"]: r["seconds"] for r in rows} == {k: round(v, 1) for k, v in expected.items()}
    assert [r["seconds"] for r in rows] == sorted((r["seconds"] for r in rows), reverse=True)
    factions = {f["faction"]: f for f in archive.speaking_time_by_faction(rows)}
    assert factions["SPD"]["seconds"] == round(expected["Klaus Becker"], 1)
    assert factions[None]["speakers"] == 2  # the mayor and the treasurer belong to no faction

    runner = CliRunner()
    base = ["--db", str(services.settings.database)]
    period = runner.invoke(cli, ["stats", "--body", sample_reference["body"], "--from", "2026-01-01", "--json", *base])
    assert period.exit_code == 0, period.output
    assert json.loads(period.output)["persons"] == rows
    # citizens' figures count only what is published
    public = runner.invoke(cli, ["stats", str(meeting_id), "--public", "--json", *base])
    assert json.loads(public.output) == {"persons": [], "factions": []}
    empty = runner.invoke(cli, ["stats", "--body", sample_reference["body"], "--to", "2020-01-01", "--json", *base])
    assert json.loads(empty.output)["persons"] == []
    text = runner.invoke(cli, ["stats", str(meeting_id), *base])
    assert "Klaus Becker\tSPD" in text.output and "ohne Fraktion" in text.output
    for bad, message in [([], "MEETING_ID or --body"), (["--body", "x", "--from", "1.1.2026"], "not a date"),
                         (["999"], "no meeting with id 999")]:  # fmt: skip
        result = runner.invoke(cli, ["stats", *bad, *base])
        assert result.exit_code != 0 and message in result.output


def test_the_reader_shows_speaking_time_of_what_is_public(tmp_path, text_embedder, sample_reference):
    from protokoll.interfaces.web.pages import meeting_html

    services = Services.for_archive(tmp_path / "archive.db", embedder=text_embedder)
    services.import_members(MEMBERS, sample_reference["body"], "clerk")
    meeting_id = services.import_transcript(sample_reference, publish=True)
    page = meeting_html(services.db(), meeting_id, None, "de", None, services.settings.data_dir)
    assert "<h2>Redezeit</h2>" in page
    becker = sum(u["end"] - u["start"] for u in sample_reference["utterances"] if u["speaker"] == "BECKER")
    assert f"<tr><td>Klaus Becker (SPD)</td><td>{round(becker, 1) / 60:.1f}</td>" in page
    assert "<tr><td>ohne Fraktion</td>" in page
