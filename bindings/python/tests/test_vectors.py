"""One test per case id of every tests/vectors/*.json file."""

from __future__ import annotations

import collections
import copy

import pytest

import vector_runner

CASES = vector_runner.load_cases()


def test_vector_files_present():
    assert vector_runner.vector_files(), "no vector files in %s" % vector_runner.VECTORS_DIR
    assert len(CASES) > 0


def test_every_manifest_case_is_collected():
    with open(vector_runner.os.path.join(vector_runner.VECTORS_DIR, "manifest.json"), encoding="utf-8") as f:
        manifest = vector_runner.json.load(f)["files"]
    assert len(CASES) == sum(e["cases"] for e in manifest.values())


def test_case_ids_unique():
    dup = [i for i, n in collections.Counter(c["id"] for _, c in CASES).items() if n > 1]
    assert not dup, "duplicate case ids: %s" % dup


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[c["id"] for _, c in CASES])
def test_vector(case):
    vector_runner.check(case)


def _first(predicate):
    for _, case in CASES:
        if predicate(case):
            return copy.deepcopy(case)
    pytest.fail("no vector case matches")


def test_runner_detects_a_wrong_token():
    case = _first(lambda c: c["op"] == "sign" and "token" in c["expect"])
    case["expect"]["token"] = case["expect"]["token"][:-1] + (
        "A" if case["expect"]["token"][-1] != "A" else "B")
    with pytest.raises(AssertionError, match=case["id"]):
        vector_runner.check(case)


def test_runner_detects_a_wrong_error_name():
    case = _first(lambda c: c["op"] == "verify" and c["expect"].get("error") == "bad_signature")
    case["expect"]["error"] = "expired"
    with pytest.raises(AssertionError, match=case["id"]):
        vector_runner.check(case)


def test_runner_detects_wrong_claims_and_bool_vs_number():
    case = _first(lambda c: c["op"] == "verify" and "claims" in c["expect"])
    case["expect"]["claims"]["__extra"] = 1
    with pytest.raises(AssertionError, match=case["id"]):
        vector_runner.check(case)
    assert not vector_runner.same_json({"a": True}, {"a": 1})
    assert vector_runner.same_json({"a": 1}, {"a": 1.0})


def test_runner_rejects_an_unknown_op():
    case = _first(lambda c: c["op"] == "verify")
    case["op"] = "frobnicate"
    with pytest.raises(AssertionError, match="unknown op"):
        vector_runner.check(case)
