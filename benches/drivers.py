"""What the per-request (benches/serve/drive.py) and cold-start (benches/coldstart/drive.py) drivers
share: the languages, the CLI, the environment of the installed packages, and their results file in
target/bench-report/, merged per language when only some are measured again."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import time
from typing import Callable

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "target", "bench-report")
LANGS = ["python", "php", "go", "node", "ruby", "java", "csharp"]


def log(msg: str) -> None:
    print(msg, flush=True)


def cli() -> str:
    return os.environ.get("OO_JWT_CLI") or os.path.join(ROOT, "target", "release", "oo-jwt")


def languages(ap, only_arg: str) -> list[str]:
    """The languages named by --only (every one when empty); an unknown name is a usage error."""
    only = [x for x in only_arg.split(",") if x]
    bad = [x for x in only if x not in LANGS]
    if bad:
        ap.error("unknown language: %s" % ", ".join(bad))
    return only


def ensure_tool(tool: str) -> None:
    """Installs Debian's package of the same name when the command is missing."""
    if not shutil.which(tool):
        subprocess.call(["bash", os.path.join(ROOT, ".ci", "ensure-apt"), "%s:%s" % (tool, tool)])


def installed_env(env: dict) -> dict:
    """`env` without the variables that point the in-repo wrappers at target/release: the installed
    packages find their own library."""
    for k in ("OO_JWT_LIB", "OO_JWT_STATIC_LIB", "OO_JWT_INCLUDE", "LD_LIBRARY_PATH"):
        env.pop(k, None)
    return env


def run_all(name: str, only: list[str], settings: dict, extra: dict,
            run_lang: Callable[[str], dict], report: Callable[[str, dict], None]) -> int:
    """Runs `run_lang` for each language and writes target/bench-report/<name>.json after each one.
    A partial run (`only`) keeps the other languages' results and the first run's date, and says
    which languages were measured again. Exit status 1 when a language could not be measured."""
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name + ".json")
    out: dict = {}
    if only:
        try:
            with open(path) as f:
                out = json.load(f)
        except (OSError, ValueError):
            out = {}
    out.setdefault("langs", {})
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out["date"] = "%s (%s rerun %s)" % (out["date"].split(" (")[0], ",".join(only), now) if only and out.get("date") else now
    out["settings"] = settings
    out.update(extra)
    failed = []
    for lang in (only or LANGS):
        t0 = time.time()
        res = run_lang(lang)
        res["minutes"] = round((time.time() - t0) / 60, 1)
        out["langs"][lang] = res
        if res.get("error"):
            failed.append(lang)
            log("== %s %s: NOT MEASURED: %s" % (name, lang, res["error"]))
        else:
            report(lang, res)
        with open(path, "w") as f:
            json.dump(out, f, indent=1)
    log("wrote %s" % os.path.relpath(path, ROOT))
    return 1 if failed else 0
