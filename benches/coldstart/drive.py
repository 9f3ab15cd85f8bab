#!/usr/bin/env python3
"""Cold start: time from process start to the first verified token, per language, oo-jwt against
the language's usual JWT library, as the median of repeated process launches (hyperfine).

Each language's benches/coldstart/<lang>/commands installs what it needs (`commands deps`) and
prints four command lines (`commands list`): `baseline` (the runtime starting and exiting), `load`
(the runtime loading liboo_jwt through its FFI, no wrapper, no call), `oo` (the installed oo-jwt
package verifying one token) and `peer` (the peer library verifying the same token). This driver
checks that `oo` and `peer` succeed with the right secret and fail with a wrong one, then times the
four with hyperfine in rounds and keeps every launch's time. Goal (per language): median(oo) −
median(peer) ≤ median(load) − median(baseline): oo-jwt costs no more than the peer plus the library
load itself. Results: target/bench-report/coldstart.json, read by benches/report.py.

Usage: python3 benches/coldstart/drive.py [--only python,go] [--runs 20] [--rounds 2]
Env: OO_JWT_CLI (default target/release/oo-jwt), COLD_RUNS, COLD_ROUNDS, COLD_WARMUP.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from drivers import LANGS, ROOT, cli, ensure_tool, installed_env, languages, log, run_all  # noqa: E402

WORK = os.path.join(ROOT, "target", "bench-cold")
KINDS = ["baseline", "load", "oo", "peer"]
SECRET = "bench-cold-secret-0123456789abcdef01"
KEY = "cold-key-4f1c"


def make_token() -> str:
    claims = {"key": KEY, "status": 2, "url": "https://documentserver/cache/files/data/cold/output.docx",
              "users": ["uid-0001"], "actions": [{"type": 0, "userid": "uid-0001"}]}
    env = dict(os.environ, OO_BENCH_SECRET=SECRET)
    p = subprocess.run([cli(), "sign", "-", "--secret-env", "OO_BENCH_SECRET", "--expires-in", "3600"],
                       input=json.dumps(claims), capture_output=True, text=True, env=env, check=True)
    return p.stdout.strip()


def run_lang(lang: str, env: dict, args) -> dict:
    script = os.path.join(HERE, lang, "commands")
    res: dict = {"lang": lang}
    if not os.access(script, os.X_OK):
        res["error"] = "benches/coldstart/%s/commands is missing" % lang
        return res
    log("== cold %s: deps" % lang)
    if subprocess.run([script, "deps"], env=env, stdout=sys.stdout, stderr=subprocess.STDOUT).returncode != 0:
        res["error"] = "`commands deps` failed"
        return res
    p = subprocess.run([script, "list"], env=env, capture_output=True, text=True)
    try:
        desc = json.loads(p.stdout.strip().splitlines()[-1])
        cmds = {k: list(desc["commands"][k]) for k in KINDS}
    except (ValueError, IndexError, KeyError, TypeError):
        res["error"] = "`commands list` printed no valid description: %r" % (p.stdout + p.stderr)[-300:]
        return res
    res["runtime"], res["peer"] = desc.get("runtime", "?"), desc.get("peer", "?")
    res["commands"] = {k: shlex.join(v) for k, v in cmds.items()}
    cwd = desc.get("cwd") or ROOT
    # Each command must do its job: all succeed with the right secret; oo and peer fail with a wrong one.
    for k in KINDS:
        r = subprocess.run(cmds[k], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            res["error"] = "%s failed (exit %d): %s" % (k, r.returncode, (r.stdout + r.stderr)[-300:])
            return res
    wrong = dict(env, OO_COLD_SECRET=SECRET[::-1])
    for k in ("oo", "peer"):
        r = subprocess.run(cmds[k], cwd=cwd, env=wrong, capture_output=True, text=True, timeout=120)
        if r.returncode == 0:
            res["error"] = "%s exits 0 with a wrong secret: it does not check the token" % k
            return res
    times: dict = {k: [] for k in KINDS}
    names = {shlex.join(cmds[k]): k for k in KINDS}
    for rnd in range(args.rounds):
        path = os.path.join(WORK, "%s-%d.json" % (lang, rnd))
        order = KINDS if rnd % 2 == 0 else list(reversed(KINDS))
        cmd = ["hyperfine", "-N", "--style", "basic", "--warmup", str(args.warmup), "--runs", str(args.runs),
               "--export-json", path] + [shlex.join(cmds[k]) for k in order]
        r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=1800)
        if r.returncode != 0:
            res["error"] = "hyperfine failed: %s" % (r.stdout + r.stderr)[-400:]
            return res
        with open(path) as f:
            for row in json.load(f)["results"]:
                times[names[row["command"]]].extend(row["times"])
    med = {k: statistics.median(v) * 1e6 for k, v in times.items()}
    res["median_us"] = {k: round(v) for k, v in med.items()}
    res["runs"] = {k: len(v) for k, v in times.items()}
    res["load_us"] = round(med["load"] - med["baseline"])
    res["extra_us"] = round(med["oo"] - med["peer"])
    res["met"] = res["extra_us"] <= res["load_us"]
    log("== cold %s: baseline %d µs, load +%d µs, oo %d µs, peer %d µs: oo − peer = %+d µs (goal ≤ %d µs: %s)" % (
        lang, med["baseline"], res["load_us"], med["oo"], med["peer"], res["extra_us"], res["load_us"],
        "met" if res["met"] else "not met"))
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default="", help="comma-separated languages: " + ",".join(LANGS))
    ap.add_argument("--runs", type=int, default=int(os.environ.get("COLD_RUNS", 15)), help="launches per command per round")
    ap.add_argument("--rounds", type=int, default=int(os.environ.get("COLD_ROUNDS", 2)))
    ap.add_argument("--warmup", type=int, default=int(os.environ.get("COLD_WARMUP", 3)))
    args = ap.parse_args()
    only = languages(ap, args.only)
    ensure_tool("hyperfine")
    if not os.access(cli(), os.X_OK):
        log("the CLI %s is missing: run `make release` first" % cli())
        return 1
    os.makedirs(WORK, exist_ok=True)
    env = installed_env(dict(os.environ, OO_JWT_ROOT=ROOT, OO_COLD_TOKEN=make_token(), OO_COLD_SECRET=SECRET,
                             OO_COLD_KEY=KEY))
    settings = {"runs": args.runs, "rounds": args.rounds, "warmup": args.warmup}
    return run_all("coldstart", only, settings, {}, lambda lang: run_lang(lang, env, args), lambda lang, res: None)

if __name__ == "__main__":
    sys.exit(main())
