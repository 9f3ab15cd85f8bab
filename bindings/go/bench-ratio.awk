# Reads `go test -bench` output (possibly -count N); for each oojwt / golang-jwt pair prints the median
# ns/op and cpu-ns/op of both and the ratios (golang-jwt / oojwt: above 1 means oojwt is faster).
function median(list,    n, a, i, j, t) {
  n = split(list, a, " ")
  for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
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
  }
}
