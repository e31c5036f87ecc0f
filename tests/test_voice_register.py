"""The voice register on real voices: named once by the clerk, recognised in the next session, and private.

Two sessions of tests/data/voice_sessions (real and synthetic voices, strangers in each) go through
the whole pipeline. The clerk names session 1; session 2's speakers are then named by the register
where it is sure. Every automatic name must be right, strangers must stay unnamed, and the prints
must stay out of every export and disappear when a person's prints are deleted or the register is
switched off.
"""

from __future__ import annotations

import json
import warnings

import pytest

from protokoll import archive
from protokoll.domain import MeetingInfo
from protokoll.errors import NotFoundError
from protokoll.evaluation import VOICE_SESSIONS, label_identities, read_rttm
from protokoll.services import Services

pytestmark = pytest.mark.slow
BODY = "Rat der Stadt Emscherhausen"


def _identities(db, meeting_id: int, audio) -> dict[str, dict]:
    spans = db.execute(
        "SELECT s.label, u.start, u.end FROM utterances u JOIN speakers s ON s.id = u.speaker_id "
        "WHERE u.meeting_id = ?",
        [meeting_id],
    ).fetchall()
    names = {key: v["name"] for key, v in json.loads(audio.with_suffix(".json").read_text("utf-8"))["speakers"].items()}
    return {
        label: {**who, "name": names[who["person"]]}
        for label, who in label_identities(spans, read_rttm(audio.with_suffix(".rttm"))).items()
    }


@pytest.fixture(scope="module")
def register(pipeline, tmp_path_factory):
    """Session 1 named by the clerk (register on), session 2 ingested: (services, meeting ids, identities)."""
    services = Services.for_archive(tmp_path_factory.mktemp("voices") / "archive.db", pipeline=pipeline)
    audio = [path.with_suffix(".flac") for path in VOICE_SESSIONS[:2]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        first = services.ingest(audio[0], MeetingInfo(title="Sitzung 1", date="2026-02-15", body=BODY)).meeting_id
        db = services.db()
        truth = _identities(db, first, audio[0])
        named = [(label, who) for label, who in truth.items() if who["purity"] >= 0.8 and who["seconds"] >= 2.0]
        # The register is off by default: naming stores no print.
        services.name_speaker(first, named[0][0], named[0][1]["name"], None, "clerk")
        assert db.execute("SELECT count(*) FROM voice_prints").fetchone()[0] == 0
        services.set_voice_register(BODY, True, "operator")
        for label, who in named:
            services.name_speaker(first, label, who["name"], None, "clerk")
        second = services.ingest(audio[1], MeetingInfo(title="Sitzung 2", date="2026-03-15", body=BODY)).meeting_id
    return services, (first, second), (truth, _identities(services.db(), second, audio[1])), named


def test_naming_a_speaker_registers_its_voice(register):
    services, (first, _), _, named = register
    db = services.db()
    rows = db.execute("SELECT p.name, v.meeting_id, length(v.vector) FROM voice_prints v JOIN persons p "
                      "ON p.id = v.person_id").fetchall()  # fmt: skip
    assert sorted(name for name, _, _ in rows) == sorted(who["name"] for _, who in named)
    assert all(meeting == first and size == 192 * 4 for _, meeting, size in rows)


def test_the_next_session_is_named_by_voice_without_a_wrong_name(register):
    services, (_, second), (_, truth), named = register
    registered = {who["name"] for _, who in named}
    speakers = archive.load_meeting(services.db(), second).speakers
    automatic = {s.label: s for s in speakers if s.name_source == "voice"}
    wrong = {label: (s.name, truth.get(label)) for label, s in automatic.items()
             if truth.get(label, {}).get("name") != s.name}  # fmt: skip
    assert not wrong
    present = {who["name"] for who in truth.values() if who["name"] in registered and who["purity"] >= 0.8}
    assert len({s.name for s in automatic.values()}) >= len(present) // 2, (present, automatic)
    assert all(s.voice_score >= services.settings.voice_recognise_at for s in automatic.values())
    # strangers keep their labels
    for label, who in truth.items():
        if who["name"] not in registered:
            assert label not in automatic
    # each automatic name is waiting for the clerk, with its score
    waiting = {g.label: g for g in archive.suggestions(services.db(), second, open_only=True) if g.source == "voice"}
    assert {label for label, g in waiting.items() if g.status == "recognised"} == set(automatic)


def test_prints_never_leave_the_archive(register):
    services, (_, second), _, _ = register
    exported = json.dumps(archive.load_meeting(services.db(), second).to_dict())
    assert "embedding" not in exported and "vector" not in exported
    assert all(set(speaker) <= {"id", "label", "name", "person_id", "faction", "role", "name_source", "voice_score"}
               for speaker in json.loads(exported)["speakers"])  # fmt: skip


def test_rejecting_a_recognised_name_unnames_the_speaker(register):
    services, (_, second), _, _ = register
    recognised = [g for g in archive.suggestions(services.db(), second, open_only=True) if g.status == "recognised"]
    assert recognised, "the register named no one in session 2"
    services.decide_suggestion(recognised[0].id, False, "clerk")
    speaker = next(s for s in archive.load_meeting(services.db(), second).speakers if s.label == recognised[0].label)
    assert speaker.name is None and speaker.name_source is None


def test_deleting_prints_and_switching_the_register_off(register):
    services, (first, _), _, named = register
    db = services.db()
    person_id = db.execute("SELECT id FROM persons WHERE name = ?", [named[0][1]["name"]]).fetchone()[0]
    assert services.delete_voice_prints(person_id, "dpo") >= 1
    assert db.execute("SELECT count(*) FROM voice_prints WHERE person_id = ?", [person_id]).fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM speakers WHERE person_id = ? AND embedding IS NOT NULL",
                      [person_id]).fetchone()[0] == 0  # fmt: skip
    with pytest.raises(NotFoundError):
        services.delete_voice_prints(99999, "dpo")
    services.set_voice_register(BODY, False, "operator")
    assert db.execute("SELECT count(*) FROM voice_prints").fetchone()[0] == 0
    named_prints = "SELECT count(*) FROM speakers WHERE person_id IS NOT NULL AND embedding IS NOT NULL"
    assert db.execute(named_prints).fetchone()[0] == 0
    # with the register off, naming stores nothing
    services.name_speaker(first, named[1][0], named[1][1]["name"], None, "clerk")
    assert db.execute("SELECT count(*) FROM voice_prints").fetchone()[0] == 0
    actions = {row[0] for row in db.execute("SELECT action FROM audit")}
    assert {"voice_register", "register_voice", "delete_voice_prints", "recognise_speaker"} <= actions
