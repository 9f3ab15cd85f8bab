"""End to end, per stack (plain WSGI under wsgiref, Flask under werkzeug's server, Django under the
server `runserver` runs): tests/handler_server.py on loopback, driven by `oo-jwt docs-sim session`
as Docs drives an integrator's service, with settings from load_config of the shared fixture.

Runs are bounded and servers killed in every path (tests/e2e.py).
"""

from __future__ import annotations

import json
import os

import pytest
from e2e import LOCAL_JSON, TESTS, Server, session

import oo_jwt

STACKS = ["wsgi", "flask", "django"]


@pytest.fixture
def run_stack(tmp_path):
    servers = []

    def run(stack, local_json=LOCAL_JSON):
        record, log = tmp_path / ("%s.jsonl" % stack), tmp_path / ("%s.log" % stack)
        server = Server([os.path.join(TESTS, "handler_server.py"), stack, local_json, str(record)], log)
        servers.append(server)
        rc, report = session(server)
        lines = record.read_text().splitlines() if record.exists() else []
        return rc, report, [json.loads(line) for line in lines], log

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
