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
  if (json != "") {
    printf "{\"language\": \"Go\", \"peer\": \"golang-jwt v5\", \"payload_bytes\": %d, \"measure\": \"CPU time, median of go test -bench runs\",\n \"rows\": [\n%s\n]}\n", payload, rows > json
  }
}
