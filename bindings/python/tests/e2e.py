"""Helpers of the end-to-end tests: a service under test on loopback, and `oo-jwt docs-sim session`
driving it. Every run is bounded (`timeout`, subprocess timeouts, a deadline on readiness); the
service runs in its own process group, killed in every path; nothing waits a fixed time.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

TESTS = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.normpath(os.path.join(TESTS, "..", "..", ".."))
CLI = os.environ.get("OO_JWT_CLI") or os.path.join(REPO_ROOT, "target", "release", "oo-jwt")
LOCAL_JSON = os.path.join(REPO_ROOT, "tests", "fixtures", "integration", "local.json")


class Server:
    """`python ARGS...` in its own process group, whose first stdout line ends with the port it
    listens on; `port` once the service answers HTTP."""

    def __init__(self, args, log, cwd=None, env=None):
        self.log = log
        with open(log, "w") as err:
            self.proc = subprocess.Popen(
                ["timeout", "-s", "KILL", "300", sys.executable] + list(args),
                stdout=subprocess.PIPE, stderr=err, text=True, start_new_session=True, cwd=cwd,
                env=env)
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
        assert line.strip(), self.log.read_text()
        port = int(line.rstrip().rstrip("/").rsplit(":", 1)[-1].split()[-1])
        while True:  # the socket listens already; poll until the app answers, up to the deadline
            try:
                with urllib.request.urlopen("http://127.0.0.1:%d/" % port, timeout=5):
                    return port
            except urllib.error.HTTPError:  # any HTTP answer: the app is up
                return port
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise AssertionError("server not ready: " + self.log.read_text())
                time.sleep(0.05)

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def stop(self):
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=60)
        self.proc.stdout.close()


def session(server, local_json=LOCAL_JSON, file_path="/files/doc.docx"):
    """`oo-jwt docs-sim session --json` against `server`: (exit status, parsed report)."""
    r = subprocess.run(
        ["timeout", "-s", "KILL", "300", CLI, "docs-sim", "session", "--config", local_json,
         "--callback-url", server.url("/callback"), "--file-url", server.url(file_path), "--json"],
        capture_output=True, text=True, timeout=330)
    try:
        report = json.loads(r.stdout)
    except ValueError:
        raise AssertionError("docs-sim session: %r %r" % (r.stdout, r.stderr))
    return r.returncode, report
