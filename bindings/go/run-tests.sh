#!/usr/bin/env bash
# The Go suite, run by `make test`: the static build, the shared build (-tags oojwt_shared), the race
# detector (16 goroutines in TestConcurrent), a short fuzzing smoke of FuzzVerify, and the xsign hook.
# Each stage's log is in build/; failures are shown; the last line sums every stage:
# "N passed, N failed" (each stage's TestMain prints its own such line).
set -uo pipefail
cd "$(dirname "$0")"
GO=${GO:-go}
FUZZTIME=${FUZZTIME:-10s}
mkdir -p build
passed=0 failed=0 status=0

stage() { # stage NAME CMD...
  local name=$1; shift
  local log=build/test-$name.log
  echo "== go: $name"
  "$@" >"$log" 2>&1
  local rc=$?
  grep -E '^\s*--- FAIL|^FAIL|^panic:|DATA RACE|^\s+\S+_test\.go:[0-9]+:' "$log" | head -n 60
  local line
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  if [[ -n $line ]]; then
    echo "$name: $line"
    passed=$((passed + $(awk '{print $1}' <<<"$line")))
    failed=$((failed + $(awk '{print $3}' <<<"$line")))
  fi
  local last
  last=$(tail -n 1 "$log")
  [[ -n $last && $last != "$line" ]] && echo "$last"
  [[ $rc -eq 0 && -z $last ]] && echo "$name: ok"
  if [[ $rc -ne 0 ]]; then
    status=1
    [[ -z $line || $(awk '{print $3}' <<<"$line") == 0 ]] && failed=$((failed + 1))
    echo "($name: exit status $rc; full output in $log)"
  fi
}

xsign_check() {
  local tok claims err
  tok=$(./xsign sign 'xsign-secret' '{"key":"Khirz6zTPdfd7","status":4}') || return 1
  [[ $tok == eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.* ]] || { echo "FAIL xsign sign: $tok"; return 1; }
  claims=$(./xsign verify 'xsign-secret' "$tok") || return 1
  [[ $claims == '{"key":"Khirz6zTPdfd7","status":4}' ]] || { echo "FAIL xsign verify: $claims"; return 1; }
  err=$(./xsign verify 'other' "$tok" 2>&1 >/dev/null) && { echo "FAIL xsign verify with a wrong secret succeeded"; return 1; }
  [[ $err == 'error: bad_signature' ]] || { echo "FAIL xsign error: $err"; return 1; }
  echo "3 passed, 0 failed"
}

stage vet    "$GO" vet . ./cmd/...
stage static "$GO" test -count=1
stage shared "$GO" test -count=1 -tags oojwt_shared
stage race   "$GO" test -count=1 -race
stage fuzz   "$GO" test -count=1 -run '^$' -fuzz '^FuzzVerify$' -fuzztime "$FUZZTIME"
stage xsign  xsign_check
echo "$passed passed, $failed failed"
exit $status
