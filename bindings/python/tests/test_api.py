"""The Python surface: argument conversion, results, errors, every operation, against the real core."""

from __future__ import annotations

import json
import os
import pathlib
import pickle

import pytest

import oo_jwt
from oo_jwt import Alg, _api, _ffi

NOW = 1_700_000_000
SECRET = "oo-jwt-python-secret-0123456789"


def test_sign_verify_roundtrip_dict_in_dict_out():
    payload = {"key": "Khirz6zTPdfd7", "status": 2, "users": ["u1"], "é": "ü\u2028"}
    token = oo_jwt.sign(payload, SECRET)
    assert isinstance(token, str) and token.count(".") == 2
    assert oo_jwt.verify(token, SECRET) == payload


@pytest.mark.parametrize("alg", list(Alg))
def test_algorithms(alg):
    token = oo_jwt.sign({"a": 1}, SECRET, algorithm=alg)
    header, claims = oo_jwt.decode_unverified(token)
    assert header == {"alg": alg.name, "typ": "JWT"} and claims == {"a": 1}
    assert oo_jwt.verify(token, SECRET, algorithms=[alg]) == {"a": 1}
    other = [a for a in Alg if a != alg]
    with pytest.raises(oo_jwt.UnsupportedAlg):
        oo_jwt.verify(token, SECRET, algorithms=other)
    with pytest.raises(oo_jwt.UnsupportedAlg):
        oo_jwt.verify(token, SECRET, algorithms=other[0] | other[1])
    # an allow-list is any iterable of Alg members, or their bits OR-ed together
    assert oo_jwt.verify(token, SECRET, algorithms={alg, *other}) == {"a": 1}
    assert oo_jwt.verify(token, SECRET, algorithms=alg | other[0]) == {"a": 1}
    assert oo_jwt.verify(token, SECRET, algorithms=(int(alg),)) == {"a": 1}


def test_payload_as_dict_text_or_bytes_gives_the_same_token():
    text = '{"a":1,"b":"x"}'
    t1 = oo_jwt.sign({"a": 1, "b": "x"}, SECRET)
    assert oo_jwt.sign(text, SECRET) == t1
    assert oo_jwt.sign(text.encode(), SECRET) == t1
    # spacing in the text is the core's business: it re-emits compact JSON
    assert oo_jwt.sign('{ "a" : 1 , "b" : "x" }', SECRET) == t1


def test_secret_str_bytes_bytearray_memoryview():
    t = oo_jwt.sign({"a": 1}, SECRET)
    assert oo_jwt.sign({"a": 1}, SECRET.encode()) == t
    assert oo_jwt.sign({"a": 1}, bytearray(SECRET.encode())) == t
    assert oo_jwt.sign({"a": 1}, memoryview(SECRET.encode())) == t
    with pytest.raises(TypeError):
        oo_jwt.sign({"a": 1}, 12345)


def test_secret_with_nul_and_non_utf8_bytes_is_passed_whole():
    s1, s2 = b"ab\x00cd\xff", b"ab"
    t = oo_jwt.sign({"a": 1}, s1)
    assert oo_jwt.verify(t, s1) == {"a": 1}
    with pytest.raises(oo_jwt.BadSignature):
        oo_jwt.verify(t, s2)


def test_token_with_embedded_nul_is_judged_by_the_core():
    t = oo_jwt.sign({"a": 1}, SECRET)
    with pytest.raises(oo_jwt.Malformed):
        oo_jwt.verify(t + "\x00", SECRET)


def test_expires_in_and_now():
    t = oo_jwt.sign({"a": 1}, SECRET, expires_in=60, now=NOW)
    assert oo_jwt.decode_unverified(t)[1] == {"a": 1, "iat": NOW, "exp": NOW + 60}
    assert oo_jwt.verify(t, SECRET, now=NOW + 100) == {"a": 1, "iat": NOW, "exp": NOW + 60}
    with pytest.raises(oo_jwt.Expired) as e:
        oo_jwt.verify(t, SECRET, now=NOW + 120)
    assert e.value.code == "expired" and e.value.status == 7 and e.value.message
    with pytest.raises(oo_jwt.Expired):
        oo_jwt.verify(t, SECRET, now=NOW + 61, leeway=0)
    nbf = oo_jwt.sign({"nbf": NOW + 100}, SECRET)
    with pytest.raises(oo_jwt.NotYetValid):
        oo_jwt.verify(nbf, SECRET, now=NOW, leeway=10)


def test_real_clock_is_used_without_now():
    import time

    # iat is the clock's second during the call: bracketed by readings taken around it (no margin
    # that a slow machine could exceed); exp is far enough away that verify's clock never reaches it.
    before = int(time.time())
    t = oo_jwt.sign({"a": 1}, SECRET, expires_in=10 * 365 * 86400)
    after = int(time.time())
    claims = oo_jwt.verify(t, SECRET)
    assert before <= claims["iat"] <= after
    assert claims["exp"] == claims["iat"] + 10 * 365 * 86400
    # And verify reads the clock: a token that expired an hour before `before` is expired.
    with pytest.raises(oo_jwt.Expired):
        oo_jwt.verify(oo_jwt.sign({"exp": before - 3600}, SECRET), SECRET)


def _fields(packed):
    return dict(zip([name for name, _ in _ffi.OPTIONS_FIELDS], _ffi.OPTIONS.unpack(packed)))


def test_options_left_out_reach_the_core_as_not_given():
    # Nothing given: no struct at all (NULL, every default); something given: only its flag and its
    # field, the others 0 (the core's default), never a default restated here.
    assert _api._options(None, None, None, None, None, None, None) is None
    f = _fields(_api._options(None, None, NOW, None, None, None, None))
    assert f == {"struct_size": _ffi.OPTIONS.size, "flags": _ffi.OO_OPT_NOW, "algorithm": 0,
                 "algorithms": 0, "now": NOW, "leeway": 0, "expires_in": 0, "max_token_len": 0,
                 "max_json_len": 0}
    f = _fields(_api._options(Alg.HS384, [Alg.HS256, Alg.HS512], None, 0, 5, 7, 9, True))
    assert f["flags"] == _ffi.OO_OPT_LEEWAY | _ffi.OO_OPT_EXPIRES_IN | _ffi.OO_OPT_URL_PATH_QUERY
    assert (f["algorithm"], f["algorithms"], f["leeway"], f["expires_in"]) == (2, 5, 0, 5)
    assert (f["max_token_len"], f["max_json_len"], f["now"]) == (7, 9, 0)
    assert _ffi.OPTIONS.size == 56


def test_core_defaults_apply_when_options_are_left_out():
    # The core's defaults (leeway, algorithm, allow-list, sign_request's expiry), seen through results.
    t = oo_jwt.sign({"exp": NOW}, SECRET)
    assert oo_jwt.decode_unverified(t)[0]["alg"] == "HS256"
    assert oo_jwt.verify(t, SECRET, now=NOW + 30) == {"exp": NOW}  # within the default leeway
    with pytest.raises(oo_jwt.Expired):
        oo_jwt.verify(t, SECRET, now=NOW + 30, leeway=0)
    for alg in Alg:
        assert oo_jwt.verify(oo_jwt.sign({}, SECRET, algorithm=alg), SECRET) == {}
    signed = oo_jwt.sign_request({"c": "info"}, SECRET, now=NOW)
    assert oo_jwt.decode_unverified(signed["token"])[1]["exp"] > NOW
    # The clock is read by the core at each call.
    with pytest.raises(oo_jwt.Expired):
        oo_jwt.verify(oo_jwt.sign({"exp": 1}, SECRET), SECRET)


def test_errors_carry_name_number_message_and_class():
    t = oo_jwt.sign({"a": 1}, SECRET)
    with pytest.raises(oo_jwt.JwtError) as e:
        oo_jwt.verify(t, "wrong")
    err = e.value
    assert type(err) is oo_jwt.BadSignature
    assert (err.code, err.status) == ("bad_signature", 6)
    assert err.message and err.message in str(err) and "bad_signature" in str(err)
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is oo_jwt.BadSignature and again.message == err.message


@pytest.mark.parametrize(
    "call, cls",
    [
        (lambda: oo_jwt.sign("[1]", SECRET), oo_jwt.InvalidJson),
        (lambda: oo_jwt.sign({"a": 1}, ""), oo_jwt.EmptySecret),
        (lambda: oo_jwt.verify("a.b", SECRET), oo_jwt.Malformed),
        (lambda: oo_jwt.sign({"a": 1}, SECRET, algorithm=Alg.HS256 | Alg.HS384),
         oo_jwt.UnsupportedAlg),
        (lambda: oo_jwt.sign({"a": 1}, SECRET, algorithm=8), oo_jwt.UnsupportedAlg),
        (lambda: oo_jwt.verify(oo_jwt.sign({}, SECRET), SECRET, algorithms=[Alg.HS256, 8]),
         oo_jwt.InvalidArgument),
        # An empty allow-list allows nothing: refused here, since its bits (0) would mean "not given".
        (lambda: oo_jwt.verify(oo_jwt.sign({}, SECRET), SECRET, algorithms=[]), oo_jwt.InvalidArgument),
        (lambda: oo_jwt.verify_download(None, "https://a/x", SECRET, algorithms=Alg(0)),
         oo_jwt.InvalidArgument),
        (lambda: oo_jwt.verify(oo_jwt.sign({}, SECRET), SECRET, leeway=-1),
         oo_jwt.InvalidArgument),
        (lambda: oo_jwt.sign({"exp": 1}, SECRET, expires_in=5), oo_jwt.InvalidArgument),
        (lambda: oo_jwt.verify(oo_jwt.sign({}, SECRET), SECRET, max_token_length=10),
         oo_jwt.TooLarge),
        (lambda: oo_jwt.sign({"a": "x" * 100}, SECRET, max_json_length=50), oo_jwt.TooLarge),
        (lambda: oo_jwt.verify_request(None, None, SECRET), oo_jwt.MissingToken),
        (lambda: oo_jwt.sign_config({"document": {"key": "k"}}, SECRET), oo_jwt.InvalidConfig),
        (lambda: oo_jwt.verify_download(
            "Bearer " + oo_jwt.sign({"payload": {"url": "https://a/x"}}, SECRET),
            "https://a/y", SECRET), oo_jwt.UrlMismatch),
    ],
)
def test_each_error_class_is_raised_by_the_core(call, cls):
    with pytest.raises(cls) as e:
        call()
    assert type(e.value) is cls
    assert e.value.code == oo_jwt.status_name(e.value.status) == cls.code
    assert e.value.message


def test_nan_payload_is_refused_by_the_core():
    with pytest.raises(oo_jwt.InvalidJson):
        oo_jwt.sign({"a": float("nan")}, SECRET)


def test_integer_options_are_checked_for_type_and_range_only():
    with pytest.raises(TypeError, match="now must be an int"):
        oo_jwt.sign({"a": 1}, SECRET, now=1.5)
    with pytest.raises(TypeError, match="algorithm must be an int"):
        oo_jwt.sign({"a": 1}, SECRET, algorithm="HS256")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        oo_jwt.verify("x.y.z", SECRET, algorithms=["HS256"])  # type: ignore[list-item]
    with pytest.raises(OverflowError, match="now="):
        oo_jwt.sign({"a": 1}, SECRET, now=1 << 63)
    with pytest.raises(OverflowError, match="max_token_len="):
        oo_jwt.verify("x.y.z", SECRET, max_token_length=-1)
    with pytest.raises(OverflowError, match="algorithm="):
        oo_jwt.sign({"a": 1}, SECRET, algorithm=1 << 32)


def test_decode_unverified_never_checks_the_signature():
    t = oo_jwt.sign({"a": 1, "exp": 1}, "some other secret")
    assert oo_jwt.decode_unverified(t) == ({"alg": "HS256", "typ": "JWT"}, {"a": 1, "exp": 1})
    with pytest.raises(oo_jwt.TooLarge):
        oo_jwt.decode_unverified(t, max_token_length=5)


def test_sign_request_body_and_header():
    body = {"c": "info", "key": "Khirz6zTPdfd7"}
    signed = oo_jwt.sign_request(body, SECRET, now=NOW)
    assert isinstance(signed, dict) and signed["c"] == "info" and "token" in signed
    assert oo_jwt.verify(signed["token"], SECRET, now=NOW) == {**body, "iat": NOW, "exp": NOW + 300}
    token = oo_jwt.sign_request(body, SECRET, placement="header", expires_in=600, now=NOW)
    assert isinstance(token, str)
    assert oo_jwt.verify(token, SECRET, now=NOW) == {"payload": body, "iat": NOW, "exp": NOW + 600}
    with pytest.raises(ValueError):
        oo_jwt.sign_request(body, SECRET, placement="query")
    with pytest.raises(oo_jwt.InvalidArgument):
        oo_jwt.sign_request({"token": "x"}, SECRET)


def test_verify_request_body_header_prefix():
    cb = {"key": "Khirz6zTPdfd7", "status": 2, "url": "https://ds/file.docx"}
    token = oo_jwt.sign({"payload": cb}, SECRET)
    want = {"payload": cb, **cb}
    assert oo_jwt.verify_request(None, "Bearer " + token, SECRET) == want
    assert oo_jwt.verify_request({"status": 6}, "Bearer " + token, SECRET) == want
    assert oo_jwt.verify_request(json.dumps({"token": token}), None, SECRET) == want
    assert oo_jwt.verify_request("", "JWT " + token, SECRET, prefix="JWT ") == want
    with pytest.raises(oo_jwt.MissingToken):
        oo_jwt.verify_request(None, "bearer " + token, SECRET)
    with pytest.raises(oo_jwt.BadSignature):
        oo_jwt.verify_request(None, "Bearer " + token, "other")


def test_sign_config():
    cfg = {"document": {"key": "k1", "url": "https://a/d.docx", "fileType": "docx"},
           "documentType": "word", "editorConfig": {"callbackUrl": "https://a/cb"}}
    signed = oo_jwt.sign_config(cfg, SECRET)
    token = signed.pop("token")
    assert signed == cfg
    assert oo_jwt.verify(token, SECRET) == cfg
    with pytest.raises(oo_jwt.InvalidConfig, match="url"):
        oo_jwt.sign_config({**cfg, "url": "x"}, SECRET)


def test_sign_editor_method():
    params = {"c": "add", "images": [{"fileType": "png", "url": "https://a/1.png"},
                                     {"fileType": "png", "url": "https://a/2.png"}]}
    signed = oo_jwt.sign_editor_method("insertImage", params, SECRET)
    token = signed.pop("token")
    assert signed == params
    assert oo_jwt.verify(token, SECRET) == params
    with pytest.raises(oo_jwt.BadSignature):
        oo_jwt.verify(token, "another-secret")
    with pytest.raises(oo_jwt.InvalidConfig, match=r"insertImage: images\[1\]\.url"):
        oo_jwt.sign_editor_method("insertImage", {"images": [{"url": "u"}, {}]}, SECRET)
    with pytest.raises(oo_jwt.InvalidConfig, match="unknown editor method"):
        oo_jwt.sign_editor_method("refreshFile", {"url": "u"}, SECRET)


def test_verify_download():
    url = "https://storage/file.docx?x=1"
    token = oo_jwt.sign({"payload": {"url": url}}, SECRET)
    assert oo_jwt.verify_download("Bearer " + token, url, SECRET) == {"payload": {"url": url}}
    assert oo_jwt.verify_download("T " + token, url, SECRET, prefix="T ") == {"payload": {"url": url}}
    with pytest.raises(oo_jwt.MissingToken):
        oo_jwt.verify_download(None, url, SECRET)


def test_load_config(tmp_path):
    local = tmp_path / "local.json"
    secret_file = tmp_path / "outbox.key"
    secret_file.write_bytes(b"from-file\n")
    local.write_text(json.dumps({"services": {"CoAuthoring": {
        "secret": {"inbox": {"string": "in"}, "outbox": {"string": "", "file": str(secret_file)}},
        "token": {"enable": {"browser": True, "request": {"inbox": True, "outbox": True}},
                  "outbox": {"expires": "30d"}}}}}))
    cfg = oo_jwt.load_config(local)  # a PathLike
    assert cfg["inbox"]["secret"] == "in" and cfg["inbox"]["enabled"] is True
    assert cfg["outbox"]["secret"] == "from-file\n" and cfg["outbox"]["expires_in"] == 30 * 86400
    assert cfg["browser"]["secret"] == "in"
    cfg = oo_jwt.load_config(str(local), env={"JWT_SECRET": "env-secret"})
    assert cfg["inbox"]["secret"] == cfg["outbox"]["secret"] == "env-secret"
    with pytest.raises(oo_jwt.InvalidConfig):  # Docker without JWT_SECRET: a random secret
        oo_jwt.load_config(str(local), env={})
    with pytest.raises(oo_jwt.InvalidConfig):
        oo_jwt.load_config(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("[]")
    with pytest.raises(oo_jwt.InvalidJson):
        oo_jwt.load_config(pathlib.Path(tmp_path / "bad.json"))


def test_verify_request_with_config(tmp_path):
    local = tmp_path / "local.json"
    local.write_text(json.dumps({"services": {"CoAuthoring": {
        "secret": {"outbox": {"string": "out-secret"}},
        "token": {"outbox": {"prefix": "Token "}, "verifyOptions": {"clockTolerance": 5}}}}}))
    settings = oo_jwt.load_config(local)
    body = {"key": "k", "status": 2}
    token = oo_jwt.sign_request(body, "out-secret", placement="header", now=1_700_000_000)
    got = oo_jwt.verify_request_with_config(body, "Token " + token, settings, "outbox",
                                            now=1_700_000_000)
    assert got["status"] == 2
    # The settings' JSON text works too; the tolerance is the settings' 5 s, not the default 60.
    with pytest.raises(oo_jwt.Expired):
        oo_jwt.verify_request_with_config(None, "Token " + token, json.dumps(settings), "outbox",
                                          now=1_700_000_000 + 300 + 5)
    with pytest.raises(oo_jwt.BadSignature):
        oo_jwt.verify_request_with_config(None, "Bearer " + token, settings, "inbox",
                                          now=1_700_000_000)
    with pytest.raises(oo_jwt.InvalidArgument):
        oo_jwt.verify_request_with_config(None, "Token " + token, settings, "sideways")


def test_verify_download_with_config_and_download_token_expected(tmp_path):
    local = tmp_path / "local.json"
    local.write_text(json.dumps({"services": {"CoAuthoring": {
        "secret": {"outbox": {"string": "out-secret"}},
        "token": {"enable": {"request": {"outbox": True}},
                  "outbox": {"prefix": "Token ", "urlExclusionRegex": "/public/"},
                  "verifyOptions": {"clockTolerance": 5}}}}}))
    settings = oo_jwt.load_config(local)
    url = "https://storage.example/files/a.docx"
    token = oo_jwt.sign({"payload": {"url": url}}, "out-secret", expires_in=300, now=1_700_000_000)
    got = oo_jwt.verify_download_with_config("Token " + token, url, settings, now=1_700_000_000)
    assert got["payload"]["url"] == url
    # The settings' JSON text works too; the tolerance is the settings' 5 s, not the default 60.
    with pytest.raises(oo_jwt.Expired):
        oo_jwt.verify_download_with_config("Token " + token, url, json.dumps(settings),
                                           now=1_700_000_000 + 300 + 6)
    proxied = "http://backend:8080/files/a.docx"
    with pytest.raises(oo_jwt.UrlMismatch):
        oo_jwt.verify_download_with_config("Token " + token, proxied, settings, now=1_700_000_000)
    got = oo_jwt.verify_download_with_config("Token " + token, proxied, settings,
                                             now=1_700_000_000, path_and_query_only=True)
    assert got["payload"]["url"] == url
    with pytest.raises(oo_jwt.MissingToken):  # "Bearer " is not the settings' prefix
        oo_jwt.verify_download_with_config("Bearer " + token, url, settings, now=1_700_000_000)
    excluded = "https://storage.example/public/a.docx"
    with pytest.raises(oo_jwt.MissingToken):  # always required by this call
        oo_jwt.verify_download_with_config(None, excluded, settings)
    assert oo_jwt.download_token_expected(url, settings) is True
    assert oo_jwt.download_token_expected(excluded, json.dumps(settings)) is False
    with pytest.raises(oo_jwt.InvalidConfig) as e:
        oo_jwt.download_token_expected(url, {})
    assert e.value.message  # the message of the failing call itself


def test_version_library_and_typing_marker():
    assert oo_jwt.version() == oo_jwt.__version__
    assert os.path.exists(oo_jwt.library_path)
    assert os.path.exists(os.path.join(os.path.dirname(oo_jwt.__file__), "py.typed"))
    assert oo_jwt.status_name(6) == "bad_signature" and oo_jwt.status_name(1000) == "unknown"


def test_every_c_function_has_argtypes_and_restype():
    from ctypes import c_char_p

    fns = dict(_ffi.FUNCTIONS, oo_free=_ffi.oo_free, oo_status_name=_ffi.oo_status_name,
               oo_version=_ffi.oo_version, oo_abi_version=_ffi.oo_abi_version)
    assert len(fns) == 16
    for name, fn in fns.items():
        assert fn.argtypes is not None, name
        assert fn.restype is not c_char_p, name  # returned strings are read as void*
        assert getattr(_ffi, name) is fn, name


def test_the_message_comes_with_the_failing_call():
    # Each failure's message is the one its own call wrote, freed once read; a success in between
    # leaves nothing behind.
    t = oo_jwt.sign({"a": 1}, SECRET)
    messages = set()
    for call in (lambda: oo_jwt.verify(t, "wrong"), lambda: oo_jwt.verify("a.b", SECRET),
                 lambda: oo_jwt.sign("[1]", SECRET)):
        with pytest.raises(oo_jwt.JwtError) as e:
            call()
        assert oo_jwt.verify(t, SECRET) == {"a": 1}
        messages.add(e.value.message)
    assert len(messages) == 3 and all(messages)


def test_dict_serialisation_is_the_json_module_s():
    from oo_jwt import _api

    samples = [{}, {"a": [1, 2.5, -0.0, 1e300, None, True, False, "x\u00e9\u2028\x00\"\\"]},
               {"n": {"m": [{"k": 10 ** 30}]}, 1: "int key", "z": (1, 2)}]
    for d in samples:
        assert _api._encode_fast(d) == json.dumps(d, separators=(",", ":"), ensure_ascii=False)
        assert oo_jwt.sign(d, SECRET) == oo_jwt.sign(json.dumps(d), SECRET)
    # Non-ASCII goes as UTF-8 (the core's one-pass form); a lone surrogate, which has none, escaped.
    assert _api._json({"n": "Иван"}) == '{"n":"Иван"}'.encode("utf-8")
    lone = {"s": "x\ud800y"}
    assert _api._json(lone) == b'{"s":"x\\ud800y"}'
    for text in (lone, json.dumps(lone)):  # the core's call: not a string JSON can carry
        with pytest.raises(oo_jwt.InvalidJson):
            oo_jwt.sign(text, SECRET)
    with pytest.raises(TypeError):
        oo_jwt.sign({"a": object()}, SECRET)
    cyclic: dict = {}
    cyclic["self"] = cyclic
    with pytest.raises(RecursionError):
        oo_jwt.sign(cyclic, SECRET)


LONE = "x\ud800y"  # a str with a lone surrogate: no UTF-8 form


@pytest.mark.parametrize("call", [
    lambda: oo_jwt.sign(LONE, SECRET),
    lambda: oo_jwt.sign({}, LONE),
    lambda: oo_jwt.verify(LONE, SECRET),
    lambda: oo_jwt.verify(oo_jwt.sign({}, SECRET), LONE),
    lambda: oo_jwt.decode_unverified(LONE),
    lambda: oo_jwt.sign_request(LONE, SECRET),
    lambda: oo_jwt.verify_request(None, LONE, SECRET),
    lambda: oo_jwt.verify_request(None, "Bearer a.b.c", SECRET, prefix=LONE),
    lambda: oo_jwt.verify_request(LONE, None, SECRET),
    lambda: oo_jwt.sign_config(LONE, SECRET),
    lambda: oo_jwt.verify_download(LONE, "https://h/x", SECRET),
    lambda: oo_jwt.verify_download(None, LONE, SECRET),
    lambda: oo_jwt.load_config("/nonexistent/\ud800/local.json"),
])
def test_lone_surrogate_in_text_is_invalid_argument(call):
    # The contract's invalid_argument (text that is not UTF-8), never a UnicodeEncodeError, and
    # never a replacement character that would sign or verify with other bytes.
    with pytest.raises(oo_jwt.InvalidArgument) as e:
        call()
    assert e.value.code == "invalid_argument" and e.value.status == 1
    assert "lone surrogate" in e.value.message


def test_docstring_examples_run():
    import doctest

    import oo_jwt._api

    # (_ffi's example names this machine's platform: not run.)
    for module in (oo_jwt, oo_jwt._api):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, module.__name__
    assert doctest.testmod(oo_jwt._api).attempted >= 10


def test_output_slots_go_back_to_the_pool_after_success_and_failure():
    # A failed call leaves its message in the reused error slot; the next call must neither see it
    # nor the previous token, and the pool must not grow in one thread.
    token = oo_jwt.sign({"key": "k1"}, SECRET)
    before = len(_api._slot_pool)  # other tests' threads may have left several sets
    for _ in range(50):
        with pytest.raises(oo_jwt.BadSignature, match="bad_signature"):
            oo_jwt.verify(token, "another-secret-0123456789abcdef")
        with pytest.raises(oo_jwt.InvalidJson):
            oo_jwt.sign("[1]", SECRET)
        assert oo_jwt.verify(token, SECRET) == {"key": "k1"}
        assert oo_jwt.sign({"key": "k1"}, SECRET) == token
        assert oo_jwt.verify_request({"token": token}, None, SECRET)["key"] == "k1"
    assert len(_api._slot_pool) == max(before, 1)


def test_import_loads_neither_the_callback_kit_nor_platform():
    # Cold start: `import oo_jwt` pays for ctypes, json and typing only; the callback kit's names
    # still resolve (on first use), from the package and through `from oo_jwt import *`.
    import subprocess
    import sys

    code = ("import sys, oo_jwt; heavy = sorted(m for m in ('dataclasses', 'logging', 'platform', 'glob', "
            "'oo_jwt._callback') if m in sys.modules); ns = {}; exec('from oo_jwt import *', ns); "
            "print(heavy, ns['handle_callback'] is oo_jwt.handle_callback, 'Callback' in dir(oo_jwt), "
            "oo_jwt.CallbackStatus.READY_FOR_SAVING == 2)")
    here = pathlib.Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], cwd=here, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[]", "True", "True", "True"], out.stdout + out.stderr
    with pytest.raises(AttributeError, match="no_such_name"):
        oo_jwt.no_such_name  # noqa: B018
