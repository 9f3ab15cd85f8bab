"""The exception table, constants, options struct and declared functions against include/oo_jwt.h."""

from __future__ import annotations

import os
import re

import oo_jwt
from oo_jwt import _ffi

HEADER = os.path.join(
    os.environ.get("OO_JWT_INCLUDE")
    or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "include"),
    "oo_jwt.h",
)


def _header() -> str:
    with open(HEADER, encoding="utf-8") as f:
        return f.read()


def _defines():
    return {m[0]: int(m[1]) for m in re.findall(r"^#define (OO_\w+) (\d+)\s*$", _header(), re.M)}


def _statuses():
    return {n: v for n, v in _defines().items()
            if not n.startswith(("OO_OPT_", "OO_PLACEMENT_", "OO_DIRECTION_"))}


def test_header_has_the_status_constants():
    st = _statuses()
    assert st["OO_OK"] == 0 and len(st) >= 14, st


def test_every_header_status_has_its_exception_class():
    for const, value in _statuses().items():
        name = const[len("OO_"):].lower()
        assert oo_jwt.status_name(value) == name, const  # the core agrees with its header
        if value == 0:
            assert value not in oo_jwt.ERRORS_BY_STATUS
            continue
        cls = oo_jwt.ERRORS_BY_STATUS[value]
        assert (cls.code, cls.status) == (name, value), const
        assert cls.__name__ == "".join(p.capitalize() for p in name.split("_")), cls
        assert issubclass(cls, oo_jwt.JwtError) and getattr(oo_jwt, cls.__name__) is cls


def test_no_exception_class_without_a_header_status():
    values = set(_statuses().values())
    assert set(oo_jwt.ERRORS_BY_STATUS) <= values
    assert len(oo_jwt.ERRORS_BY_STATUS) == len(values) - 1  # all but OO_OK


def test_option_and_placement_constants():
    d = _defines()
    for name in ("OO_OPT_NOW", "OO_OPT_LEEWAY", "OO_OPT_EXPIRES_IN", "OO_PLACEMENT_BODY",
                 "OO_PLACEMENT_HEADER", "OO_OK"):
        assert getattr(_ffi, name) == d[name], name


def test_options_struct_fields_match_the_header():
    body = re.search(r"typedef struct OoOptions \{(.*?)\} OoOptions;", _header(), re.S).group(1)
    fields = re.findall(r"^\s*(?:const )?(\w+) \*?(\w+);", body, re.M)
    assert [f for _, f in fields] == [f for f, _ in _ffi.OoOptions._fields_]
    sizes = {"uint32_t": 4, "int64_t": 8, "uint64_t": 8, "size_t": 8, "uint8_t": 8}
    import ctypes
    for (ctype, name), (fname, ftype) in zip(fields, _ffi.OoOptions._fields_):
        assert ctypes.sizeof(ftype) == sizes[ctype], name


def test_every_header_function_is_declared_with_its_arity():
    protos = re.findall(r"^(?:const )?[\w ]+?\**\s*(oo_\w+)\(([^)]*)\);", _header(), re.M)
    assert len(protos) >= 13
    for name, params in protos:
        fn = getattr(_ffi, name)  # fails if one is missing
        arity = 0 if params.strip() in ("", "void") else params.count(",") + 1
        assert len(fn.argtypes) == arity, name
