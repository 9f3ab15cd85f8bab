#!/usr/bin/env python3
"""The manifest of the shared vectors: every vector file, its case count and the SHA-256 of its bytes.

Every vector runner (Rust, C, each wrapper, the conformance matrix) reads tests/vectors/manifest.json
before running and fails when a file is missing, added, changed, or holds another number of cases, so an
emptied or deleted file can never pass as "0 passed, 0 failed".

    python3 tests/vectors/manifest.py --write    # after adding or changing vectors
    python3 tests/vectors/manifest.py --check    # exit 1 when manifest.json is out of date
    python3 tests/vectors/manifest.py --write DIR  # the manifest of another folder of vector files
                                                    # (a freshly generated batch, run by a runner)

Format (manifest.json):
    {"description": "...",
     "files": {"<name>.json": {"cases": <number of cases>, "sha256": "<hex of the file's bytes>"}, ...},
     "primitives": {"<name>.json": {...same...}}}
`files` names every tests/vectors/*.json except manifest.json itself (the files every layer runs);
`primitives` names tests/vectors/primitives/*.json (run by the Rust tests only)."""
import glob
import hashlib
import json
import os
import sys

VEC = os.path.dirname(os.path.abspath(__file__))
MANIFEST = os.path.join(VEC, "manifest.json")
DESCRIPTION = ("Every vector file, its number of cases and the SHA-256 of its bytes. Written by "
               "`python3 tests/vectors/manifest.py --write`; every vector runner checks it before running.")


def entry(path):
    data = open(path, "rb").read()
    doc = json.loads(data.decode("utf-8"))
    cases = doc.get("cases") if isinstance(doc, dict) else None
    if not isinstance(cases, list) or not cases:
        sys.exit("%s: no \"cases\" (or an empty list): a vector file must hold cases" % path)
    return {"cases": len(cases), "sha256": hashlib.sha256(data).hexdigest()}


def build(vec=VEC):
    files = {}
    for path in sorted(glob.glob(os.path.join(vec, "*.json"))):
        name = os.path.basename(path)
        if name != "manifest.json":
            files[name] = entry(path)
    prims = {os.path.basename(p): entry(p) for p in sorted(glob.glob(os.path.join(vec, "primitives", "*.json")))}
    if not files:
        sys.exit("no vector files in %s" % vec)
    return {"description": DESCRIPTION, "files": files, "primitives": prims}


def text(manifest):
    return json.dumps(manifest, indent=2, sort_keys=False) + "\n"


def main(argv):
    if argv[1:2] == ["--write"] and len(argv) <= 3:
        vec = argv[2] if len(argv) == 3 else VEC
        m = build(vec)
        with open(os.path.join(vec, "manifest.json"), "w", encoding="utf-8", newline="\n") as f:
            f.write(text(m))
        print("manifest.json: %d files, %d cases" % (len(m["files"]), sum(e["cases"] for e in m["files"].values())))
        return 0
    if argv[1:] == ["--check"]:
        want = text(build())
        try:
            have = open(MANIFEST, encoding="utf-8").read()
        except OSError:
            have = ""
        if have != want:
            print("tests/vectors/manifest.json is out of date: run python3 tests/vectors/manifest.py --write", file=sys.stderr)
            return 1
        print("manifest.json: up to date")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
