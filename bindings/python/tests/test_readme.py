"""The README's example runs as written against the real library."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from e2e import LOCAL_JSON, Server, session

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


def readme_block(marker):
    with open(os.path.join(BINDING_DIR, "README.md"), encoding="utf-8") as f:
        blocks = re.findall(r"^```python\n(.*?)^```$", f.read(), re.S | re.M)
    (block,) = [b for b in blocks if marker in b]
    return block


def run_session_against(args, tmp_path, env):
    """The README's service, started as written, must pass every step of `docs-sim session`."""
    server = Server(args, tmp_path / "server.log", cwd=str(tmp_path), env=env)
    try:
        rc, report = session(server)
    finally:
        server.stop()
    failed = [s for s in report["steps"] if not s["ok"]]
    assert rc == 0 and report["failed"] == 0 and not failed, (failed, (tmp_path / "server.log").read_text())
    return report


def example_env(**extra):
    env = dict(os.environ, DOCS_LOCAL_JSON=LOCAL_JSON, **extra)
    env["PYTHONPATH"] = os.pathsep.join([BINDING_DIR] + [p for p in [env.get("PYTHONPATH")] if p])
    return env


def test_readme_flask_example_passes_docs_sim(tmp_path):
    (tmp_path / "app.py").write_text(readme_block("flask-example"))
    store = tmp_path / "store"
    store.mkdir()
    (store / "doc.docx").write_bytes(b"PK\x03\x04 the document")
    serve = ("import app, werkzeug.serving as s; srv = s.make_server('127.0.0.1', 0, app.app, threaded=True); "
             "print('listening', srv.server_port, flush=True); srv.serve_forever()")
    run_session_against(["-c", serve], tmp_path, example_env(STORE=str(store)))
    saved = sorted(p.name for p in store.iterdir() if p.name != "doc.docx")
    # Saved on status 6 and 2 of the main key and on the long-history key's status 2.
    assert len(saved) == 2 and any(n.endswith("-long.docx") for n in saved), saved
    assert all((store / n).stat().st_size > 0 for n in saved)


def test_readme_wsgi_example_passes_docs_sim(tmp_path):
    (tmp_path / "service.py").write_text(readme_block("wsgi-example"))
    run_session_against(["service.py"], tmp_path, example_env(PORT="0"))
    log = (tmp_path / "server.log").read_text()
    assert "<CallbackStatus.READY_FOR_SAVING: 2>" in log and "<CallbackStatus.FORCE_SAVE: 6>" in log
