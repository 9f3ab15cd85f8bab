# Reads `go test -bench` output (possibly -count N); for each oojwt / golang-jwt pair prints the median
# ns/op and cpu-ns/op of both and the ratios (golang-jwt / oojwt: above 1 means oojwt is faster).
# With -v json=FILE it also writes the CPU figures there as JSON (for benches/report.py): `raw` is the
# sign/verify row, `map` and `struct` the others; the payload size comes from the benchmark's log line
# (the Makefile runs go test -v so that it is printed).
function median(list,    n, a, i, j, t) {
  n = split(list, a, " ")
  for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
/payload: [0-9]+ bytes/ { for (i = 1; i < NF; i++) if ($i == "payload:") payload = $(i + 1) }
/^goos|^goarch|^cpu:|^pkg/ { next }
/^Benchmark/ {
  name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
  ns = ""; cpu = ""
  for (i = 2; i < NF; i++) { if ($(i + 1) == "ns/op") ns = $i; if ($(i + 1) == "cpu-ns/op") cpu = $i }
  if (ns == "") next
  n = split(name, part, "/")
  if (part[1] == "Floor") { floorcpu[part[2]] = floorcpu[part[2]] " " cpu; next }
  if (part[n] == "oojwt") ocpu[name] = ocpu[name] " " cpu
  key = part[1]; for (i = 2; i < n; i++) key = key "/" part[i]
  side = (part[n] == "oojwt") ? "o" : "p"
  wall[key, side] = wall[key, side] " " ns; cpus[key, side] = cpus[key, side] " " cpu
  if (!(key in seen)) { seen[key] = 1; order[++count] = key }
}
END {
  printf "%-14s %12s %12s %7s   %14s %14s %7s\n", "benchmark", "oojwt ns/op", "golang-jwt", "ratio", "oojwt cpu-ns", "golang-jwt cpu", "ratio"
  for (i = 1; i <= count; i++) {
    k = order[i]
    if (wall[k, "o"] == "" || wall[k, "p"] == "") continue
    o = median(wall[k, "o"]); p = median(wall[k, "p"]); co = median(cpus[k, "o"]); cp = median(cpus[k, "p"])
    printf "%-14s %12.0f %12.0f %6.2fx   %14.0f %14.0f %6.2fx\n", k, o, p, p / o, co, cp, (co > 0 ? cp / co : 0)
    if (json != "") {
      split(k, kp, "/"); op = tolower(kp[1]); if (kp[2] != "raw") op = op " (" kp[2] ")"
      rows = rows (rows == "" ? "" : ",\n") sprintf("  {\"op\": \"%s\", \"ns_per_op\": %.1f, \"peer_ns_per_op\": %.1f, \"ratio\": %.4f, \"wall_ns_per_op\": %.1f, \"peer_wall_ns_per_op\": %.1f}", op, co, cp, cp / co, o, p)
    }
  }
  # The FFI floor (BenchmarkFloor) against the map rows, whose wrapper does the JSON step itself (the raw
  # rows, without one, are given beside them).
  if (floorcpu["round_trip"] != "") {
    rt = median(floorcpu["round_trip"])
    sc = median(floorcpu["sign_call"]); sj = median(floorcpu["sign_json"]); sw = median(ocpu["Sign/map/oojwt"]); sr = median(ocpu["Sign/raw/oojwt"])
    vc = median(floorcpu["verify_call"]); vj = median(floorcpu["verify_json"]); vw = median(ocpu["Verify/map/oojwt"]); vr = median(ocpu["Verify/raw/oojwt"])
    printf "floor (cpu-ns): cgo round trip %.0f; sign: wrapper %.0f, floor %.0f (oo_sign %.0f + json.Marshal %.0f), overhead %+.1f%% (raw: wrapper %.0f, overhead %+.1f%%); verify: wrapper %.0f, floor %.0f (oo_verify %.0f + json.Unmarshal %.0f), overhead %+.1f%% (raw: wrapper %.0f, overhead %+.1f%%)\n", \
      rt, sw, sc + sj, sc, sj, 100 * (sw - sc - sj) / (sc + sj), sr, 100 * (sr - sc) / sc, vw, vc + vj, vc, vj, 100 * (vw - vc - vj) / (vc + vj), vr, 100 * (vr - vc) / vc
    floorjson = sprintf(",\n \"floor\": {\"method\": \"CPU time per op (getrusage), median of the same go test -bench runs as the rows: round_trip_ns is C.oo_abi_version() then C.oo_free(nil) through cgo; call_ns is C.oo_sign / C.oo_verify called directly (internal/floor) on the payload JSON bytes or token bytes prepared once, no options, the result read with C.GoString and freed with oo_free; json_ns is encoding/json's step of the map rows (json.Marshal of the payload map; json.Unmarshal of the claims into a map); wrapper_ns is Sign of that map and Verify followed by that Unmarshal (the map rows); raw gives the raw rows, which need no JSON step, against call_ns alone\",\n  \"round_trip_ns\": %.1f,\n  \"sign\": {\"wrapper_ns\": %.1f, \"call_ns\": %.1f, \"json_ns\": %.1f},\n  \"verify\": {\"wrapper_ns\": %.1f, \"call_ns\": %.1f, \"json_ns\": %.1f},\n  \"raw\": {\"sign\": {\"wrapper_ns\": %.1f, \"call_ns\": %.1f, \"json_ns\": 0}, \"verify\": {\"wrapper_ns\": %.1f, \"call_ns\": %.1f, \"json_ns\": 0}}}", \
      rt, sw, sc, sj, vw, vc, vj, sr, sc, vr, vc)
  }
  if (json != "") {
    printf "{\"language\": \"Go\", \"peer\": \"golang-jwt v5\", \"payload_bytes\": %d, \"measure\": \"CPU time, median of go test -bench runs\",\n \"rows\": [\n%s\n]%s}\n", payload, rows, floorjson > json
  }
}
