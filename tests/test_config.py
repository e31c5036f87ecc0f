"""Settings from the environment: each value read as its type, a wrong one named."""

from __future__ import annotations

import pytest

from protokoll.config import load_settings
from protokoll.errors import InputError


@pytest.mark.parametrize("raw, expected", [("1", True), ("true", True), ("Yes", True), ("off", False), ("0", False)])
def test_a_switch_is_read_as_a_boolean(raw, expected):
    assert load_settings(environ={"PROTOKOLL_POOLED_EMBEDDINGS": raw}).pooled_embeddings is expected


def test_a_switch_that_is_no_boolean_is_refused_by_name():
    with pytest.raises(InputError, match="pooled_embeddings"):
        load_settings(environ={"PROTOKOLL_POOLED_EMBEDDINGS": "sometimes"})


def test_numbers_are_read_as_numbers():
    settings = load_settings(environ={"PROTOKOLL_CLUSTERING_THRESHOLD": "0.7", "PROTOKOLL_MAX_SPEAKERS": "9"})
    assert (settings.clustering_threshold, settings.max_speakers) == (0.7, 9)
