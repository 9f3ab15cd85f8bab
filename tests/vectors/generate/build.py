#!/usr/bin/env python3
"""Builds every tests/vectors/*.json file (stdlib only; peers are called as sign oracles).

Environment: NODE (default node), PYJWT_PYTHON (python with PyJWT), GO (default go).
Deterministic: fixed clocks, fixed secrets, no randomness; cases are emitted in source order."""
import functools
import hashlib
import hmac
import json
import os
import re
import subprocess
import sys
from collections import OrderedDict

from common import (NOW, SECRET, OUTBOX, OTHER, b64u, b64u_text, craft, sign_segments, mac,
                    strict_b64u_decode, parse_ordered, emit, to_plain, dumps_file, claims_of,
                    header_of, segs, RawNumber)
import refimpl

HERE = os.path.dirname(os.path.abspath(__file__))
VEC = os.path.dirname(HERE)
# Third-party inputs (public JWS/HMAC vectors, the Docs documentation's samples), kept in the repository.
INPUTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "inputs")
DOCS_SAMPLES = json.load(open(os.path.join(INPUTS, "docs_samples.json"), encoding="utf-8"))
NODE = os.environ.get("NODE", "node")
PYJWT_PY = os.environ.get("PYJWT_PYTHON", sys.executable)
GO = os.environ.get("GO", "go")

ALL_IDS = set()
H256 = '{"alg":"HS256","typ":"JWT"}'


def hdr(alg):
    return '{"alg":"%s","typ":"JWT"}' % alg


# ---------------------------------------------------------------- oracles
def _oracle(cmd, jobs, cwd=HERE):
    if not jobs:
        return []
    p = subprocess.run(cmd, input=json.dumps(jobs).encode(), cwd=cwd, capture_output=True, check=False)
    if p.returncode != 0:
        sys.exit("oracle %s failed: %s" % (cmd, p.stderr.decode()))
    res = json.loads(p.stdout)
    for j, r in zip(jobs, res):
        if "token" not in r:
            sys.exit("oracle %s refused %r: %s" % (cmd, j, r))
    return [r["token"] for r in res]


def node_sign(jobs):
    for j in jobs:
        j.setdefault("now", NOW)
    return _oracle([NODE, "oracle_node.js"], jobs)


def pyjwt_sign(jobs):
    return _oracle([PYJWT_PY, "oracle_pyjwt.py"], jobs)


def go_sign(jobs):
    return _oracle([GO, "run", "."], jobs, cwd=os.path.join(HERE, "go"))


def node1(payload, secret=SECRET, algorithm="HS256", expires_in=None, now=NOW, **kw):
    job = {"payload": payload, "algorithm": algorithm, "now": now}
    if "secret_hex" in kw:
        job["secret_hex"] = kw.pop("secret_hex")
    else:
        job["secret"] = secret
    if expires_in is not None:
        job["expires_in"] = expires_in
    job.update(kw)
    return node_sign([job])[0]


def expected_sign_claims(payload_text, expires_in, now):
    """Claims text the contract prescribes (independent of node)."""
    obj = parse_ordered(payload_text)
    if expires_in is not None:
        iat = obj["iat"] if "iat" in obj else RawNumber(str(now))
        if "iat" not in obj:
            obj["iat"] = iat
        obj["exp"] = RawNumber(str(int(str.__str__(iat)) + expires_in))
    return emit(obj)


# ---------------------------------------------------------------- case helpers
class File:
    def __init__(self, name, description):
        self.name, self.description, self.cases = name, description, []

    def add(self, cid, op, comment, inp, expect):
        assert cid not in ALL_IDS, "duplicate id " + cid
        assert isinstance(expect, dict) and len(expect) >= 1
        ALL_IDS.add(cid)
        if op == "verify":
            got = refimpl.run_case_verify(inp)
            want = expect if "error" in expect else {"claims": expect["claims"]}
            if got != want:
                sys.exit("reference verifier disagrees on %s: ref %r, case %r" % (cid, got, want))
        if op == "decode_unverified":
            got = refimpl.run_case_decode(inp)
            if got != expect:
                sys.exit("reference decoder disagrees on %s: ref %r, case %r" % (cid, got, expect))
        if op in ("verify_request", "verify_download"):
            got = (refimpl.run_case_verify_request if op == "verify_request" else refimpl.run_case_verify_download)(inp)
            if got is not None and json.loads(json.dumps(got)) != json.loads(json.dumps(to_plain(expect))):
                sys.exit("reference %s disagrees on %s: ref %r, case %r" % (op, cid, got, expect))
        self.cases.append(OrderedDict([("id", cid), ("op", op), ("comment", comment),
                                       ("input", inp), ("expect", expect)]))

    def verify(self, cid, comment, token, expect, secret=SECRET, **inp):
        i = OrderedDict()
        if isinstance(token, bytes):
            i["token_hex"] = token.hex()
        else:
            i["token"] = token
        if "secret_hex" in inp:
            i["secret_hex"] = inp.pop("secret_hex")
        else:
            i["secret"] = secret
        i.update(inp)
        if expect == "ok":
            tok = token if isinstance(token, str) else token.decode("utf-8")
            expect = {"claims": claims_of(tok)}
        elif isinstance(expect, str):
            expect = {"error": expect}
        self.add(cid, "verify", comment, i, expect)

    def write(self, sub=""):
        path = os.path.join(VEC, sub, self.name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(dumps_file(OrderedDict([("description", self.description), ("cases", self.cases)])))
        print("%-32s %4d cases" % (os.path.join(sub, self.name), len(self.cases)))


def ok_claims(token):
    return {"claims": claims_of(token)}


# ================================================================ standards.json
def gen_standards():
    src = json.load(open(os.path.join(INPUTS, "jws_standards.json"), encoding="utf-8"))
    f = File("standards.json", "Public JWS vectors converted from generate/inputs/jws_standards.json: RFC 7515 A.1, "
             "RFC 7520 4.4, C2SP Wycheproof JWS HS256 (Apache-2.0). Ids kept; `now` absent = real clock.")
    for c in src["cases"]:
        i = OrderedDict(token=c["token"])
        if c.get("secret") is not None:
            i["secret"] = c["secret"]
        else:
            i["secret_hex"] = c["secret_hex"]
        i["algorithms"] = c["algorithms"]
        i["leeway"] = c["leeway"]
        if c.get("now") is not None:
            i["now"] = c["now"]
        expect = {"claims": c["payload"]} if c["expect"] == "ok" else {"error": c["expect"]}
        comment = "%s. %s%s" % (c["producer"], c.get("note", ""), " (refs: %s)" % ", ".join(c.get("refs", [])))
        f.add(c["id"], c["op"], comment.strip(), i, expect)
    return f


# ================================================================ onlyoffice_samples.json
SAMPLE_NAMES = ["command-info", "converter", "docbuilder", "callback-status4", "download-file", "download-changes"]


def seed_tokens():
    toks = DOCS_SAMPLES["sample_tokens"]
    assert len(toks) == len(SAMPLE_NAMES), toks
    return toks


def gen_samples():
    f = File("onlyoffice_samples.json", "The sample tokens of the ONLYOFFICE API documentation (generate/inputs/docs_samples.json): HS256 "
             "with an EMPTY secret and no iat/exp. Verified, decoded, and their payloads re-signed by node "
             "jsonwebtoken 9 with a real secret.")
    toks = seed_tokens()
    jobs = []
    for tok in toks:
        h, c, s = segs(tok)
        assert mac("HS256", b"", (h + "." + c).encode()) == strict_b64u_decode(s), "sample not empty-secret HS256"
        jobs.append({"payload": strict_b64u_decode(c).decode(), "secret": SECRET, "algorithm": "HS256"})
    resigned = node_sign(jobs)
    jobs384 = [dict(j, algorithm="HS384") for j in jobs]
    resigned384 = node_sign(jobs384)
    for name, tok, rs, rs384, job in zip(SAMPLE_NAMES, toks, resigned, resigned384, jobs):
        assert segs(rs)[1] == segs(tok)[1], "node re-emits the documentation's claims bytes"
        f.verify("sample-%s-empty-secret" % name,
                 "documentation sample (%s) verified with the empty secret it was made with: Docs rejects an empty secret" % name,
                 tok, "empty_secret", secret="")
        f.verify("sample-%s-empty-secret-hex" % name, "same sample, empty secret given as secret_hex", tok,
                 "empty_secret", secret_hex="")
        f.verify("sample-%s-real-secret" % name, "documentation sample (%s) checked against a real secret" % name,
                 tok, "bad_signature", now=NOW)
        f.verify("sample-%s-secret-word" % name, "documentation sample (%s) against Docs' default secret \"secret\"" % name,
                 tok, "bad_signature", secret="secret", now=NOW)
        f.add("sample-%s-decode" % name, "decode_unverified", "decode the documentation sample (%s)" % name,
              {"token": tok}, {"header": header_of(tok), "claims": claims_of(tok)})
        f.add("sample-%s-resign" % name, "sign",
              "the sample's payload re-signed by node jsonwebtoken 9 (noTimestamp) with a real secret: same claims bytes as the sample",
              {"payload": job["payload"], "secret": SECRET, "algorithm": "HS256"}, {"token": rs})
        f.add("sample-%s-resign-hs384" % name, "sign", "the sample's payload re-signed by node with HS384",
              {"payload": job["payload"], "secret": SECRET, "algorithm": "HS384"}, {"token": rs384})
        f.verify("sample-%s-resigned-verify" % name, "the node re-signed sample verifies with the real secret", rs, "ok", now=NOW)
        f.verify("sample-%s-resigned-hs384-verify" % name, "the node HS384 re-signed sample verifies", rs384, "ok", now=NOW)
        f.verify("sample-%s-resigned-hs384-allow-hs256" % name, "HS384 re-signed sample with allow-list [HS256]",
                 rs384, "unsupported_alg", algorithms=["HS256"], now=NOW)
        f.add("sample-%s-sign-empty-secret" % name, "sign", "signing the sample payload with the empty secret is refused",
              {"payload": job["payload"], "secret": ""}, {"error": "empty_secret"})
    # requests carrying the samples
    cmd, conv, dl, ch = toks[0], toks[1], toks[4], toks[5]
    f.add("sample-command-info-request-empty-secret", "verify_request",
          "the documented command request (header token, plain body) with the empty secret",
          {"secret": "", "body": '{\n    "c": "info",\n    "key": "Khirz6zTPdfd7"\n}', "authorization": "Bearer " + cmd, "now": NOW},
          {"error": "empty_secret"})
    f.add("sample-converter-request-real-secret", "verify_request",
          "the documented converter request with a real secret: forged for that secret",
          {"secret": SECRET, "body": None, "authorization": "Bearer " + conv, "now": NOW}, {"error": "bad_signature"})
    for name, tok, rs in (("download-file", dl, resigned[4]), ("download-changes", ch, resigned[5])):
        url = claims_of(tok)["payload"]["url"]
        f.add("sample-%s-verify-download-empty-secret" % name, "verify_download",
              "documented download request with the empty secret", {"secret": "", "authorization": "Bearer " + tok,
                                                                     "url": url, "now": NOW}, {"error": "empty_secret"})
        f.add("sample-%s-verify-download-resigned" % name, "verify_download",
              "the sample's payload re-signed by node verifies as a download of its URL",
              {"secret": SECRET, "authorization": "Bearer " + rs, "url": url, "now": NOW}, ok_claims(rs))
    return f


# ================================================================ peers.json
PEER_PAYLOADS = OrderedDict([
    ("ascii", '{"c":"info","key":"Khirz6zTPdfd7"}'),
    ("unicode", '{"title":"Résumé – 履歴書 📄","user":"Ærøskøbing","ru":"Привет"}'),
    ("escapes", '{"q":"say \\"hi\\"","path":"C:\\\\docs\\\\a.docx","nl":"a\\nb","html":"<b>&amp;</b>","ctl":"\\u0001"}'),
    ("nested", '{"document":{"key":"k1","permissions":{"edit":true,"review":false},"info":{"owner":null}},"list":[1,[2,[3,{"x":"y"}]]]}'),
    ("arrays", '{"users":["u1","u2","u3"],"actions":[{"type":0,"userid":"u1"},{"type":1,"userid":"u2"}],"empty":[]}'),
    ("numbers", '{"int":42,"neg":-7,"zero":0,"float":3.25,"big":9007199254740991,"small":0.001}'),
    ("callback", '{"key":"Khirz6zTPdfd7","status":2,"url":"https://documentserver/cache/files/Khirz6zTPdfd7/output.docx","changesurl":"https://documentserver/cache/files/Khirz6zTPdfd7/changes.zip","users":["6d5a81d0"],"actions":[{"type":0,"userid":"6d5a81d0"}],"filetype":"docx","lastsave":"2023-11-14T22:10:00.000Z","notmodified":false}'),
    ("download", '{"payload":{"url":"https://example.com/url-to-example-document.docx"}}'),
    ("empty", '{}'),
])
TIME_VARIANTS = ["plain", "iat-exp", "iat-exp-nbf", "iat-only", "nbf-only"]


def with_times(payload, variant):
    obj = parse_ordered(payload)
    if variant in ("iat-exp", "iat-exp-nbf", "iat-only"):
        obj["iat"] = NOW - 10
    if variant in ("iat-exp", "iat-exp-nbf"):
        obj["exp"] = NOW + 290
    if variant in ("iat-exp-nbf", "nbf-only"):
        obj["nbf"] = NOW - 10
    return emit(obj)


def gen_peers():
    f = File("peers.json", "Tokens made by other JWT libraries (PyJWT, node jsonwebtoken 9, golang-jwt v5; versions pinned in "
             "tests/vectors/generate) and verified at a fixed clock.")
    peers = [("pyjwt", pyjwt_sign), ("node", node_sign), ("go", go_sign)]
    for pname, fn in peers:
        jobs, meta = [], []
        for ai, alg in enumerate(["HS256", "HS384", "HS512"]):
            for pi, (plabel, payload) in enumerate(PEER_PAYLOADS.items()):
                variant = TIME_VARIANTS[(pi + ai) % len(TIME_VARIANTS)]
                jobs.append({"payload": with_times(payload, variant), "secret": SECRET, "algorithm": alg})
                meta.append(("%s-%s-%s-%s" % (pname, alg.lower(), plabel, variant),
                             "%s %s token, %s payload, %s" % (pname, alg, plabel, variant), "ok", {}))
        neg = [
            ("expired", '{"key":"k","iat":%d,"exp":%d}' % (NOW - 400, NOW - 100), "HS256", SECRET, {}, "expired",
             "exp 100 s ago, beyond the 60 s leeway"),
            ("expired-boundary", '{"key":"k","exp":%d}' % (NOW - 60), "HS384", SECRET, {}, "expired",
             "exp + leeway == now"),
            ("not-yet-valid", '{"key":"k","nbf":%d}' % (NOW + 120), "HS512", SECRET, {}, "not_yet_valid",
             "nbf 120 s ahead"),
            ("wrong-secret", '{"key":"k"}', "HS256", OTHER, {}, "bad_signature", "signed with another secret"),
            ("wrong-secret-expired", '{"key":"k","exp":%d}' % (NOW - 1000), "HS256", OTHER, {}, "bad_signature",
             "forged and expired: the signature is judged first"),
            ("allow-list", '{"key":"k"}', "HS512", SECRET, {"algorithms": ["HS256", "HS384"]}, "unsupported_alg",
             "HS512 token, allow-list without HS512"),
            ("allow-list-ok", '{"key":"k"}', "HS384", SECRET, {"algorithms": ["HS384"]}, "ok",
             "HS384 token, allow-list [HS384]"),
            ("leeway-0-expired", '{"key":"k","exp":%d}' % NOW, "HS256", SECRET, {"leeway": 0}, "expired",
             "exp == now with leeway 0"),
        ]
        for label, payload, alg, sec, extra, exp, comment in neg:
            jobs.append({"payload": payload, "secret": sec, "algorithm": alg})
            meta.append(("%s-%s" % (pname, label), "%s: %s" % (pname, comment), exp, extra))
        # binary secret and secret with NUL
        for label, shex in (("binary-secret", "00ff10e2808b80fe7f"), ("long-secret", "6b" * 200)):
            jobs.append({"payload": '{"key":"k","n":1}', "secret_hex": shex, "algorithm": "HS256"})
            meta.append(("%s-%s" % (pname, label), "%s: secret given as raw bytes (%s)" % (pname, label), "ok",
                         {"secret_hex": shex}))
        toks = fn(jobs)
        for tok, (cid, comment, exp, extra) in zip(toks, meta):
            extra = dict(extra)
            if "secret_hex" in extra:
                f.verify("peer-" + cid, comment, tok, exp, now=NOW, **extra)
            else:
                f.verify("peer-" + cid, comment, tok, exp, now=NOW, **extra)
        # decode one token per peer
        f.add("peer-%s-decode" % pname, "decode_unverified", "%s token decoded without verification" % pname,
              {"token": toks[0]}, {"header": header_of(toks[0]), "claims": claims_of(toks[0])})
    return f


# ================================================================ sign.json
def editor_config(n_recent=22):
    """A realistic ~4 KB editor config (compact text)."""
    recent = ",".join('{"folder":"Documents/Projects/Quarter-%d","title":"Report %02d – draft.docx","url":"https://storage.example.com/files/report-%02d.docx?version=%d"}' % (i % 4 + 1, i, i, i) for i in range(n_recent))
    return ('{"document":{"fileType":"docx","key":"Khirz6zTPdfd7-v42","title":"Example Document Title.docx",'
            '"url":"https://example.com/url-to-example-document.docx","info":{"owner":"John Smith","uploaded":"2010-07-07 3:46 PM",'
            '"favorite":true,"folder":"Example Files","sharingSettings":[{"permissions":"Full Access","user":"John Smith"},'
            '{"isLink":true,"permissions":"Read Only","user":"Kate Cage"}]},"permissions":{"chat":true,"comment":true,'
            '"commentGroups":{"edit":["Group2",""],"remove":[""],"view":""},"copy":true,"deleteCommentAuthorOnly":false,'
            '"download":true,"edit":true,"editCommentAuthorOnly":false,"fillForms":true,"modifyContentControl":true,'
            '"modifyFilter":true,"print":true,"protect":true,"review":true,"reviewGroups":["Group1","Group2",""],'
            '"userInfoGroups":["Group1",""]}},"documentType":"word","editorConfig":{"callbackUrl":"https://example.com/url-to-callback.ashx",'
            '"coEditing":{"mode":"fast","change":true},"createUrl":"https://example.com/url-to-create-document/",'
            '"customization":{"anonymous":{"request":true,"label":"Guest"},"autosave":true,"comments":true,'
            '"compactHeader":false,"compactToolbar":false,"compatibleFeatures":false,"customer":{"address":"My City, 123a-45",'
            '"info":"Some additional information","logo":"https://example.com/logo-big.png","mail":"john@example.com",'
            '"name":"John Smith and Co.","phone":"123456789","www":"example.com"},"features":{"spellcheck":{"mode":true}},'
            '"feedback":{"url":"https://example.com","visible":true},"forcesave":false,"goback":{"blank":true,'
            '"text":"Open file location","url":"https://example.com"},"help":true,"hideNotes":false,"hideRightMenu":false,'
            '"hideRulers":false,"logo":{"image":"https://example.com/logo.png","url":"https://example.com"},'
            '"macros":true,"macrosMode":"warn","mentionShare":true,"plugins":true,"review":{"hideReviewDisplay":false,'
            '"showReviewChanges":false,"reviewDisplay":"original","trackChanges":true,"hoverMode":false},'
            '"toolbarHideFileName":false,"toolbarNoTabs":false,"uiTheme":"theme-dark","unit":"cm","zoom":100},'
            '"embedded":{"embedUrl":"https://example.com/embedded?doc=exampledocument1.docx","fullscreenUrl":'
            '"https://example.com/embedded?doc=exampledocument1.docx#fullscreen","saveUrl":"https://example.com/download?doc=exampledocument1.docx",'
            '"shareUrl":"https://example.com/view?doc=exampledocument1.docx","toolbarDocked":"top"},"lang":"en",'
            '"location":"us","mode":"edit","recent":[' + recent + '],"region":"en-US","templates":[{"image":"https://example.com/exampletemplate1.png",'
            '"title":"exampletemplate1.docx","url":"https://example.com/url-to-create-template1"}],"user":{"group":"Group1",'
            '"id":"78e1e841","image":"https://example.com/url-to-user-avatar.png","name":"John Smith"}},'
            '"height":"100%","type":"desktop","width":"100%"}')


SIGN_PAYLOADS = OrderedDict([
    ("command", '{"c":"info","key":"Khirz6zTPdfd7"}'),
    ("simple", '{"sub":"user-1","name":"Jane Doe","admin":false}'),
    ("unicode", '{"title":"Résumé – 履歴書 📄","user":"Ærøskøbing","ru":"Привет, мир"}'),
    ("escapes", '{"quote":"say \\"hi\\"","backslash":"C:\\\\dir\\\\file","nl":"a\\nb\\r\\n","tab":"\\t","bs":"\\b\\f",'
                '"ctl":"\\u0001\\u001f\\u0000","slash":"a/b and \\/escaped","html":"<script>&amp;</script>","emoji":"😀",'
                '"emoji_escaped":"\\ud83d\\ude00","ls":"\\u2028\\u2029","del":"\\u007f","latin":"\\u00e9"}'),
    ("raw-u2028", '{"raw":"a\u2028b\u2029c","nbsp":"\u00a0"}'),
    ("unicode-keys", '{"ключ":"значение","a\\"b":"q","k\\\\":1,"":"empty key","😀":"emoji key"}'),
    ("nested", '{"document":{"permissions":{"edit":true,"comment":false},"info":{"favorite":null}},"users":["u1","u2"],'
               '"matrix":[[1,2],[3,[4,[5,[]]]]],"o":{"a":{"b":{"c":{}}}}}'),
    ("empty", '{}'),
    ("big-integers", '{"max_safe":9007199254740991,"min_safe":-9007199254740991,"n":12345678901234,"zero":0,"neg":-1}'),
    ("floats", '{"pi":3.14159,"half":0.5,"neg":-0.25,"small":0.001,"tiny":1e-7,"big":1e+21}'),
    ("literals", '{"t":true,"f":false,"n":null,"arr":[true,false,null]}'),
    ("pretty-printed", '{\n  "key": "Khirz6zTPdfd7",\n\t"status": 4 ,\r\n  "users" : [ "u1" , "u2" ]\n}\n'),
    ("controls-all", '{"s":"' + "".join("\\u%04x" % i for i in range(32)) + '"}'),
    ("long-string", '{"s":"' + "abcdefghij" * 100 + '"}'),
    ("deep-50", '{"d":' + "[" * 49 + "]" * 49 + '}'),
    ("callback-300", '{"key":"Khirz6zTPdfd7","status":2,"url":"https://documentserver/cache/files/data/Khirz6zTPdfd7/output.docx/output.docx",'
                     '"changesurl":"https://documentserver/cache/files/data/Khirz6zTPdfd7/changes.zip/changes.zip","history":{"serverVersion":"7.5.0","changes":[]},'
                     '"users":["6d5a81d0"],"actions":[{"type":0,"userid":"6d5a81d0"}],"lastsave":"2023-11-14T22:10:00.000Z","notmodified":false,"filetype":"docx"}'),
    ("editor-config-4k", editor_config()),
    ("own-iat-first", '{"iat":1690000000,"key":"k"}'),
    ("own-iat-last", '{"key":"k","iat":1700000123}'),
    ("own-nbf", '{"key":"k","nbf":1699999000}'),
    ("payload-wrapped", '{"payload":{"c":"info","key":"Khirz6zTPdfd7"}}'),
])


def gen_sign():
    f = File("sign.json", "sign: expected tokens are byte for byte what node jsonwebtoken 9 emits at the same fixed clock "
             "(jwt.sign(JSON.parse(payload), secret, {algorithm, expiresIn}) / noTimestamp without expiresIn); plus refusals.")
    cases = []
    for label, payload in SIGN_PAYLOADS.items():
        for alg in ("HS256", "HS384", "HS512"):
            for exp in (None, 300):
                cases.append((label, payload, alg, exp))
    for label, payload, exp in (("command", SIGN_PAYLOADS["command"], 0), ("command", SIGN_PAYLOADS["command"], 3600),
                                ("command", SIGN_PAYLOADS["command"], 2592000), ("own-iat-first", SIGN_PAYLOADS["own-iat-first"], 60),
                                ("unicode", SIGN_PAYLOADS["unicode"], 1)):
        cases.append((label, payload, "HS256", exp))
    jobs = []
    for label, payload, alg, exp in cases:
        j = {"payload": payload, "secret": SECRET, "algorithm": alg}
        if exp is not None:
            j["expires_in"] = exp
        jobs.append(j)
    toks = node_sign(jobs)
    for (label, payload, alg, exp), tok in zip(cases, toks):
        h, c, _ = segs(tok)
        assert strict_b64u_decode(h).decode() == hdr(alg)
        want = expected_sign_claims(payload, exp, NOW)
        got = strict_b64u_decode(c).decode()
        assert got == want, "node differs from the contract for %s: %r vs %r" % (label, got, want)
        cid = "sign-%s-%s-%s" % (label, alg.lower(), "noexp" if exp is None else "exp%d" % exp)
        inp = OrderedDict([("payload", payload), ("secret", SECRET), ("algorithm", alg)])
        if exp is not None:
            inp["expires_in"] = exp
            inp["now"] = NOW
        f.add(cid, "sign", "%s payload, %s, %s" % (label, alg, "no expires_in (no claim added)" if exp is None
                                                  else "expires_in %d at now %d" % (exp, NOW)), inp, {"token": tok})
    # algorithm defaulted, secrets as bytes
    p = SIGN_PAYLOADS["command"]
    t = node1(p, expires_in=300)
    f.add("sign-default-algorithm", "sign", "algorithm absent = HS256", {"payload": p, "secret": SECRET, "expires_in": 300, "now": NOW}, {"token": t})
    for label, shex in (("nul-secret", b"sec\x00ret".hex()), ("binary-secret", "ff00fe01c3"), ("long-secret-hs512", "ab" * 300)):
        t = node1(p, secret_hex=shex, algorithm="HS512" if "hs512" in label else "HS256")
        f.add("sign-" + label, "sign", "secret given as raw bytes (%s)" % label,
              {"payload": p, "secret_hex": shex, "algorithm": "HS512" if "hs512" in label else "HS256"}, {"token": t})
    t = node1(p, secret="sec\u0000ret")
    f.add("sign-nul-in-text-secret", "sign", "text secret containing U+0000 is used whole, not truncated",
          {"payload": p, "secret": "sec\u0000ret"}, {"token": t})
    # max_json_len boundary
    f.add("sign-max-json-len-equal", "sign", "payload exactly max_json_len bytes long is accepted",
          {"payload": p, "secret": SECRET, "max_json_len": len(p.encode())}, {"token": node1(p)})
    # refusals
    errs = [
        ("invalid-json-array", '[1,2]', {}, "invalid_json", "a JSON array is not an object"),
        ("invalid-json-empty-array", '[]', {}, "invalid_json", "empty array"),
        ("invalid-json-string", '"text"', {}, "invalid_json", "a JSON string"),
        ("invalid-json-number", '42', {}, "invalid_json", "a JSON number"),
        ("invalid-json-null", 'null', {}, "invalid_json", "null"),
        ("invalid-json-true", 'true', {}, "invalid_json", "true"),
        ("invalid-json-truncated", '{"c":"info","key":"Kh', {}, "invalid_json", "truncated JSON"),
        ("invalid-json-empty-text", '', {}, "invalid_json", "empty text"),
        ("invalid-json-whitespace", '  \n', {}, "invalid_json", "whitespace only"),
        ("invalid-json-duplicate-keys", '{"key":"a","key":"b"}', {}, "invalid_json", "duplicate member names"),
        ("invalid-json-duplicate-nested", '{"p":{"url":"a","url":"b"}}', {}, "invalid_json", "duplicate member names inside a nested object"),
        ("invalid-json-nan", '{"n":NaN}', {}, "invalid_json", "NaN is not JSON"),
        ("invalid-json-infinity", '{"n":Infinity}', {}, "invalid_json", "Infinity is not JSON"),
        ("invalid-json-trailing-comma", '{"a":1,}', {}, "invalid_json", "trailing comma"),
        ("invalid-json-single-quotes", "{'a':1}", {}, "invalid_json", "single quotes"),
        ("invalid-json-comment", '{"a":1 /* c */}', {}, "invalid_json", "comment"),
        ("invalid-json-trailing-garbage", '{"a":1}x', {}, "invalid_json", "text after the object"),
        ("invalid-json-two-objects", '{"a":1}{"b":2}', {}, "invalid_json", "two objects"),
        ("invalid-json-raw-control", '{"a":"x\ty"}', {}, "invalid_json", "raw TAB inside a string"),
        ("invalid-json-bad-escape", '{"a":"\\x41"}', {}, "invalid_json", "invalid escape \\x"),
        ("invalid-json-leading-zero", '{"a":01}', {}, "invalid_json", "leading zero"),
        ("invalid-json-plus-number", '{"a":+1}', {}, "invalid_json", "plus sign"),
        ("invalid-json-deep", '{"a":' + "[" * 10000 + "]" * 10000 + '}', {}, "invalid_json", "10 000 nested arrays"),
        ("invalid-json-bom", '\ufeff{"a":1}', {}, "invalid_json", "UTF-8 byte order mark before the object"),
        ("empty-secret", p, {"secret": ""}, "empty_secret", "empty secret"),
        ("empty-secret-hex", p, {"secret_hex": ""}, "empty_secret", "empty secret as hex"),
        ("empty-secret-with-expires", p, {"secret": "", "expires_in": 300, "now": NOW}, "empty_secret", "empty secret with expires_in"),
        ("alg-none", p, {"algorithm": "none"}, "unsupported_alg", "alg none is never signed"),
        ("alg-none-upper", p, {"algorithm": "NONE"}, "unsupported_alg", "NONE"),
        ("alg-lowercase", p, {"algorithm": "hs256"}, "unsupported_alg", "case-sensitive names"),
        ("alg-rs256", p, {"algorithm": "RS256"}, "unsupported_alg", "RS256 is not HMAC"),
        ("alg-es256", p, {"algorithm": "ES256"}, "unsupported_alg", "ES256 is not HMAC"),
        ("alg-hs1024", p, {"algorithm": "HS1024"}, "unsupported_alg", "no such HMAC"),
        ("alg-empty", p, {"algorithm": ""}, "unsupported_alg", "empty algorithm name"),
        ("alg-trailing-space", p, {"algorithm": "HS256 "}, "unsupported_alg", "trailing space"),
        ("exp-and-expires-in", '{"key":"k","exp":1700000300}', {"expires_in": 300, "now": NOW}, "invalid_argument",
         "payload has exp and expires_in is given (jsonwebtoken refuses too)"),
        ("iat-not-number", '{"key":"k","iat":"1700000000"}', {"expires_in": 300, "now": NOW}, "invalid_argument",
         "payload iat is a string and expires_in is given"),
        ("negative-expires-in", p, {"expires_in": -1, "now": NOW}, "invalid_argument", "negative expires_in"),
        ("exp-string", '{"key":"k","exp":"k"}', {}, "invalid_argument",
         "payload exp is a string: node jsonwebtoken refuses to sign it, and verify could never accept it"),
        ("nbf-null", '{"key":"k","nbf":null}', {}, "invalid_argument", "payload nbf is null (not a number)"),
        ("iat-bool-no-expires-in", '{"key":"k","iat":true}', {}, "invalid_argument", "payload iat is a boolean"),
        ("exp-object", '{"key":"k","exp":{"t":1}}', {"now": NOW}, "invalid_argument", "payload exp is an object"),
        ("exp-not-finite", '{"key":"k","exp":170000170000e300}', {}, "invalid_argument",
         "payload exp overflows a double (found by fuzzing): verify would refuse it, so sign does too"),
        ("nbf-not-finite-negative", '{"key":"k","nbf":-1e400}', {}, "invalid_argument",
         "payload nbf is -1e400, below every double"),
        ("iat-not-finite-expires-in", '{"key":"k","iat":1e999}', {"expires_in": 300, "now": NOW}, "invalid_argument",
         "payload iat overflows a double and expires_in is given"),
        ("too-large", p, {"max_json_len": len(p.encode()) - 1}, "too_large", "payload one byte over max_json_len"),
        ("too-large-small-limit", SIGN_PAYLOADS["editor-config-4k"], {"max_json_len": 1024}, "too_large", "4 KB config over a 1 KiB limit"),
        # order of checks
        ("order-alg-before-size", p, {"algorithm": "none", "max_json_len": 4}, "unsupported_alg", "options are checked before the size"),
        ("order-size-before-secret", p, {"secret": "", "max_json_len": 4}, "too_large", "size is checked before the secret"),
        ("order-secret-before-json", '[1]', {"secret": ""}, "empty_secret", "secret is checked before the JSON"),
        ("order-json-before-exp", '{"exp":1,"exp":2}', {"expires_in": 300, "now": NOW}, "invalid_json", "JSON is checked before exp/expires_in"),
        ("order-negative-expires-before-secret", p, {"secret": "", "expires_in": -5}, "invalid_argument", "negative expires_in is an option error, first"),
    ]
    for label, payload, extra, err, comment in errs:
        inp = OrderedDict([("payload", payload)])
        if "secret_hex" not in extra:
            inp["secret"] = extra.pop("secret", SECRET)
        inp.update(extra)
        f.add("sign-err-" + label, "sign", comment, inp, {"error": err})
    # exp without expires_in is fine (no claim added)
    q = '{"key":"k","exp":1700000300}'
    f.add("sign-own-exp-no-expires-in", "sign", "payload with its own exp and no expires_in: kept as is",
          {"payload": q, "secret": SECRET}, {"token": node1(q)})
    return f


# ================================================================ attacks.json
BASE_CLAIMS = '{"c":"info","key":"Khirz6zTPdfd7","iat":%d,"exp":%d}' % (NOW - 10, NOW + 290)
KEY = SECRET.encode()


def find_claims_with(pred, template='{"c":"info","key":"Khirz6zTPdfd7","n":%d}', alg="HS256"):
    """Deterministic search for a claims text whose token satisfies pred(token)."""
    for n in range(100000):
        cl = template % n
        tok = craft(hdr(alg), cl, alg)
        if pred(tok):
            return cl, tok
    raise RuntimeError("not found")


def gen_attacks():
    f = File("attacks.json", "RFC 8725 / jwt_tool style attacks on verify: alg none, algorithm swap, key confusion, "
             "allow-list, signature tampering, header injection, non-canonical encodings. Tokens crafted with Python hmac.")
    base = craft(H256, BASE_CLAIMS)
    h, c, s = segs(base)
    f.verify("atk-baseline", "the untampered baseline token", base, "ok", now=NOW)
    # --- alg none family
    for casing in ("none", "None", "NONE", "nOnE"):
        nh = '{"alg":"%s","typ":"JWT"}' % casing
        hseg = b64u_text(nh)
        valid_mac = b64u(mac("HS256", KEY, (hseg + "." + c).encode()))
        for slabel, sig in (("empty-sig", ""), ("garbage-sig", "c2lnbmF0dXJl"), ("hmac-sig", valid_mac)):
            tok = hseg + "." + c + "." + sig
            f.verify("atk-alg-%s-%s" % (casing, slabel), "alg %r with %s: never accepted" % (casing, slabel), tok,
                     "unsupported_alg", now=NOW)
        f.verify("atk-alg-%s-two-segments" % casing, "alg %r, the signature and its dot removed: structure is judged first" % casing,
                 hseg + "." + c, "malformed", now=NOW)
        f.verify("atk-alg-%s-allow-hs256" % casing, "alg %r with explicit allow-list [HS256]" % casing,
                 hseg + "." + c + ".", "unsupported_alg", algorithms=["HS256"], now=NOW)
    f.verify("atk-alg-none-no-typ", 'header {"alg":"none"} alone', b64u_text('{"alg":"none"}') + "." + c + ".",
             "unsupported_alg", now=NOW)
    f.verify("atk-alg-none-empty-secret", "alg none with an empty secret: the secret is checked first",
             b64u_text('{"alg":"none"}') + "." + c + ".", "empty_secret", secret="", now=NOW)
    # --- algorithm swap
    for to in ("HS384", "HS512"):
        hseg = b64u_text(hdr(to))
        f.verify("atk-swap-hs256-to-%s-keep-sig" % to.lower(), "HS256 token relabelled %s, old signature kept" % to,
                 hseg + "." + c + "." + s, "bad_signature", now=NOW)
        f.verify("atk-swap-hs256-to-%s-hs256-mac" % to.lower(), "relabelled %s, HS256 MAC over the new header" % to,
                 hseg + "." + c + "." + b64u(mac("HS256", KEY, (hseg + "." + c).encode())), "bad_signature", now=NOW)
        resigned = sign_segments(hseg, c, to, KEY)
        f.verify("atk-swap-hs256-to-%s-resigned" % to.lower(), "relabelled %s and genuinely re-signed with the secret: a valid token" % to,
                 resigned, "ok", now=NOW)
        f.verify("atk-swap-hs256-to-%s-resigned-allow-hs256" % to.lower(), "genuine %s token, allow-list [HS256]" % to,
                 resigned, "unsupported_alg", algorithms=["HS256"], now=NOW)
    h512 = craft(hdr("HS512"), BASE_CLAIMS, "HS512")
    f.verify("atk-swap-hs512-to-hs256-keep-sig", "HS512 token relabelled HS256, 64-byte signature kept",
             b64u_text(H256) + "." + segs(h512)[1] + "." + segs(h512)[2], "bad_signature", now=NOW)
    f.verify("atk-swap-hs512-to-hs256-truncated-sig", "HS512 token relabelled HS256, signature truncated to 32 bytes",
             b64u_text(H256) + "." + segs(h512)[1] + "." + b64u(strict_b64u_decode(segs(h512)[2])[:32]), "bad_signature", now=NOW)
    # --- key confusion: asymmetric alg header, HMAC signature made with the secret
    pem = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEVs/o5+uQbTjL3chynL4wXgUg2R9\nq9UU8I5mEovUf86QZ7kOBIjJwqnzD1omageEHWwHdBO6B+dFabmdT9POxg==\n-----END PUBLIC KEY-----\n"
    for alg in ("RS256", "RS384", "RS512", "ES256", "ES384", "PS256", "EdDSA", "HS256K", "A128GCM"):
        hseg = b64u_text('{"alg":"%s","typ":"JWT"}' % alg)
        tok = hseg + "." + c + "." + b64u(mac("HS256", KEY, (hseg + "." + c).encode()))
        f.verify("atk-confusion-%s" % alg.lower(), "%s header, HMAC-SHA256 signature made with the secret as key" % alg, tok,
                 "unsupported_alg", now=NOW)
    hseg = b64u_text('{"alg":"RS256","typ":"JWT"}')
    tok = hseg + "." + c + "." + b64u(mac("HS256", pem.encode(), (hseg + "." + c).encode()))
    f.verify("atk-confusion-rs256-public-key-pem", "classic key confusion: RS256 header, HMAC keyed with the PEM public key, verified with that PEM as secret",
             tok, "unsupported_alg", secret=pem, now=NOW)
    f.verify("atk-confusion-allow-rs256", "an allow-list naming RS256 is refused as an option", tok, "invalid_argument",
             secret=pem, algorithms=["RS256"], now=NOW)
    for label, alg in (("lower", "hs256"), ("mixed", "Hs256"), ("trailing-space", "HS256 "), ("leading-space", " HS256"),
                       ("dash", "HS-256"), ("long-name", "HMAC-SHA256"), ("empty", "")):
        hseg = b64u_text('{"alg":"%s","typ":"JWT"}' % alg)
        tok = hseg + "." + c + "." + b64u(mac("HS256", KEY, (hseg + "." + c).encode()))
        f.verify("atk-alg-name-%s" % label, "alg %r, HMAC-SHA256 with the secret: names are exact and case-sensitive" % alg,
                 tok, "unsupported_alg", now=NOW)
    # --- allow-list restrictions
    t384 = craft(hdr("HS384"), BASE_CLAIMS, "HS384")
    t512 = craft(hdr("HS512"), BASE_CLAIMS, "HS512")
    for tok, alg in ((base, "HS256"), (t384, "HS384"), (t512, "HS512")):
        for allow in (["HS256"], ["HS384"], ["HS512"], ["HS256", "HS384", "HS512"], ["HS512", "HS256"]):
            exp = "ok" if alg in allow else "unsupported_alg"
            f.verify("atk-allow-%s-in-%s" % (alg.lower(), "-".join(a.lower() for a in allow)),
                     "%s token with allow-list %s" % (alg, allow), tok, exp, algorithms=allow, now=NOW)
    # --- signature tampering
    sb = strict_b64u_decode(s)
    f.verify("atk-sig-stripped", "signature removed, dot kept", h + "." + c + ".", "bad_signature", now=NOW)
    f.verify("atk-sig-truncated-bytes", "signature truncated to 16 bytes (canonically re-encoded)", h + "." + c + "." + b64u(sb[:16]), "bad_signature", now=NOW)
    f.verify("atk-sig-truncated-1-byte", "signature missing its last byte", h + "." + c + "." + b64u(sb[:-1]), "bad_signature", now=NOW)
    f.verify("atk-sig-extended-byte", "signature with one extra zero byte", h + "." + c + "." + b64u(sb + b"\x00"), "bad_signature", now=NOW)
    f.verify("atk-sig-doubled", "signature repeated twice", h + "." + c + "." + b64u(sb + sb), "bad_signature", now=NOW)
    f.verify("atk-sig-extended-char", "one base64url char appended (44 chars, all bits used: 33 bytes)", h + "." + c + "." + s + "A", "bad_signature", now=NOW)
    f.verify("atk-sig-cut-to-len-mod4-1", "signature cut to 41 chars (length mod 4 == 1 is never base64)", h + "." + c + "." + s[:41], "malformed", now=NOW)
    f.verify("atk-sig-all-zero", "32 zero bytes", h + "." + c + "." + b64u(bytes(32)), "bad_signature", now=NOW)
    f.verify("atk-sig-foreign-secret", "signature made with another secret", craft(H256, BASE_CLAIMS, key=OTHER.encode()), "bad_signature", now=NOW)
    f.verify("atk-sig-foreign-alg", "HS384 signature on an HS256 header", h + "." + c + "." + b64u(mac("HS384", KEY, (h + "." + c).encode())), "bad_signature", now=NOW)
    f.verify("atk-sig-from-other-token", "signature of a different token", h + "." + c + "." + segs(craft(H256, '{"c":"drop"}'))[2], "bad_signature", now=NOW)
    f.verify("atk-sig-secret-with-newline", "signed with the secret + \\n, verified with the secret", craft(H256, BASE_CLAIMS, key=KEY + b"\n"), "bad_signature", now=NOW)
    f.verify("atk-sig-empty-key-mac", "signature made with the empty key", craft(H256, BASE_CLAIMS, key=b""), "bad_signature", now=NOW)
    for pos in (0, 1, 10, 21, 30, 41, 42):
        ch = s[pos]
        for new in ("A", "B", "_"):
            if new == ch:
                continue
            alt = s[:pos] + new + s[pos + 1:]
            exp = "bad_signature" if strict_b64u_decode(alt) is not None else "malformed"
            f.verify("atk-sig-flip-pos%d-%s" % (pos, {"A": "a", "B": "b", "_": "us"}[new]),
                     "signature char %d changed %r -> %r (%s)" % (pos, ch, new, exp), h + "." + c + "." + alt, exp, now=NOW)
            break
    # bit flips in the decoded signature
    for bytepos in (0, 15, 31):
        for bit in (0, 7):
            alt = bytearray(sb)
            alt[bytepos] ^= 1 << bit
            f.verify("atk-sig-bitflip-byte%d-bit%d" % (bytepos, bit), "signature byte %d bit %d flipped" % (bytepos, bit),
                     h + "." + c + "." + b64u(bytes(alt)), "bad_signature", now=NOW)
    # tampered claims / header keeping the signature
    f.verify("atk-claims-modified", "claims changed (key), signature kept", h + "." + b64u_text(BASE_CLAIMS.replace("Khirz", "Xhirz")) + "." + s, "bad_signature", now=NOW)
    f.verify("atk-claims-exp-extended", "exp pushed far ahead, signature kept", h + "." + b64u_text(BASE_CLAIMS.replace(str(NOW + 290), "9999999999")) + "." + s, "bad_signature", now=NOW)
    f.verify("atk-header-kid-added", "kid added to the header, signature kept", b64u_text('{"alg":"HS256","typ":"JWT","kid":"x"}') + "." + c + "." + s, "bad_signature", now=NOW)
    f.verify("atk-segments-swapped", "header and claims swapped", c + "." + h + "." + s, "malformed", now=NOW)
    # --- header injection: kid / jku / x5u / jwk / x5c are ignored
    inj = [
        ("kid-path-traversal", '{"alg":"HS256","typ":"JWT","kid":"../../../../dev/null"}'),
        ("kid-sql", '{"alg":"HS256","typ":"JWT","kid":"x\' UNION SELECT \'key"}'),
        ("kid-empty", '{"alg":"HS256","kid":""}'),
        ("jku", '{"alg":"HS256","typ":"JWT","jku":"https://attacker.example/jwks.json"}'),
        ("x5u", '{"alg":"HS256","typ":"JWT","x5u":"https://attacker.example/cert.pem"}'),
        ("jwk-embedded", '{"alg":"HS256","typ":"JWT","jwk":{"kty":"oct","k":"YXR0YWNrZXI"}}'),
        ("x5c", '{"alg":"HS256","typ":"JWT","x5c":["MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"]}'),
        ("typ-at-jwt", '{"alg":"HS256","typ":"at+jwt"}'),
        ("typ-lowercase-jwt", '{"alg":"HS256","typ":"jwt"}'),
        ("typ-jose", '{"alg":"HS256","typ":"JOSE"}'),
        ("typ-number", '{"alg":"HS256","typ":1}'),
        ("typ-missing", '{"alg":"HS256"}'),
        ("alg-last", '{"typ":"JWT","alg":"HS256"}'),
        ("cty-jwt", '{"alg":"HS256","cty":"JWT"}'),
        ("b64-false-no-crit", '{"alg":"HS256","b64":false}'),
        ("unknown-members", '{"alg":"HS256","zip":"DEF","x":{"y":[1,2]}}'),
        ("header-whitespace", ' {\r\n "alg" : "HS256" ,\n "typ":"JWT"\t} \n'),
    ]
    for label, hd in inj:
        f.verify("atk-header-%s" % label, "header %s, genuinely signed with the secret: extra header members are ignored" % label,
                 craft(hd, BASE_CLAIMS), "ok", now=NOW)
    jkey = craft('{"alg":"HS256","typ":"JWT","jwk":{"kty":"oct","k":"%s"}}' % b64u(b"attacker"), BASE_CLAIMS, key=b"attacker")
    f.verify("atk-header-jwk-key-used-by-attacker", "token signed with the key embedded in its own jwk header: never used", jkey, "bad_signature", now=NOW)
    f.verify("atk-header-kid-as-key", "signed with the kid value as key", craft('{"alg":"HS256","kid":"k1"}', BASE_CLAIMS, key=b"k1"), "bad_signature", now=NOW)
    # crit / duplicate alg
    for label, hd in (("crit-exp", '{"alg":"HS256","crit":["exp"],"exp":1}'), ("crit-b64", '{"alg":"HS256","b64":false,"crit":["b64"]}'),
                      ("crit-empty", '{"alg":"HS256","crit":[]}'), ("crit-null", '{"alg":"HS256","crit":null}'),
                      ("dup-alg-none-last", '{"alg":"HS256","alg":"none"}'), ("dup-alg-hs-last", '{"alg":"none","alg":"HS256"}'),
                      ("dup-alg-same", '{"alg":"HS256","alg":"HS256"}'), ("dup-typ", '{"alg":"HS256","typ":"JWT","typ":"JWT"}'),
                      ("dup-nested", '{"alg":"HS256","x":{"a":1,"a":2}}'),
                      ("dup-escaped-name", '{"alg":"HS256","\\u0061lg":"none"}')):
        f.verify("atk-header-%s" % label, "header %s, validly signed: malformed" % hd, craft(hd, BASE_CLAIMS), "malformed", now=NOW)
    # duplicate claims
    for label, cl in (("dup-exp", '{"exp":%d,"exp":%d}' % (NOW - 1000, NOW + 1000)), ("dup-key", '{"key":"a","key":"b"}'),
                      ("dup-payload-url", '{"payload":{"url":"a","url":"b"}}'), ("dup-escaped", '{"key":"a","\\u006bey":"b"}')):
        f.verify("atk-claims-%s" % label, "claims with duplicate names (%s), validly signed" % label, craft(H256, cl), "malformed", now=NOW)
        f.verify("atk-claims-%s-forged" % label, "duplicate claims but a forged signature: signature first", craft(H256, cl, key=OTHER.encode()), "bad_signature", now=NOW)
    # --- non-canonical encodings, validly signed over the altered text
    canon_cases(f)
    return f


def canon_cases(f):
    """Padding, standard-alphabet and trailing-bit variants of each segment."""
    # header / claims texts with each remainder (len mod 3 = 0, 1, 2)
    headers = {}
    for k in ("", "k", "k1", "k12"):
        hd = '{"alg":"HS256","typ":"JWT","kid":"%s"}' % k if k else H256
        headers.setdefault(len(hd) % 3, hd)
    claims = {}
    for k in ("K", "K1", "K12", "K123"):
        claims.setdefault(len('{"c":"info","key":"%s"}' % k) % 3, '{"c":"info","key":"%s"}' % k)
    for r in (0, 1, 2):
        assert len(headers[r]) % 3 == r and len(claims[r]) % 3 == r, (r, len(headers[r]), len(claims[r]))
    for seg_name in ("header", "claims"):
        for r in (1, 2):
            hd = headers[r] if seg_name == "header" else H256
            cl = claims[r] if seg_name == "claims" else claims[0]
            hs, cs = b64u_text(hd), b64u_text(cl)
            idx = 0 if seg_name == "header" else 1
            seg = (hs, cs)[idx]
            pad = "=" * (-len(seg) % 4)
            # padded
            parts = [hs, cs]
            parts[idx] = seg + pad
            f.verify("atk-canon-%s-rem%d-padded" % (seg_name, r), "%s segment with its '%s' padding, validly signed over the padded text" % (seg_name, pad),
                     sign_segments(parts[0], parts[1], "HS256", KEY), "malformed", now=NOW)
            # trailing bits
            last = seg[-1]
            alt_last = ALPH[ALPH.index(last) + 1]
            parts = [hs, cs]
            parts[idx] = seg[:-1] + alt_last
            assert strict_b64u_decode(parts[idx]) is None
            f.verify("atk-canon-%s-rem%d-trailing-bits" % (seg_name, r),
                     "%s segment's last char %r -> %r: same bytes for a lenient decoder, non-zero unused bits; validly signed over that text" % (seg_name, last, alt_last),
                     sign_segments(parts[0], parts[1], "HS256", KEY), "malformed", now=NOW)
        # '=' on a segment with no remainder
        hs, cs = b64u_text(H256), b64u_text(claims[0])
        parts = [hs, cs]
        idx = 0 if seg_name == "header" else 1
        parts[idx] += "="
        f.verify("atk-canon-%s-stray-equals" % seg_name, "%s segment (no remainder) followed by '=', validly signed" % seg_name,
                 sign_segments(parts[0], parts[1], "HS256", KEY), "malformed", now=NOW)
    # standard alphabet: find texts whose encoding has '-' and '_'
    for seg_name in ("header", "claims"):
        if seg_name == "header":
            for n in range(10000):
                hd = '{"alg":"HS256","typ":"JWT","kid":"%s"}' % ("a" * (n % 3) + "~?>\u00ff~~??" * (n // 3 % 5 + 1) + str(n))
                hs = b64u_text(hd)
                if "-" in hs and "_" in hs:
                    break
            else:
                raise RuntimeError("no header with - and _")
            cs = b64u_text(claims[0])
        else:
            hs = b64u_text(H256)
            for n in range(10000):
                cl = '{"c":"info","key":"%s"}' % ("a" * (n % 3) + "~?>\u00ff~~??" * (n // 3 % 5 + 1) + str(n))
                cs = b64u_text(cl)
                if "-" in cs and "_" in cs:
                    break
            else:
                raise RuntimeError("no claims with - and _")
        good = sign_segments(hs, cs, "HS256", KEY)
        f.verify("atk-canon-%s-urlsafe-control" % seg_name, "%s segment containing '-' and '_' (the control: ok)" % seg_name, good, "ok", now=NOW)
        for label, tr in (("plus", {"-": "+"}), ("slash", {"_": "/"}), ("both", {"-": "+", "_": "/"})):
            parts = [hs, cs]
            idx = 0 if seg_name == "header" else 1
            parts[idx] = "".join(tr.get(ch, ch) for ch in parts[idx])
            f.verify("atk-canon-%s-std-alphabet-%s" % (seg_name, label),
                     "%s segment in the standard base64 alphabet (%s), validly signed over that text" % (seg_name, label),
                     sign_segments(parts[0], parts[1], "HS256", KEY), "malformed", now=NOW)
    # signature segment: HS256 (43 chars, 2 unused bits) and HS512 (86 chars, 4 unused bits)
    for alg in ("HS256", "HS512"):
        tok = craft(hdr(alg), claims[0], alg)
        hs, cs, ss = segs(tok)
        pad = "=" * (-len(ss) % 4)
        f.verify("atk-canon-sig-%s-padded" % alg.lower(), "%s signature with '%s' padding" % (alg, pad), "%s.%s.%s%s" % (hs, cs, ss, pad), "malformed", now=NOW)
        alt = ss[:-1] + ALPH[ALPH.index(ss[-1]) + 1]
        f.verify("atk-canon-sig-%s-trailing-bits" % alg.lower(), "%s signature last char %r -> %r: same MAC bytes for a lenient decoder" % (alg, ss[-1], alt[-1]),
                 "%s.%s.%s" % (hs, cs, alt), "malformed", now=NOW)
    # HS384 signature: no remainder, a stray '='
    tok = craft(hdr("HS384"), claims[0], "HS384")
    f.verify("atk-canon-sig-hs384-stray-equals", "HS384 signature (64 chars) followed by '='", tok + "=", "malformed", now=NOW)
    # signature with '+' or '/'
    cl, tok = find_claims_with(lambda t: "-" in segs(t)[2] and "_" in segs(t)[2])
    hs, cs, ss = segs(tok)
    f.verify("atk-canon-sig-urlsafe-control", "signature containing '-' and '_' (the control: ok)", tok, "ok", now=NOW)
    f.verify("atk-canon-sig-std-alphabet-plus", "signature with '-' written as '+'", "%s.%s.%s" % (hs, cs, ss.replace("-", "+")), "malformed", now=NOW)
    f.verify("atk-canon-sig-std-alphabet-slash", "signature with '_' written as '/'", "%s.%s.%s" % (hs, cs, ss.replace("_", "/")), "malformed", now=NOW)


ALPH = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


# ================================================================ negative.json
def nested(depth, inner="1"):
    """Claims-like object at total nesting depth `depth` (the top-level object counts as 1)."""
    return '{"d":' + "[" * (depth - 1) + inner + "]" * (depth - 1) + "}"


def gen_negative():
    f = File("negative.json", "verify / decode_unverified refusals: structure, base64url, JSON, UTF-8, limits, options, "
             "claim types; plus secrets with NUL or binary bytes. Tokens crafted with Python hmac.")
    base = craft(H256, BASE_CLAIMS)
    h, c, s = segs(base)
    # --- segment counts / empty parts
    seg_cases = [
        ("empty-token", "", "the empty token"),
        ("one-segment", h, "header only"),
        ("one-segment-garbage", "abc", "one short segment"),
        ("two-segments", h + "." + c, "signature and its dot missing"),
        ("two-segments-trailing-dot", h + "." + c + ".." , "four segments, the last empty"),
        ("four-segments", base + "." + s, "a fourth segment"),
        ("four-segments-empty-last", base + ".", "trailing dot: four segments"),
        ("five-segments", base + "." + c + "." + s, "five segments (JWE-like)"),
        ("five-segments-jwe-shape", h + ".." + c + "." + c + "." + s, "JWE compact shape"),
        ("only-dots-2", "..", "two dots, all segments empty"),
        ("only-dots-3", "...", "three dots"),
        ("only-dot", ".", "one dot"),
        ("empty-header", "." + c + "." + s, "empty header segment"),
        ("leading-dot", "." + base, "dot before the token"),
    ]
    for label, tok, comment in seg_cases:
        f.verify("neg-%s" % label, comment, tok, "malformed", now=NOW)
        f.add("neg-decode-%s" % label, "decode_unverified", comment + " (decode_unverified)", {"token": tok}, {"error": "malformed"})
    emp = sign_segments(h, "", "HS256", KEY)
    f.verify("neg-empty-claims-signed", "empty claims segment with a genuine MAC over 'header.': claims are not JSON", emp, "malformed", now=NOW)
    f.verify("neg-empty-claims-unsigned", "empty claims segment, signature of another token: signature first", h + ".." + s, "bad_signature", now=NOW)
    f.verify("neg-empty-signature", "empty signature", h + "." + c + ".", "bad_signature", now=NOW)
    f.add("neg-decode-empty-signature", "decode_unverified", "decode ignores the (empty) signature", {"token": h + "." + c + "."},
          {"header": header_of(base), "claims": claims_of(base)})
    # --- whitespace / foreign bytes
    ws = [
        ("leading-space", " " + base), ("trailing-space", base + " "), ("trailing-newline", base + "\n"),
        ("trailing-crlf", base + "\r\n"), ("leading-tab", "\t" + base), ("space-in-header", h[:10] + " " + h[10:] + "." + c + "." + s),
        ("newline-in-claims", h + "." + c[:8] + "\n" + c[8:] + "." + s), ("space-after-dot", h + ". " + c + "." + s),
        ("newline-between-segments", h + ".\n" + c + "." + s), ("space-in-signature", h + "." + c + "." + s[:5] + " " + s[5:]),
        ("bearer-prefix", "Bearer " + base), ("quoted", '"' + base + '"'), ("nbsp", base + "\u00a0"),
        ("nul-end", base + "\u0000"), ("nul-in-header", h[:4] + "\u0000" + h[4:] + "." + c + "." + s),
        ("nul-in-signature", h + "." + c + "." + s[:7] + "\u0000" + s[7:]),
        ("non-ascii-letter", h + "." + c + "." + s[:-1] + "é"), ("fullwidth-dot", h + "\uff0e" + c + "." + s),
        ("percent-encoded", h + "." + c + "." + s[:3] + "%2B" + s[6:]), ("star", h + "." + c + "." + s[:-1] + "*"),
    ]
    for label, tok, in ws:
        f.verify("neg-bytes-%s" % label, "token with %s: not in the base64url alphabet" % label.replace("-", " "), tok, "malformed", now=NOW)
    f.verify("neg-bytes-invalid-utf8-token", "token bytes that are not UTF-8 (0xff inside the signature)",
             (h + "." + c + "." + s[:5]).encode() + b"\xff" + s[5:].encode(), "malformed", now=NOW)
    f.verify("neg-bytes-latin1-token", "token bytes with 0xe9 (latin-1 e-acute)", (h + "." + c + ".").encode() + b"\xe9" + s.encode(), "malformed", now=NOW)
    # --- alg member types
    for label, hd in (("missing", '{"typ":"JWT"}'), ("number", '{"alg":256,"typ":"JWT"}'), ("null", '{"alg":null}'),
                      ("array", '{"alg":["HS256"]}'), ("object", '{"alg":{"name":"HS256"}}'), ("true", '{"alg":true}'),
                      ("nested-only", '{"x":{"alg":"HS256"}}'), ("case-ALG", '{"ALG":"HS256"}')):
        f.verify("neg-alg-%s" % label, "header %s, validly signed with HS256: alg missing or not a string" % hd, craft(hd, BASE_CLAIMS), "malformed", now=NOW)
    # --- header not an object / not JSON
    for label, hd in (("array", '["HS256"]'), ("string", '"HS256"'), ("number", "256"), ("null", "null"), ("true", "true"),
                      ("empty-object", "{}"), ("truncated", '{"alg":"HS256"'), ("trailing-comma", '{"alg":"HS256",}'),
                      ("single-quotes", "{'alg':'HS256'}"), ("nan", '{"alg":"HS256","x":NaN}'), ("comment", '{"alg":"HS256"/*c*/}'),
                      ("bom", '\ufeff{"alg":"HS256"}'), ("two-objects", '{"alg":"HS256"}{}'), ("raw-newline-in-string", '{"alg":"HS\n256"}'),
                      ("text", "HS256"), ("empty-text", " ")):
        f.verify("neg-header-%s" % label, "header %r, validly signed: not a JSON object" % hd, craft(hd, BASE_CLAIMS), "malformed", now=NOW)
    f.add("neg-decode-header-array", "decode_unverified", "decode a token whose header is an array", {"token": craft('["HS256"]', BASE_CLAIMS)}, {"error": "malformed"})
    # --- claims not an object / not strict JSON (validly signed)
    bad_claims = [("array", '[{"key":"k"}]'), ("number", "42"), ("string", '"key"'), ("null", "null"), ("true", "true"),
                  ("truncated", '{"key":"k"'), ("trailing-comma", '{"key":"k",}'), ("nan", '{"n":NaN}'), ("infinity", '{"n":-Infinity}'),
                  ("comment", '{"key":"k"}//'), ("raw-nul-in-string", '{"key":"a\u0000b"}'), ("raw-tab-in-string", '{"key":"a\tb"}'),
                  ("bom", '\ufeff{"key":"k"}'), ("two-objects", '{"a":1}{"b":2}'), ("single-quotes", "{'key':'k'}"),
                  ("bad-escape", '{"key":"\\q"}'), ("leading-zero", '{"n":007}'), ("hex-number", '{"n":0x10}'),
                  ("unquoted-key", '{key:"k"}'), ("prose", "It's a dangerous business")]
    for label, cl in bad_claims:
        f.verify("neg-claims-%s" % label, "claims %r, validly signed: not a strict JSON object" % cl, craft(H256, cl), "malformed", now=NOW)
        if label in ("array", "null", "raw-nul-in-string"):
            f.verify("neg-claims-%s-forged" % label, "claims %r with a forged signature: bad_signature comes first" % cl,
                     craft(H256, cl, key=OTHER.encode()), "bad_signature", now=NOW)
            f.add("neg-decode-claims-%s" % label, "decode_unverified", "decode: claims %r" % cl, {"token": craft(H256, cl)}, {"error": "malformed"})
    ok_ws = craft(H256, ' \r\n\t{"key":"k"} \n')
    f.verify("neg-claims-surrounding-whitespace-ok", "claims with JSON whitespace around the object: allowed", ok_ws, "ok", now=NOW)
    f.verify("neg-claims-escaped-nul-ok", "an escaped \\u0000 inside a claim string is valid JSON", craft(H256, '{"key":"a\\u0000b"}'), "ok", now=NOW)
    # --- invalid UTF-8 (validly signed)
    for label, hb in (("ff", b'{"alg":"HS256","x":"\xff"}'), ("truncated-seq", b'{"alg":"HS256","x":"\xc3"}'),
                      ("overlong-slash", b'{"alg":"HS256","x":"\xc0\xaf"}'), ("surrogate", b'{"alg":"HS256","x":"\xed\xa0\x80"}')):
        f.verify("neg-utf8-header-%s" % label, "header bytes not UTF-8 (%s), validly signed" % label, craft(hb, BASE_CLAIMS), "malformed", now=NOW)
    for label, cb in (("ff", b'{"key":"\xff"}'), ("c3-28", b'{"key":"\xc3\x28"}'), ("overlong-nul", b'{"key":"\xc0\x80"}'),
                      ("surrogate", b'{"key":"\xed\xbf\xbf"}'), ("above-10ffff", b'{"key":"\xf4\x90\x80\x80"}'), ("in-key", b'{"\xfe":1}')):
        f.verify("neg-utf8-claims-%s" % label, "claims bytes not UTF-8 (%s), validly signed" % label, craft(H256, cb), "malformed", now=NOW)
    f.add("neg-decode-utf8-claims", "decode_unverified", "decode: claims not UTF-8", {"token": craft(H256, b'{"key":"\xff"}')}, {"error": "malformed"})
    # --- nesting depth
    deep_h = '{"alg":"HS256","x":' + "[" * 9999 + "]" * 9999 + "}"
    f.verify("neg-depth-header-10000", "header nested 10 000 deep", craft(deep_h, BASE_CLAIMS), "malformed", now=NOW)
    f.verify("neg-depth-claims-10000", "claims nested 10 000 deep, validly signed", craft(H256, nested(10000)), "malformed", now=NOW)
    f.verify("neg-depth-claims-10000-objects", "claims of 10 000 nested objects, validly signed",
             craft(H256, '{"a":' * 10000 + "1" + "}" * 10000), "malformed", now=NOW)
    f.add("neg-decode-depth-claims-10000", "decode_unverified", "decode: claims nested 10 000 deep", {"token": craft(H256, nested(10000))}, {"error": "malformed"})
    f.verify("neg-depth-claims-100", "claims nested 100 deep (top-level object included), validly signed: ok", craft(H256, nested(100)), "ok", now=NOW)
    # (claims nested exactly 128 deep would be ok too, but its expected claims would nest the vector file itself
    #  past common parsers' default limits (serde_json 128, Ruby 100); the header-128 case covers the boundary)
    f.verify("neg-depth-claims-129", "claims nested 129 deep: one over the limit", craft(H256, nested(129)), "malformed", now=NOW)
    f.verify("neg-depth-header-128", "header nested exactly 128 deep: ok", craft('{"alg":"HS256","x":' + "[" * 127 + "]" * 127 + "}", BASE_CLAIMS), "ok", now=NOW)
    f.verify("neg-depth-header-129", "header nested 129 deep", craft('{"alg":"HS256","x":' + "[" * 128 + "]" * 128 + "}", BASE_CLAIMS), "malformed", now=NOW)
    f.verify("neg-depth-brackets-in-strings", "10 000 brackets inside a string are not nesting: ok",
             craft(H256, '{"s":"' + "[{" * 5000 + '"}'), "ok", now=NOW)
    # --- size limits
    def sized(total, alg="HS256"):
        hs = b64u_text(hdr(alg))
        siglen = {"HS256": 43, "HS384": 64, "HS512": 86}[alg]
        clen = total - len(hs) - siglen - 2   # base64 chars of claims
        assert clen % 4 != 1
        nbytes = clen * 3 // 4
        fill = nbytes - len('{"pad":""}')
        tok = craft(hdr(alg), '{"pad":"' + "x" * fill + '"}', alg)
        assert len(tok) == total, (len(tok), total)
        return tok
    # The default limit (32 MiB) is held by tests/limits.rs; vectors use a 256 KiB limit given explicitly.
    big_ok = sized(262144)
    f.verify("neg-size-token-at-limit", "token exactly 262 144 bytes, max_token_len 262 144: accepted", big_ok, "ok", max_token_len=262144, now=NOW)
    big_bad = sized(262148)
    f.verify("neg-size-token-over-limit", "genuine token of 262 148 bytes: over a 256 KiB max_token_len", big_bad, "too_large", max_token_len=262144, now=NOW)
    f.verify("neg-size-over-limit-empty-secret", "over the limit with an empty secret: size is checked first", "A" * 262145, "too_large", secret="", max_token_len=262144, now=NOW)
    f.add("neg-decode-size-over-limit", "decode_unverified", "decode: token over a 256 KiB max_token_len", {"token": "A" * 262145, "max_token_len": 262144}, {"error": "too_large"})
    f.verify("neg-size-max-token-len-below", "genuine token with max_token_len one byte below its length", base, "too_large", max_token_len=len(base) - 1, now=NOW)
    f.verify("neg-size-max-token-len-equal", "genuine token with max_token_len equal to its length", base, "ok", max_token_len=len(base), now=NOW)
    f.verify("neg-size-max-token-len-raises", "a raised max_token_len accepts a bigger token", big_bad, "ok", max_token_len=300000, now=NOW)
    f.verify("neg-size-garbage-over-small-limit", "structure garbage over a small limit: size first", "x" * 100, "too_large", max_token_len=64, now=NOW)
    f.add("neg-decode-size-max-token-len", "decode_unverified", "decode with max_token_len below the length", {"token": base, "max_token_len": 50}, {"error": "too_large"})
    # --- empty secret
    f.verify("neg-secret-empty", "empty secret", base, "empty_secret", secret="", now=NOW)
    f.verify("neg-secret-empty-hex", "empty secret as secret_hex", base, "empty_secret", secret_hex="", now=NOW)
    f.verify("neg-secret-empty-malformed-token", "empty secret and a malformed token: the secret is checked first", "abc", "empty_secret", secret="", now=NOW)
    f.verify("neg-secret-empty-token-too", "empty secret and empty token", "", "empty_secret", secret="", now=NOW)
    f.verify("neg-secret-empty-mac", "token genuinely signed with the empty key, verified with the empty secret", craft(H256, BASE_CLAIMS, key=b""), "empty_secret", secret="", now=NOW)
    # --- exp / nbf types (validly signed)
    for claim in ("exp", "nbf"):
        for label, val in (("string", '"%d"' % (NOW + 100)), ("null", "null"), ("true", "true"), ("false", "false"),
                           ("array", "[%d]" % (NOW + 100)), ("object", '{"t":%d}' % (NOW + 100)), ("empty-string", '""')):
            cl = '{"key":"k","%s":%s}' % (claim, val)
            f.verify("neg-%s-%s" % (claim, label), "%s as %s, validly signed" % (claim, label), craft(H256, cl), "malformed", now=NOW)
        cl = '{"key":"k","%s":"soon"}' % claim
        f.verify("neg-%s-string-forged" % claim, "%s as a string but forged: signature first" % claim, craft(H256, cl, key=OTHER.encode()), "bad_signature", now=NOW)
        f.add("neg-decode-%s-string" % claim, "decode_unverified",
              "decode: %s as a string is shown, not judged (decode_unverified is for diagnosis)" % claim,
              {"token": craft(H256, cl)}, {"header": {"alg": "HS256", "typ": "JWT"}, "claims": json.loads(cl)})
    f.verify("neg-iat-string-ok", "iat as a string is not checked", craft(H256, '{"key":"k","iat":"yesterday"}'), "ok", now=NOW)
    f.verify("neg-iat-null-ok", "iat null is not checked", craft(H256, '{"key":"k","iat":null}'), "ok", now=NOW)
    # --- options
    opts = [
        ("leeway-negative", {"leeway": -1}, "negative leeway"),
        ("leeway-very-negative", {"leeway": -3600}, "negative leeway (-3600)"),
        ("algorithms-empty", {"algorithms": []}, "empty allow-list"),
        ("algorithms-none", {"algorithms": ["none"]}, "allow-list naming none"),
        ("algorithms-none-mixed", {"algorithms": ["HS256", "none"]}, "allow-list with HS256 and none"),
        ("algorithms-None", {"algorithms": ["None"]}, "allow-list naming None"),
        ("algorithms-lowercase", {"algorithms": ["hs256"]}, "allow-list with a lowercase name"),
        ("algorithms-rs256", {"algorithms": ["HS256", "RS256"]}, "allow-list with RS256"),
        ("algorithms-unknown", {"algorithms": ["HS1024"]}, "allow-list with an unknown name"),
        ("algorithms-empty-name", {"algorithms": [""]}, "allow-list with an empty name"),
    ]
    for label, extra, comment in opts:
        f.verify("neg-opt-%s" % label, comment + ": invalid_argument", base, "invalid_argument", now=NOW, **extra)
    f.verify("neg-opt-before-size", "negative leeway and an oversized token: options first", "A" * 100, "invalid_argument", leeway=-1, max_token_len=10, now=NOW)
    f.verify("neg-opt-before-secret", "empty allow-list and an empty secret: options first", base, "invalid_argument", secret="", algorithms=[], now=NOW)
    f.verify("neg-opt-leeway-zero-ok", "leeway 0 is valid", base, "ok", leeway=0, now=NOW)
    f.verify("neg-opt-algorithms-duplicates-ok", "allow-list with a repeated name", base, "ok", algorithms=["HS256", "HS256"], now=NOW)
    # --- secrets with NUL bytes / binary
    for label, key in (("nul-middle", b"sec\x00ret"), ("nul-only", b"\x00"), ("binary", bytes(range(256))[::7]),
                       ("high-bytes", b"\xff\xfe\xfd\x80"), ("long-hs256", b"k" * 65), ("long-hs512", b"k" * 129),
                       ("single-byte", b"s"), ("six-bytes", b"secret")):
        alg = "HS512" if label.endswith("hs512") else "HS256"
        tok = craft(hdr(alg), BASE_CLAIMS, alg, key=key)
        f.verify("neg-key-%s-ok" % label, "secret bytes %s: round trip" % label, tok, "ok", secret_hex=key.hex(), now=NOW)
        if b"\x00" in key and key.split(b"\x00")[0]:
            f.verify("neg-key-%s-truncated" % label, "same token checked with the secret cut at its NUL: mismatch", tok, "bad_signature",
                     secret_hex=key.split(b"\x00")[0].hex(), now=NOW)
    tok = craft(H256, BASE_CLAIMS, key="sec\u0000ret".encode())
    f.verify("neg-key-text-with-nul-ok", "text secret containing U+0000", tok, "ok", secret="sec\u0000ret", now=NOW)
    f.verify("neg-key-text-nul-cut", "text secret cut at its NUL", tok, "bad_signature", secret="sec", now=NOW)
    f.verify("neg-key-unicode-secret-ok", "non-ASCII text secret: its UTF-8 bytes", craft(H256, BASE_CLAIMS, key="sécret-ключ-🔑".encode()), "ok", secret="sécret-ключ-🔑", now=NOW)
    f.verify("neg-key-trailing-newline", "secret with a trailing newline vs without", craft(H256, BASE_CLAIMS, key=b"secret\n"), "bad_signature", secret="secret", now=NOW)
    f.verify("neg-key-trailing-newline-ok", "secret with a trailing newline kept (as read from a file)", craft(H256, BASE_CLAIMS, key=b"secret\n"), "ok", secret="secret\n", now=NOW)
    return f


# ================================================================ time.json
def gen_time():
    f = File("time.json", "exp / nbf / leeway boundaries at fixed clocks (exp + leeway <= now is expired; nbf - leeway > now "
             "is not yet valid; compared as f64; iat never checked). Tokens crafted with Python hmac.")
    T = lambda cl: craft(H256, cl)  # noqa: E731
    rows = [
        ("exp-at-leeway", '{"key":"k","exp":%d}' % (NOW - 60), {}, "expired", "exp + 60 == now: expired"),
        ("exp-one-second-before", '{"key":"k","exp":%d}' % (NOW - 59), {}, "ok", "exp + 60 == now + 1: ok"),
        ("exp-now", '{"key":"k","exp":%d}' % NOW, {}, "ok", "exp == now is inside the default leeway"),
        ("exp-future", '{"key":"k","exp":%d}' % (NOW + 300), {}, "ok", "exp 300 s ahead"),
        ("exp-long-past", '{"key":"k","exp":%d}' % (NOW - 86400), {}, "expired", "exp a day ago"),
        ("nbf-inside-leeway", '{"key":"k","nbf":%d}' % (NOW + 60), {}, "ok", "nbf - 60 == now: ok"),
        ("nbf-outside-leeway", '{"key":"k","nbf":%d}' % (NOW + 61), {}, "not_yet_valid", "nbf - 60 == now + 1"),
        ("nbf-past", '{"key":"k","nbf":%d}' % (NOW - 1000), {}, "ok", "nbf in the past"),
        ("leeway0-exp-now", '{"key":"k","exp":%d}' % NOW, {"leeway": 0}, "expired", "leeway 0, exp == now"),
        ("leeway0-exp-plus1", '{"key":"k","exp":%d}' % (NOW + 1), {"leeway": 0}, "ok", "leeway 0, exp == now + 1"),
        ("leeway0-nbf-now", '{"key":"k","nbf":%d}' % NOW, {"leeway": 0}, "ok", "leeway 0, nbf == now"),
        ("leeway0-nbf-plus1", '{"key":"k","nbf":%d}' % (NOW + 1), {"leeway": 0}, "not_yet_valid", "leeway 0, nbf == now + 1"),
        ("leeway300-exp-ok", '{"key":"k","exp":%d}' % (NOW - 299), {"leeway": 300}, "ok", "leeway 300, exp 299 s ago"),
        ("leeway300-exp-expired", '{"key":"k","exp":%d}' % (NOW - 300), {"leeway": 300}, "expired", "leeway 300, exp 300 s ago"),
        ("leeway300-nbf-ok", '{"key":"k","nbf":%d}' % (NOW + 300), {"leeway": 300}, "ok", "leeway 300, nbf 300 s ahead"),
        ("leeway300-nbf-early", '{"key":"k","nbf":%d}' % (NOW + 301), {"leeway": 300}, "not_yet_valid", "leeway 300, nbf 301 s ahead"),
        ("leeway-huge", '{"key":"k","exp":%d}' % (NOW - 999999), {"leeway": 1000000}, "ok", "leeway 1 000 000"),
        ("frac-exp-ok", '{"key":"k","exp":1700000000.5}', {"leeway": 0}, "ok", "exp 1700000000.5 > now 1700000000 (leeway 0)"),
        ("frac-exp-expired", '{"key":"k","exp":1700000000.5}', {"leeway": 0, "now": NOW + 1}, "expired", "exp 1700000000.5 <= now 1700000001"),
        ("frac-exp-leeway-ok", '{"key":"k","exp":1699999940.5}', {}, "ok", "exp + 60 = now + 0.5"),
        ("frac-exp-leeway-expired", '{"key":"k","exp":1699999939.5}', {}, "expired", "exp + 60 = now - 0.5"),
        ("frac-nbf-ok", '{"key":"k","nbf":1700000059.5}', {}, "ok", "nbf - 60 = now - 0.5"),
        ("frac-nbf-early", '{"key":"k","nbf":1700000060.5}', {}, "not_yet_valid", "nbf - 60 = now + 0.5"),
        ("exp-exponent-form", '{"key":"k","exp":1.7e9}', {"leeway": 0}, "expired", "exp written 1.7e9 == now"),
        ("exp-exponent-form-ok", '{"key":"k","exp":1.7000001e9}', {"leeway": 0}, "ok", "exp written 1.7000001e9 = now + 100"),
        ("exp-negative", '{"key":"k","exp":-1}', {}, "expired", "negative exp"),
        ("exp-zero", '{"key":"k","exp":0}', {}, "expired", "exp 0"),
        ("exp-huge", '{"key":"k","exp":99999999999}', {}, "ok", "exp in year 5138"),
        ("exp-beyond-2-53", '{"key":"k","exp":9007199254740993}', {}, "ok", "exp beyond 2^53"),
        ("exp-beyond-u64", '{"key":"k","exp":18446744073709551616}', {}, "ok", "exp 2^64 (read as f64)"),
        ("exp-1e300", '{"key":"k","exp":1e300}', {}, "ok", "exp 1e300"),
        ("nbf-negative", '{"key":"k","nbf":-100}', {}, "ok", "negative nbf"),
        ("nbf-huge", '{"key":"k","nbf":99999999999}', {}, "not_yet_valid", "nbf in year 5138"),
        ("iat-future", '{"key":"k","iat":%d}' % (NOW + 100000), {}, "ok", "iat far in the future: iat is not checked"),
        ("iat-future-with-exp", '{"key":"k","iat":%d,"exp":%d}' % (NOW + 100000, NOW + 100300), {}, "ok", "Docs-style token from a server with a fast clock"),
        ("both-ok", '{"key":"k","nbf":%d,"exp":%d}' % (NOW - 10, NOW + 10), {}, "ok", "nbf and exp around now"),
        ("both-expired-and-early", '{"key":"k","nbf":%d,"exp":%d}' % (NOW + 1000, NOW - 1000), {}, "expired", "exp checked before nbf"),
        ("both-early", '{"key":"k","nbf":%d,"exp":%d}' % (NOW + 1000, NOW + 2000), {}, "not_yet_valid", "valid exp, nbf ahead"),
        ("docs-token-fresh", '{"key":"k","iat":%d,"exp":%d}' % (NOW, NOW + 300), {}, "ok", "Docs' own shape, just made"),
        ("docs-token-at-end", '{"key":"k","iat":%d,"exp":%d}' % (NOW - 359, NOW - 59), {}, "ok", "Docs' shape, last valid second"),
        ("docs-token-expired", '{"key":"k","iat":%d,"exp":%d}' % (NOW - 360, NOW - 60), {}, "expired", "Docs' shape, first expired second"),
        ("now-zero", '{"key":"k","exp":%d}' % NOW, {"now": 0}, "ok", "now = 0 (1970)"),
        ("now-far", '{"key":"k","exp":%d}' % NOW, {"now": 4102444800}, "expired", "now = 2100-01-01"),
    ]
    for label, cl, extra, exp, comment in rows:
        extra = dict(extra)
        now = extra.pop("now", NOW)
        f.verify("time-%s" % label, comment, T(cl), exp, now=now, **extra)
    f.verify("time-forged-expired", "expired token signed with another secret: bad_signature, not expired",
             craft(H256, '{"key":"k","exp":%d}' % (NOW - 1000), key=OTHER.encode()), "bad_signature", now=NOW)
    f.verify("time-forged-not-yet-valid", "future nbf, forged: bad_signature", craft(H256, '{"key":"k","nbf":%d}' % (NOW + 1000), key=OTHER.encode()), "bad_signature", now=NOW)
    f.verify("time-hs512-expired", "HS512 token expired", craft(hdr("HS512"), '{"key":"k","exp":%d}' % (NOW - 61), "HS512"), "expired", now=NOW)
    f.verify("time-expired-allow-list", "expired HS384 token with allow-list [HS256]: allow-list first",
             craft(hdr("HS384"), '{"key":"k","exp":%d}' % (NOW - 1000), "HS384"), "unsupported_alg", algorithms=["HS256"], now=NOW)
    f.verify("time-no-now-expired", "real clock: exp in 2001", T('{"key":"k","exp":1000000000}'), "expired")
    f.verify("time-no-now-ok", "real clock: exp in 2286", T('{"key":"k","exp":9999999999}'), "ok")
    return f


# ================================================================ protocol.json
def merge_params(claims):
    """verify_request's result: claims, then payload members, then query members (semantics.md)."""
    p = OrderedDict(claims)
    if isinstance(p.get("payload"), dict):
        for k, v in p["payload"].items():
            p[k] = v
    if isinstance(p.get("query"), dict):
        for k, v in list(p["query"].items()):
            p[k] = v
    return dict(p)


def ordered_claims(tok):
    return json.loads(strict_b64u_decode(segs(tok)[1]).decode(), object_pairs_hook=OrderedDict)


CALLBACK4 = '{"key":"Khirz6zTPdfd7","status":4,"users":["6d5a81d0"],"actions":[{"type":0,"userid":"6d5a81d0"}]}'
CALLBACK2 = ('{"key":"Khirz6zTPdfd7","status":2,"url":"https://documentserver/cache/files/data/Khirz6zTPdfd7/output.docx/output.docx",'
             '"changesurl":"https://documentserver/cache/files/data/Khirz6zTPdfd7/changes.zip/changes.zip",'
             '"history":{"serverVersion":"7.5.0","changes":[{"created":"2023-11-14 22:05:00","user":{"id":"6d5a81d0","name":"John Smith"}}]},'
             '"users":["6d5a81d0"],"actions":[{"type":0,"userid":"6d5a81d0"}],"lastsave":"2023-11-14T22:10:00.000Z","notmodified":false,"filetype":"docx"}')
DL_URL = "https://example.com/url-to-example-document.docx"


def verify_request_case(f, cid, comment, body, auth, expect, secret=SECRET, **kw):
    """Adds a verify_request case to `f`: the inbox secret and the fixed clock unless given; an
    expected error given as its name."""
    inp = OrderedDict([("secret", secret), ("body", body), ("authorization", auth)])
    inp.update(kw)
    inp.setdefault("now", NOW)
    if isinstance(expect, str):
        expect = {"error": expect}
    f.add(cid, "verify_request", comment, inp, expect)


def gen_protocol():
    f = File("protocol.json", "ONLYOFFICE request helpers: sign_request, verify_request, sign_config, verify_download. "
             "Docs-made tokens are node jsonwebtoken 9 at a fixed clock (expiresIn 300), like the Docs server.")
    P = lambda cid, op, comment, inp, exp: f.add(cid, op, comment, inp, exp)  # noqa: E731
    cmd = '{"c":"info","key":"Khirz6zTPdfd7"}'
    conv = '{"async":false,"filetype":"docx","key":"Khirz6zTPdfd7","outputtype":"pdf","title":"Example Document Title.docx","url":"https://example.com/url-to-example-document.docx"}'
    build = '{"async":true,"url":"https://example.com/url-to-example-script.docbuilder"}'
    # ---- sign_request
    for label, body, placement, alg, exp_in in (("command-body", cmd, "body", "HS256", None), ("command-header", cmd, "header", "HS256", None),
                                               ("converter-body-hs384-600", conv, "body", "HS384", 600), ("converter-header", conv, "header", "HS256", None),
                                               ("docbuilder-body", build, "body", "HS256", None), ("docbuilder-header-hs512-3600", build, "header", "HS512", 3600),
                                               ("pretty-body", '{\n "c" : "info",\n "key":"K"\n}', "body", "HS256", None),
                                               ("header-body-with-exp", '{"c":"info","key":"K","exp":1}', "header", "HS256", None)):
        e = 300 if exp_in is None else exp_in
        inp = OrderedDict([("body", body), ("secret", SECRET), ("placement", placement), ("algorithm", alg)])
        if exp_in is not None:
            inp["expires_in"] = exp_in
        inp["now"] = NOW
        if placement == "body":
            tok = node1(body, algorithm=alg, expires_in=e)
            out = parse_ordered(body)
            out["token"] = tok
            P("proto-sign-request-" + label, "sign_request", "body placement: token over the body's fields + iat/exp (expires %d)" % e,
              inp, {"body": to_plain(out)})
        else:
            tok = node1('{"payload":%s}' % emit(parse_ordered(body)), algorithm=alg, expires_in=e)
            P("proto-sign-request-" + label, "sign_request", "header placement: token over {\"payload\": body} + iat/exp (expires %d)" % e,
              inp, {"token": tok})
    for label, body, extra, err, comment in (
            ("body-array", "[1]", {}, "invalid_json", "body is an array"), ("body-string", '"c=info"', {}, "invalid_json", "body is a string"),
            ("body-not-json", "c=info&key=K", {}, "invalid_json", "form-encoded text"), ("body-duplicate", '{"c":"info","c":"drop"}', {}, "invalid_json", "duplicate member"),
            ("body-has-token", '{"c":"info","token":"x"}', {}, "invalid_argument", "body already has a token"),
            ("body-has-exp", '{"c":"info","exp":1}', {}, "invalid_argument", "body placement, body has exp while expires_in defaults to 300"),
            ("empty-secret", cmd, {"secret": ""}, "empty_secret", "empty secret"),
            ("header-empty-secret", cmd, {"secret": "", "placement": "header"}, "empty_secret", "empty secret, header placement"),
            ("header-array", "[1]", {"placement": "header"}, "invalid_json", "header placement, body is an array"),
            ("alg-none", cmd, {"algorithm": "none"}, "unsupported_alg", "algorithm none"),
            ("alg-rs256", cmd, {"algorithm": "RS256", "placement": "header"}, "unsupported_alg", "algorithm RS256"),
            ("too-large", cmd, {"max_json_len": 10}, "too_large", "body over max_json_len")):
        inp = OrderedDict([("body", body), ("secret", extra.pop("secret", SECRET)), ("placement", extra.pop("placement", "body"))])
        inp.update(extra)
        inp["now"] = NOW
        P("proto-sign-request-err-" + label, "sign_request", comment, inp, {"error": err})
    # ---- verify_request (inbox)
    VR = functools.partial(verify_request_case, f)

    flat = node1(cmd, expires_in=300)
    wrapped = node1('{"payload":%s}' % cmd, expires_in=300)
    other = node1('{"c":"drop","key":"OTHER"}', expires_in=300)
    forged = node1(cmd, secret=OTHER, expires_in=300)
    expired = node1(cmd, expires_in=300, now=NOW - 1000)
    body_with = lambda tok, base=cmd: emit(dict(parse_ordered(base), token=tok))  # noqa: E731
    VR("proto-vr-body-flat", "command request, flat body token, no header", body_with(flat), None, {"params": merge_params(ordered_claims(flat))})
    VR("proto-vr-body-wrapped", "command request, body {\"token\"} whose claims wrap the command in payload", '{"token":"%s"}' % wrapped, None,
       {"params": merge_params(ordered_claims(wrapped))})
    VR("proto-vr-header-wrapped", "command request, header token {payload:{...}} (the documented form), plain body", cmd, "Bearer " + wrapped,
       {"params": merge_params(ordered_claims(wrapped))})
    VR("proto-vr-header-flat", "command request, flat header token, no body", None, "Bearer " + flat, {"params": merge_params(ordered_claims(flat))})
    VR("proto-vr-header-flat-empty-body", "empty body text counts as no body", "", "Bearer " + flat, {"params": merge_params(ordered_claims(flat))})
    VR("proto-vr-both-good", "good body token and a different good header token: the body token wins", body_with(flat), "Bearer " + other,
       {"params": merge_params(ordered_claims(flat))})
    VR("proto-vr-both-bad-body", "forged body token with a good header: error, no fallback", body_with(forged), "Bearer " + wrapped, "bad_signature")
    VR("proto-vr-both-expired-body", "expired body token with a good header: expired, no fallback", body_with(expired), "Bearer " + wrapped, "expired")
    # Docs reads params.token only when truthy: "", null, false and 0 are no token, and the header decides.
    for label, t in (("empty-string", '""'), ("null", "null"), ("false", "false"), ("zero", "0"), ("negative-zero-float", "-0.0")):
        VR("proto-vr-body-token-%s" % label, "body token %s counts as absent (as in Docs): the header token is verified" % t,
           '{"c":"info","token":%s}' % t, "Bearer " + wrapped, {"params": merge_params(ordered_claims(wrapped))})
        VR("proto-vr-body-token-%s-no-header" % label, "body token %s and no header: no token" % t, '{"c":"info","token":%s}' % t, None, "missing_token")
    VR("proto-vr-body-token-empty-string-bad-header", "body token \"\" and a forged header: the header decides", '{"c":"info","token":""}', "Bearer " + forged, "bad_signature")
    VR("proto-vr-body-token-number", "body token a non-zero number: not a string", '{"c":"info","token":123}', "Bearer " + wrapped, "malformed")
    VR("proto-vr-body-token-true", "body token true: not a string", '{"c":"info","token":true}', "Bearer " + wrapped, "malformed")
    VR("proto-vr-body-token-object", "body token an object", '{"token":{"alg":"none"}}', None, "malformed")
    VR("proto-vr-unsigned-fields-dropped", "unsigned body fields (and a changed key) never reach the result",
       emit(OrderedDict([("c", "drop"), ("key", "EVIL"), ("extra", 1), ("token", flat)])), None, {"params": merge_params(ordered_claims(flat))})
    q = node1('{"payload":{"c":"info","key":"A"},"query":{"key":"B","extra":1}}', expires_in=300)
    VR("proto-vr-query-merge", "claims, then payload members, then query members (existing keys keep their place)", None, "Bearer " + q,
       {"params": merge_params(ordered_claims(q))})
    q2 = node1('{"key":"top","c":"x","payload":{"key":"inner","n":1}}', expires_in=300)
    VR("proto-vr-payload-overrides-claims", "payload members override top-level claims", '{"token":"%s"}' % q2, None, {"params": merge_params(ordered_claims(q2))})
    q3 = node1('{"payload":"{\\"c\\":\\"info\\"}","key":"K"}', expires_in=300)
    VR("proto-vr-payload-string", "payload sent as a JSON string, not an object: not merged", None, "Bearer " + q3, {"params": merge_params(ordered_claims(q3))})
    q4 = node1('{"c":"info","query":["a"],"payload":null}', expires_in=300)
    VR("proto-vr-query-not-object", "query an array and payload null: not merged", None, "Bearer " + q4, {"params": merge_params(ordered_claims(q4))})
    for label, auth in (("lowercase-bearer", "bearer " + flat), ("bearer-no-space", "Bearer" + flat), ("jwt-prefix", "JWT " + flat),
                        ("basic", "Basic dXNlcjpwYXNz"), ("bearer-only", "Bearer"), ("token-only", flat), ("leading-space", " Bearer " + flat)):
        VR("proto-vr-prefix-%s" % label, "authorization %r: not the exact prefix, so no token" % auth[:20], '{"c":"info"}', auth, "missing_token")
    VR("proto-vr-prefix-double-space", "\"Bearer  <token>\": the rest starts with a space", None, "Bearer  " + flat, "malformed")
    VR("proto-vr-prefix-empty-rest", "\"Bearer \" and nothing after", None, "Bearer ", "malformed")
    VR("proto-vr-prefix-trailing-newline", "header value with a trailing newline: not trimmed", None, "Bearer " + flat + "\n", "malformed")
    VR("proto-vr-custom-prefix", "custom prefix \"JWT \"", None, "JWT " + flat, {"params": merge_params(ordered_claims(flat))}, prefix="JWT ")
    VR("proto-vr-custom-prefix-bearer-given", "custom prefix \"JWT \" and a Bearer header", None, "Bearer " + flat, "missing_token", prefix="JWT ")
    VR("proto-vr-custom-prefix-no-space", "custom prefix \"Token:\"", None, "Token:" + flat, {"params": merge_params(ordered_claims(flat))}, prefix="Token:")
    VR("proto-vr-no-token", "no body, no header", None, None, "missing_token")
    VR("proto-vr-body-without-token", "body without a token and no header", cmd, None, "missing_token")
    VR("proto-vr-empty-body-no-header", "empty body text and no header", "", None, "missing_token")
    for label, body in (("form", "c=info&key=K"), ("truncated", '{"token":"'), ("duplicate-token", '{"token":"a","token":"b"}')):
        VR("proto-vr-body-invalid-%s" % label, "body %r is not strict JSON, even with a good header (Docs would look at the query string)" % body, body,
           "Bearer " + wrapped, "invalid_json")
    # A JSON body that is not an object holds no token for Docs: it falls back to the header.
    for label, body in (("array", "[1]"), ("array-of-token", '[{"token":"x"}]'), ("string", '"tok"'), ("null-literal", "null"), ("number", "5")):
        VR("proto-vr-body-%s" % label, "body %r is JSON but not an object: the header token is verified" % body, body, "Bearer " + wrapped,
           {"params": merge_params(ordered_claims(wrapped))})
        VR("proto-vr-body-%s-no-header" % label, "body %r and no header: no token" % body, body, None, "missing_token")
    VR("proto-vr-body-too-large", "body over max_json_len", body_with(flat), None, "too_large", max_json_len=50)
    VR("proto-vr-expired", "expired body token", body_with(expired), None, "expired")
    VR("proto-vr-expired-leeway", "expired body token accepted with a leeway of 2000", body_with(expired), None, {"params": merge_params(ordered_claims(expired))}, leeway=2000)
    VR("proto-vr-forged", "forged header token", None, "Bearer " + forged, "bad_signature")
    VR("proto-vr-empty-secret", "empty inbox secret", body_with(flat), None, "empty_secret", secret="")
    t384 = node1(cmd, algorithm="HS384", expires_in=300)
    VR("proto-vr-allow-list", "HS384 token with allow-list [HS256]", body_with(t384), None, "unsupported_alg", algorithms=["HS256"])
    VR("proto-vr-hs384-ok", "HS384 token with the default allow-list", body_with(t384), None, {"params": merge_params(ordered_claims(t384))})
    VR("proto-vr-alg-none", "alg none body token", '{"token":"%s"}' % (b64u_text('{"alg":"none","typ":"JWT"}') + "." + segs(flat)[1] + "."), None, "unsupported_alg")
    VR("proto-vr-header-malformed", "garbage after the prefix", None, "Bearer not-a-token", "malformed")
    # ---- Docs callbacks (outbox secret): header {"payload":…} + body flat token, node at a fixed clock
    for label, cb in (("status4", CALLBACK4), ("status2", CALLBACK2)):
        htok = node1('{"payload":%s}' % cb, secret=OUTBOX, expires_in=300)
        btok = node1(cb, secret=OUTBOX, expires_in=300)
        body = emit(dict(parse_ordered(cb), token=btok))
        VR("proto-vr-callback-%s-both" % label, "the Docs %s callback as sent: header + body token, outbox secret" % label, body, "Bearer " + htok,
           {"params": merge_params(ordered_claims(btok))}, secret=OUTBOX)
        VR("proto-vr-callback-%s-header-only" % label, "the Docs %s callback, header token only" % label, None, "Bearer " + htok,
           {"params": merge_params(ordered_claims(htok))}, secret=OUTBOX)
        VR("proto-vr-callback-%s-inbox-secret" % label, "the Docs %s callback checked with the wrong (inbox) secret" % label, body, "Bearer " + htok,
           "bad_signature")
        VR("proto-vr-callback-%s-expired" % label, "the Docs %s callback replayed 361 s later" % label, body, "Bearer " + htok, "expired", secret=OUTBOX, now=NOW + 361)
        VR("proto-vr-callback-%s-last-second" % label, "the Docs %s callback 359 s later (300 + 60 leeway)" % label, body, None,
           {"params": merge_params(ordered_claims(btok))}, secret=OUTBOX, now=NOW + 359)
        if label == "status4":
            P("proto-callback-status4-header-token-sign", "sign", "the status-4 header token Docs sends (node, outbox secret, expiresIn 300)",
              {"payload": '{"payload":%s}' % cb, "secret": OUTBOX, "expires_in": 300, "now": NOW}, {"token": htok})
            P("proto-callback-status4-body-token-sign", "sign", "the status-4 body token Docs sends",
              {"payload": cb, "secret": OUTBOX, "expires_in": 300, "now": NOW}, {"token": btok})
    # long callback: header token lacks changesurl/history, body token has them
    full = parse_ordered(CALLBACK2)
    short = OrderedDict((k, v) for k, v in full.items() if k not in ("changesurl", "history"))
    htok = node1('{"payload":%s}' % emit(short), secret=OUTBOX, expires_in=300)
    btok = node1(CALLBACK2, secret=OUTBOX, expires_in=300)
    body = emit(dict(short, token=btok))
    VR("proto-vr-callback-header-truncated", "header token without changesurl/history (Docs drops them past 7168 chars); the body token is complete and wins",
       body, "Bearer " + htok, {"params": merge_params(ordered_claims(btok))}, secret=OUTBOX)
    # ---- sign_config
    cfg = editor_config()
    small = '{"document":{"fileType":"docx","key":"Khirz6zTPdfd7","title":"Example Document Title.docx","url":"https://example.com/url-to-example-document.docx"},"documentType":"word","editorConfig":{"callbackUrl":"https://example.com/url-to-callback.ashx","mode":"edit"}}'
    for label, text, alg, e in (("full", cfg, "HS256", None), ("small", small, "HS256", None), ("small-hs384-exp", small, "HS384", 3600),
                                ("pretty", '{\n  "document": {"key": "K", "url": "https://example.com/a.docx"},\n  "documentType": "cell"\n}', "HS256", None)):
        tok = node1(text, algorithm=alg, expires_in=e)
        out = parse_ordered(text)
        out["token"] = tok
        inp = OrderedDict([("config", text), ("secret", SECRET), ("algorithm", alg)])
        if e is not None:
            inp["expires_in"] = e
            inp["now"] = NOW
        P("proto-sign-config-" + label, "sign_config", "editor config signed whole (node jsonwebtoken 9%s)" % ("" if e is None else ", expiresIn %d" % e),
          inp, {"config": to_plain(out)})
    for label, text, err, comment in (
            ("no-key", '{"document":{"url":"https://example.com/a.docx"}}', "invalid_config", "document.key missing"),
            ("no-url", '{"document":{"key":"K"}}', "invalid_config", "document.url missing"),
            ("empty-key", '{"document":{"key":"","url":"https://example.com/a.docx"}}', "invalid_config", "document.key empty (Docs closes with 4006)"),
            ("null-key", '{"document":{"key":null,"url":"https://example.com/a.docx"}}', "invalid_config", "document.key null"),
            ("zero-key", '{"document":{"key":0,"url":"https://example.com/a.docx"}}', "invalid_config", "document.key 0 (falsy in JavaScript)"),
            ("false-key", '{"document":{"key":false,"url":"https://example.com/a.docx"}}', "invalid_config", "document.key false"),
            ("empty-url", '{"document":{"key":"K","url":""}}', "invalid_config", "document.url empty (Docs closes with 4006)"),
            ("null-url", '{"document":{"key":"K","url":null}}', "invalid_config", "document.url null"),
            ("no-document", '{"documentType":"word"}', "invalid_config", "document missing"),
            ("document-string", '{"document":"K"}', "invalid_config", "document not an object"),
            ("document-array", '{"document":[{"key":"K","url":"u"}]}', "invalid_config", "document an array"),
            ("top-url", '{"document":{"key":"K","url":"u"},"url":"u"}', "invalid_config", "top-level url"),
            ("top-payload", '{"document":{"key":"K","url":"u"},"payload":{}}', "invalid_config", "top-level payload"),
            ("top-key", '{"document":{"key":"K","url":"u"},"key":"K"}', "invalid_config", "top-level key"),
            ("top-token", '{"document":{"key":"K","url":"u"},"token":"x"}', "invalid_config", "top-level token (already signed)"),
            ("array", '[{"document":{}}]', "invalid_json", "config is an array"),
            ("not-json", "{document:{}}", "invalid_json", "config is not JSON"),
            ("duplicate", '{"document":{"key":"K","url":"u","key":"L"}}', "invalid_json", "duplicate member")):
        P("proto-sign-config-err-" + label, "sign_config", comment, OrderedDict([("config", text), ("secret", SECRET)]), {"error": err})
    P("proto-sign-config-err-empty-secret", "sign_config", "empty secret", OrderedDict([("config", small), ("secret", "")]), {"error": "empty_secret"})
    P("proto-sign-config-err-alg", "sign_config", "algorithm RS256", OrderedDict([("config", small), ("secret", SECRET), ("algorithm", "RS256")]), {"error": "unsupported_alg"})
    # ---- verify_download (outbox secret)
    dl = node1('{"payload":{"url":"%s"}}' % DL_URL, secret=OUTBOX, expires_in=300)
    dl_forged = node1('{"payload":{"url":"%s"}}' % DL_URL, secret=OTHER, expires_in=300)

    def VD(cid, comment, auth, url, expect, secret=OUTBOX, **kw):
        inp = OrderedDict([("secret", secret), ("authorization", auth), ("url", url)])
        inp.update(kw)
        inp.setdefault("now", NOW)
        if expect == "ok":
            tok = auth[len(kw.get("prefix", "Bearer ")):]
            expect = ok_claims(tok)
        elif isinstance(expect, str):
            expect = {"error": expect}
        P(cid, "verify_download", comment, inp, expect)
    VD("proto-vd-good", "Docs' file download request", "Bearer " + dl, DL_URL, "ok")
    for label, url in (("one-char", DL_URL.replace("document.docx", "documenT.docx")), ("trailing-slash", DL_URL + "/"),
                       ("query", DL_URL + "?x=1"), ("empty-query", DL_URL + "?"), ("http", DL_URL.replace("https:", "http:")),
                       ("port", DL_URL.replace("example.com", "example.com:8443")), ("prefix-only", DL_URL[:-5])):
        assert url != DL_URL
        VD("proto-vd-url-%s" % label, "requested URL differs (%s)" % label, "Bearer " + dl, url, "url_mismatch")
    # Both sides are compared as WHATWG serialisations (what Docs requests), without the fragment.
    for label, url in (("fragment", DL_URL + "#a"), ("host-case", DL_URL.replace("example.com", "Example.com")),
                       ("scheme-case", DL_URL.replace("https:", "HTTPS:")), ("default-port", DL_URL.replace("example.com", "example.com:443")),
                       ("dot-segment", DL_URL.replace("example.com/", "example.com/x/../"))):
        VD("proto-vd-whatwg-%s" % label, "requested URL %s: the same URL once serialised" % label, "Bearer " + dl, url, "ok")
    for label, url in (("empty", ""), ("relative", "/url-to-example-document.docx"), ("bad-port", "https://example.com:99999/a.docx"),
                       ("free-text", "not a url")):
        VD("proto-vd-url-unparsable-%s" % label, "requested URL %r does not parse: invalid_argument" % url, "Bearer " + dl, url, "invalid_argument")
    resume = "https://Storage/a b/../R\u00e9sum\u00e9.docx#x"
    rtok = node1('{"payload":{"url":"%s"}}' % resume, secret=OUTBOX, expires_in=300)
    VD("proto-vd-whatwg-resume", "token for https://Storage/a b/../R\u00e9sum\u00e9.docx#x, request for its serialisation", "Bearer " + rtok,
       "https://storage/R%C3%A9sum%C3%A9.docx", "ok")
    VD("proto-vd-whatwg-resume-raw", "the same token against the URL exactly as signed", "Bearer " + rtok, "https://Storage/a b/../R\u00e9sum\u00e9.docx", "ok")
    VD("proto-vd-whatwg-resume-other", "the same token against another file", "Bearer " + rtok, "https://storage/Resume.docx", "url_mismatch")
    btok = node1('{"payload":{"url":"not a url"}}', secret=OUTBOX, expires_in=300)
    VD("proto-vd-signed-url-unparsable", "the token's payload.url does not parse: url_mismatch", "Bearer " + btok, DL_URL, "url_mismatch")
    # url_match path_and_query: only the path and the query count (behind a reverse proxy or TLS terminator).
    for label, url, e in (("proxy", DL_URL.replace("https://example.com", "http://127.0.0.1:8080"), "ok"),
                          ("proxy-fragment", DL_URL.replace("https://example.com", "http://backend") + "#f", "ok"),
                          ("other-path", DL_URL.replace("https://example.com/", "http://backend/x/"), "url_mismatch"),
                          ("other-query", DL_URL + "?a=1", "url_mismatch"),
                          ("request-target", "/url-to-example-document.docx", "ok"),
                          ("request-target-dot-segment", "/x/../url-to-example-document.docx#f", "ok"),
                          ("request-target-other", "/other.docx", "url_mismatch"),
                          ("unparsable", "not a url", "invalid_argument")):
        VD("proto-vd-path-query-%s" % label, "url_match path_and_query, request %s" % url, "Bearer " + dl, url, e, url_match="path_and_query")
    VD("proto-vd-full-proxy", "url_match full (explicit), request through a proxy's address", "Bearer " + dl,
       DL_URL.replace("https://example.com", "http://127.0.0.1:8080"), "url_mismatch", url_match="full")
    for label, cl in (("no-payload", '{"url":"%s"}' % DL_URL), ("payload-string", '{"payload":"%s"}' % DL_URL),
                      ("url-not-string", '{"payload":{"url":["%s"]}}' % DL_URL), ("no-url", '{"payload":{"uri":"%s"}}' % DL_URL),
                      ("url-escaped-slash", '{"payload":{"url":"%s"}}' % DL_URL.replace("/", "\\/"))):
        tok = node1(cl, secret=OUTBOX, expires_in=300)
        VD("proto-vd-%s" % label, "download token %s" % label, "Bearer " + tok, DL_URL,
           "ok" if label == "url-escaped-slash" else "url_mismatch")
    VD("proto-vd-no-header", "no authorization header", None, DL_URL, "missing_token")
    VD("proto-vd-wrong-prefix", "lowercase bearer", "bearer " + dl, DL_URL, "missing_token")
    VD("proto-vd-custom-prefix", "custom prefix", "JWT " + dl, DL_URL, "ok", prefix="JWT ")
    VD("proto-vd-expired", "replayed 361 s later", "Bearer " + dl, DL_URL, "expired", now=NOW + 361)
    VD("proto-vd-forged", "forged with another secret", "Bearer " + dl_forged, DL_URL, "bad_signature")
    VD("proto-vd-forged-wrong-url", "forged and another URL: signature first", "Bearer " + dl_forged, DL_URL + "x", "bad_signature")
    VD("proto-vd-inbox-secret", "checked with the inbox secret", "Bearer " + dl, DL_URL, "bad_signature", secret=SECRET)
    VD("proto-vd-empty-secret", "empty secret", "Bearer " + dl, DL_URL, "empty_secret", secret="")
    VD("proto-vd-allow-list", "allow-list [HS384] for an HS256 token", "Bearer " + dl, DL_URL, "unsupported_alg", algorithms=["HS384"])
    u2 = "https://example.com/url-to-document-changes.zip?id=Ærø&x=1"
    t2 = node1(emit({"payload": {"url": u2}}), secret=OUTBOX, expires_in=300)
    VD("proto-vd-changes-unicode-url", "changes download with a non-ASCII, query-bearing URL", "Bearer " + t2, u2, "ok")
    return f


# ================================================================ protocol_limits.json
def gen_protocol_limits():
    f = File("protocol_limits.json", "ONLYOFFICE helpers (sign_request, sign_config, verify_request, verify_download) against every "
             "error their rules name and every option they take (expires_in, leeway, algorithms, max_token_len, max_json_len): "
             "a helper that skips a check, or a wrapper that drops an option, fails here.")
    P = lambda cid, op, comment, inp, exp: f.add(cid, op, comment, inp, exp)  # noqa: E731
    cmd = '{"c":"info","key":"Khirz6zTPdfd7"}'
    small = ('{"document":{"fileType":"docx","key":"Khirz6zTPdfd7","title":"Example Document Title.docx",'
             '"url":"https://example.com/url-to-example-document.docx"},"documentType":"word"}')
    # ---- sign_request / sign_config: expires_in must not be negative (checked before anything else)
    for placement in ("body", "header"):
        for e in (-1, -300):
            P("lim-sign-request-%s-expires-negative%d" % (placement, -e), "sign_request",
              "%s placement, expires_in %d: a negative lifetime is refused" % (placement, e),
              OrderedDict([("body", cmd), ("secret", SECRET), ("placement", placement), ("expires_in", e), ("now", NOW)]),
              {"error": "invalid_argument"})
    P("lim-sign-request-expires-negative-before-json", "sign_request", "negative expires_in is judged before the body (not JSON here)",
      OrderedDict([("body", "not json"), ("secret", SECRET), ("placement", "body"), ("expires_in", -1), ("now", NOW)]),
      {"error": "invalid_argument"})
    for e in (-1, -3600):
        P("lim-sign-config-expires-negative%d" % -e, "sign_config", "expires_in %d: a negative lifetime is refused" % e,
          OrderedDict([("config", small), ("secret", SECRET), ("expires_in", e), ("now", NOW)]), {"error": "invalid_argument"})
    P("lim-sign-config-expires-negative-before-secret", "sign_config", "negative expires_in is judged before the (empty) secret",
      OrderedDict([("config", small), ("secret", ""), ("expires_in", -1), ("now", NOW)]), {"error": "invalid_argument"})
    P("lim-sign-config-expires-with-exp", "sign_config", "expires_in given and the config has its own exp: refused as sign refuses it",
      OrderedDict([("config", small[:-1] + ',"exp":1800000000}'), ("secret", SECRET), ("expires_in", 60), ("now", NOW)]),
      {"error": "invalid_argument"})
    P("lim-sign-config-nbf-string", "sign_config", "the config's own nbf is a string: refused as sign refuses it",
      OrderedDict([("config", small[:-1] + ',"nbf":"soon"}'), ("secret", SECRET)]), {"error": "invalid_argument"})
    P("lim-sign-config-iat-null", "sign_config", "the config's own iat is null: refused as sign refuses it",
      OrderedDict([("config", small[:-1] + ',"iat":null}'), ("secret", SECRET)]), {"error": "invalid_argument"})
    # ---- sign_config / sign_request: max_json_len, one byte over and exactly at the limit
    n = len(small.encode())
    P("lim-sign-config-too-large", "sign_config", "config one byte over max_json_len",
      OrderedDict([("config", small), ("secret", SECRET), ("max_json_len", n - 1)]), {"error": "too_large"})
    P("lim-sign-config-too-large-before-json", "sign_config", "size is judged before JSON: 20 bytes of non-JSON over a limit of 10",
      OrderedDict([("config", "x" * 20), ("secret", SECRET), ("max_json_len", 10)]), {"error": "too_large"})
    P("lim-sign-config-too-large-before-secret", "sign_config", "size is judged before the (empty) secret",
      OrderedDict([("config", small), ("secret", ""), ("max_json_len", n - 1)]), {"error": "too_large"})
    out = parse_ordered(small)
    out["token"] = node1(small)
    P("lim-sign-config-at-max-json-len", "sign_config", "config exactly max_json_len bytes long: signed (node jsonwebtoken 9, noTimestamp)",
      OrderedDict([("config", small), ("secret", SECRET), ("max_json_len", n)]), {"config": to_plain(out)})
    P("lim-sign-config-not-json", "sign_config", "config that is not JSON", OrderedDict([("config", "{document}"), ("secret", SECRET)]),
      {"error": "invalid_json"})
    m = len(cmd.encode())
    out = parse_ordered(cmd)
    out["token"] = node1(cmd, expires_in=300)
    P("lim-sign-request-at-max-json-len", "sign_request", "body exactly max_json_len bytes long: signed (expires 300)",
      OrderedDict([("body", cmd), ("secret", SECRET), ("placement", "body"), ("max_json_len", m), ("now", NOW)]), {"body": to_plain(out)})
    P("lim-sign-request-header-too-large", "sign_request", "header placement, body one byte over max_json_len",
      OrderedDict([("body", cmd), ("secret", SECRET), ("placement", "header"), ("max_json_len", m - 1), ("now", NOW)]), {"error": "too_large"})

    # ---- verify_request (inbox secret)
    VR = functools.partial(verify_request_case, f)
    flat = node1(cmd, expires_in=300)
    body_with = lambda tok, base=cmd: emit(dict(parse_ordered(base), token=tok))  # noqa: E731
    ok = lambda tok: {"params": merge_params(ordered_claims(tok))}  # noqa: E731
    early = node1('{"c":"info","key":"Khirz6zTPdfd7","nbf":%d}' % (NOW + 100))
    VR("lim-vr-body-not-yet-valid", "body token with nbf 100 s ahead: beyond the default 60 s leeway", body_with(early), None, "not_yet_valid")
    VR("lim-vr-header-not-yet-valid", "header token with nbf 100 s ahead", None, "Bearer " + early, "not_yet_valid")
    VR("lim-vr-nbf-leeway-100", "the same body token with leeway 100: accepted (nbf - leeway is not after now)", body_with(early), None, ok(early),
       leeway=100)
    VR("lim-vr-nbf-leeway-99", "the same body token with leeway 99: not yet valid", body_with(early), None, "not_yet_valid", leeway=99)
    VR("lim-vr-expired-leeway-0", "body token at its exp second with leeway 0: expired", body_with(flat), None, "expired", leeway=0, now=NOW + 300)
    VR("lim-vr-leeway-negative", "negative leeway", body_with(flat), None, "invalid_argument", leeway=-1)
    VR("lim-vr-header-leeway-negative", "negative leeway, header token", None, "Bearer " + flat, "invalid_argument", leeway=-1)
    VR("lim-vr-algorithms-empty", "empty allow-list", body_with(flat), None, "invalid_argument", algorithms=[])
    VR("lim-vr-algorithms-none", "allow-list naming none", None, "Bearer " + flat, "invalid_argument", algorithms=["none"])
    VR("lim-vr-algorithms-hs256", "allow-list [HS256] for an HS256 token", body_with(flat), None, ok(flat), algorithms=["HS256"])
    t = len(flat.encode())
    VR("lim-vr-body-token-too-large", "body token one byte over max_token_len", body_with(flat), None, "too_large", max_token_len=t - 1)
    VR("lim-vr-header-token-too-large", "header token one byte over max_token_len", None, "Bearer " + flat, "too_large", max_token_len=t - 1)
    VR("lim-vr-token-at-max-token-len", "header token exactly max_token_len bytes long", None, "Bearer " + flat, ok(flat), max_token_len=t)
    VR("lim-vr-body-at-max-json-len", "body exactly max_json_len bytes long", body_with(flat), None, ok(flat),
       max_json_len=len(body_with(flat).encode()))
    VR("lim-vr-body-over-max-json-len", "body one byte over max_json_len, a good header beside it: no fallback", body_with(flat), "Bearer " + flat,
       "too_large", max_json_len=len(body_with(flat).encode()) - 1)
    VR("lim-vr-body-token-malformed", "body token with four segments", body_with(flat + ".x"), None, "malformed")

    # ---- verify_download (outbox secret)
    def VD(cid, comment, auth, expect, url=DL_URL, secret=OUTBOX, **kw):
        inp = OrderedDict([("secret", secret), ("authorization", auth), ("url", url)])
        inp.update(kw)
        inp.setdefault("now", NOW)
        if expect == "ok":
            expect = ok_claims(auth[len(kw.get("prefix", "Bearer ")):])
        elif isinstance(expect, str):
            expect = {"error": expect}
        P(cid, "verify_download", comment, inp, expect)
    dl = node1('{"payload":{"url":"%s"}}' % DL_URL, secret=OUTBOX, expires_in=300)
    dl_early = node1('{"payload":{"url":"%s"},"nbf":%d}' % (DL_URL, NOW + 100), secret=OUTBOX)
    VD("lim-vd-not-yet-valid", "download token with nbf 100 s ahead: beyond the default 60 s leeway", "Bearer " + dl_early, "not_yet_valid")
    VD("lim-vd-nbf-leeway-100", "the same token with leeway 100: accepted", "Bearer " + dl_early, "ok", leeway=100)
    VD("lim-vd-nbf-leeway-99", "the same token with leeway 99: not yet valid", "Bearer " + dl_early, "not_yet_valid", leeway=99)
    VD("lim-vd-expired-leeway-1000", "replayed 361 s later with leeway 1000: accepted", "Bearer " + dl, "ok", leeway=1000, now=NOW + 361)
    VD("lim-vd-expired-leeway-0", "at its exp second with leeway 0: expired", "Bearer " + dl, "expired", leeway=0, now=NOW + 300)
    VD("lim-vd-before-exp-leeway-0", "one second before its exp with leeway 0: accepted", "Bearer " + dl, "ok", leeway=0, now=NOW + 299)
    t = len(dl.encode())
    VD("lim-vd-too-large", "token one byte over max_token_len", "Bearer " + dl, "too_large", max_token_len=t - 1)
    VD("lim-vd-at-max-token-len", "token exactly max_token_len bytes long", "Bearer " + dl, "ok", max_token_len=t)
    VD("lim-vd-too-large-before-url", "size is judged before the URL", "Bearer " + dl, "too_large", url=DL_URL + "x", max_token_len=t - 1)
    VD("lim-vd-malformed-garbage", "garbage after the prefix", "Bearer not-a-token", "malformed")
    VD("lim-vd-malformed-four-segments", "the token with a fourth segment", "Bearer " + dl + ".x", "malformed")
    VD("lim-vd-malformed-padding", "the token with base64 padding on its signature", "Bearer " + dl + "=", "malformed")
    VD("lim-vd-leeway-negative", "negative leeway", "Bearer " + dl, "invalid_argument", leeway=-1)
    VD("lim-vd-algorithms-empty", "empty allow-list", "Bearer " + dl, "invalid_argument", algorithms=[])
    VD("lim-vd-algorithms-unknown", "allow-list naming HS1024", "Bearer " + dl, "invalid_argument", algorithms=["HS256", "HS1024"])
    VD("lim-vd-algorithms-hs256", "allow-list [HS256] for an HS256 token", "Bearer " + dl, "ok", algorithms=["HS256"])
    return f


# ================================================================ rules.json
def gen_rules():
    """Cases for rules that a small change to the core survived every other vector of: each comment
    names the rule (docs/semantics.md) it pins."""
    f = File("rules.json", "Cases pinning rules of docs/semantics.md that small changes to the core (mutations) survived: "
             "each would pass every other vector if the rule were dropped or shifted.")
    H = H256
    f.verify("rule-verify-exp-not-finite", "claims exp 1e400 (beyond every double): malformed, not a token that never expires",
             craft(H, '{"sub":"a","exp":1e400}'), "malformed", now=NOW)
    f.verify("rule-verify-nbf-not-finite-negative", "claims nbf -1e400: malformed, not a token valid since forever",
             craft(H, '{"sub":"a","nbf":-1e400}'), "malformed", now=NOW)
    f.verify("rule-verify-exp-huge-finite", "claims exp 1e300: finite, so an ordinary (far) expiry: accepted",
             craft(H, '{"sub":"a","exp":1e300}'), "ok", now=NOW)
    # sign: the payload's own fractional iat stays in place and exp = iat + expires_in in float arithmetic
    for label, payload, e, claims in (
            ("iat-fraction", '{"k":1,"iat":1700000000.5}', 60, '{"k":1,"iat":1700000000.5,"exp":1700000060.5}'),
            ("iat-fraction-expires-0", '{"iat":1699999999.25}', 0, '{"iat":1699999999.25,"exp":1699999999.25}'),
            ("iat-integer-payload", '{"iat":1600000000,"k":"v"}', 300, '{"iat":1600000000,"k":"v","exp":1600000300}')):
        tok = node1(payload, expires_in=e)
        assert strict_b64u_decode(segs(tok)[1]).decode() == claims, (label, tok)
        f.add("rule-sign-%s" % label, "sign", "payload with its own iat, expires_in %d: iat kept in place, exp = iat + %d (node jsonwebtoken 9)" % (e, e),
              OrderedDict([("payload", payload), ("secret", SECRET), ("expires_in", e), ("now", NOW)]), {"token": tok})
    # sign: exponents whose mantissa JavaScript writes the same way, in a case or sign form it does not: the
    # exponent is written e+N / e-N (docs/semantics.md), which is also what JSON.stringify gives for these
    for label, payload in (("exponents", '{"c":1E21,"e":2.5E+25,"m":1E-7,"big":1e+21}'),
                           ("exponents-nested", '{"k":{"n":[1E+21,{"m":5E-7}]},"s":" 1E5 "}')):
        for e in (None, 300):
            tok = node1(payload, expires_in=e)
            f.add("rule-sign-%s%s" % (label, "" if e is None else "-exp%d" % e), "sign",
                  "payload numbers with upper-case or signed exponents: written e+N / e-N as docs/semantics.md and "
                  "JSON.stringify write them (node jsonwebtoken 9%s)" % ("" if e is None else ", expiresIn %d" % e),
                  OrderedDict([("payload", payload), ("secret", SECRET)] + ([] if e is None else [("expires_in", e), ("now", NOW)])),
                  {"token": tok})
    # load_config: a numeric token.outbox.expires is seconds, as node jsonwebtoken's expiresIn reads it
    # (Math.floor(now + n): the fraction never adds a second)
    def C(cid, comment, token, expect, env=None):
        inp = OrderedDict([("files", {"local.json": co({"token": token})}), ("local", "local.json")])
        if env is not None:
            inp["env"] = env
        f.add(cid, "load_config", comment, inp, {"config": expect} if not isinstance(expect, str) else {"error": expect})
    for label, val in (("fraction", 90.7), ("fraction-small", 0.9)):
        C("rule-cfg-expires-number-%s" % label, "token.outbox.expires %r: jsonwebtoken 9's sign refuses an expiresIn "
          "number that is not an integer, so Docs could sign nothing" % (val,), {"outbox": {"expires": val}}, "invalid_config")
    C("rule-cfg-expires-number-whole", "token.outbox.expires 90 (a number: seconds)", {"outbox": {"expires": 90}}, resolved(expires=90))
    C("rule-cfg-expires-milliseconds-long", "token.outbox.expires \"1500 milliseconds\" (the ms long form) -> 1 s",
      {"outbox": {"expires": "1500 milliseconds"}}, resolved(expires=1))
    # every unit spelling of the ms package (case-insensitive), so that none can be dropped unseen
    for unit, secs in (("milliseconds", 2), ("millisecond", 2), ("msecs", 2), ("msec", 2), ("ms", 2), ("seconds", 2500),
                       ("second", 2500), ("secs", 2500), ("sec", 2500), ("s", 2500), ("minutes", 150000), ("minute", 150000),
                       ("mins", 150000), ("min", 150000), ("m", 150000), ("hours", 9000000), ("hour", 9000000), ("hrs", 9000000),
                       ("hr", 9000000), ("h", 9000000), ("days", 216000000), ("day", 216000000), ("d", 216000000),
                       ("weeks", 1512000000), ("week", 1512000000), ("w", 1512000000), ("years", 78894000000),
                       ("year", 78894000000), ("yrs", 78894000000), ("yr", 78894000000), ("y", 78894000000), ("HRS", 9000000)):
        text = "2500 " + unit if len(unit) > 2 else "2500" + unit
        C("rule-cfg-expires-unit-%s" % ("upper-hrs" if unit == "HRS" else unit), "token.outbox.expires %r -> %d s (ms units: ms 1, s 1e3, m 6e4, "
          "h 3.6e6, d 8.64e7, w 6.048e8, y 3.15576e10 milliseconds; floored)" % (text, secs), {"outbox": {"expires": text}}, resolved(expires=secs))
    for label, val in (("string", "-5m"), ("number", -300), ("number-fraction", -0.5)):
        C("rule-cfg-expires-negative-%s" % label, "token.outbox.expires %r: a negative lifetime is refused" % (val,),
          {"outbox": {"expires": val}}, "invalid_config")
    C("rule-cfg-clock-tolerance-fraction", "clockTolerance 90.9 -> 90, floored", {"verifyOptions": {"clockTolerance": 90.9}}, resolved(tol=90))
    for label, val in (("negative", -1), ("negative-fraction", -0.5), ("string", "60")):
        C("rule-cfg-clock-tolerance-%s" % label, "clockTolerance %r: not a non-negative number of seconds" % (val,),
          {"verifyOptions": {"clockTolerance": val}}, "invalid_config")
    # The Docker entrypoint enables tokens only for the exact text "true" (unset counts as "true").
    for label, val in (("one", "1"), ("uppercase", "TRUE"), ("yes", "yes")):
        C("rule-cfg-jwt-enabled-%s" % label, "JWT_ENABLED %r: anything but \"true\" disables tokens, as the Docker entrypoint does" % val,
          {}, resolved(b"docker-secret", b"docker-secret"), env={"JWT_ENABLED": val, "JWT_SECRET": "docker-secret"})
    C("rule-cfg-jwt-enabled-empty", "JWT_ENABLED \"\": the entrypoint's ${JWT_ENABLED:-true} takes an empty value as unset, so true",
      {}, resolved(b"docker-secret", b"docker-secret", (True, True, True)), env={"JWT_ENABLED": "", "JWT_SECRET": "docker-secret"})
    return f


# ================================================================ config.json
def resolved(inbox=b"secret", outbox=b"secret", enabled=(False, False, False), in_header="Authorization", out_header="Authorization",
             in_prefix="Bearer ", out_prefix="Bearer ", alg="HS256", expires=300, tol=60, exclusion=None, algorithms=("HS256", "HS384", "HS512"),
             ignored=()):
    """The load_config result docs/semantics.md specifies, for these resolved values."""
    def sec(b):
        try:
            return b.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def fp(b):
        # First 8 bytes of HMAC-SHA256 keyed by the secret over a fixed label (docs/semantics.md).
        return hmac.new(b, b"oo-jwt secret fingerprint v1", hashlib.sha256).hexdigest()[:16] if b else None
    e_browser, e_in, e_out = enabled
    warnings = []
    for n, b in (("inbox", inbox), ("outbox", outbox)):
        if b == b"secret":
            warnings.append("the %s secret is Docs' shipped default \"secret\": anyone can sign tokens Docs accepts; "
                            "set services.CoAuthoring.secret.%s.string" % (n, n))
        elif not b:
            warnings.append("there is no %s secret (string and file both empty): Docs can neither sign nor verify in that direction" % n)
    warnings.extend(ignored)
    return OrderedDict([
        ("inbox", OrderedDict([("enabled", e_in), ("secret", sec(inbox)), ("secret_hex", inbox.hex()), ("fingerprint", fp(inbox)),
                               ("header", in_header), ("prefix", in_prefix)])),
        ("outbox", OrderedDict([("enabled", e_out), ("secret", sec(outbox)), ("secret_hex", outbox.hex()), ("fingerprint", fp(outbox)),
                                ("header", out_header), ("prefix", out_prefix), ("algorithm", alg), ("expires_in", expires),
                                ("url_exclusion", exclusion)])),
        ("browser", OrderedDict([("enabled", e_browser), ("secret", sec(inbox)), ("secret_hex", inbox.hex()), ("fingerprint", fp(inbox))])),
        ("clock_tolerance", tol), ("algorithms", list(algorithms)), ("warnings", warnings)])


def co(obj):
    return json.dumps({"services": {"CoAuthoring": obj}}, ensure_ascii=False)


# The keys of Docs' shipped default.json / production-linux.json that load_config reads (tests/fixtures/docs).
FIXTURES = os.path.join(VEC, "..", "fixtures", "docs")
DOCS_DEFAULT = json.load(open(os.path.join(FIXTURES, "default.json"), encoding="utf-8"))["services"]["CoAuthoring"]
DOCS_PRODUCTION_LINUX = json.load(open(os.path.join(FIXTURES, "production-linux.json"), encoding="utf-8"))


def gen_config():
    f = File("config.json", "load_config: ONLYOFFICE Docs settings resolved as Docs resolves them (node-config merge of default.json, "
             "production-linux.json, local.json; secrets chosen after the merge; Docker variables as the image's entrypoint writes them; "
             "token.verifyOptions as jsonwebtoken 9 reads it), and verify_request_with_config, verify_download_with_config and "
             "download_token_expected with those settings. "
             "`files` are written into a fresh directory, @DIR@ replaced by its path.")

    def C(cid, comment, files, expect, local="local.json", default=None, env=None):
        inp = OrderedDict([("files", files), ("local", local)])
        if default is not None:
            inp["default"] = default
        if env is not None:
            inp["env"] = env
        f.add(cid, "load_config", comment, inp, {"config": expect} if not isinstance(expect, str) else {"error": expect})
    sample = DOCS_SAMPLES["sample_local_json"]
    ALL = (True, True, True)
    C("cfg-seed-sample-local", "the documentation's sample local.json", {"local.json": sample}, resolved(enabled=ALL))
    sample3 = DOCS_SAMPLES["sample_local_json_browser"]
    json.loads(sample3)
    C("cfg-seed-sample-local-browser", "the newer sample local.json (with secret.browser)", {"local.json": sample3}, resolved(enabled=ALL))
    C("cfg-empty-local", "an empty local.json: Docs' built-in defaults", {"local.json": "{}"}, resolved())
    IGN_BROWSER = ("services.CoAuthoring.secret.browser differs from the inbox secret, but Docs checks editor configs with the inbox "
                   "secret and never reads secret.browser")
    C("cfg-inbox-outbox-differ", "distinct inbox and outbox secrets; browser = inbox, secret.browser ignored (said so)",
      {"local.json": co({"secret": {"inbox": {"string": "in-secret"}, "outbox": {"string": "out-secret"}, "browser": {"string": "browser-ignored"}},
                         "token": {"enable": {"browser": True, "request": {"inbox": True, "outbox": True}}}})},
      resolved(b"in-secret", b"out-secret", ALL, ignored=(IGN_BROWSER,)))
    C("cfg-file-secret-newline", "secrets read from files keep their trailing newline; string emptied so that file is read",
      {"inbox.key": "file-inbox-secret\n", "outbox.key": "file-outbox-secret\r\n",
       "local.json": co({"secret": {"inbox": {"string": "", "file": "@DIR@/inbox.key"}, "outbox": {"string": "", "file": "@DIR@/outbox.key"}}})},
      resolved(b"file-inbox-secret\n", b"file-outbox-secret\r\n"))
    C("cfg-file-only-keeps-default-string", "local sets only file: default.json's non-empty string \"secret\" still wins, as in Docs (warned)",
      {"k": "from-file", "local.json": co({"secret": {"inbox": {"file": "@DIR@/k"}, "outbox": {"file": "@DIR@/k"}}})}, resolved())
    C("cfg-string-beats-file", "inside one source, a non-empty string beats file (getSecretByElem)",
      {"k": "from-file", "local.json": co({"secret": {"inbox": {"string": "from-string", "file": "@DIR@/k"}}})}, resolved(b"from-string"))
    C("cfg-file-empty-means-none", "\"file\": \"\" is no file; with an empty string there is no secret",
      {"local.json": co({"secret": {"outbox": {"string": "", "file": ""}}})}, resolved(outbox=b""))
    C("cfg-file-unreadable", "secret file that does not exist", {"local.json": co({"secret": {"inbox": {"string": "", "file": "@DIR@/missing.key"}}})}, "invalid_config")
    C("cfg-file-is-directory", "secret file path is a directory", {"local.json": co({"secret": {"outbox": {"string": "", "file": "@DIR@"}}})}, "invalid_config")
    C("cfg-file-unicode", "secret file with non-ASCII text", {"k": "ключ-🔑", "local.json": co({"secret": {"inbox": {"string": "", "file": "@DIR@/k"}}})},
      resolved("ключ-🔑".encode()))
    C("cfg-secret-string-number", "secret string that is a number", {"local.json": co({"secret": {"inbox": {"string": 123}}})}, "invalid_config")
    for label, val, secs in (("5m", "5m", 300), ("30d", "30d", 2592000), ("1.5h", "1.5h", 5400), ("number-300", 300, 300), ("string-300-ms", "300", 0),
                             ("30s", "30s", 30), ("2h", "2h", 7200), ("1w", "1w", 604800), ("1y", "1y", 31557600), ("1500ms", "1500ms", 1),
                             ("5-minutes", "5 minutes", 300), ("1-day", "1 day", 86400), ("90000-ms", "90000", 90), ("number-0", 0, 0),
                             ("10-secs", "10 secs", 10), (".5h", ".5h", 1800), ("upper-5M", "5M", 300), ("two-spaces", "5  m", 300)):
        C("cfg-expires-%s" % label, "token.outbox.expires %r -> %d s (ms 2.1, floored)" % (val, secs),
          {"local.json": co({"token": {"outbox": {"expires": val}}})}, resolved(expires=secs))
    for label, val in (("5x", "5x"), ("word", "soon"), ("empty", ""), ("bool", True), ("null", None), ("array", ["5m"]), ("object", {"m": 5}),
                       ("leading-space", " 5m"), ("negative", "-5m"), ("number-fraction", 300.5), ("number-negative", -1), ("trailing-dot", "5.m")):
        C("cfg-expires-bad-%s" % label, "token.outbox.expires %r is refused (jsonwebtoken's sign refuses it too, or it is negative)" % (val,),
          {"local.json": co({"token": {"outbox": {"expires": val}}})}, "invalid_config")
    C("cfg-alg-hs512", "outbox algorithm HS512", {"local.json": co({"token": {"outbox": {"algorithm": "HS512"}}})}, resolved(alg="HS512"))
    C("cfg-alg-hs384", "outbox algorithm HS384", {"local.json": co({"token": {"outbox": {"algorithm": "HS384"}}})}, resolved(alg="HS384"))
    for label, val in (("rs256", "RS256"), ("lowercase", "hs256"), ("none", "none")):
        C("cfg-alg-%s" % label, "outbox algorithm %r" % val, {"local.json": co({"token": {"outbox": {"algorithm": val}}})}, "unsupported_alg")
    C("cfg-clock-tolerance", "clockTolerance 120", {"local.json": co({"token": {"verifyOptions": {"clockTolerance": 120}}})}, resolved(tol=120))
    C("cfg-clock-tolerance-zero", "clockTolerance 0", {"local.json": co({"token": {"verifyOptions": {"clockTolerance": 0}}})}, resolved(tol=0))
    C("cfg-clock-tolerance-null", "clockTolerance null: jsonwebtoken's `|| 0`", {"local.json": co({"token": {"verifyOptions": {"clockTolerance": None}}})}, resolved(tol=0))
    C("cfg-verify-options-empty-object", "verifyOptions {} in local.json merges: default's 60 stays", {"local.json": co({"token": {"verifyOptions": {}}})}, resolved())
    for label, val in (("string", "60"), ("negative", -5), ("array", [60])):
        C("cfg-clock-tolerance-bad-%s" % label, "clockTolerance %r refused" % (val,), {"local.json": co({"token": {"verifyOptions": {"clockTolerance": val}}})}, "invalid_config")
    C("cfg-verify-algorithms-hs256", "verifyOptions.algorithms [\"HS256\"]: the allow-list", {"local.json": co({"token": {"verifyOptions": {"algorithms": ["HS256"]}}})},
      resolved(algorithms=("HS256",)))
    C("cfg-verify-algorithms-mixed", "RS256 never verifies with a shared secret in jsonwebtoken: only the HMAC names count",
      {"local.json": co({"token": {"verifyOptions": {"algorithms": ["RS256", "HS512"]}}})}, resolved(algorithms=("HS512",)))
    for label, val in (("none", ["none", "HS256"]), ("empty", []), ("only-rs", ["RS256"]), ("string", "HS256")):
        C("cfg-verify-algorithms-bad-%s" % label, "verifyOptions.algorithms %r refused" % (val,),
          {"local.json": co({"token": {"verifyOptions": {"algorithms": val}}})}, "invalid_config")
    for opt, val in (("ignoreExpiration", True), ("ignoreNotBefore", True), ("maxAge", "1h"), ("audience", "docs"), ("issuer", "me"),
                     ("subject", "s"), ("jwtid", "j"), ("clockTimestamp", 1700000000), ("nonce", "n"), ("allowInvalidAsymmetricKeyTypes", "yes")):
        C("cfg-verify-option-%s" % opt, "verifyOptions.%s %r changes accept/refuse: refused by name" % (opt, val),
          {"local.json": co({"token": {"verifyOptions": {opt: val}}})}, "invalid_config")
    for opt, val in (("ignoreExpiration", False), ("audience", ""), ("complete", True), ("allowInvalidAsymmetricKeyTypes", False)):
        C("cfg-verify-option-harmless-%s" % opt, "verifyOptions.%s %r changes nothing" % (opt, val),
          {"local.json": co({"token": {"verifyOptions": {opt: val}}})}, resolved())
    C("cfg-url-exclusion", "token.outbox.urlExclusionRegex kept as text (Docs escapes it: a plain substring)",
      {"local.json": co({"token": {"outbox": {"urlExclusionRegex": "/public/"}}})}, resolved(exclusion="/public/"))
    C("cfg-in-body-ignored", "token.inbox.inBody is written by Docker but never read by Docs: said so",
      {"local.json": co({"token": {"inbox": {"inBody": True}}})},
      resolved(ignored=("services.CoAuthoring.token.inbox.inBody is set, but Docs never reads it",)))
    C("cfg-custom-header-prefix", "custom inbox/outbox headers and prefixes (proxy-friendly)",
      {"local.json": co({"token": {"inbox": {"header": "AuthorizationJwt", "prefix": "JWT "}, "outbox": {"header": "X-Docs-Auth", "prefix": "Token "}}})},
      resolved(in_header="AuthorizationJwt", out_header="X-Docs-Auth", in_prefix="JWT ", out_prefix="Token "))
    local_all = co({"secret": {"inbox": {"string": "local-in"}, "outbox": {"string": "", "file": "@DIR@/out.key"}},
                    "token": {"enable": {"browser": True, "request": {"inbox": True, "outbox": True}}, "inbox": {"header": "AuthorizationJwt"}}})
    C("cfg-env-over-local", "Docker: JWT_SECRET / JWT_HEADER / JWT_ENABLED=false written over local.json",
      {"out.key": "file-out\n", "local.json": local_all}, resolved(b"env-secret", b"env-secret", (False, False, False), "X-Env", "X-Env"),
      env={"JWT_SECRET": "env-secret", "JWT_HEADER": "X-Env", "JWT_ENABLED": "false"})
    C("cfg-env-enabled-other-value", "Docker: JWT_ENABLED other than \"true\" (here \"yes\") is false", {"local.json": "{}"},
      resolved(b"docker-secret", b"docker-secret"), env={"JWT_ENABLED": "yes", "JWT_SECRET": "docker-secret"})
    C("cfg-env-secret-only", "Docker: JWT_SECRET only; JWT_ENABLED unset is the image's default true",
      {"local.json": "{}"}, resolved(b"docker-random-32-characters-xxxx", b"docker-random-32-characters-xxxx", ALL),
      env={"JWT_SECRET": "docker-random-32-characters-xxxx"})
    C("cfg-env-header-only", "Docker without JWT_SECRET: the image generates a random secret, which cannot be known here",
      {"local.json": local_all, "out.key": "k"}, "invalid_config", env={"JWT_HEADER": "AuthorizationJwt2"})
    C("cfg-env-empty-map", "Docker with no variable set: random secret, refused", {"local.json": local_all, "out.key": "k"}, "invalid_config", env={})
    C("cfg-env-empty-secret", "Docker: JWT_SECRET=\"\" is unset for the entrypoint", {"local.json": "{}"}, "invalid_config", env={"JWT_SECRET": ""})
    C("cfg-env-secret-quote", "Docker: a quote in JWT_SECRET is pasted into JavaScript: refused", {"local.json": "{}"}, "invalid_config",
      env={"JWT_SECRET": "it's"})
    C("cfg-env-in-body", "Docker: JWT_IN_BODY is written where Docs never reads: said so; empty JWT_HEADER is the default",
      {"local.json": "{}"}, resolved(b"s3cr3t-docker", b"s3cr3t-docker", ALL,
                                     ignored=("JWT_IN_BODY is written to token.*.inBody, which Docs never reads",)),
      env={"JWT_SECRET": "s3cr3t-docker", "JWT_IN_BODY": "true", "JWT_HEADER": ""})
    C("cfg-local-not-json", "local.json is not JSON", {"local.json": "{services: }"}, "invalid_json")
    C("cfg-local-array", "local.json is an array", {"local.json": "[]"}, "invalid_json")
    C("cfg-local-empty-file", "local.json is empty", {"local.json": ""}, "invalid_json")
    C("cfg-local-missing", "local.json does not exist", {"other.json": "{}"}, "invalid_config")
    default = co({"secret": {"inbox": {"string": "default-in"}, "outbox": {"string": "default-out"}, "session": {"string": "x"}},
                  "token": {"enable": {"browser": False, "request": {"inbox": False, "outbox": False}},
                            "inbox": {"header": "Authorization", "prefix": "Bearer "}, "outbox": {"header": "Authorization", "prefix": "Bearer ",
                                                                                                    "algorithm": "HS384", "expires": "10m"},
                            "verifyOptions": {"clockTolerance": 30}}})
    C("cfg-default-file", "a default.json given: local merged over it member by member",
      {"default.json": default, "local.json": co({"secret": {"inbox": {"string": "local-in"}}, "token": {"enable": {"request": {"inbox": True}}, "outbox": {"expires": "1h"}}})},
      resolved(b"local-in", b"default-out", (False, True, False), alg="HS384", expires=3600, tol=30), default="default.json")
    C("cfg-default-file-local-file-secret", "default has a string, local names only a file: default's string wins, as in Docs",
      {"default.json": default, "o": "outbox-from-file", "local.json": co({"secret": {"outbox": {"file": "@DIR@/o"}}})},
      resolved(b"default-in", b"default-out", alg="HS384", expires=600, tol=30), default="default.json")
    C("cfg-default-not-json", "default.json is not JSON", {"default.json": "nope", "local.json": "{}"}, "invalid_json", default="default.json")
    C("cfg-default-only-empty-local", "default.json with an empty local.json", {"default.json": default, "local.json": "{}"},
      resolved(b"default-in", b"default-out", alg="HS384", expires=600, tol=30), default="default.json")
    C("cfg-default-beside-local", "default.json beside local.json is found without being named",
      {"default.json": default, "local.json": "{}"}, resolved(b"default-in", b"default-out", alg="HS384", expires=600, tol=30))
    docs_files = {"default.json": co(DOCS_DEFAULT), "production-linux.json": json.dumps(DOCS_PRODUCTION_LINUX)}
    C("cfg-shipped-files", "Docs' shipped default.json and production-linux.json subtrees beside local.json",
      dict(docs_files, **{"local.json": co({"secret": {"outbox": {"string": "o-secret"}}, "token": {"enable": {"request": {"outbox": True}}}})}),
      resolved(outbox=b"o-secret", enabled=(False, False, True)))
    C("cfg-production-over-default", "production-linux.json is merged after default.json, before local.json",
      {"default.json": co(DOCS_DEFAULT), "production-linux.json": co({"token": {"outbox": {"expires": "10m"}, "verifyOptions": {"clockTolerance": 5}}}),
       "local.json": co({"token": {"verifyOptions": {"clockTolerance": 7}}})}, resolved(expires=600, tol=7), default="default.json")
    C("cfg-array-replaces", "an array in local.json replaces default's (node-config merges objects only)",
      {"default.json": co(dict(DOCS_DEFAULT, token=dict(DOCS_DEFAULT["token"], verifyOptions={"clockTolerance": 60, "algorithms": ["HS256", "HS384"]}))),
       "local.json": co({"token": {"verifyOptions": {"algorithms": ["HS512"]}}})}, resolved(algorithms=("HS512",)))
    C("cfg-null-replaces-object", "null in local.json replaces an object: secret.inbox null means no inbox secret",
      {"local.json": co({"secret": {"inbox": None}})}, resolved(inbox=b""))
    C("cfg-unrelated-keys", "other services and keys are ignored",
      {"local.json": json.dumps({"log": {"level": "WARN"}, "services": {"CoAuthoring": {"server": {"port": 8000}, "sql": {"type": "postgres"}}, "Other": 1}})},
      resolved())

    def params_of(claims_text):
        # The claims with the members of payload, then of query, set over them (docs/semantics.md).
        c = json.loads(claims_text, object_pairs_hook=OrderedDict)
        for w in ("payload", "query"):
            if isinstance(c.get(w), dict):
                c.update(c[w])
        return c

    # ---- verify_request_with_config: one call with the loaded settings (secret, prefix, tolerance, allow-list)
    def V(cid, comment, files, expect, direction, body=None, authorization=None, env=None, now=NOW):
        inp = OrderedDict([("files", files), ("local", "local.json")])
        if env is not None:
            inp["env"] = env
        inp["direction"] = direction
        inp["body"] = body
        inp["authorization"] = authorization
        inp["now"] = now
        f.add(cid, "verify_request_with_config", comment, inp, expect)
    local = co({"secret": {"inbox": {"string": SECRET}, "outbox": {"string": OUTBOX}},
                "token": {"enable": {"browser": True, "request": {"inbox": True, "outbox": True}},
                          "inbox": {"prefix": "JWT "}, "outbox": {"header": "AuthorizationJwt", "prefix": "Token "},
                          "verifyOptions": {"clockTolerance": 120, "algorithms": ["HS256", "HS512"]}}})
    files = {"local.json": local}
    cb = '{"key":"Khirz6zTPdfd7","status":2,"url":"https://docs.example/cache/files/x.docx"}'
    cb_tok = craft(H256, '{"payload":' + cb + ',"iat":%d,"exp":%d}' % (NOW - 100, NOW + 200), key=OUTBOX.encode())
    V("cfg-verify-outbox-header", "callback token in the header after the outbox prefix \"Token \"", files,
      {"params": params_of('{"payload":' + cb + ',"iat":%d,"exp":%d}' % (NOW - 100, NOW + 200))},
      "outbox", body=cb, authorization="Token " + cb_tok)
    V("cfg-verify-outbox-bearer-prefix", "\"Bearer \" is not the configured prefix: no token found", files, {"error": "missing_token"},
      "outbox", body=cb, authorization="Bearer " + cb_tok)
    V("cfg-verify-outbox-inbox-secret", "the inbox direction uses the inbox secret: a callback token fails", files, {"error": "bad_signature"},
      "inbox", authorization="JWT " + cb_tok)
    late = craft(H256, '{"payload":{"key":"k"},"exp":%d}' % (NOW - 100), key=OUTBOX.encode())
    V("cfg-verify-tolerance-120", "expired 100 s ago, within the configured 120 s tolerance", files,
      {"params": OrderedDict([("payload", OrderedDict([("key", "k")])), ("exp", NOW - 100), ("key", "k")])}, "outbox", authorization="Token " + late)
    later = craft(H256, '{"payload":{"key":"k"},"exp":%d}' % (NOW - 130), key=OUTBOX.encode())
    V("cfg-verify-tolerance-exceeded", "expired 130 s ago, beyond the configured 120 s", files, {"error": "expired"}, "outbox", authorization="Token " + later)
    h384 = craft(hdr("HS384"), '{"c":"info","key":"k"}', alg="HS384", key=SECRET.encode())
    V("cfg-verify-allow-list", "HS384 is not in verifyOptions.algorithms", files, {"error": "unsupported_alg"}, "inbox",
      body='{"c":"info","key":"k","token":"%s"}' % h384)
    h512 = craft(hdr("HS512"), '{"c":"info","key":"k"}', alg="HS512", key=SECRET.encode())
    V("cfg-verify-inbox-body", "inbox body token, HS512 allowed", files, {"params": OrderedDict([("c", "info"), ("key", "k")])}, "inbox",
      body='{"c":"info","key":"k","token":"%s"}' % h512)
    V("cfg-verify-docker", "Docker settings: JWT_SECRET for every direction, default prefix", {"local.json": "{}"},
      {"params": OrderedDict([("c", "info"), ("key", "k")])}, "outbox", env={"JWT_SECRET": SECRET},
      authorization="Bearer " + craft(H256, '{"c":"info","key":"k"}', key=SECRET.encode()))
    V("cfg-verify-bad-direction", "a direction that is neither inbox nor outbox", files, {"error": "invalid_argument"}, "sideways",
      authorization="Token " + cb_tok)
    V("cfg-verify-config-error", "the settings cannot be loaded", {"local.json": "[]"}, {"error": "invalid_json"}, "inbox",
      authorization="Token " + cb_tok)

    # ---- verify_download_with_config: the outbox secret, prefix, tolerance and allow-list from the settings
    def D(cid, comment, files, expect, url, authorization=None, url_match=None, env=None, now=NOW):
        inp = OrderedDict([("files", files), ("local", "local.json")])
        if env is not None:
            inp["env"] = env
        inp["authorization"] = authorization
        inp["url"] = url
        if url_match is not None:
            inp["url_match"] = url_match
        inp["now"] = now
        f.add(cid, "verify_download_with_config", comment, inp, expect)
    dl_local = co({"secret": {"inbox": {"string": SECRET}, "outbox": {"string": OUTBOX}},
                   "token": {"enable": {"browser": True, "request": {"inbox": True, "outbox": True}},
                             "outbox": {"prefix": "Token ", "urlExclusionRegex": "/public/"},
                             "verifyOptions": {"clockTolerance": 120, "algorithms": ["HS256", "HS512"]}}})
    dl_files = {"local.json": dl_local}
    DL_URL = "https://storage.example/files/a.docx?v=2"

    def dl_claims(url, exp=NOW + 200):
        return '{"payload":{"url":%s},"iat":%d,"exp":%d}' % (json.dumps(url, ensure_ascii=False), NOW - 100, exp)

    def dl_tok(url, key=OUTBOX, exp=NOW + 200, alg="HS256"):
        return craft(hdr(alg) if alg != "HS256" else H256, dl_claims(url, exp), alg=alg, key=key.encode())

    def dl_ok(url, exp=NOW + 200):
        return {"claims": json.loads(dl_claims(url, exp), object_pairs_hook=OrderedDict)}
    D("cfg-dl-ok", "a download token after the configured outbox prefix \"Token \"", dl_files, dl_ok(DL_URL),
      DL_URL, authorization="Token " + dl_tok(DL_URL))
    odd = "https://Storage.example/a b/../R\u00e9sum\u00e9.docx#x"
    D("cfg-dl-whatwg", "payload.url as the integrator wrote it; the request for its WHATWG serialisation matches", dl_files,
      dl_ok(odd), "https://storage.example/R%C3%A9sum%C3%A9.docx", authorization="Token " + dl_tok(odd))
    D("cfg-dl-path-query", "behind a proxy: path and query compared (the caller's url_match), host and port differ", dl_files,
      dl_ok(DL_URL), "http://backend.internal:8080/files/a.docx?v=2", authorization="Token " + dl_tok(DL_URL),
      url_match="path_and_query")
    D("cfg-dl-full-mismatch", "the same request compared whole: another host is url_mismatch", dl_files, {"error": "url_mismatch"},
      "http://backend.internal:8080/files/a.docx?v=2", authorization="Token " + dl_tok(DL_URL))
    D("cfg-dl-bearer-prefix", "\"Bearer \" is not the configured outbox prefix: no token found", dl_files, {"error": "missing_token"},
      DL_URL, authorization="Bearer " + dl_tok(DL_URL))
    D("cfg-dl-inbox-secret", "a token signed with the inbox secret: downloads use the outbox secret", dl_files,
      {"error": "bad_signature"}, DL_URL, authorization="Token " + dl_tok(DL_URL, key=SECRET))
    D("cfg-dl-tolerance-120", "expired 100 s ago, within the configured 120 s tolerance", dl_files, dl_ok(DL_URL, NOW - 100),
      DL_URL, authorization="Token " + dl_tok(DL_URL, exp=NOW - 100))
    D("cfg-dl-tolerance-exceeded", "expired 130 s ago, beyond the configured 120 s", dl_files, {"error": "expired"},
      DL_URL, authorization="Token " + dl_tok(DL_URL, exp=NOW - 130))
    D("cfg-dl-allow-list", "HS384 is not in verifyOptions.algorithms", dl_files, {"error": "unsupported_alg"},
      DL_URL, authorization="Token " + dl_tok(DL_URL, alg="HS384"))
    D("cfg-dl-hs512", "HS512 is in verifyOptions.algorithms", dl_files, dl_ok(DL_URL),
      DL_URL, authorization="Token " + dl_tok(DL_URL, alg="HS512"))
    D("cfg-dl-no-token", "no Authorization header: missing_token", dl_files, {"error": "missing_token"}, DL_URL)
    D("cfg-dl-excluded-still-required", "a URL Docs downloads without a token (urlExclusionRegex): this call still requires one",
      dl_files, {"error": "missing_token"}, "https://storage.example/public/a.docx")
    D("cfg-dl-docker", "Docker settings: JWT_SECRET for the outbox too, default prefix \"Bearer \"", {"local.json": "{}"},
      dl_ok(DL_URL), DL_URL, env={"JWT_SECRET": SECRET}, authorization="Bearer " + dl_tok(DL_URL, key=SECRET))
    D("cfg-dl-config-error", "the settings cannot be loaded", {"local.json": "[]"}, {"error": "invalid_json"},
      DL_URL, authorization="Token " + dl_tok(DL_URL))
    D("cfg-dl-bad-url", "a requested URL that is not a WHATWG URL", dl_files, {"error": "invalid_argument"},
      "not a url", authorization="Token " + dl_tok(DL_URL))

    # ---- download_token_expected: Docs' canIncludeOutboxAuthorization with the loaded settings
    def E(cid, comment, files, expect, url, env=None):
        inp = OrderedDict([("files", files), ("local", "local.json")])
        if env is not None:
            inp["env"] = env
        inp["url"] = url
        f.add(cid, "download_token_expected", comment, inp, {"expected": expect} if isinstance(expect, bool) else {"error": expect})

    def outbox(enabled, exclusion):
        return {"local.json": co({"secret": {"outbox": {"string": OUTBOX}},
                                  "token": {"enable": {"request": {"outbox": enabled}}, "outbox": {"urlExclusionRegex": exclusion}}})}
    E("dte-enabled", "outbox tokens enabled, no exclusion text: always a token", outbox(True, ""), True, DL_URL)
    E("dte-not-excluded", "the URL does not contain the exclusion text", outbox(True, "/public/"), True, DL_URL)
    E("dte-excluded", "the URL contains the exclusion text: Docs sends no token", outbox(True, "/public/"), False,
      "https://storage.example/public/a.docx")
    E("dte-excluded-query", "the text may be anywhere in the URL, the query included", outbox(True, "/public/"), False,
      "https://storage.example/get?path=/public/a.docx")
    E("dte-escaped-dot", "Docs escapes the text: '.' is a dot, not any character", outbox(True, "cdn.example"), True,
      "https://cdnXexample.org/a.docx")
    E("dte-escaped-dot-match", "the same text found literally", outbox(True, "cdn.example"), False, "https://cdn.example/a.docx")
    E("dte-escaped-meta", "regular-expression characters are literal: '^https' is not an anchor", outbox(True, "^https"), True,
      "https://storage.example/a.docx")
    E("dte-case-sensitive", "the test is case-sensitive", outbox(True, "/public/"), True, "https://storage.example/PUBLIC/a.docx")
    E("dte-as-written-unicode", "Docs tests the URL as given: the text written in Unicode is found there", outbox(True, "/\u00e9t\u00e9/"),
      False, "https://storage.example/\u00e9t\u00e9/a.docx")
    E("dte-as-written-encoded", "but not in the percent-encoded form Docs requests", outbox(True, "/\u00e9t\u00e9/"), True,
      "https://storage.example/%C3%A9t%C3%A9/a.docx")
    E("dte-disabled", "outbox tokens disabled: no token, whatever the URL", outbox(False, ""), False, DL_URL)
    E("dte-disabled-excluded", "outbox tokens disabled and the URL excluded", outbox(False, "/public/"), False,
      "https://storage.example/public/a.docx")
    E("dte-builtin-defaults", "Docs' built-in defaults: token.enable.request.outbox is false", {"local.json": "{}"}, False, DL_URL)
    E("dte-docker", "Docker with JWT_ENABLED unset: tokens enabled", {"local.json": "{}"}, True, DL_URL, env={"JWT_SECRET": SECRET})
    E("dte-docker-disabled", "Docker with JWT_ENABLED=false", {"local.json": "{}"}, False, DL_URL,
      env={"JWT_ENABLED": "false", "JWT_SECRET": SECRET})
    E("dte-config-error", "the settings cannot be loaded", {"local.json": "[]"}, "invalid_json", DL_URL)
    return f


# ================================================================ large_callback.json
def gen_large_callback(entries=2500):
    """A status-2 callback after thousands of author switches, as Docs builds it: one history entry per switch
    (documentSha256, created, user), the body token over the whole callback, the header token without changesurl
    and history (Docs drops them past 7168 characters). Deterministic: hashes and names derive from the index."""
    import hashlib
    f = File("large_callback.json", "A generated Docs callback with %d history entries (about 215 bytes each, with documentSha256), "
             "signed by node jsonwebtoken 9.0.2 at a fixed clock: it must verify with the default limits." % entries)
    changes = []
    for i in range(entries):
        user = i % 7
        changes.append(OrderedDict([
            ("documentSha256", hashlib.sha256(b"change %d" % i).hexdigest()),
            ("created", "2026-03-%02d %02d:%02d:%02d" % (1 + i // 86400 % 28, i // 3600 % 24, i // 60 % 60, i % 60)),
            ("user", OrderedDict([("id", "%08x-8f2e-4c1a-9b3d-1a2b3c4d5e6f" % (0x6d5a81d0 + user)), ("name", "Editor number %d of the team (ed.)" % user)]))]))
    cb = OrderedDict([
        ("key", "Khirz6zTPdfd7"), ("status", 2),
        ("url", "https://documentserver/cache/files/data/Khirz6zTPdfd7/output.docx/output.docx"),
        ("changesurl", "https://documentserver/cache/files/data/Khirz6zTPdfd7/changes.zip/changes.zip"),
        ("history", OrderedDict([("serverVersion", "9.0.0"), ("changes", changes)])),
        ("users", ["%08x-8f2e-4c1a-9b3d-1a2b3c4d5e6f" % (0x6d5a81d0 + u) for u in range(7)]),
        ("actions", [OrderedDict([("type", 0), ("userid", "6d5a81d0-8f2e-4c1a-9b3d-1a2b3c4d5e6f")])]),
        ("lastsave", "2026-03-14T22:10:00.000Z"), ("notmodified", False), ("filetype", "docx")])
    text = emit(cb)
    short = OrderedDict((k, v) for k, v in cb.items() if k not in ("changesurl", "history"))
    btok = node1(text, secret=OUTBOX, expires_in=300)
    htok = node1(emit(OrderedDict([("payload", short)])), secret=OUTBOX, expires_in=300)
    body = emit(dict(cb, token=btok))
    assert len(btok) > 256 * 1024 and len(body) > 1024 * 1024, "the callback must exceed the former limits"
    f.add("large-callback-verify-request", "verify_request", "callback with %d history entries: body %d bytes, body token %d bytes, "
          "header token without history; default limits" % (entries, len(body), len(btok)),
          OrderedDict([("secret", OUTBOX), ("body", body), ("authorization", "Bearer " + htok), ("now", NOW)]),
          {"params": merge_params(ordered_claims(btok))})
    return f


# ================================================================ primitives/hmac.json
def gen_hmac():
    src = json.load(open(os.path.join(INPUTS, "hmac_standards.json"), encoding="utf-8"))
    f = File("hmac.json", "HMAC primitive vectors converted from generate/inputs/hmac_standards.json: RFC 4231 and C2SP Wycheproof "
             "hmac_sha256/384/512 (Apache-2.0). valid=false means the tag must not verify.")
    for v in src["vectors"]:
        comment = (v.get("comment") or "") + (" " if v.get("comment") else "") + "(" + v["source"] + ")"
        c = OrderedDict([("id", "hmac-" + v["id"]), ("comment", comment), ("alg", v["alg"]), ("key_hex", v["key_hex"]), ("msg_hex", v["msg_hex"]),
                         ("tag_hex", v["tag_hex"]), ("truncated_bits", v["truncated_bits"]), ("valid", v["result"] == "valid")])
        assert c["id"] not in ALL_IDS
        ALL_IDS.add(c["id"])
        f.cases.append(c)
    return f


# ================================================================ editor_methods.json
EM_IMG1 = "https://example.com/url-to-example-image1.png"
EM_IMG2 = "https://example.com/url-to-example-image2.png"
EM_DOC = "https://example.com/url-to-example-document.docx"
EM_XLSX = "https://example.com/url-to-example-recipients.xlsx"
EM_REF = "https://example.com/url-to-example-document.xlsx"
EM_EVIL = "https://attacker.example/other.bin"


def gen_editor_methods():
    f = File("editor_methods.json", "sign_editor_method: the parameter objects of the eight docEditor methods that take a token "
             "(Methods.md), signed whole with the browser secret (= the inbox secret by default); expected tokens from "
             "node jsonwebtoken 9. Per method: a valid object, a missing member Docs takes from the token, the produced "
             "token under a wrong secret, and a member present outside the token but not inside (Docs uses the token's value).")
    # method -> (valid object text, [(label, object text missing a member, what is missing)], member Docs reads, tampered value)
    groups = [
        ("insertImage",
         '{"c":"add","images":[{"fileType":"png","url":"%s"},{"fileType":"png","url":"%s"}]}' % (EM_IMG1, EM_IMG2),
         [("images-url", '{"c":"add","images":[{"fileType":"png","url":"%s"},{"fileType":"png"}]}' % EM_IMG1, "images[1].url"),
          ("url", '{"c":"add","fileType":"png"}', "url (no images either)"),
          ("images-empty", '{"c":"add","images":[]}', "images is empty")],
         "images", [{"fileType": "png", "url": EM_EVIL}]),
        ("setHistoryData",
         '{"changesUrl":"https://example.com/url-to-changes.zip","fileType":"docx","key":"Khirz6zTPdfd7","previous":'
         '{"fileType":"docx","key":"af86C7e71Ca8","url":"https://example.com/url-to-the-previous-version-of-the-document.docx"},'
         '"url":"%s","version":2}' % EM_DOC,
         [("key", '{"fileType":"docx","url":"%s","version":2}' % EM_DOC, "key"),
          ("url", '{"fileType":"docx","key":"Khirz6zTPdfd7","version":2}', "url"),
          ("version", '{"fileType":"docx","key":"Khirz6zTPdfd7","url":"%s"}' % EM_DOC, "version"),
          ("previous", '{"changesUrl":"https://example.com/url-to-changes.zip","key":"Khirz6zTPdfd7","url":"%s","version":2}' % EM_DOC,
           "previous (changesUrl needs it)"),
          ("previous-url", '{"changesUrl":"https://example.com/url-to-changes.zip","key":"Khirz6zTPdfd7","previous":{"key":"af86C7e71Ca8"},'
           '"url":"%s","version":2}' % EM_DOC, "previous.url")],
         "url", EM_EVIL),
        ("setMailMergeRecipients", '{"fileType":"xlsx","url":"%s"}' % EM_XLSX,
         [("url", '{"fileType":"xlsx"}', "url"), ("fileType", '{"url":"%s"}' % EM_XLSX, "fileType")], "url", EM_EVIL),
        ("setReferenceData",
         '{"fileType":"xlsx","key":"Khirz6zTPdfd7","path":"sample.xlsx","referenceData":{"fileKey":"BCFA2CED","instanceId":"https://example.com"},"url":"%s"}' % EM_REF,
         [("url", '{"fileType":"xlsx","path":"sample.xlsx"}', "url"), ("fileType", '{"path":"sample.xlsx","url":"%s"}' % EM_REF, "fileType")],
         "url", EM_EVIL),
        ("setReferenceSource",
         '{"fileType":"xlsx","key":"Khirz6zTPdfd7","path":"sample.xlsx","referenceData":{"fileKey":"BCFA2CED","instanceId":"https://example.com"},"url":"%s"}' % EM_REF,
         [("fileType", '{"path":"sample.xlsx","url":"%s"}' % EM_REF, "fileType"), ("url", '{"fileType":"xlsx","path":"sample.xlsx"}', "url")],
         "url", EM_EVIL),
        ("setRequestedDocument", '{"c":"compare","fileType":"docx","url":"%s"}' % EM_DOC,
         [("url", '{"c":"compare","fileType":"docx"}', "url"), ("fileType", '{"c":"compare","url":"%s"}' % EM_DOC, "fileType")],
         "fileType", "exe"),
        ("setRequestedSpreadsheet", '{"c":"mailmerge","fileType":"xlsx","url":"%s"}' % EM_XLSX,
         [("url", '{"c":"mailmerge","fileType":"xlsx"}', "url"), ("fileType", '{"c":"mailmerge","url":"%s"}' % EM_XLSX, "fileType")],
         "url", EM_EVIL),
        ("setRevisedFile", '{"fileType":"docx","url":"%s"}' % EM_DOC,
         [("url", '{"fileType":"docx"}', "url"), ("fileType", '{"url":"%s"}' % EM_DOC, "fileType")], "url", EM_EVIL),
    ]

    def S(cid, comment, method, text, expect, secret=SECRET, **kw):
        inp = OrderedDict([("method", method), ("params", text), ("secret", secret)])
        inp.update(kw)
        f.add(cid, "sign_editor_method", comment, inp, expect)

    for method, valid, missing, member, evil in groups:
        low = method.lower()
        tok = node1(valid)
        out = parse_ordered(valid)
        out["token"] = tok
        S("em-%s-valid" % low, "%s: the object signed whole (node jsonwebtoken 9), token appended" % method, method, valid,
          {"params": to_plain(out)})
        for label, text, what in missing:
            S("em-%s-missing-%s" % (low, label), "%s: %s missing: Docs takes it from the token" % (method, what), method, text,
              {"error": "invalid_config"})
        f.verify("em-%s-wrong-secret" % low, "%s: the produced token checked with another secret than the browser secret: "
                 "Docs refuses it" % method, tok, "bad_signature", secret=OTHER)
        sent = parse_ordered(valid)
        sent[member] = evil
        sent["token"] = tok
        f.verify("em-%s-outside-only" % low, "%s: the page sends %s with %s=%s outside the token (changed after signing); "
                 "Docs reads %s from the token, so the claims below are what it uses, not the outside value"
                 % (method, emit(OrderedDict((k, v) for k, v in sent.items() if k != "token")), member, json.dumps(evil),
                    member), tok, "ok", secret=SECRET)
    # the single-url form of insertImage (before 7.0): Docs reads the token's url when it has no images
    single = '{"c":"add","fileType":"png","url":"%s"}' % EM_IMG1
    out = parse_ordered(single)
    out["token"] = node1(single)
    S("em-insertimage-valid-url", "insertImage, single url form: Docs reads the token's url when it has no images", "insertImage",
      single, {"params": to_plain(out)})
    small = '{"fileType":"docx","url":"%s"}' % EM_DOC
    out = parse_ordered(small)
    out["token"] = node1(small, algorithm="HS512", expires_in=300)
    S("em-setreviseddile-hs512-exp".replace("dile", "file"), "setRevisedFile, HS512 and expiresIn 300 (node jsonwebtoken 9)", "setRevisedFile",
      small, {"params": to_plain(out)}, algorithm="HS512", expires_in=300, now=NOW)
    S("em-err-unknown-method", "a method that takes no token (refreshFile) is refused", "refreshFile", small, {"error": "invalid_config"})
    S("em-err-method-case", "method names are case-sensitive, as in JavaScript", "insertimage", single, {"error": "invalid_config"})
    S("em-err-already-signed", "the object already has a token", "setRevisedFile", '{"fileType":"docx","token":"x","url":"%s"}' % EM_DOC,
      {"error": "invalid_config"})
    S("em-err-url-not-string", "url is a number, not a string", "setRevisedFile", '{"fileType":"docx","url":1}', {"error": "invalid_config"})
    S("em-err-version-zero", "setHistoryData with version 0: Docs would not open it as a version", "setHistoryData",
      '{"key":"K","url":"%s","version":0}' % EM_DOC, {"error": "invalid_config"})
    S("em-err-images-not-array", "insertImage with images as an object", "insertImage", '{"images":{"url":"%s"}}' % EM_IMG1,
      {"error": "invalid_config"})
    S("em-err-array", "params is an array", "setRevisedFile", '[%s]' % small, {"error": "invalid_json"})
    S("em-err-not-json", "params is not JSON", "setRevisedFile", "{fileType:docx}", {"error": "invalid_json"})
    S("em-err-empty-secret", "empty secret", "setRevisedFile", small, {"error": "empty_secret"}, secret="")
    S("em-err-alg", "algorithm RS256", "setRevisedFile", small, {"error": "unsupported_alg"}, algorithm="RS256")
    return f


def main():
    files = [gen_standards(), gen_samples(), gen_peers(), gen_sign(), gen_attacks(), gen_negative(), gen_time(), gen_protocol(), gen_protocol_limits(), gen_rules(), gen_config(), gen_editor_methods(), gen_large_callback()]
    total = 0
    for fl in files:
        fl.write()
        total += len(fl.cases)
    os.makedirs(os.path.join(VEC, "primitives"), exist_ok=True)
    h = gen_hmac()
    h.write("primitives")
    print("total: %d cases in tests/vectors/*.json, %d in primitives/hmac.json" % (total, len(h.cases)))


if __name__ == "__main__":
    main()
