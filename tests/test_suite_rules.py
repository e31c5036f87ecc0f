"""The rules tests/conftest.py sets for the whole suite: a skipped test fails the run."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFTEST = Path(__file__).with_name("conftest.py")


@pytest.fixture
def suite(pytester):
    """A throwaway test folder that runs under a copy of the suite's conftest.py."""
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    return pytester


def test_a_skipped_test_fails_the_run(suite):
    suite.makepyfile(
        test_example="""
        import pytest

        def test_runs():
            pass

        def test_needs_a_browser():
            pytest.skip("no chromium here")
        """
    )
    result = suite.runpytest()
    result.assert_outcomes(passed=1, skipped=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        ["*skipped tests fail the run*", "*SKIPPED test_example.py::test_needs_a_browser: no chromium here"]
    )


def test_a_skipped_module_fails_the_run(suite):
    suite.makepyfile(
        test_example='import pytest\npytest.skip("no corpus", allow_module_level=True)\n',
        test_other="def test_runs():\n    pass\n",
    )
    result = suite.runpytest()
    result.assert_outcomes(passed=1, skipped=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*SKIPPED test_example.py: no corpus"])


def test_a_run_without_skips_passes(suite):
    suite.makepyfile(test_example="def test_runs():\n    pass\n")
    result = suite.runpytest()
    result.assert_outcomes(passed=1)
    assert result.ret == pytest.ExitCode.OK
    assert "skipped tests fail the run" not in result.stdout.str()
