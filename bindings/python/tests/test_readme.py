"""The README's example runs as written against the real library."""

from __future__ import annotations

import os
import re
import subprocess
import sys

BINDING_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_readme_example_runs():
    with open(os.path.join(BINDING_DIR, "README.md"), encoding="utf-8") as f:
        blocks = re.findall(r"^```python\n(.*?)^```$", f.read(), re.S | re.M)
    (example,) = [b for b in blocks if "readme-example" in b]
    assert len(example.strip().splitlines()) <= 10
    r = subprocess.run([sys.executable, "-c", example], cwd=BINDING_DIR, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("bad_signature 6 "), r.stdout


def test_readme_editor_method_example_runs():
    with open(os.path.join(BINDING_DIR, "README.md"), encoding="utf-8") as f:
        blocks = re.findall(r"^```python\n(.*?)^```$", f.read(), re.S | re.M)
    (example,) = [b for b in blocks if "editor-method-example" in b]
    r = subprocess.run([sys.executable, "-c", example], cwd=BINDING_DIR, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith('{"c": "add", "images": [{"fileType": "png", "url": '), r.stdout
