"""The package's type hints (py.typed) pass mypy --strict, and so does code using the public API."""

from __future__ import annotations

import os
import subprocess
import sys

BINDING_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_mypy_strict():
    r = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
         "--cache-dir", os.path.join(BINDING_DIR, ".venv", ".mypy_cache"),
         "oo_jwt", os.path.join("tests", "typing_usage.py")],
        cwd=BINDING_DIR, capture_output=True, text=True, timeout=300,
    )
    assert r.returncode == 0, r.stdout + r.stderr
