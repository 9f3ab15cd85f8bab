"""The framework-neutral callback handler, the answer helper, the download check and the WSGI
adapters called directly (no server), against the real library and load_config's settings."""

from __future__ import annotations

import io
import json
import logging
import os
import time
from wsgiref.util import setup_testing_defaults

import pytest

import oo_jwt
from oo_jwt import Callback, CallbackStatus, ForceSaveType
from oo_jwt.wsgi import callback_app, protect_download

REPO_ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
LOCAL_JSON = os.path.join(REPO_ROOT, "tests", "fixtures", "integration", "local.json")
SETTINGS = oo_jwt.load_config(LOCAL_JSON)
OUTBOX = SETTINGS["outbox"]["secret"]
INBOX = SETTINGS["inbox"]["secret"]
FILE_URL = "http://storage.test/files/doc.docx"


def config_with(tmp_path, **token):
    """load_config of the fixture with `services.CoAuthoring.token` members merged in."""
    with open(LOCAL_JSON, encoding="utf-8") as f:
        config = json.load(f)
    config["services"]["CoAuthoring"]["token"].update(token)
    path = tmp_path / "local.json"
    path.write_text(json.dumps(config))
    return oo_jwt.load_config(str(path))


def signed_body(fields, secret=OUTBOX, **kw):
    return json.dumps(oo_jwt.sign_request(fields, secret, **kw))


# ---------------------------------------------------------------------------------------------
# handle_callback

def test_body_token_gives_a_typed_callback():
    fields = {"key": "k1", "status": 6, "url": "http://docs/out.docx", "changesurl": "http://docs/c.zip",
              "history": {"changes": [{"user": {"id": "u"}}], "serverVersion": "9"},
              "users": ["u"], "actions": [{"type": 0, "userid": "u"}], "forcesavetype": 1,
              "filetype": "docx", "userdata": "sample", "lastsave": "2026-01-01T00:00:00.000Z"}
    cb = oo_jwt.handle_callback(signed_body(fields), None, SETTINGS)
    assert isinstance(cb, Callback)
    assert cb.status is CallbackStatus.FORCE_SAVE and cb.forcesavetype is ForceSaveType.BUTTON
    assert (cb.key, cb.url, cb.changesurl, cb.filetype, cb.userdata) == (
        "k1", "http://docs/out.docx", "http://docs/c.zip", "docx", "sample")
    assert cb.history == fields["history"] and cb.users == ["u"] and cb.actions == fields["actions"]
    assert cb.params["lastsave"] == "2026-01-01T00:00:00.000Z"  # anything else: the parameters


def test_absent_members_are_none():
    cb = oo_jwt.handle_callback(signed_body({"key": "k", "status": 1}), None, SETTINGS)
    assert cb.status is CallbackStatus.EDITING
    assert [cb.url, cb.changesurl, cb.history, cb.users, cb.actions, cb.forcesavetype,
            cb.filetype, cb.userdata] == [None] * 8


def test_header_token_over_payload():
    token = oo_jwt.sign_request({"key": "k", "status": 4}, OUTBOX, placement="header")
    cb = oo_jwt.handle_callback(b'{"key":"unsigned","status":1}', "Bearer " + token, SETTINGS)
    assert cb.status is CallbackStatus.CLOSED_NO_CHANGES and cb.key == "k"


def test_unsigned_members_beside_the_token_are_ignored():
    body = oo_jwt.sign_request({"key": "k", "status": 2, "url": "http://docs/signed.docx"}, OUTBOX)
    body.update(url="http://attacker/evil.docx", changesurl="http://attacker/c.zip", status=4)
    cb = oo_jwt.handle_callback(json.dumps(body), None, SETTINGS)
    assert cb.status is CallbackStatus.READY_FOR_SAVING
    assert cb.url == "http://docs/signed.docx" and cb.changesurl is None


def test_every_status_and_force_save_type_name():
    assert {s.name: int(s) for s in CallbackStatus} == {
        "EDITING": 1, "READY_FOR_SAVING": 2, "SAVE_ERROR": 3, "CLOSED_NO_CHANGES": 4,
        "FORCE_SAVE": 6, "FORCE_SAVE_ERROR": 7}
    assert {t.name: int(t) for t in ForceSaveType} == {
        "COMMAND": 0, "BUTTON": 1, "TIMER": 2, "FORM_SUBMISSION": 3}


def test_unknown_numbers_are_kept():
    cb = oo_jwt.handle_callback(signed_body({"key": "k", "status": 9, "forcesavetype": 5}), None,
                                SETTINGS)
    assert cb.status == 9 and type(cb.status) is int
    assert cb.forcesavetype == 5 and type(cb.forcesavetype) is int


@pytest.mark.parametrize("fields", [
    {"status": 2}, {"key": "k"}, {"key": 1, "status": 2}, {"key": "k", "status": "2"},
    {"key": "k", "status": True}, {"key": "k", "status": 2.5},
])
def test_a_verified_body_without_key_or_status_is_invalid_json(fields):
    with pytest.raises(oo_jwt.InvalidJson) as e:
        oo_jwt.handle_callback(signed_body(fields), None, SETTINGS)
    assert "key" in e.value.message and "status" in e.value.message
    assert oo_jwt.callback_answer(e.value) == (400, '{"error":1}')


@pytest.mark.parametrize("body, authorization, error", [
    (b"not json", None, oo_jwt.InvalidJson),
    (b'{"key":"k","status":2}', None, oo_jwt.MissingToken),
    (None, None, oo_jwt.MissingToken),
    (signed_body({"key": "k", "status": 2}, INBOX), None, oo_jwt.BadSignature),
    (b'{"key":"k","status":2,"token":"abc"}', None, oo_jwt.Malformed),
])
def test_refusals_are_the_cores_errors(body, authorization, error):
    with pytest.raises(error):
        oo_jwt.handle_callback(body, authorization, SETTINGS)


def test_expired_and_clock():
    body = signed_body({"key": "k", "status": 1}, expires_in=10, now=1_000_000)
    assert oo_jwt.handle_callback(body, None, SETTINGS, now=1_000_005).key == "k"
    with pytest.raises(oo_jwt.Expired):
        oo_jwt.handle_callback(body, None, SETTINGS, now=int(time.time()))


def test_settings_as_json_text():
    cb = oo_jwt.handle_callback(signed_body({"key": "k", "status": 1}), None, json.dumps(SETTINGS))
    assert cb.key == "k"


# ---------------------------------------------------------------------------------------------
# callback_answer, process_callback

@pytest.mark.parametrize("error, status", [
    (None, 200),
    (oo_jwt.InvalidJson("invalid_json", 2, "x"), 400),
    (oo_jwt.InvalidArgument("invalid_argument", 1, "x"), 400),
    (oo_jwt.MissingToken("missing_token", 10, "x"), 403),
    (oo_jwt.BadSignature("bad_signature", 6, "x"), 403),
    (oo_jwt.Expired("expired", 7, "x"), 403),
    (oo_jwt.NotYetValid("not_yet_valid", 8, "x"), 403),
    (oo_jwt.Malformed("malformed", 4, "x"), 403),
    (oo_jwt.UnsupportedAlg("unsupported_alg", 5, "x"), 403),
    (oo_jwt.TooLarge("too_large", 9, "x"), 403),
    (oo_jwt.InvalidConfig("invalid_config", 11, "x"), 500),
    (oo_jwt.EmptySecret("empty_secret", 3, "x"), 500),
    (oo_jwt.Internal("internal", 255, "x"), 500),
    (OSError("disk full"), 500),
])
def test_callback_answer(error, status):
    assert oo_jwt.callback_answer(error) == (status, '{"error":0}' if status == 200 else '{"error":1}')


def test_process_callback_calls_the_integrator_once():
    seen = []
    body = signed_body({"key": "k", "status": 2, "url": "http://docs/o.docx"})
    assert oo_jwt.process_callback(body, None, SETTINGS, seen.append) == (200, '{"error":0}')
    assert [(c.key, c.status, c.url) for c in seen] == [("k", 2, "http://docs/o.docx")]


def test_refused_callback_never_reaches_the_integrator(caplog):
    seen = []
    body = signed_body({"key": "k", "status": 2}, INBOX)
    with caplog.at_level(logging.WARNING, logger="oo_jwt"):
        assert oo_jwt.process_callback(body, None, SETTINGS, seen.append) == (403, '{"error":1}')
    assert seen == []
    assert "bad_signature" in caplog.text
    token = json.loads(body)["token"]
    assert token not in caplog.text and token.split(".")[2] not in caplog.text
    assert OUTBOX not in caplog.text and INBOX not in caplog.text


@pytest.mark.parametrize("failure", [OSError("storage down"), oo_jwt.BadSignature("bad_signature", 6, "x")])
def test_failing_save_code_is_500_whatever_it_raises(failure, caplog):
    def save(cb):
        raise failure

    with caplog.at_level(logging.ERROR, logger="oo_jwt"):
        answer = oo_jwt.process_callback(signed_body({"key": "k", "status": 2}), None, SETTINGS, save)
    assert answer == (500, '{"error":1}')
    assert "on_callback failed" in caplog.text


# ---------------------------------------------------------------------------------------------
# check_download

def bearer(url, secret=OUTBOX):
    return "Bearer " + oo_jwt.sign({"payload": {"url": url}}, secret, expires_in=300)


def test_check_download():
    good = bearer(FILE_URL)
    claims = oo_jwt.check_download(good, FILE_URL, SETTINGS)
    assert claims == oo_jwt.verify(good[len("Bearer "):], OUTBOX)
    assert claims["payload"] == {"url": FILE_URL}
    with pytest.raises(oo_jwt.UrlMismatch):
        oo_jwt.check_download(bearer(FILE_URL), "http://storage.test/files/other.docx", SETTINGS)
    with pytest.raises(oo_jwt.MissingToken):
        oo_jwt.check_download(None, FILE_URL, SETTINGS)
    with pytest.raises(oo_jwt.BadSignature):
        oo_jwt.check_download(bearer(FILE_URL, INBOX), FILE_URL, SETTINGS)
    proxied = "http://10.0.0.5:8080/files/doc.docx"
    with pytest.raises(oo_jwt.UrlMismatch):
        oo_jwt.check_download(bearer(FILE_URL), proxied, SETTINGS)
    assert oo_jwt.check_download(bearer(FILE_URL), proxied, SETTINGS, path_and_query_only=True)


def test_no_token_expected_means_none(tmp_path):
    off = config_with(tmp_path, enable={"browser": True, "request": {"inbox": True, "outbox": False}})
    assert oo_jwt.check_download(None, FILE_URL, off) is None
    excluded = config_with(tmp_path, outbox={"urlExclusionRegex": "/public/"})
    assert oo_jwt.check_download(None, "http://storage.test/public/doc.docx", excluded) is None
    with pytest.raises(oo_jwt.MissingToken):
        oo_jwt.check_download(None, FILE_URL, excluded)


# ---------------------------------------------------------------------------------------------
# WSGI adapters, called as a WSGI server calls them

def call(app, method="POST", path="/callback", body=b"", headers=None):
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "HTTP_HOST": "storage.test",
               "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
    environ.update(headers or {})
    setup_testing_defaults(environ)
    got = {}

    def start_response(status, response_headers):
        got["status"], got["headers"] = status, dict(response_headers)

    out = b"".join(app(environ, start_response))
    return got["status"], got["headers"], out


def test_wsgi_callback_app():
    seen = []
    app = callback_app(SETTINGS, seen.append)
    status, headers, out = call(app, body=signed_body({"key": "k", "status": 1}).encode())
    assert (status, headers["Content-Type"], out) == ("200 OK", "application/json", b'{"error":0}')
    assert headers["Content-Length"] == "11" and [c.key for c in seen] == ["k"]
    assert call(app, body=b"{")[0] == "400 Bad Request"
    assert call(app, body=b'{"key":"k","status":1}')[0] == "403 Forbidden"
    assert call(app, body=b"", headers={"CONTENT_LENGTH": "not a number"})[0] == "403 Forbidden"
    assert len(seen) == 1


def test_wsgi_adapters_read_the_configured_header(tmp_path):
    settings = config_with(tmp_path, outbox={"header": "AuthorizationJwt"})
    seen = []
    app = callback_app(settings, seen.append)
    token = oo_jwt.sign_request({"key": "k", "status": 1}, OUTBOX, placement="header")
    body = b'{"key":"k","status":1}'
    assert call(app, body=body, headers={"HTTP_AUTHORIZATION": "Bearer " + token})[0] == "403 Forbidden"
    assert call(app, body=body, headers={"HTTP_AUTHORIZATIONJWT": "Bearer " + token})[0] == "200 OK"
    assert [c.key for c in seen] == ["k"]

    served = []

    def files(environ, start_response):
        served.append(environ["PATH_INFO"])
        start_response("200 OK", [("Content-Type", "application/octet-stream")])
        return [b"doc"]

    guarded = protect_download(files, settings)
    good = {"HTTP_AUTHORIZATIONJWT": bearer(FILE_URL)}
    assert call(guarded, "GET", "/files/doc.docx", headers=good)[::2] == ("200 OK", b"doc")
    assert call(guarded, "GET", "/files/doc.docx",
                headers={"HTTP_AUTHORIZATION": bearer(FILE_URL)})[0] == "403 Forbidden"
    assert call(guarded, "GET", "/files/other.docx", headers=good)[0] == "403 Forbidden"
    assert served == ["/files/doc.docx"]


def test_adapters_do_not_import_their_framework_until_used():
    import subprocess
    import sys

    code = ("import sys, oo_jwt, oo_jwt.wsgi, oo_jwt.flask, oo_jwt.django; "
            "print(sorted(m for m in ('flask', 'django', 'werkzeug') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
