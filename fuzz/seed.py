#!/usr/bin/env python3
"""Seeds fuzz/corpus/<target>/ from tests/vectors/*.json (tokens, payloads, bodies, configs)."""
import hashlib, json, os, sys

root = os.path.dirname(os.path.abspath(__file__))
vectors = os.path.join(root, "..", "tests", "vectors")
seeds = {t: set() for t in ("verify", "decode_unverified", "verify_request", "sign", "config")}
for name in sorted(os.listdir(vectors)):
    if not name.endswith(".json") or name == "manifest.json":
        continue
    for case in json.load(open(os.path.join(vectors, name)))["cases"]:
        i = case.get("input", {})
        tok = bytes.fromhex(i["token_hex"]) if "token_hex" in i else i.get("token", "").encode()
        if tok and len(tok) < 65536:
            seeds["verify"].add(tok)
            seeds["decode_unverified"].add(tok)
        if isinstance(i.get("payload"), str):
            seeds["sign"].add(i["payload"].encode())
        if case["op"] in ("verify_request", "verify_download"):
            body = (i.get("body") or "").encode()
            auth = (i.get("authorization") or "").encode()
            seeds["verify_request"].add(body + b"\n" + auth if auth else body)
        if case["op"] == "load_config":
            for text in i.get("files", {}).values():
                seeds["config"].add(text.encode())
for target, items in seeds.items():
    d = os.path.join(root, "corpus", target)
    os.makedirs(d, exist_ok=True)
    for data in items:
        with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
            f.write(data)
    print("%s: %d seeds" % (target, len(items)), file=sys.stderr)
