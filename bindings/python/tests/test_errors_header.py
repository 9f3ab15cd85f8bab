"""The wrapper against include/oo_jwt.h, parsed here: every OO_* constant and enum member, the
exception table, the OoOptions layout and every function's parameter list. Nothing in oo_jwt/_ffi.py
or oo_jwt/_errors.py is hand-copied without this check."""

from __future__ import annotations

import ctypes
import os
import re

import oo_jwt
from oo_jwt import Alg, _ffi

HEADER = os.path.join(
    os.environ.get("OO_JWT_INCLUDE")
    or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "include"),
    "oo_jwt.h",
)


def _header() -> str:
    with open(HEADER, encoding="utf-8") as f:
        # Comments out: their text may mention names and numbers.
        return re.sub(r"/\*.*?\*/|//[^\n]*", "", f.read(), flags=re.S)


def _enums():
    """{enum name: {member: value}} of every C enum in the header."""
    out = {}
    for name, body in re.findall(r"enum\s+(\w+)\b[^{;]*\{(.*?)\}", _header(), re.S):
        out[name] = {m: int(v, 0) for m, v in re.findall(r"(OO_\w+)\s*=\s*(-?\w+)", body)}
    return out


def _constants():
    """Every OO_* constant: #defines with a number, and enum members."""
    found = {m[0]: int(m[1], 0) for m in re.findall(r"^\s*#define (OO_\w+) \(?(-?\w+)\)?\s*$", _header(), re.M)
             if re.fullmatch(r"-?(0x[0-9a-fA-F]+|\d+)", m[1])}
    for members in _enums().values():
        found.update(members)
    return found


def _statuses():
    enums = _enums()
    if "OoStatus" in enums:
        return enums["OoStatus"]
    # Statuses as #defines: every constant outside the other families.
    return {n: v for n, v in _constants().items()
            if not n.startswith(("OO_OPT_", "OO_PLACEMENT_", "OO_DIRECTION_", "OO_HS", "OO_ABI_"))}


def test_header_has_the_status_constants():
    st = _statuses()
    assert st["OO_OK"] == 0 and st["OO_INTERNAL"] == 255 and len(st) == 14, st


def test_every_header_status_has_its_exception_class():
    for const, value in _statuses().items():
        name = const[len("OO_"):].lower()
        assert oo_jwt.status_name(value) == name, const  # the core agrees with its header
        if value == 0:
            assert value not in oo_jwt.ERRORS_BY_STATUS and _ffi.OO_OK == 0
            continue
        cls = oo_jwt.ERRORS_BY_STATUS[value]
        assert (cls.code, cls.status) == (name, value), const
        assert cls.__name__ == "".join(p.capitalize() for p in name.split("_")), cls
        assert issubclass(cls, oo_jwt.JwtError) and getattr(oo_jwt, cls.__name__) is cls


def test_no_exception_class_without_a_header_status():
    values = set(_statuses().values())
    assert set(oo_jwt.ERRORS_BY_STATUS) <= values
    assert len(oo_jwt.ERRORS_BY_STATUS) == len(values) - 1  # all but OO_OK


def test_every_other_constant_is_the_wrapper_s_and_no_more():
    others = {n: v for n, v in _constants().items() if n not in _statuses() or n == "OO_OK"}
    for family in ("OO_OPT_", "OO_PLACEMENT_", "OO_DIRECTION_", "OO_HS", "OO_ABI_"):
        assert any(n.startswith(family) for n in others), family
    for name, value in others.items():
        assert getattr(_ffi, name) == value, name
    mine = {n for n in dir(_ffi) if n.startswith("OO_")}
    assert mine == set(others), mine ^ set(others)


def test_alg_is_the_header_s_enum():
    algs = _enums().get("OoAlg") or {n: v for n, v in _constants().items() if n.startswith("OO_HS")}
    assert {"OO_" + a.name: a.value for a in Alg} == algs
    assert oo_jwt.Alg is Alg


def test_options_struct_fields_match_the_header():
    body = re.search(r"typedef struct OoOptions \{(.*?)\} OoOptions;", _header(), re.S).group(1)
    fields = re.findall(r"^\s*(\w+) (\w+);", body, re.M)
    codes = {"uint32_t": "I", "int64_t": "q", "uint64_t": "Q"}
    assert [(name, codes[ctype]) for ctype, name in fields] == list(_ffi.OPTIONS_FIELDS)
    # The C layout of those fields (ctypes applies the platform's alignment rules) has no padding:
    # its size is the packed size the wrapper sends.
    ctypes_of = {"uint32_t": ctypes.c_uint32, "int64_t": ctypes.c_int64, "uint64_t": ctypes.c_uint64}

    class Layout(ctypes.Structure):
        _fields_ = [(name, ctypes_of[ctype]) for ctype, name in fields]

    assert ctypes.sizeof(Layout) == _ffi.OPTIONS.size == 56


def _param_code(params):
    """A header parameter list in the SIGNATURES alphabet (see oo_jwt/_ffi.py)."""
    params = [" ".join(p.split()) for p in params.split(",")] if params.strip() not in ("", "void") else []
    code, i = "", 0
    while i < len(params):
        p = params[i]
        if p.startswith("const uint8_t *") and i + 1 < len(params) and params[i + 1].startswith("size_t "):
            code, i = code + "b", i + 2
            continue
        for prefix, c in (("const struct OoOptions *", "o"), ("uint32_t ", "u"), ("char **", "s"),
                          ("uint8_t *", "p"), ("int32_t ", "i"), ("char *", "f")):
            if p.startswith(prefix):
                code += c
                break
        else:
            raise AssertionError("parameter type not known to this test: %r" % p)
        i += 1
    return code


def test_every_header_function_is_bound_with_its_parameters():
    protos = dict(re.findall(r"^[\w ]+?\**\s*(oo_\w+)\(([^)]*)\);", _header(), re.M | re.S))
    assert len(protos) == 16, sorted(protos)
    others = {"oo_free": "f", "oo_status_name": "i", "oo_version": "", "oo_abi_version": ""}
    assert set(protos) == set(_ffi.SIGNATURES) | set(others)
    for name, params in protos.items():
        code = _param_code(params)
        assert code == _ffi.SIGNATURES.get(name, others.get(name)), (name, code)
        fn = getattr(_ffi, name)
        assert len(fn.argtypes) == len(code) + code.count("b"), name
    assert set(_ffi.FUNCTIONS) == set(_ffi.SIGNATURES)


def test_the_library_is_the_header_s_abi():
    assert _ffi.oo_abi_version() == (_ffi.OO_ABI_MAJOR << 16) | _ffi.OO_ABI_MINOR
