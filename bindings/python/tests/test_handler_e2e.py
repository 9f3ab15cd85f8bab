"""End to end, per stack (plain WSGI under wsgiref, Flask under werkzeug's server, Django under the
server `runserver` runs): tests/handler_server.py on loopback, driven by `oo-jwt docs-sim session`
as Docs drives an integrator's service, with settings from load_config of the shared fixture.

Each run is bounded (`timeout`, pytest's subprocess timeouts, a deadline on readiness), the server
is started in its own process group and killed in every path, and nothing waits a fixed time.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

import oo_jwt

TESTS = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.normpath(os.path.join(TESTS, "..", "..", ".."))
CLI = os.environ.get("OO_JWT_CLI") or os.path.join(REPO_ROOT, "target", "release", "oo-jwt")
LOCAL_JSON = os.path.join(REPO_ROOT, "tests", "fixtures", "integration", "local.json")
STACKS = ["wsgi", "flask", "django"]


class Server:
    """handler_server.py STACK in its own process group; `port` once it accepts connections."""

    def __init__(self, stack, local_json, tmp_path):
        self.record = tmp_path / ("%s-callbacks.jsonl" % stack)
        self.log = tmp_path / ("%s-server.log" % stack)
        with open(self.log, "w") as err:
            self.proc = subprocess.Popen(
                ["timeout", "-s", "KILL", "300", sys.executable,
                 os.path.join(TESTS, "handler_server.py"), stack, local_json, str(self.record)],
                stdout=subprocess.PIPE, stderr=err, text=True, start_new_session=True)
        try:
            self.port = self._wait_ready(deadline=time.monotonic() + 60)
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self, deadline):
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout, selectors.EVENT_READ)
            if not sel.select(timeout=max(0.0, deadline - time.monotonic())):
                raise AssertionError("server did not start: " + self.log.read_text())
        line = self.proc.stdout.readline()
        assert line.startswith("listening "), (line, self.log.read_text())
        port = int(line.split()[1])
        while True:  # the socket listens already; poll until the app answers, up to the deadline
            try:
                with urllib.request.urlopen("http://127.0.0.1:%d/healthz" % port, timeout=5) as r:
                    if r.status == 200:
                        return port
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise AssertionError("server not ready: " + self.log.read_text())
                time.sleep(0.05)

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def callbacks(self):
        if not self.record.exists():
            return []
        return [json.loads(line) for line in self.record.read_text().splitlines()]

    def stop(self):
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=60)
        self.proc.stdout.close()


def session(server):
    r = subprocess.run(
        ["timeout", "-s", "KILL", "300", CLI, "docs-sim", "session", "--config", LOCAL_JSON,
         "--callback-url", server.url("/callback"), "--file-url", server.url("/files/doc.docx"),
         "--json"],
        capture_output=True, text=True, timeout=330)
    try:
        report = json.loads(r.stdout)
    except ValueError:
        raise AssertionError("docs-sim session: %r %r" % (r.stdout, r.stderr))
    return r.returncode, report


@pytest.fixture
def run_stack(tmp_path):
    servers = []

    def run(stack, local_json=LOCAL_JSON):
        server = Server(stack, local_json, tmp_path)
        servers.append(server)
        rc, report = session(server)
        return rc, report, server.callbacks(), server.log

    yield run
    for server in servers:
        server.stop()


@pytest.mark.parametrize("stack", STACKS)
def test_docs_sim_session_passes(stack, run_stack):
    rc, report, callbacks, log = run_stack(stack)
    failed = [s for s in report["steps"] if not s["ok"]]
    assert rc == 0 and report["failed"] == 0 and not failed, (failed, log.read_text())
    assert report["passed"] == len(report["steps"]) >= 14

    # Every callback the handler took is typed, and every status of the session was seen.
    assert {c["status"] for c in callbacks} == {1, 2, 3, 4, 6, 7}
    assert {c["status_type"] for c in callbacks} == {"CallbackStatus"}
    assert not [c for c in callbacks if c["key"].endswith("-forged")]  # refused, never handled
    for c in callbacks:
        if c["status"] in (2, 6):
            assert c["url"] and c["saved_bytes"] > 0, c  # the handler downloaded the result
    (force,) = [c for c in callbacks if c["status"] == 6]
    assert force["forcesavetype"] == 1 and force["forcesavetype_type"] == "ForceSaveType"
    assert force["userdata"]
    assert all(c["users"] for c in callbacks if c["status"] == 1)
    # Docs cut the long callback's header token (no changesurl, history {}): what the handler got
    # can only come from the body token.
    (long,) = [c for c in callbacks if c["key"].endswith("-long")]
    assert long["status"] == 2 and long["changesurl"]
    assert len(long["history"]["changes"]) == 120
    assert "Bearer " not in log.read_text()  # no token reaches the server's log


@pytest.mark.parametrize("stack", STACKS)
def test_wrong_outbox_secret_fails_the_session(stack, run_stack, tmp_path):
    with open(LOCAL_JSON, encoding="utf-8") as f:
        config = json.load(f)
    secret = config["services"]["CoAuthoring"]["secret"]
    secret["outbox"]["string"] = "another-outbox-secret-0123456789"
    wrong = tmp_path / "wrong-outbox.json"
    wrong.write_text(json.dumps(config))
    assert oo_jwt.load_config(str(wrong))["outbox"]["secret"] == "another-outbox-secret-0123456789"

    rc, report, callbacks, _ = run_stack(stack, str(wrong))
    assert rc != 0 and report["failed"] > 0
    failed = {s["name"] for s in report["steps"] if not s["ok"]}
    assert any("callback status 2" in name for name in failed), failed
    assert any("downloads document.url" in name for name in failed), failed
    assert callbacks == []  # no callback verified with the wrong secret
