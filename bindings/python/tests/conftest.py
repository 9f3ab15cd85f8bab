"""Shared pytest setup: the package under test, plus the suite's closing `N passed, N failed` line."""

from __future__ import annotations

import os
import sys

import pytest

BINDING_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_ROOT = os.path.normpath(os.path.join(BINDING_DIR, "..", ".."))
if BINDING_DIR not in sys.path:
    sys.path.insert(0, BINDING_DIR)
# The real built library (the top-level Makefile exports OO_JWT_LIB; default: the release build).
os.environ.setdefault("OO_JWT_LIB", os.path.join(REPO_ROOT, "target", "release", "liboo_jwt.so"))

_counts = {"passed": 0, "failed": 0}


def pytest_runtest_logreport(report):
    if report.when == "call":
        if report.passed:
            _counts["passed"] += 1
        elif report.failed:
            _counts["failed"] += 1
    elif report.failed:  # an error in setup or teardown fails the test
        _counts["failed"] += 1


def pytest_collectreport(report):
    if report.failed:
        _counts["failed"] += 1


def pytest_sessionfinish(session, exitstatus):
    # "no tests collected" (exit status 5) is a failure of this suite, never a pass.
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        _counts["failed"] += 1


def pytest_unconfigure(config):
    # Printed after pytest's own summary, so that it is the suite's last line.
    if not hasattr(config, "workerinput"):
        sys.stdout.write("%d passed, %d failed\n" % (_counts["passed"], _counts["failed"]))
        sys.stdout.flush()
