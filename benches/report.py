#!/usr/bin/env python3
"""`make bench`: run every benchmark once and write docs/benchmarks.md and docs/benchmarks.svg.

What runs (each in turn, never two at once, so that they do not compete for the cores):
  - the Rust core: `cargo bench --bench core` (criterion); the figures are read from
    target/criterion/<group>/<function>/<size>/new/estimates.json (median point estimate, ns);
  - C: benches/c/bench.c against libjwt (Debian libjwt-dev), built here against target/release;
  - each binding: `make -C bindings/<lang> bench` with OO_JWT_BENCH_JSON=<file>, which makes its
    bench write its sign/verify figures as JSON besides its usual printed output.

The "Audit surface" section of docs/benchmarks.md is written by hand (from its own measurement, see
there) and kept as it is.

Every raw output is kept in target/bench-report/ (<name>.log, <name>.json); the report is made from
those files only, so `--no-run` remakes it from the last run without measuring anything.

Usage: python3 benches/report.py [--no-run] [--only core,c,python,...] [--full]
  --full   each bench at its own default length (longer); the default is a shorter run per bench.
Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import datetime
import glob
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "target", "bench-report")
LIB_DIR = os.path.join(ROOT, "target", "release")

# name, title, peer (for the goal), goal ratio (peer / oo-jwt), note on the goal.
LANGS = [
    ("python", "Python", "PyJWT", 6.0, ""),
    ("php", "PHP", "firebase/php-jwt", 2.0, ""),
    ("go", "Go", "golang-jwt v5", 3.0, "with a raw JSON payload"),
    ("csharp", "C#", "JWT.NET (HMACSHA256 + Newtonsoft.Json)", 8.0, ""),
    ("java", "Java", "fusionauth-jwt", 1.2, ""),
    ("node", "Node.js", "jsonwebtoken", 3.0, ""),
    ("ruby", "Ruby", "ruby-jwt", 4.0, ""),
    ("c", "C", "libjwt", 10.0, ""),
]
SHORT_PEER = {"csharp": "JWT.NET way (Newtonsoft)", "php": "firebase/php-jwt way"}  # the chart's labels
GOALS = {name: goal for name, _, _, goal, _ in LANGS}
TITLES = {name: title for name, title, _, _, _ in LANGS}

# Shorter runs than each bench's default (a shared 2-core machine; `--full` keeps the defaults).
# Environment variables for the bench, and make variables for the ones that take an argument.
QUICK_ENV = {
    "python": {"BENCH_ITERATIONS": "5000", "BENCH_ROUNDS": "9"},
    "go": {"BENCHTIME": "0.5s", "BENCHCOUNT": "3"},
    "node": {"BENCH_MS": "500", "BENCH_ROUNDS": "5"},
    "ruby": {"BENCH_ITERATIONS": "3000", "BENCH_ROUNDS": "9"},
    "c": {"BENCH_ITERATIONS": "20000", "BENCH_ROUNDS": "9"},
}
QUICK_MAKE = {"php": ["BENCH_N=60000"], "csharp": ["BENCH_N=10000"]}

CORE_GROUPS = ["command", "callback", "config", "history"]
CORE_FUNCS = ["sign", "verify", "hmac", "hmac_keyed", "jsonwebtoken_encode", "jsonwebtoken_decode"]


def log(msg: str) -> None:
    print(msg, flush=True)


def run_logged(name: str, cmd: list[str], env: dict, cwd: str = ROOT) -> bool:
    """Runs cmd, echoing its output and keeping it in OUT/<name>.log; True when it exits 0."""
    path = os.path.join(OUT, name + ".log")
    log("== %s: %s" % (name, " ".join(cmd)))
    t0 = time.time()
    with open(path, "w") as f:
        p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for line in p.stdout:
            sys.stdout.write(line)
            f.write(line)
        rc = p.wait()
    log("== %s: exit %d after %.0f s" % (name, rc, time.time() - t0))
    return rc == 0


def base_env() -> dict:
    env = dict(os.environ)
    env.setdefault("OO_JWT_ROOT", ROOT)
    env.setdefault("OO_JWT_LIB", os.path.join(LIB_DIR, "liboo_jwt.so"))
    env.setdefault("OO_JWT_STATIC_LIB", os.path.join(LIB_DIR, "liboo_jwt.a"))
    env.setdefault("OO_JWT_INCLUDE", os.path.join(ROOT, "include"))
    env.setdefault("OO_JWT_VECTORS", os.path.join(ROOT, "tests", "vectors"))
    env.pop("MAKEFLAGS", None)  # the bindings' makes run on their own, not as part of ours
    env.pop("MFLAGS", None)
    env.pop("MAKELEVEL", None)
    return env


def run_core(full: bool) -> None:
    env = base_env()
    env.pop("CARGO_TARGET_DIR", None)  # criterion's results are read from target/criterion
    run_logged("core", ["cargo", "bench", "--locked", "--bench", "core"], env)


def run_c(full: bool) -> None:
    json_path = os.path.join(OUT, "c.json")
    if os.path.exists(json_path):
        os.remove(json_path)
    if not os.path.exists("/usr/include/jwt.h"):
        subprocess.call(["bash", os.path.join(ROOT, ".ci", "ensure-apt"), "/usr/include/jwt.h:libjwt-dev"])
    if not os.path.exists("/usr/include/jwt.h"):
        log("== c: libjwt-dev is not installed and could not be installed: no C row")
        return
    exe = os.path.join(OUT, "c-bench")
    cc = shutil.which("gcc") or shutil.which("cc") or "cc"
    build = [cc, "-std=c11", "-O2", "-Wall", "-Wextra", "-Werror", "-I" + os.path.join(ROOT, "include"),
             os.path.join(ROOT, "benches", "c", "bench.c"), "-L" + LIB_DIR, "-Wl,-rpath," + LIB_DIR,
             "-loo_jwt", "-ljwt", "-o", exe]
    if subprocess.call(build) != 0:
        log("== c: build failed: no C row")
        return
    env = base_env()
    if not full:
        for k, v in QUICK_ENV["c"].items():
            env.setdefault(k, v)
    env["OO_JWT_BENCH_JSON"] = json_path
    run_logged("c", [exe], env)


def run_binding(lang: str, full: bool) -> None:
    json_path = os.path.join(OUT, lang + ".json")
    if os.path.exists(json_path):
        os.remove(json_path)
    d = os.path.join(ROOT, "bindings", lang)
    if not os.path.exists(os.path.join(d, "Makefile")):
        log("== %s: bindings/%s not present" % (lang, lang))
        return
    env = base_env()
    cmd = ["make", "--no-print-directory", "-C", d, "bench"]
    if not full:
        for k, v in QUICK_ENV.get(lang, {}).items():
            env.setdefault(k, v)
        cmd += [a for a in QUICK_MAKE.get(lang, []) if a.split("=")[0] not in os.environ]
    env["OO_JWT_BENCH_JSON"] = json_path
    run_logged(lang, cmd, env)


def run_driver(name: str, full: bool, full_args: list[str]) -> None:
    """The per-request and cold-start drivers (they drop the variables that point the in-repo
    wrappers at target/release themselves: they measure the installed packages)."""
    env = base_env()
    script = os.path.join(ROOT, "benches", {"serve": "serve", "cold": "coldstart"}[name], "drive.py")
    run_logged(name, [sys.executable, script] + (full_args if full else []), env)


# ---- reading the results ---------------------------------------------------------------------------

def read_core() -> list[dict]:
    """One entry per group: size, and each function's median ns (None when missing)."""
    rows = []
    for g in CORE_GROUPS:
        # The size is a directory name; pick the one of the newest `sign` run (older sizes may linger).
        cands = glob.glob(os.path.join(ROOT, "target", "criterion", g, "sign", "*", "new", "estimates.json"))
        if not cands:
            continue
        newest = max(cands, key=os.path.getmtime)
        size = os.path.basename(os.path.dirname(os.path.dirname(newest)))
        row = {"group": g, "size": int(size) if size.isdigit() else size}
        for fn in CORE_FUNCS:
            p = os.path.join(ROOT, "target", "criterion", g, fn, size, "new", "estimates.json")
            try:
                with open(p) as f:
                    est = json.load(f)
                row[fn] = est["median"]["point_estimate"]
                row[fn + "_mtime"] = os.path.getmtime(p)
            except (OSError, KeyError, ValueError):
                row[fn] = None
        rows.append(row)
    return rows


def read_lang(lang: str) -> dict | None:
    try:
        with open(os.path.join(OUT, lang + ".json")) as f:
            d = json.load(f)
    except (OSError, ValueError):
        return None
    for r in d.get("rows", []):
        if r.get("ratio") is None and r.get("ns_per_op") and r.get("peer_ns_per_op"):
            r["ratio"] = r["peer_ns_per_op"] / r["ns_per_op"]
    return d


# ---- the machine ------------------------------------------------------------------------------------

def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def loadavg() -> str:
    try:
        return " ".join("%.2f" % x for x in os.getloadavg())
    except OSError:
        return "?"


# ---- formatting ------------------------------------------------------------------------------------

def ns(x) -> str:
    if x is None:
        return "–"
    if x >= 100_000:
        return "{:,.0f}".format(x).replace(",", " ")
    if x >= 1000:
        return "{:,.0f}".format(x).replace(",", " ")
    return "%.0f" % x if x >= 100 else "%.1f" % x


def rx(x) -> str:
    return "–" if x is None else "%.2f×" % x


def div(a, b):
    return None if a is None or b is None or b == 0 else a / b


def write_md(path: str, meta: dict, core: list[dict], langs: dict) -> None:
    L = []
    L.append("# Benchmarks")
    L.append("")
    L.append("Generated by `make bench` (`benches/report.py`) from one run of every benchmark; do not edit by hand, "
             "except the \"Where a goal is not met\" and \"Audit surface\" sections at the end, which have measurements "
             "of their own and are kept as they are.")
    L.append("")
    L.append("- date: %s" % meta["date"])
    L.append("- machine: %s cores, %s, %s; Linux %s" % (meta["nproc"], meta["cpu"], meta["arch"], meta["kernel"]))
    L.append("- load average (1/5/15 min) before: %s, after: %s. %s" % (meta["load_before"], meta["load_after"], meta["load_note"]))
    L.append("- mode: %s" % meta["mode"])
    L.append("")
    L.append("Ratio = peer ns/op ÷ oo-jwt ns/op: above 1 means oo-jwt is faster. Each language's figures come from "
             "its own `make -C bindings/<lang> bench` (sign: the language's usual value in, a token out; verify: a "
             "token in, the claims out; both sides in one process, same payload); the bench's own method is given "
             "under each table. Where a bench measures in alternating rounds, its ratio is the median of the per-round "
             "ratios, so it can differ a little from the quotient of the two ns/op columns. Figures on a shared "
             "machine vary by about ±20% from run to run.")
    L.append("")

    # Summary
    L.append("## Summary")
    L.append("")
    L.append("| language | peer | sign ratio | verify ratio | goal | met |")
    L.append("|---|---|---:|---:|---:|---|")
    for name, title, peer, goal, note in LANGS:
        d = langs.get(name)
        if not d:
            L.append("| %s | %s | – | – | ≥ %g× | not run |" % (title, peer, goal))
            continue
        r = {x["op"]: x for x in d["rows"]}
        s, v = r.get("sign", {}).get("ratio"), r.get("verify", {}).get("ratio")
        met = s is not None and v is not None and s >= goal and v >= goal
        missed = [op for op, x in (("sign", s), ("verify", v)) if x is None or x < goal]
        bounds = {op: floor_bound(d, op, goal) for op in missed}
        if met:
            verdict = "**met**"
        elif all(bounds.values()):  # the goal asks for more than the FFI call and the JSON step allow
            verdict = "below the FFI floor (%s)" % ", ".join("%s: %s" % (op, b) for op, b in bounds.items())
        else:
            verdict = "**not met** (%s)" % ", ".join(op + (" (%s)" % bounds[op] if bounds[op] else "") for op in missed)
        L.append("| %s | %s | %s | %s | ≥ %g×%s | %s |" % (title, d.get("peer", peer), rx(s), rx(v), goal,
                                                        (" " + note) if note else "", verdict))
    cb = next((c for c in core if c["group"] == "callback"), None)
    if cb:
        s2, v2 = div(cb["sign"], cb["hmac"]), div(cb["verify"], cb["hmac"])
        ok = s2 is not None and v2 is not None and s2 <= 2 and v2 <= 3
        L.append("")
        L.append("Rust core on the %s-byte callback: sign = %s and verify = %s the time of a raw HMAC-SHA256 of the "
                 "same signing input (goal: sign ≤ 2×, verify ≤ 3×): %s." % (
                     cb["size"], rx(s2), rx(v2), "**met**" if ok else "**not met**"))
    L.append("")
    L.append("![ratio of each peer's time to oo-jwt's, per language and operation, with each goal marked](benchmarks.svg)")
    L.append("")

    # Per language
    L.append("## Languages")
    L.append("")
    for name, title, peer, goal, note in LANGS:
        d = langs.get(name)
        L.append("### %s" % title)
        L.append("")
        if not d:
            reason = "not run: see target/bench-report/%s.log" % name
            if name == "c":
                reason = ("not run: libjwt-dev is not available on this machine" if not os.path.exists("/usr/include/jwt.h")
                          else reason)
            L.append("No figures (%s)." % reason)
            L.append("")
            continue
        L.append("oo-jwt against %s; payload %s bytes of JSON; %s%s." % (
            d.get("peer", peer), d.get("payload_bytes") or "?", d.get("measure", ""),
            ("; " + d["runtime"]) if d.get("runtime") else ""))
        L.append("")
        L.append("| operation | oo-jwt ns/op | %s ns/op | ratio | goal | met |" % d.get("peer", peer))
        L.append("|---|---:|---:|---:|---:|---|")
        for r in d["rows"]:
            headline = r["op"] in ("sign", "verify")
            g = ("≥ %g×%s" % (goal, (" " + note) if note else "")) if headline else ""
            m = ("met" if r["ratio"] >= goal else "**not met**") if headline else ""
            op = r["op"] if headline else "%s, for information" % r["op"]
            ratio = rx(r["ratio"])
            if r.get("mean_ratio") is not None:
                ratio += " (means: %s)" % rx(r["mean_ratio"])
            L.append("| %s | %s | %s | %s | %s | %s |" % (op, ns(r["ns_per_op"]), ns(r["peer_ns_per_op"]), ratio, g, m))
        L.append("")
        L.append("Raw output: `target/bench-report/%s.log`; %s." % (name, "the bench is benches/c/bench.c" if name == "c"
                                                                   else "bindings/%s/README.md explains the bench" % name))
        L.append("")

    # Rust core
    L.append("## Rust core")
    L.append("")
    if not core:
        L.append("No criterion results (target/criterion) were found.")
    else:
        L.append("`cargo bench --bench core` (criterion, median of 30 samples, ns per call; benches/core.rs). "
                 "`hmac` is HMAC-SHA256 of the token's signing input from scratch (key schedule included: the floor "
                 "for a one-off token); `hmac keyed` the same with the key schedule already done, as oo-jwt keeps it "
                 "per thread. `jsonwebtoken` is the crate's encode/decode of the same claims, for comparison "
                 "(ratio = its time ÷ oo-jwt's).")
        L.append("")
        L.append("| payload | bytes | sign | verify | hmac | hmac keyed | sign ÷ hmac | verify ÷ hmac | sign ÷ keyed | "
                 "verify ÷ keyed | jsonwebtoken encode | decode | encode ÷ sign | decode ÷ verify |")
        L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for c in core:
            L.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                c["group"], c["size"], ns(c["sign"]), ns(c["verify"]), ns(c["hmac"]), ns(c["hmac_keyed"]),
                rx(div(c["sign"], c["hmac"])), rx(div(c["verify"], c["hmac"])),
                rx(div(c["sign"], c["hmac_keyed"])), rx(div(c["verify"], c["hmac_keyed"])),
                ns(c["jsonwebtoken_encode"]), ns(c["jsonwebtoken_decode"]),
                rx(div(c["jsonwebtoken_encode"], c["sign"])), rx(div(c["jsonwebtoken_decode"], c["verify"]))))
        L.append("")
        if cb:
            s2, v2 = div(cb["sign"], cb["hmac"]), div(cb["verify"], cb["hmac"])
            L.append("Goal (callback payload): sign ≤ 2× raw HMAC: %s (%s); verify ≤ 3× raw HMAC: %s (%s)." % (
                "met" if s2 is not None and s2 <= 2 else "**not met**", rx(s2),
                "met" if v2 is not None and v2 <= 3 else "**not met**", rx(v2)))
            L.append("")
        L.append("Raw output: `target/bench-report/core.log` and criterion's own report in `target/criterion/`.")
    L.append("")
    L.extend(section_serve(read_json("serve.json")))
    L.extend(section_cold(read_json("coldstart.json")))
    L.extend(section_floor(langs))
    L.extend(kept_sections(path))
    with open(path, "w") as f:
        f.write("\n".join(L))


def read_json(name: str) -> dict:
    try:
        with open(os.path.join(OUT, name)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def us(x) -> str:
    return "–" if x is None else "{:,.0f}".format(x).replace(",", " ")


def pct(x) -> str:
    return "–" if x is None else "%+.0f%%" % x


def floor_parts(d: dict, op: str):
    """(round trip, call, json, floor, wrapper, overhead %) of an operation, or None."""
    f = (d or {}).get("floor") or {}
    o = f.get(op) or {}
    if not all(isinstance(o.get(k), (int, float)) for k in ("wrapper_ns", "call_ns", "json_ns")):
        return None
    floor = o["call_ns"] + o["json_ns"]
    return f.get("round_trip_ns"), o["call_ns"], o["json_ns"], floor, o["wrapper_ns"], 100.0 * (o["wrapper_ns"] - floor) / floor


def floor_bound(d: dict, op: str, goal: float) -> str:
    """For a missed peer ratio: ", below the floor: at most N×" when even a wrapper with no overhead
    above the FFI call and the JSON step could not reach the goal."""
    parts = floor_parts(d, op)
    row = next((r for r in d.get("rows", []) if r.get("op") == op), None)
    if not parts or not row or not row.get("peer_ns_per_op"):
        return ""
    best = row["peer_ns_per_op"] / parts[3]
    return "at most %s = peer ÷ floor" % rx(best) if best < goal else ""


SERVE_METHOD = ("Each language's callback handler from the integration kit (`oo`) against the same handler written "
                "with the peer library as the official integration examples do it (`peer`), under the same server "
                "with the same workers, on loopback; `wrk` (1 thread, %(connections)s connections, %(seconds)g s per "
                "measurement, bounded to %(max_requests)s responses) posts a Docs status-2 callback made by "
                "`oo-jwt request sign`, in %(rounds)s rounds alternating the sides after a warm-up; each side's "
                "requests/s and p99 latency are the medians of its rounds, and any failed response voids the run "
                "(`benches/serve/drive.py`, servers in `benches/serve/<lang>/`).")


def section_serve(sv: dict) -> list[str]:
    L = ["## Per request", ""]
    if not sv.get("langs"):
        return L + ["Not run (`make bench-serve`).", ""]
    st = dict(sv.get("settings", {}))
    L.append(SERVE_METHOD % {k: st.get(k, "?") for k in ("connections", "seconds", "max_requests", "rounds")})
    L.append("")
    reqs = sv.get("requests", {})
    desc = []
    for name, r in reqs.items():
        desc.append("%s: %s history changes, a %s-byte body with its token and a %s-character header token%s" % (
            name, r["changes"], us(r["body_bytes"]), us(r["header_bytes"]),
            " over the cut fields (Docs cuts a header token from 7 168 characters)" if r.get("header_cut") else ""))
    L.append("Measured %s; requests: %s. Goal: oo-jwt's handler ahead of the peer's (requests/s) in every language "
             "and size; PHP without `opcache.preload` no worse than php-jwt. Ratio = oo-jwt req/s ÷ peer req/s." % (
                 sv.get("date", "?"), "; ".join(desc)))
    L.append("")
    L.append("| language | server | callback | side | req/s | p99 ms | ratio (req/s) | met |")
    L.append("|---|---|---|---|---:|---:|---:|---|")
    for name, title, *_ in LANGS:
        d = sv["langs"].get(name)
        if not d:
            continue
        if d.get("error"):
            L.append("| %s | – | – | – | – | – | – | not measured: %s |" % (title, d["error"].replace("|", "/")))
            continue
        sides = d["describe"]["sides"]
        for size, per in d["results"].items():
            peer = per["peer"]["rps_median"]
            for side in sides:
                r = per[side]
                ratio = r["rps_median"] / peer if peer else None
                met = "" if side == "peer" else ("met" if ratio and ratio >= 1 else "**not met**")
                L.append("| %s | %s | %s | %s: %s | %s | %.2f | %s | %s |" % (
                    title, d["describe"].get("server", "?"), size, side, sides[side], us(r["rps_median"]),
                    r["p99_ms_median"], "" if side == "peer" else rx(ratio), met))
    L.append("")
    L.append("Rerun with `make bench-serve` (`BENCH_ONLY=python,php` for a subset); raw figures in "
             "`target/bench-report/serve.json`, server logs in `target/bench-serve/run/`.")
    L.append("")
    return L


COLD_METHOD = ("Time from process start to the first verified token: hyperfine launches each command %(runs)s times "
               "per round in %(rounds)s rounds (after %(warmup)s warm-up launches; the order reversed every round) and "
               "the figure is the median of all launches; `baseline` is the runtime starting and exiting, `load` the "
               "runtime loading liboo_jwt through its FFI (no wrapper, no call), `oo` the installed oo-jwt package "
               "verifying one token, `peer` the peer library verifying the same token; each `oo` and `peer` command "
               "is first checked to fail with a wrong secret (`benches/coldstart/drive.py`, commands in "
               "`benches/coldstart/<lang>/`).")


def section_cold(cs: dict) -> list[str]:
    L = ["## Cold start", ""]
    if not cs.get("langs"):
        return L + ["Not run (`make bench-cold`).", ""]
    L.append(COLD_METHOD % {k: cs.get("settings", {}).get(k, "?") for k in ("runs", "rounds", "warmup")})
    L.append("")
    L.append("Measured %s. Goal: oo − peer ≤ the library load itself (load − baseline), in µs." % cs.get("date", "?"))
    L.append("")
    L.append("| language | runtime | peer | baseline µs | library load µs | oo-jwt µs | peer µs | oo − peer µs | goal ≤ µs | met |")
    L.append("|---|---|---|---:|---:|---:|---:|---:|---:|---|")
    for name, title, *_ in LANGS:
        d = cs["langs"].get(name)
        if not d:
            continue
        if d.get("error"):
            L.append("| %s | – | – | – | – | – | – | – | – | not measured: %s |" % (title, d["error"].replace("|", "/")))
            continue
        m = d["median_us"]
        L.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            title, d.get("runtime", "?"), d.get("peer", "?"), us(m["baseline"]), us(d["load_us"]), us(m["oo"]),
            us(m["peer"]), ("+" if d["extra_us"] > 0 else "") + us(d["extra_us"]), us(max(d["load_us"], 0)),
            "met" if d["met"] else "**not met**"))
    L.append("")
    L.append("Rerun with `make bench-cold`; raw figures in `target/bench-report/coldstart.json`, hyperfine's own in "
             "`target/bench-cold/`.")
    L.append("")
    return L


def section_floor(langs: dict) -> list[str]:
    L = ["## Against the FFI floor", ""]
    rows = [(name, title, langs[name]) for name, title, *_ in LANGS if langs.get(name, {}).get("floor")]
    if not rows:
        return L + ["No bench reported its floor.", ""]
    L.append("Measured in each language's in-process bench above, in the same process and rounds as its sign and "
             "verify rows: `round trip` is the bare FFI crossing (`oo_abi_version()` then `oo_free(NULL)`, no work); "
             "`call` is `oo_sign`/`oo_verify` called directly through the FFI on arguments prepared beforehand, "
             "reading the result out and freeing it (the core's work plus the unavoidable crossing); `JSON` is the "
             "language's own step the wrapper needs (encoding the payload to sign, decoding the verified claims). "
             "Floor = call + JSON; overhead = wrapper − floor. Goal: overhead ≤ 15% of the floor. Where a bench also "
             "times the call and the JSON step back to back in one function (`call + JSON in one`), that figure is "
             "shown too: the two timed apart each run in a loop of their own, with warm caches and a reused "
             "allocation, and their sum is a floor no wrapper doing both in turn reaches. The last column is "
             "the best peer ratio any wrapper could reach (peer ÷ floor), for the goals of the Summary.")
    L.append("")
    L.append("| language | op | round trip ns | call ns | JSON ns | floor ns | wrapper ns | overhead | call + JSON in one ns | overhead over it | met | peer ÷ floor |")
    L.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for name, title, d in rows:
        for op in ("sign", "verify"):
            p = floor_parts(d, op)
            if not p:
                continue
            rt, call, js, floor, wrapper, over = p
            row = next((r for r in d.get("rows", []) if r.get("op") == op), {})
            best = row["peer_ns_per_op"] / floor if row.get("peer_ns_per_op") else None
            one = d["floor"][op].get("call_and_json_in_one_ns") or d["floor"][op].get("call_and_json_ns")
            over_one = 100.0 * (wrapper - one) / one if isinstance(one, (int, float)) and one else None
            if over <= 15:
                met = "met"
            elif over_one is not None and over_one <= 15:
                met = "met against the two timed together"
            else:
                met = "**not met**"
            L.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                title, op, ns(rt), ns(call), ns(js), ns(floor), ns(wrapper), pct(over), ns(one), pct(over_one),
                met, rx(best)))
    notes = [(title, d["floor"]["method"]) for _, title, d in rows if d["floor"].get("method")]
    if notes:
        L.append("")
        for title, m in notes:
            L.append("- %s: %s" % (title, m))
    L.append("")
    return L


# Sections of docs/benchmarks.md written by hand, from measurements of their own: kept as they are.
KEPT_SECTIONS = ("## Where a goal is not met", "## Audit surface")


def kept_sections(path: str) -> list[str]:
    """The hand-written sections of the current file, each up to the next `## ` heading."""
    try:
        with open(path) as f:
            lines = f.read().split("\n")
    except OSError:
        return []
    out, keep = [], False
    for line in lines:
        if line.startswith("## "):
            keep = line.startswith(KEPT_SECTIONS)
        if keep:
            out.append(line)
    return out


def write_svg(path: str, core: list[dict], langs: dict, meta: dict, serve: dict | None = None) -> None:
    """A horizontal bar chart: per language, a sign and a verify bar (ratio peer / oo-jwt), then per
    language measured under a server, a bar per callback size (oo-jwt req/s ÷ peer req/s); each goal
    as a vertical mark across its two bars; green when the goal is met, orange when not."""
    bars = []  # (group label, op, ratio, goal)
    for name, title, peer, goal, note in LANGS:
        d = langs.get(name)
        r = {x["op"]: x for x in d["rows"]} if d else {}
        for op in ("sign", "verify"):
            bars.append(((title, "vs " + SHORT_PEER.get(name, (d or {}).get("peer", peer))), op, r.get(op, {}).get("ratio"), goal))
    cb = next((c for c in core if c["group"] == "callback"), None)
    if cb:
        bars.append((("Rust core", "vs jsonwebtoken crate"), "sign", div(cb["jsonwebtoken_encode"], cb["sign"]), None))
        bars.append((("Rust core", "vs jsonwebtoken crate"), "verify", div(cb["jsonwebtoken_decode"], cb["verify"]), None))
    for name, title, *_ in LANGS:
        d = ((serve or {}).get("langs") or {}).get(name)
        if not d or d.get("error") or not d.get("results"):
            continue
        sizes = list(d["results"])[:2]
        for size in sizes + [None] * (2 - len(sizes)):
            per = d["results"].get(size) if size else None
            ratio = div(per["oo"]["rps_median"], per["peer"]["rps_median"]) if per else None
            bars.append(((title + " per request", "req/s vs " + d["describe"].get("peer", "peer")), size or "–", ratio, 1.0))
    vmax = max([b[2] or 0 for b in bars] + [b[3] or 0 for b in bars] + [1])
    top = 2
    while top < vmax * 1.08:
        top += 2
    left, width, bar_h, gap, head = 250, 560, 14, 12, 80
    n_groups = len(bars) // 2
    height = head + n_groups * (2 * bar_h + 4 + gap) + 70
    total_w = left + width + 90
    sx = lambda v: left + width * v / top  # noqa: E731
    o = []
    o.append('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
             'font-family="Helvetica, Arial, sans-serif" font-size="12">' % (total_w, height, total_w, height))
    o.append('<title>oo-jwt: peer time / oo-jwt time, per language (above 1: oo-jwt faster)</title>')
    o.append('<rect width="100%" height="100%" fill="#ffffff"/>')
    o.append('<text x="%d" y="22" font-size="15" font-weight="bold">oo-jwt speed-up over each language\'s usual '
             'JWT library (above 1×: oo-jwt faster)</text>' % 10)
    o.append('<text x="10" y="40" fill="#555">%s, %s cores, %s; HS256. Black mark: the goal.</text>' % (
        escape(meta["date"]), meta["nproc"], escape(meta["cpu"])))
    o.append('<text x="10" y="56" fill="#555">In process: peer ns/op ÷ oo-jwt ns/op on a ~300-byte callback. '
             'Per request: oo-jwt req/s ÷ peer req/s under one server.</text>')
    y0, y1 = head - 8, height - 60
    for t in range(0, top + 1, 2 if top <= 20 else 5):
        x = sx(t)
        o.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="1"/>' % (
            x, y0, x, y1, "#888" if t in (0, 1) else "#e4e4e4"))
        o.append('<text x="%.1f" y="%d" text-anchor="middle" fill="#555">%d×</text>' % (x, y1 + 14, t))
    x1 = sx(1)
    o.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#888" stroke-dasharray="3,3"/>' % (x1, y0, x1, y1))
    o.append('<text x="%.1f" y="%d" text-anchor="middle" fill="#555">ratio (above 1×: oo-jwt faster)</text>' % (
        left + width / 2, y1 + 30))
    y = head
    for i in range(0, len(bars), 2):
        label = bars[i][0]
        goal = bars[i][3]
        o.append('<text x="%d" y="%d" text-anchor="end" font-weight="bold">%s</text>' % (
            left - 48, y + bar_h - 2, escape(label[0])))
        o.append('<text x="%d" y="%d" text-anchor="end" font-size="10" fill="#555">%s</text>' % (
            left - 48, y + 2 * bar_h + 1, escape(label[1])))
        for j, (_, op, ratio, g) in enumerate(bars[i:i + 2]):
            by = y + j * (bar_h + 4)
            o.append('<text x="%d" y="%d" text-anchor="end" fill="#555">%s</text>' % (left - 6, by + bar_h - 3, op))
            if ratio is None:
                o.append('<text x="%d" y="%d" fill="#999">not run</text>' % (left + 6, by + bar_h - 3))
                continue
            color = "#4a90d9" if g is None else ("#3c9a4a" if ratio >= g else "#e08a2c")
            o.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"><title>%s %s: %.2f×%s</title></rect>' % (
                left, by, max(0.5, sx(ratio) - left), bar_h, color, escape(" ".join(label)), op, ratio,
                "" if g is None else " (goal %g×)" % g))
            tx = sx(ratio) + 4
            if g is not None and tx - 40 < sx(g) < tx + 40:  # keep the figure clear of the goal mark
                tx = max(tx, sx(g) + 5)
            o.append('<text x="%.1f" y="%d" fill="#222">%.2f×</text>' % (tx, by + bar_h - 3, ratio))
        if goal is not None:
            gx = sx(goal)
            o.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#000" stroke-width="2.5"/>' % (
                gx, y - 3, gx, y + 2 * bar_h + 7))
            o.append('<text x="%.1f" y="%d" text-anchor="middle" font-size="10">goal %g×</text>' % (gx, y - 5, goal))
        y += 2 * bar_h + 4 + gap
    lx, ly = 10, height - 22
    o.append('<rect x="%d" y="%d" width="10" height="10" fill="#3c9a4a"/><text x="%d" y="%d">goal met</text>' % (
        lx, ly, lx + 14, ly + 9))
    o.append('<rect x="%d" y="%d" width="10" height="10" fill="#e08a2c"/><text x="%d" y="%d">goal not met</text>' % (
        lx + 80, ly, lx + 94, ly + 9))
    o.append('<rect x="%d" y="%d" width="10" height="10" fill="#4a90d9"/><text x="%d" y="%d">no goal (for comparison)</text>' % (
        lx + 185, ly, lx + 199, ly + 9))
    o.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(o) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-run", action="store_true", help="remake the report from the last run's outputs")
    ap.add_argument("--only", default="", help="comma-separated subset to run: core,c,python,php,go,csharp,java,node,ruby,serve,cold")
    ap.add_argument("--full", action="store_true", help="each bench at its default length")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    only = set(x for x in args.only.split(",") if x)
    wanted = lambda n: not only or n in only  # noqa: E731
    meta_path = os.path.join(OUT, "meta.json")
    if not args.no_run:
        meta = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                "load_before": loadavg(), "mode": "full-length runs" if args.full else
                "shorter runs than each bench's default (see QUICK_ENV in benches/report.py)"}
        started = time.time()
        if wanted("core"):
            run_core(args.full)
        if wanted("c"):
            run_c(args.full)
        for name, *_ in LANGS:
            if name != "c" and wanted(name):
                run_binding(name, args.full)
        if wanted("serve"):
            run_driver("serve", args.full, ["--seconds", "8", "--rounds", "5"])
        if wanted("cold"):
            run_driver("cold", args.full, ["--runs", "30", "--rounds", "3"])
        meta["load_after"] = loadavg()
        meta["minutes"] = round((time.time() - started) / 60, 1)
        if only and os.path.exists(meta_path):  # a partial run: keep the first date, note the rerun
            with open(meta_path) as f:
                old = json.load(f)
            meta["date"] = "%s (%s rerun %s)" % (old.get("date", "?").split(" (")[0], ",".join(sorted(only)), meta["date"])
            for k in ("minutes", "load_before", "load_after"):  # the whole run's, not the rerun's
                if k in old:
                    meta[k] = old[k]
        with open(meta_path, "w") as f:
            json.dump(meta, f)
    else:
        try:
            with open(meta_path) as f:
                meta = json.load(f)
        except (OSError, ValueError):
            meta = {"date": "?", "load_before": "?", "load_after": loadavg(), "mode": "?"}
    meta.update(nproc=os.cpu_count(), cpu=cpu_model(), arch=platform.machine(), kernel=platform.release())
    meta["load_note"] = ("The machine is shared with other jobs: the benches measure CPU time where they can "
                         "(Java's JMH and criterion measure wall time), and alternate oo-jwt and the peer within one "
                         "process, so that load slows both sides alike.")
    if "minutes" in meta:
        meta["load_note"] += " The whole run took %s min." % meta["minutes"]
    core = read_core()
    langs = {name: read_lang(name) for name, *_ in LANGS}
    langs = {k: v for k, v in langs.items() if v}
    write_md(os.path.join(ROOT, "docs", "benchmarks.md"), meta, core, langs)
    write_svg(os.path.join(ROOT, "docs", "benchmarks.svg"), core, langs, meta, read_json("serve.json"))
    log("wrote docs/benchmarks.md and docs/benchmarks.svg (%d languages, %d core payloads)" % (len(langs), len(core)))
    missing = [TITLES[n] for n, *_ in LANGS if n not in langs]
    if missing:
        log("no figures for: %s (see target/bench-report/*.log)" % ", ".join(missing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
