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

# The same figures for several blocks measured in turns of CHUNK calls each (ITERATIONS calls per
# block in all), so that the wrapper and the floor's parts see the same moments of a busy machine.
CHUNK = 100
def measure_interleaved(blocks)
  cpu = Array.new(blocks.size, 0)
  wall = Array.new(blocks.size, 0)
  (ITERATIONS / CHUNK).times do
    blocks.each_with_index do |block, k|
      c0 = Process.clock_gettime(Process::CLOCK_THREAD_CPUTIME_ID, :nanosecond)
      w0 = Process.clock_gettime(Process::CLOCK_MONOTONIC, :nanosecond)
      i = 0
      while i < CHUNK
        block.call
        i += 1
      end
      cpu[k] += Process.clock_gettime(Process::CLOCK_THREAD_CPUTIME_ID, :nanosecond) - c0
      wall[k] += Process.clock_gettime(Process::CLOCK_MONOTONIC, :nanosecond) - w0
    end
  end
  n = ITERATIONS / CHUNK * CHUNK
  cpu.zip(wall).map { |c, w| [c.fdiv(n), w.fdiv(n)] }
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

# The FFI floor, measured in the same rounds: the operation called directly through the same
# Fiddle::Function the wrapper uses, on arguments prepared beforehand (the payload's JSON text,
# NULL options as the wrapper passes for defaults, one out/error slot pair), reading the result
# and oo_free; and Ruby's own JSON step (a JSON::State built once generates, JSON.parse parses).
NATIVE = OoJwt::Native
SIGN_FN = NATIVE::FUNCTIONS["oo_sign"]
VERIFY_FN = NATIVE::FUNCTIONS["oo_verify"]
PAYLOAD_TEXT = JSON.generate(PAYLOAD).b.freeze
CLAIMS_TEXT = NATIVE.call { |o, e| VERIFY_FN.call(ours_token, ours_token.bytesize, SECRET, SECRET.bytesize, nil, o, e) }
GENERATOR = JSON::State.new
SLOTS = Fiddle::Pointer.malloc(2 * Fiddle::SIZEOF_VOIDP, Fiddle::RUBY_FREE)
SLOTS[0, 2 * Fiddle::SIZEOF_VOIDP] = NATIVE::TWO_ZERO_POINTERS
OUT_SLOT = SLOTS
ERR_SLOT = SLOTS + Fiddle::SIZEOF_VOIDP

# The direct call's result: read the string out of the slot and release it, as the wrapper must.
def direct(status)
  raise "direct call failed: #{status}" unless status == NATIVE::OK

  ptr = OUT_SLOT.ptr
  text = ptr.to_s
  NATIVE::FREE.call(ptr)
  text
end
raise "direct sign differs" unless direct(SIGN_FN.call(PAYLOAD_TEXT, PAYLOAD_TEXT.bytesize, SECRET, SECRET.bytesize, nil,
                                                       OUT_SLOT, ERR_SLOT)) == ours_token
raise "json step differs" unless GENERATOR.generate(PAYLOAD).b == PAYLOAD_TEXT && JSON.parse(CLAIMS_TEXT) == PAYLOAD

# name => [peer, wrapper, direct FFI call, JSON step]
cases = {
  "sign" => [-> { JWT.encode(PAYLOAD, SECRET, "HS256") }, -> { OoJwt.sign(PAYLOAD, SECRET) },
             -> { direct(SIGN_FN.call(PAYLOAD_TEXT, PAYLOAD_TEXT.bytesize, SECRET, SECRET.bytesize, nil, OUT_SLOT, ERR_SLOT)) },
             -> { GENERATOR.generate(PAYLOAD) }],
  "verify" => [-> { JWT.decode(their_token, SECRET, true, algorithm: "HS256") }, -> { OoJwt.verify(ours_token, SECRET) },
               -> { direct(VERIFY_FN.call(ours_token, ours_token.bytesize, SECRET, SECRET.bytesize, nil, OUT_SLOT, ERR_SLOT)) },
               -> { JSON.parse(CLAIMS_TEXT) }]
}
round_trip = -> { NATIVE::ABI_VERSION.call; NATIVE::FREE.call(nil) }

puts "oo_jwt #{OoJwt::VERSION} (core #{OoJwt.core_version}, #{OoJwt.library_path}) vs ruby-jwt #{JWT::VERSION::STRING}"
puts "#{RUBY_DESCRIPTION}; #{`nproc`.strip} cores; load average #{File.read('/proc/loadavg').split[0, 3].join(' ')}; " \
     "payload #{JSON.generate(PAYLOAD).bytesize} bytes of JSON; #{ROUNDS} alternating rounds x #{ITERATIONS} calls"
ratios = {}
rows = []
floor = {}
round_trips = []
cases.each do |name, (theirs, ours, call, json)|
  2.times { [theirs, ours, call, json, round_trip].each { |f| measure(&f) } } # warm-up
  t = []
  o = []
  c = []
  j = []
  ROUNDS.times do
    t << measure(&theirs)
    ours_m, call_m, json_m, rt_m = measure_interleaved([ours, call, json, round_trip])
    o << ours_m
    c << call_m
    j << json_m
    round_trips << rt_m
  end
  cpu_ratio = median(t.zip(o).map { |a, b| a[0] / b[0] })
  wall_ratio = median(t.zip(o).map { |a, b| a[1] / b[1] })
  ratios[name] = cpu_ratio
  rows << { "op" => name, "ns_per_op" => median(o.map(&:first)), "peer_ns_per_op" => median(t.map(&:first)),
            "ratio" => cpu_ratio }
  floor[name] = { "wrapper_ns" => median(o.map(&:first)), "call_ns" => median(c.map(&:first)),
                  "json_ns" => median(j.map(&:first)) }
  printf("%-7s ruby-jwt %7.0f ns/op   oo_jwt %7.0f ns/op   ratio %.2fx   (wall clock: %.0f vs %.0f ns/op, %.2fx)\n",
         name, median(t.map(&:first)), median(o.map(&:first)), cpu_ratio,
         median(t.map(&:last)), median(o.map(&:last)), wall_ratio)
end
round_trip_ns = median(round_trips.map(&:first))
overhead = floor.to_h do |name, f|
  base = f["call_ns"] + f["json_ns"]
  [name, (f["wrapper_ns"] - base) / base]
end
puts format("floor   Fiddle round trip %.0f ns; %s; goal overhead <= 15%% of the floor: %s", round_trip_ns,
            floor.map do |name, f|
              format("%s %.0f = call %.0f + json %.0f + overhead %.0f ns (%+.1f%%)", name, f["wrapper_ns"], f["call_ns"],
                     f["json_ns"], f["wrapper_ns"] - f["call_ns"] - f["json_ns"], 100 * overhead[name])
            end.join("; "), overhead.values.all? { |x| x <= 0.15 } ? "met" : "NOT met")
goal = 4.0
verdict = ratios.all? { |_, r| r >= goal } ? "met" : "NOT met"
puts format("goal >= %.0fx (CPU time): %s (sign %.2fx, verify %.2fx)", goal, verdict, ratios["sign"], ratios["verify"])
if (json_out = ENV["OO_JWT_BENCH_JSON"]) && !json_out.empty?
  File.write(json_out, JSON.pretty_generate(
    "language" => "Ruby", "peer" => "ruby-jwt #{JWT::VERSION::STRING}", "payload_bytes" => JSON.generate(PAYLOAD).bytesize,
    "measure" => "CPU time, median of #{ROUNDS} alternating rounds x #{ITERATIONS} calls", "runtime" => "Ruby #{RUBY_VERSION}",
    "rows" => rows,
    "floor" => {
      "method" => "CPU time per call, median of the same #{ROUNDS} rounds x #{ITERATIONS} calls as the rows, the " \
                  "wrapper and the floor's parts measured in turns of #{CHUNK} calls within each round: " \
                  "round_trip is oo_abi_version() then oo_free(NULL) through Fiddle::Function; call is oo_sign/oo_verify " \
                  "through the wrapper's own Fiddle::Function on prepared arguments (payload JSON already bytes, NULL " \
                  "options as the wrapper passes for defaults, one slot pair), reading the result and oo_free; json is " \
                  "JSON::State#generate of a State built once (sign) and JSON.parse of the claims text (verify)",
      "round_trip_ns" => round_trip_ns,
      "sign" => floor["sign"], "verify" => floor["verify"]
    }
  ))
end
