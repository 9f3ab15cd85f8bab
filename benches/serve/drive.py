#!/usr/bin/env python3
"""Per-request benchmark: each language's callback handler against the same handler written with the
language's usual JWT library, both under the same real HTTP server, driven on loopback by wrk.

For every language in benches/serve/<lang>/, its `server` script installs its servers (`server deps`),
names them (`server describe`) and runs one side in the foreground (`server run SIDE PORT`). This
driver makes two Docs callbacks with the CLI (`oo-jwt request sign`, the outbox secret): a typical
status-2 callback (body token plus header token) and a large one (thousands of history changes; the
header token over the fields Docs keeps after cutting it, as Docs does above 7,168 characters). It
checks every side (the valid callback gets 200 with {"error":0}, a corrupted signature a non-2xx),
then measures each side with wrk in rounds that alternate the sides, so that a busy machine slows all
alike. Results: target/bench-report/serve.json (merged per language with --only), read by
benches/report.py.

Usage: python3 benches/serve/drive.py [--only python,php] [--seconds 3] [--rounds 3]
Env: OO_JWT_CLI (default target/release/oo-jwt), SERVE_SECONDS, SERVE_ROUNDS, SERVE_CONNECTIONS,
SERVE_WORKERS, SERVE_MAX_REQUESTS, SERVE_HISTORY (changes in the large callback).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from drivers import LANGS, OUT, ROOT, cli, ensure_tool, installed_env, languages, log, run_all  # noqa: E402

WORK = os.path.join(ROOT, "target", "bench-serve", "run")
SECRET = "bench-outbox-secret-0123456789abcdef"
INBOX = "bench-inbox-secret-0123456789abcdef0"
HEADER_LIMIT = 7168  # Docs cuts the header token from this length on (docs/docs-sim.md)
START_TIMEOUT = 120  # seconds for a server to accept connections (a JVM or Mono start included)

# wrk's script: the request from files named in the environment, a bounded count of responses,
# and the figures as one JSON line (summary.errors.status counts responses with a status above 399).
WRK_LUA = r"""
local f = assert(io.open(os.getenv("OO_WRK_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
local auth = os.getenv("OO_WRK_AUTH")
if auth and auth ~= "" then wrk.headers["Authorization"] = "Bearer " .. auth end
local max = tonumber(os.getenv("OO_WRK_MAX") or "0")
local seen = 0
function response(status, headers, body)
  seen = seen + 1
  if max > 0 and seen >= max then wrk.thread:stop() end
end
function done(summary, latency, requests)
  io.write(string.format('OO_WRK {"requests":%d,"duration_us":%d,"status_errors":%d,"connect_errors":%d,' ..
    '"read_errors":%d,"write_errors":%d,"timeouts":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50), latency:percentile(99)))
end
"""


def sign_request(fields: dict, placement: str) -> str:
    env = dict(os.environ, OO_BENCH_SECRET=SECRET)
    p = subprocess.run([cli(), "request", "sign", "-", "--secret-env", "OO_BENCH_SECRET", "--placement", placement,
                        "--expires-in", "3600"], input=json.dumps(fields, separators=(",", ":")),
                       capture_output=True, text=True, env=env, check=True)
    return p.stdout.strip()


def callback_fields(changes: int) -> dict:
    """A status-2 callback as Docs' OutputSfcData writes it (docs/docs-sim.md)."""
    return {
        "key": "bench-key-%d" % changes,
        "status": 2,
        "url": "https://documentserver/cache/files/data/bench/output.docx/output.docx",
        "changesurl": "https://documentserver/cache/files/data/bench/changes.zip/changes.zip",
        "history": {
            "serverVersion": "9.2.0",
            "changes": [{"created": "2026-12-07 10:%02d:%02d" % (i // 60 % 60, i % 60),
                         "user": {"id": "uid-%04d" % (i % 50), "name": "User %d" % (i % 50)}}
                        for i in range(changes)],
        },
        "users": ["uid-0001"],
        "actions": [{"type": 0, "userid": "uid-0001"}],
        "lastsave": "2026-12-07T10:00:00.000Z",
        "notmodified": False,
        "filetype": "docx",
    }


def make_request(name: str, changes: int) -> dict:
    """Writes <name>.body, <name>.auth, <name>.bad.body; returns the request's description."""
    fields = callback_fields(changes)
    body = sign_request(fields, "body")
    header = sign_request(fields, "header")
    cut = False
    if len(header) >= HEADER_LIMIT:
        kept = dict(fields)
        kept.pop("changesurl", None)
        kept["history"] = {}
        header = sign_request(kept, "header")
        cut = True
    # A corrupted signature: the body token's last signature characters changed.
    doc = json.loads(body)
    tok = doc["token"]
    doc["token"] = tok[:-4] + ("AAAA" if tok[-4:] != "AAAA" else "BBBB")
    paths = {k: os.path.join(WORK, name + suffix) for k, suffix in
             (("body", ".body"), ("auth", ".auth"), ("bad", ".bad.body"))}
    with open(paths["body"], "w") as f:
        f.write(body)
    with open(paths["auth"], "w") as f:
        f.write(header)
    with open(paths["bad"], "w") as f:
        f.write(json.dumps(doc, separators=(",", ":")))
    return {"name": name, "changes": changes, "body_bytes": len(body.encode()), "header_bytes": len(header),
            "header_cut": cut, "paths": paths, "header": header}


def write_config(path: str) -> None:
    with open(path, "w") as f:
        json.dump({"services": {"CoAuthoring": {
            "secret": {"inbox": {"string": INBOX}, "outbox": {"string": SECRET}, "browser": {"string": INBOX}},
            "token": {"enable": {"browser": True, "request": {"inbox": True, "outbox": True}}}}}}, f, indent=2)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(port: int, req: dict, bad: bool = False, timeout: float = 30) -> tuple[int, bytes]:
    with open(req["paths"]["bad" if bad else "body"], "rb") as f:
        data = f.read()
    r = urllib.request.Request("http://127.0.0.1:%d/callback" % port, data=data, method="POST",
                               headers={"Content-Type": "application/json", "Authorization": "Bearer " + req["header"]})
    try:
        with urllib.request.urlopen(r, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


class Server:
    """One side's server: its own session, so that SIGTERM to the group stops all it started."""

    def __init__(self, script: str, lang: str, side: str, env: dict):
        self.side, self.port = side, free_port()
        self.workdir = os.path.join(WORK, lang, side)
        shutil.rmtree(self.workdir, ignore_errors=True)
        os.makedirs(self.workdir)
        self.log_path = os.path.join(WORK, lang, side + ".log")
        env = dict(env, OO_SERVE_WORKDIR=self.workdir)
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen([script, "run", side, str(self.port)], env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self) -> str | None:
        deadline = time.time() + START_TIMEOUT
        while time.time() < deadline:
            if self.proc.poll() is not None:
                return "exited with %d before listening (log: %s)" % (self.proc.returncode, self.log_path)
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return None
            except OSError:
                time.sleep(0.2)
        return "not listening after %d s (log: %s)" % (START_TIMEOUT, self.log_path)

    def stop(self) -> None:
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        try:  # whatever the script left in its group
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.log.close()


def check_side(srv: Server, reqs: list[dict]) -> str | None:
    for req in reqs:
        try:
            status, body = post(srv.port, req)
        except OSError as e:
            return "%s: %s callback: %s" % (srv.side, req["name"], e)
        try:
            ok = status == 200 and json.loads(body).get("error") in (0, "0")
        except ValueError:
            ok = False
        if not ok:
            return "%s: %s callback answered %d %r, not 200 {\"error\":0}" % (srv.side, req["name"], status, body[:200])
        status, body = post(srv.port, req, bad=True)
        if 200 <= status < 300:
            return "%s: a %s callback with a corrupted signature answered %d %r" % (srv.side, req["name"], status, body[:200])
    return None


def wrk(port: int, req: dict, seconds: float, conns: int, max_requests: int, lua: str) -> dict:
    env = dict(os.environ, OO_WRK_BODY=req["paths"]["body"], OO_WRK_AUTH=req["header"], OO_WRK_MAX=str(max_requests))
    cmd = ["wrk", "-t1", "-c%d" % conns, "-d%ds" % max(1, round(seconds)), "--timeout", "10s", "-s", lua,
           "http://127.0.0.1:%d/callback" % port]
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=seconds + 60)
    for line in p.stdout.splitlines():
        if line.startswith("OO_WRK "):
            d = json.loads(line[7:])
            d["rps"] = d["requests"] / (d["duration_us"] / 1e6) if d["duration_us"] else 0.0
            d["errors"] = sum(d[k] for k in ("status_errors", "connect_errors", "read_errors", "write_errors", "timeouts"))
            return d
    raise RuntimeError("wrk printed no result (exit %d): %s" % (p.returncode, (p.stdout + p.stderr)[-400:]))


def run_lang(lang: str, reqs: list[dict], args, lua: str, config: str) -> dict:
    script = os.path.join(HERE, lang, "server")
    res: dict = {"lang": lang}
    if not os.access(script, os.X_OK):
        res["error"] = "benches/serve/%s/server is missing" % lang
        return res
    env = installed_env(dict(os.environ, OO_JWT_ROOT=ROOT, OO_SERVE_CONFIG=config, OO_SERVE_SECRET=SECRET,
                             OO_SERVE_WORKERS=str(args.workers)))
    log("== serve %s: deps" % lang)
    p = subprocess.run([script, "deps"], env=env, stdout=sys.stdout, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        res["error"] = "`server deps` failed (exit %d)" % p.returncode
        return res
    p = subprocess.run([script, "describe"], env=env, capture_output=True, text=True)
    try:
        res["describe"] = json.loads(p.stdout.strip().splitlines()[-1])
        sides = list(res["describe"]["sides"])
        assert "oo" in sides and "peer" in sides
    except (ValueError, IndexError, KeyError, AssertionError):
        res["error"] = "`server describe` printed no valid description: %r" % (p.stdout + p.stderr)[-300:]
        return res
    servers: list[Server] = []
    try:
        for side in sides:
            servers.append(Server(script, lang, side, env))
        for srv in servers:
            err = srv.wait_ready() or check_side(srv, reqs)
            if err:
                res["error"] = "%s: %s" % (srv.side, err) if not err.startswith(srv.side) else err
                return res
        results: dict = {}
        if args.check_only:
            res["checked"] = True
            return res
        for req in reqs:
            per = results.setdefault(req["name"], {s.side: {"rps": [], "p99_ms": [], "p50_ms": [], "requests": []} for s in servers})
            for srv in servers:  # warm-up (JIT, opcache, connection pools), not recorded
                wrk(srv.port, req, 1, args.connections, args.max_requests, lua)
            for rnd in range(args.rounds):
                order = servers if rnd % 2 == 0 else list(reversed(servers))
                for srv in order:
                    d = wrk(srv.port, req, args.seconds, args.connections, args.max_requests, lua)
                    if d["errors"]:
                        kinds = ", ".join("%d %s" % (d[k], k.replace("_", " ")) for k in (
                            "status_errors", "connect_errors", "read_errors", "write_errors", "timeouts") if d[k])
                        res["error"] = "%s: %d failed responses (%s) during the %s measurement (log: %s)" % (
                            srv.side, d["errors"], kinds, req["name"], os.path.relpath(srv.log_path, ROOT))
                        return res
                    per[srv.side]["rps"].append(round(d["rps"], 1))
                    per[srv.side]["p99_ms"].append(d["p99_us"] / 1000)
                    per[srv.side]["p50_ms"].append(d["p50_us"] / 1000)
                    per[srv.side]["requests"].append(d["requests"])
                    log("   %s %-10s %-6s round %d: %8.0f req/s  p99 %7.2f ms" % (
                        lang, srv.side, req["name"], rnd + 1, d["rps"], d["p99_us"] / 1000))
            for side, d in per.items():
                d["rps_median"] = statistics.median(d["rps"])
                d["p99_ms_median"] = statistics.median(d["p99_ms"])
        res["results"] = results
        return res
    finally:
        for srv in servers:
            srv.stop()


def prepare(args) -> list[dict]:
    """The work directory, the servers' local.json and the two requests."""
    os.makedirs(WORK, exist_ok=True)
    os.makedirs(OUT, exist_ok=True)
    write_config(os.path.join(WORK, "local.json"))
    return [make_request("typical", 2), make_request("large", args.history)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default="", help="comma-separated languages: " + ",".join(LANGS))
    ap.add_argument("--seconds", type=float, default=float(os.environ.get("SERVE_SECONDS", 3)))
    ap.add_argument("--rounds", type=int, default=int(os.environ.get("SERVE_ROUNDS", 3)))
    ap.add_argument("--connections", type=int, default=int(os.environ.get("SERVE_CONNECTIONS", 4)))
    ap.add_argument("--workers", type=int, default=int(os.environ.get("SERVE_WORKERS", 2)))
    ap.add_argument("--max-requests", type=int, default=int(os.environ.get("SERVE_MAX_REQUESTS", 200000)))
    ap.add_argument("--history", type=int, default=int(os.environ.get("SERVE_HISTORY", 3000)))
    ap.add_argument("--check-only", action="store_true",
                    help="start and check every side (valid callback accepted, corrupted one refused), measure nothing")
    args = ap.parse_args()
    only = languages(ap, args.only)
    if not os.access(cli(), os.X_OK):
        log("the CLI %s is missing: run `make release` first" % cli())
        return 1
    if args.check_only:
        failed, reqs = [], prepare(args)
        for lang in (only or LANGS):
            res = run_lang(lang, reqs, args, "", os.path.join(WORK, "local.json"))
            log("== serve %s: %s" % (lang, res.get("error") or "every side accepts the callbacks and refuses a corrupted one"))
            if res.get("error"):
                failed.append(lang)
        return 1 if failed else 0
    ensure_tool("wrk")
    reqs = prepare(args)
    lua = os.path.join(WORK, "post.lua")
    with open(lua, "w") as f:
        f.write(WRK_LUA)
    config = os.path.join(WORK, "local.json")
    for r in reqs:
        log("== request %s: %d history changes, body %d bytes, header token %d characters%s" % (
            r["name"], r["changes"], r["body_bytes"], r["header_bytes"], " (cut as Docs cuts it)" if r["header_cut"] else ""))

    def report(lang: str, res: dict) -> None:
        for size, per in res["results"].items():
            oo, peer = per["oo"]["rps_median"], per["peer"]["rps_median"]
            log("== serve %s %s: oo %.0f req/s, peer %.0f req/s, ratio %.2f×" % (lang, size, oo, peer, oo / peer if peer else 0))

    settings = {"seconds": args.seconds, "rounds": args.rounds, "connections": args.connections,
                "workers": args.workers, "max_requests": args.max_requests, "wrk_threads": 1}
    requests = {r["name"]: {k: r[k] for k in ("changes", "body_bytes", "header_bytes", "header_cut")} for r in reqs}
    return run_all("serve", only, settings, {"requests": requests},
                   lambda lang: run_lang(lang, reqs, args, lua, config), report)

if __name__ == "__main__":
    sys.exit(main())
