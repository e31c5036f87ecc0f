"""The `voices` commands: the register is switched per body, and a person's prints are deleted by id."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from protokoll.archive import open_database
from protokoll.interfaces.cli import cli

MEMBERS = Path(__file__).parent / "data" / "members" / "emscherhausen.csv"
BODY = "Rat der Stadt Emscherhausen"


def test_voice_register_commands(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "archive.db")
    base = ["--db", db, "--clerk", "datenschutz"]
    assert runner.invoke(cli, ["members", "import", str(MEMBERS), "--body", BODY, *base]).exit_code == 0
    archive = open_database(db)
    assert archive.execute("SELECT voice_register FROM bodies").fetchone()[0] == 0  # off until enabled

    enabled = runner.invoke(cli, ["voices", "enable", BODY, *base])
    assert enabled.exit_code == 0 and "voice register on" in enabled.output
    assert archive.execute("SELECT voice_register FROM bodies").fetchone()[0] == 1

    # a stored print (as a clerk's naming writes it) is deleted with the person's other prints
    archive.execute(
        "INSERT INTO voice_prints (person_id, body_id, model, vector, created_by, created_at) "
        "VALUES (1, 1, 'campplus-192', zeroblob(768), 'clerk', '2026-11-27')"
    )
    archive.conn.commit()
    deleted = runner.invoke(cli, ["voices", "delete", "1", *base])
    assert deleted.exit_code == 0 and "1 voice prints of person 1 deleted" in deleted.output
    assert archive.execute("SELECT count(*) FROM voice_prints").fetchone()[0] == 0

    disabled = runner.invoke(cli, ["voices", "disable", BODY, *base])
    assert disabled.exit_code == 0 and "voice register off" in disabled.output
    assert archive.execute("SELECT voice_register FROM bodies").fetchone()[0] == 0
    audit = archive.execute("SELECT actor, action FROM audit WHERE action LIKE 'voice%' OR action LIKE 'delete%'")
    assert set(audit.fetchall()) == {("datenschutz", "voice_register"), ("datenschutz", "delete_voice_prints")}

    for command, message in [(["voices", "enable", "Rat der Stadt Nirgendwo"], "no body named"),
                             (["voices", "delete", "4711"], "no person with id 4711")]:  # fmt: skip
        result = runner.invoke(cli, [*command, *base])
        assert result.exit_code == 2 and message in result.output
