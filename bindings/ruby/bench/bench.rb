# frozen_string_literal: true

# `make bench`: OoJwt against ruby-jwt (Debian's ruby-jwt, the `jwt` gem) in one run, on a
# ~300-byte ONLYOFFICE callback payload: sign (Hash in, token out) and verify (token in, Hash out),
# HS256, both libraries at their defaults for those calls.
#
# The machine is shared, so the two libraries are measured in alternating rounds, each figure is
# the median over the rounds and each ratio the median of the per-round ratios.
# BENCH_ROUNDS / BENCH_ITERATIONS set the rounds and the calls per round; OO_JWT_BENCH_JSON=<file>
# also writes the sign/verify figures there as JSON (for benches/report.py).
require_relative "../test/setup"
require "oo_jwt"
require "jwt"

SECRET = "bench-outbox-secret-0123456789abcdef"
PAYLOAD = {
  "key" => "Khirz6zTPdfd7-1700000000",
  "status" => 2,
  "url" => "https://documentserver/cache/files/data/Khirz6zTPdfd7_1234/output.docx?md5=ab12&expires=1700003600",
  "changesurl" => "https://documentserver/cache/files/data/Khirz6zTPdfd7_1234/changes.zip",
  "users" => ["6d5a81d0"],
  "actions" => [{ "type" => 0, "userid" => "6d5a81d0" }],
  "notmodified" => false
}.freeze

ROUNDS = Integer(ENV.fetch("BENCH_ROUNDS", 15))
ITERATIONS = Integer(ENV.fetch("BENCH_ITERATIONS", 4_000))

# [CPU ns, wall ns] per call of the block over ITERATIONS calls. CPU time (this thread's) is the
# main figure: on a shared machine wall time also counts the waits for a core.
def measure
  c0 = Process.clock_gettime(Process::CLOCK_THREAD_CPUTIME_ID, :nanosecond)
  w0 = Process.clock_gettime(Process::CLOCK_MONOTONIC, :nanosecond)
  i = 0
  while i < ITERATIONS
    yield
    i += 1
  end
  [(Process.clock_gettime(Process::CLOCK_THREAD_CPUTIME_ID, :nanosecond) - c0).fdiv(ITERATIONS),
   (Process.clock_gettime(Process::CLOCK_MONOTONIC, :nanosecond) - w0).fdiv(ITERATIONS)]
end

def median(values)
  s = values.sort
  s.size.odd? ? s[s.size / 2] : (s[s.size / 2 - 1] + s[s.size / 2]) / 2.0
end

ours_token = OoJwt.sign(PAYLOAD, SECRET)
their_token = JWT.encode(PAYLOAD, SECRET, "HS256")
# Same work on both sides: the same claims come back, and each verifies the other's token.
raise "verify mismatch" unless OoJwt.verify(their_token, SECRET) == PAYLOAD
raise "verify mismatch" unless JWT.decode(ours_token, SECRET, true, algorithm: "HS256").first == PAYLOAD

cases = {
  "sign" => [-> { JWT.encode(PAYLOAD, SECRET, "HS256") }, -> { OoJwt.sign(PAYLOAD, SECRET) }],
  "verify" => [-> { JWT.decode(their_token, SECRET, true, algorithm: "HS256") }, -> { OoJwt.verify(ours_token, SECRET) }]
}

puts "oo_jwt #{OoJwt::VERSION} (core #{OoJwt.core_version}, #{OoJwt.library_path}) vs ruby-jwt #{JWT::VERSION::STRING}"
puts "#{RUBY_DESCRIPTION}; #{`nproc`.strip} cores; load average #{File.read('/proc/loadavg').split[0, 3].join(' ')}; " \
     "payload #{JSON.generate(PAYLOAD).bytesize} bytes of JSON; #{ROUNDS} alternating rounds x #{ITERATIONS} calls"
ratios = {}
rows = []
cases.each do |name, (theirs, ours)|
  2.times { measure(&theirs); measure(&ours) } # warm-up
  t = []
  o = []
  ROUNDS.times do
    t << measure(&theirs)
    o << measure(&ours)
  end
  cpu_ratio = median(t.zip(o).map { |a, b| a[0] / b[0] })
  wall_ratio = median(t.zip(o).map { |a, b| a[1] / b[1] })
  ratios[name] = cpu_ratio
  rows << { "op" => name, "ns_per_op" => median(o.map(&:first)), "peer_ns_per_op" => median(t.map(&:first)),
            "ratio" => cpu_ratio }
  printf("%-7s ruby-jwt %7.0f ns/op   oo_jwt %7.0f ns/op   ratio %.2fx   (wall clock: %.0f vs %.0f ns/op, %.2fx)\n",
         name, median(t.map(&:first)), median(o.map(&:first)), cpu_ratio,
         median(t.map(&:last)), median(o.map(&:last)), wall_ratio)
end
goal = 4.0
verdict = ratios.all? { |_, r| r >= goal } ? "met" : "NOT met"
puts format("goal >= %.0fx (CPU time): %s (sign %.2fx, verify %.2fx)", goal, verdict, ratios["sign"], ratios["verify"])
if (json_out = ENV["OO_JWT_BENCH_JSON"]) && !json_out.empty?
  File.write(json_out, JSON.pretty_generate(
    "language" => "Ruby", "peer" => "ruby-jwt #{JWT::VERSION::STRING}", "payload_bytes" => JSON.generate(PAYLOAD).bytesize,
    "measure" => "CPU time, median of #{ROUNDS} alternating rounds x #{ITERATIONS} calls", "runtime" => "Ruby #{RUBY_VERSION}",
    "rows" => rows
  ))
end
