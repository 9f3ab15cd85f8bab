#!/usr/bin/env python3
"""The conformance matrix (`make conformance`).

1. Every layer (Rust, C, and the seven wrappers) runs every vector file; one table shows the pass
   counts per layer and vector group.
2. Cross-signing: payloads signed through each layer are verified through every layer and by the
   peers integrators use (PyJWT, node jsonwebtoken, golang-jwt v5); the claims must come back equal.
Exits 1 on any red cell. Run from the top-level Makefile, which builds the pieces first.
"""
import glob
import hashlib
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.join(ROOT, "target", "conformance")
LAYERS = ["rust", "c", "python", "php", "go", "csharp", "java", "node", "ruby"]
SECRET = "oo-conformance-s\u00ebcret-0123456789"
PAYLOADS = [
    '{"key":"Khirz6zTPdfd7","status":2,"url":"https://documentserver/cache/files/Khirz6zTPdfd7/output.docx",'
    '"users":["6d5a81d0"],"actions":[{"type":0,"userid":"78e1e841"}],"notmodified":false}',
    '{"document":{"fileType":"docx","key":"k\u00e9y-1","title":"\u0420\u0435\u0437\u044e\u043c\u0435 \u2014 \U0001F4C4.docx",'
    '"url":"https://example.com/a b.docx?x=1&y=<2>"},"editorConfig":{"callbackUrl":"https://example.com/cb","mode":"edit",'
    '"user":{"id":"u1","name":"O\'Brien \\"Q\\" \\\\ \\n"}},"n":12345678901,"f":0.5,"z":-0,"e":[],"o":{}}',
    '{"c":"info","key":"Khirz6zTPdfd7"}',
]


def run(cmd, env=None, timeout=900):
    p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def manifest_groups():
    """{group: number of cases} from tests/vectors/manifest.json, after checking every vector file against it
    (the same names, each file's SHA-256 and case count); exits on a difference."""
    vec = os.path.join(ROOT, "tests", "vectors")
    with open(os.path.join(vec, "manifest.json"), encoding="utf-8") as f:
        files = json.load(f)["files"]
    names = sorted(os.path.basename(p) for p in glob.glob(os.path.join(vec, "*.json")) if not p.endswith("/manifest.json"))
    problems = []
    if names != sorted(files):
        problems.append("vector files %s, manifest.json names %s" % (names, sorted(files)))
    for name in names:
        if name not in files:
            continue
        data = open(os.path.join(vec, name), "rb").read()
        cases = json.loads(data.decode("utf-8")).get("cases")
        if hashlib.sha256(data).hexdigest() != files[name]["sha256"]:
            problems.append("%s: SHA-256 differs from manifest.json" % name)
        if not isinstance(cases, list) or len(cases) != files[name]["cases"] or not cases:
            problems.append("%s: case count differs from manifest.json" % name)
    if problems:
        sys.exit("conformance: " + "; ".join(problems) + " (run tests/vectors/manifest.py --write after a deliberate change)")
    return {name[:-len(".json")]: files[name]["cases"] for name in names}


def vector_rows(layer):
    """({group: (passed, failed)}, exit status) for one layer, from its CONFORMANCE lines."""
    if layer == "rust":
        cmd = ["cargo", "test", "--release", "--locked", "--quiet", "--test", "main", "vectors::every_vector_case",
               "--", "--nocapture"]
    elif layer == "c":
        cmd = [os.path.join(ROOT, "target", "c", "test_vectors_shared")]
    else:
        cmd = ["make", "-s", "--no-print-directory", "-C", "bindings/" + layer, "conformance"]
    rc, out, err = run(cmd)
    rows = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 5 and parts[0] == "CONFORMANCE" and parts[1] == layer:
            rows[parts[2]] = (int(parts[3]), int(parts[4]))
    if not rows or rc != 0:
        sys.stderr.write("%s: %d CONFORMANCE lines, exit %d\n%s\n" % (layer, len(rows), rc, (out + err)[-2000:]))
    return rows, rc


def xsign_cmd(layer):
    if layer == "rust":
        cli = os.path.join(ROOT, "target", "release", "oo-jwt")
        return lambda op, a, b: [cli, op, b, "--secret", a]
    if layer == "c":
        exe = os.path.join(BUILD, "xsign_c")
        return lambda op, a, b: [exe, op, a, b]
    exe = os.path.join(ROOT, "bindings", layer, "xsign")
    return lambda op, a, b: [exe, op, a, b]


def peers():
    """The peers' verifiers: name -> argv builder (secret, token)."""
    py = os.path.join(ROOT, "bindings", "python", ".venv", "bin", "python")
    pyjwt = ("import json,sys,jwt;print(json.dumps(jwt.decode(sys.argv[2],sys.argv[1].encode(),"
             "algorithms=['HS256'],options={'verify_exp':True})))")
    node_dir = os.path.join(ROOT, "bindings", "node", "node_modules", "jsonwebtoken")
    nodejs = ("const jwt=require(process.argv[3]);console.log(JSON.stringify("
              "jwt.verify(process.argv[2],Buffer.from(process.argv[1]),{algorithms:['HS256']})))")
    return {
        "PyJWT": lambda s, t: [py, "-c", pyjwt, s, t],
        "node jsonwebtoken": lambda s, t: ["node", "-e", nodejs, s, t, node_dir],
        "golang-jwt v5": lambda s, t: [os.path.join(BUILD, "peer_golang"), s, t],
    }


def same_json(a, b):
    return json.loads(a) == json.loads(b)


def main():
    os.makedirs(BUILD, exist_ok=True)
    failures = []

    # 1. Vectors per layer (the runtimes are independent: two at a time on two cores). Each cell must
    # have passed exactly the manifest's number of cases: a group run with 0 passed / 0 failed, a group
    # missing or extra, or a layer's non-zero exit status is red.
    expected = manifest_groups()
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(zip(LAYERS, pool.map(vector_rows, LAYERS)))
    groups = sorted(expected)
    print("Vector conformance (passed/total per layer and group)\n")
    print("| layer | " + " | ".join(groups) + " |")
    print("|---" * (len(groups) + 1) + "|")
    for layer in LAYERS:
        rows, rc = results[layer]
        if rc != 0:
            failures.append("vectors: %s exited with status %d" % (layer, rc))
        for g in sorted(set(rows) - set(expected)):
            failures.append("vectors: %s reported group %s, which manifest.json does not name" % (layer, g))
        cells = []
        for g in groups:
            p, f = rows.get(g, (0, -1))
            if f < 0:
                failures.append("vectors: %s %s: missing" % (layer, g))
            elif f != 0 or p != expected[g]:
                failures.append("vectors: %s %s: %d passed, %d failed of %d" % (layer, g, p, f, expected[g]))
            good = f == 0 and p == expected[g]
            cells.append(("%d/%d" % (p, expected[g])) + ("" if good else " FAIL"))
        print("| %s | %s |" % (layer, " | ".join(cells)))
    print()

    # 2. Cross-signing.
    signed = {}
    for layer in LAYERS:
        cmd = xsign_cmd(layer)
        for i, payload in enumerate(PAYLOADS):
            rc, out, err = run(cmd("sign", SECRET, payload))
            if rc != 0:
                failures.append("sign: %s payload %d: %s" % (layer, i, err.strip()[:200]))
            signed[(layer, i)] = out.strip() if rc == 0 else None
    for i in range(len(PAYLOADS)):
        distinct = {signed[(l, i)] for l in LAYERS if signed[(l, i)]}
        if len(distinct) > 1:
            failures.append("payload %d: layers produced %d different tokens" % (i, len(distinct)))
    verifiers = {l: (lambda c: (lambda s, t: c("verify", s, t)))(xsign_cmd(l)) for l in LAYERS}
    verifiers.update(peers())
    checks = [(signer, i, v) for signer in LAYERS for i in range(len(PAYLOADS)) for v in verifiers]

    def check(job):
        signer, i, v = job
        token = signed[(signer, i)]
        if token is None:
            return job, False, "not signed"
        rc, out, err = run(verifiers[v](SECRET, token))
        if rc != 0:
            return job, False, err.strip()[:200]
        try:
            ok = same_json(out.strip(), PAYLOADS[i])
        except ValueError:
            return job, False, "not JSON: " + out[:200]
        return job, ok, "" if ok else "claims differ: " + out.strip()[:200]

    # Identical tokens give identical answers; each (verifier, token) pair is run once.
    cache = {}
    unique = {}
    for job in checks:
        unique.setdefault((job[2], signed[(job[0], job[1])]), job)
    with ThreadPoolExecutor(max_workers=4) as pool:
        for job, ok, why in pool.map(check, unique.values()):
            cache[(job[2], signed[(job[0], job[1])])] = (ok, why)
    names = list(verifiers)
    print("Cross-signing: %d payloads signed by each layer (rows), verified by each layer and peer (columns)\n"
          % len(PAYLOADS))
    print("| signed by \\ verified by | " + " | ".join(names) + " |")
    print("|---" * (len(names) + 1) + "|")
    for signer in LAYERS:
        cells = []
        for v in names:
            bad = []
            for i in range(len(PAYLOADS)):
                ok, why = cache.get((v, signed[(signer, i)]), (False, "not run"))
                if not ok:
                    bad.append(i)
                    failures.append("cross: signed by %s, payload %d, verified by %s: %s" % (signer, i, v, why))
            cells.append("%d/%d" % (len(PAYLOADS) - len(bad), len(PAYLOADS)) + ("" if not bad else " FAIL"))
        print("| %s | %s |" % (signer, " | ".join(cells)))
    print()
    same = all(len({signed[(l, i)] for l in LAYERS}) == 1 for i in range(len(PAYLOADS)))
    print("tokens byte-identical across layers: %s" % ("yes" if same else "NO"))
    for f in failures:
        print("FAIL " + f)
    cells = len(LAYERS) * len(groups) + len(LAYERS) * len(names)
    print("conformance: %d passed, %d failed" % (cells - len(failures), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
