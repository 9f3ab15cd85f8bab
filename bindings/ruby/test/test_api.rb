# frozen_string_literal: true

# The wrapper's own promises: the error table, the OoOptions layout, bytes in and out, type
# conversions, memory, and each operation's Ruby shape.
require_relative "helper"
require "open3"
require "pathname"
require "tmpdir"

# The header, parsed: its OO_* constants (#defines and enum members), enums and prototypes.
module Header
  def self.text
    File.read(File.join(TestPaths.include_dir, "oo_jwt.h")).gsub(%r{/\*.*?\*/|//[^\n]*}m, "")
  end

  # {enum name => {member => value}}
  def self.enums
    text.scan(/enum\s+(\w+)\b[^{;]*\{(.*?)\}/m).to_h do |name, body|
      [name, body.scan(/(OO_\w+)\s*=\s*(-?\w+)/).to_h { |m, v| [m, Integer(v)] }]
    end
  end

  def self.constants
    defines = text.scan(/^\s*#define (OO_\w+) \(?(-?(?:0x\h+|\d+))\)?\s*$/).to_h { |n, v| [n, Integer(v)] }
    enums.values.reduce(defines) { |all, members| all.merge(members) }
  end

  FAMILIES = %w[OO_OPT_ OO_PLACEMENT_ OO_DIRECTION_ OO_HS OO_ABI_].freeze

  def self.statuses
    enums.fetch("OoStatus") { constants.reject { |n, _| n.start_with?(*FAMILIES) } }
  end

  # {function name => its parameter list in Native::SIGNATURES' letters}
  def self.prototypes
    text.scan(/^[\w ]+?\**\s*(oo_\w+)\(([^)]*)\);/m).to_h do |name, params|
      list = params.strip.empty? || params.strip == "void" ? [] : params.split(",").map { |p| p.split.join(" ") }
      code = +""
      until list.empty?
        p = list.shift
        if p.start_with?("const uint8_t *") && list.first&.start_with?("size_t ")
          list.shift
          code << "b"
          next
        end
        letter = { "const struct OoOptions *" => "o", "uint32_t " => "u", "char **" => "s", "uint8_t *" => "p",
                   "int32_t " => "i", "char *" => "f" }.find { |prefix, _| p.start_with?(prefix) }
        raise "parameter type not known to this test: #{p}" unless letter

        code << letter.last
      end
      [name, code]
    end
  end
end

class TestHeader < Minitest::Test
  def test_one_class_per_header_status
    statuses = Header.statuses
    assert_equal 14, statuses.size
    assert_equal 0, statuses.fetch("OO_OK")
    assert_equal OoJwt::Native::OK, statuses.fetch("OO_OK")
    assert_equal statuses.reject { |n, _| n == "OO_OK" }.transform_keys { |n| n.delete_prefix("OO_").downcase.to_sym },
                 OoJwt::ERROR_CLASSES.to_h { |status, k| [k::CODE, status] }
  end

  def test_class_names_follow_the_contract_names
    OoJwt::ERROR_CLASSES.each do |status, klass|
      assert_operator klass, :<, OoJwt::Error
      assert_equal klass::CODE.to_s.split("_").map(&:capitalize).join, klass.name.split("::").last
      assert_equal klass::CODE, OoJwt.status_name(status), "oo_status_name(#{status})"
    end
    assert_equal :ok, OoJwt.status_name(0)
    assert_equal :unknown, OoJwt.status_name(13)
  end

  # Every other constant of the header is Native's (or Alg's) under its name without OO_, and
  # Native has no constant the header lacks.
  def test_every_other_constant_is_the_wrapper_s
    others = Header.constants.reject { |n, _| Header.statuses.key?(n) }
    Header::FAMILIES.each { |f| assert others.keys.any? { |n| n.start_with?(f) }, f }
    others.each do |name, value|
      short = name.delete_prefix("OO_")
      holder = name.start_with?("OO_HS") ? OoJwt::Alg : OoJwt::Native
      assert_equal value, holder.const_get(short), name
    end
    mine = OoJwt::Native.constants.grep(/\A(OPT|PLACEMENT|DIRECTION|ABI)_/)
                        .select { |c| OoJwt::Native.const_get(c).is_a?(Integer) }.map { |c| "OO_#{c}" } +
           OoJwt::Alg.constants.map { |c| "OO_#{c}" }
    assert_equal others.keys.sort, mine.sort
    assert_equal Header.enums.fetch("OoAlg", others.select { |n, _| n.start_with?("OO_HS") }),
                 OoJwt::Alg.constants.to_h { |c| ["OO_#{c}", OoJwt::Alg.const_get(c)] }
  end

  def test_every_header_function_is_bound_with_its_parameters
    protos = Header.prototypes
    others = { "oo_free" => "f", "oo_status_name" => "i", "oo_version" => "", "oo_abi_version" => "" }
    assert_equal 16, protos.size, protos.keys.sort.inspect
    assert_equal (OoJwt::Native::SIGNATURES.keys + others.keys).sort, protos.keys.sort
    protos.each do |name, code|
      assert_equal OoJwt::Native::SIGNATURES.fetch(name) { others.fetch(name) }, code, name
    end
    assert_equal OoJwt::Native::SIGNATURES.keys, OoJwt::Native::FUNCTIONS.keys
    p_ = Fiddle::TYPE_VOIDP
    types = { "b" => [p_, Fiddle::TYPE_SIZE_T], "o" => [p_], "u" => [-Fiddle::TYPE_INT32_T], "s" => [p_], "p" => [p_] }
    OoJwt::Native::FUNCTIONS.each do |name, fn|
      assert_equal protos[name].chars.flat_map { |c| types.fetch(c) }, fn.instance_variable_get(:@argument_types), name
      assert_equal Fiddle::TYPE_INT32_T, fn.instance_variable_get(:@return_type), name
    end
    assert_equal (OoJwt::Native::ABI_MAJOR << 16) | OoJwt::Native::ABI_MINOR, OoJwt::Native::ABI_VERSION.call
  end
end

class TestErrors < Minitest::Test
  def test_error_carries_code_status_and_core_message
    OoJwt.verify("a.b", "secret")
    flunk "no error"
  rescue OoJwt::Malformed => e
    assert_equal :malformed, e.code
    assert_equal 4, e.status
    refute_empty e.detail
    assert_equal "malformed: #{e.detail}", e.message
    assert_kind_of StandardError, e
  end

  def test_every_error_rescued_as_oo_jwt_error
    assert_raises(OoJwt::Error) { OoJwt.sign({}, "") }
    assert_raises(OoJwt::EmptySecret) { OoJwt.sign({}, "") }
    assert_raises(OoJwt::BadSignature) { OoJwt.verify(OoJwt.sign({}, "a"), "b") }
    assert_raises(OoJwt::UnsupportedAlg) { OoJwt.sign({}, "a", algorithm: OoJwt::Alg::HS256 | OoJwt::Alg::HS512) }
    assert_raises(OoJwt::MissingToken) { OoJwt.verify_request(nil, nil, "a") }
    assert_raises(OoJwt::InvalidJson) { OoJwt.sign("[1]", "a") }
  end

  def test_unknown_status_keeps_the_core_name
    err = OoJwt::Native.error(200, "detail")
    assert_instance_of OoJwt::Error, err
    assert_equal :unknown, err.code
    assert_equal 200, err.status
    assert_equal "detail", err.detail
  end

  # Each failure carries the message its own call wrote (out_error), whatever succeeded in between.
  def test_the_message_comes_with_the_failing_call
    tok = OoJwt.sign({ "a" => 1 }, "s")
    details = [-> { OoJwt.verify(tok, "wrong") }, -> { OoJwt.verify("a.b", "s") }, -> { OoJwt.sign("[1]", "s") }]
              .map do |call|
      e = assert_raises(OoJwt::Error) { call.call }
      assert_equal({ "a" => 1 }, OoJwt.verify(tok, "s"))
      e.detail
    end
    assert_equal 3, details.uniq.size
    details.each { |d| refute_empty d }
  end
end

class TestOptionsLayout < Minitest::Test
  FIELDS = OoJwt::Native::OPTIONS_FIELDS.map(&:first)

  # sizeof and every offsetof of OoOptions as the C compiler lays them out from the header.
  def c_layout
    Dir.mktmpdir("oo-jwt-rb-layout") do |dir|
      src = File.join(dir, "layout.c")
      prints = FIELDS.map { |f| %(printf("#{f} %zu\\n", offsetof(OoOptions, #{f}));) }.join("\n")
      File.write(src, <<~C)
        #include <stddef.h>
        #include <stdio.h>
        #include "oo_jwt.h"
        int main(void) {
          printf("sizeof %zu\\n", sizeof(OoOptions));
          #{prints}
          return 0;
        }
      C
      exe = File.join(dir, "layout")
      out, status = Open3.capture2e("gcc", "-std=c11", "-I#{TestPaths.include_dir}", src, "-o", exe)
      assert status.success?, "gcc failed: #{out}"
      out, status = Open3.capture2e(exe)
      assert status.success?
      out.lines.to_h { |l| k, v = l.split; [k.to_sym, Integer(v)] }
    end
  end

  def test_offsets_and_size_match_the_c_compiler
    c = c_layout
    assert_equal c.delete(:sizeof), OoJwt::Native::OPTIONS_SIZE
    assert_equal c, OoJwt::Native::OPTIONS_OFFSETS
  end

  def test_header_field_order_is_the_one_packed
    body = File.read(File.join(TestPaths.include_dir, "oo_jwt.h"))[/typedef struct OoOptions \{(.*?)\} OoOptions;/m, 1]
    names = body.lines.reject { |l| l.strip.start_with?("//") }.filter_map { |l| l[/(\w+);\s*$/, 1] }
    assert_equal FIELDS, names.map(&:to_sym)
  end

  def test_packed_fields_are_read_by_the_core
    tok = OoJwt.sign({ "a" => 1 }, "s", algorithm: OoJwt::Alg::HS512, expires_in: 10, now: 1_000)
    header, claims = OoJwt.decode_unverified(tok)
    assert_equal "HS512", header["alg"]
    assert_equal({ "a" => 1, "iat" => 1_000, "exp" => 1_010 }, claims)
    assert_equal claims, OoJwt.verify(tok, "s", now: 1_069, leeway: 60)
    assert_raises(OoJwt::Expired) { OoJwt.verify(tok, "s", now: 1_070, leeway: 60) }
    assert_equal claims, OoJwt.verify(tok, "s", now: 1_070, leeway: 61)
    assert_raises(OoJwt::UnsupportedAlg) { OoJwt.verify(tok, "s", algorithms: [OoJwt::Alg::HS256, OoJwt::Alg::HS384]) }
    assert_equal claims, OoJwt.verify(tok, "s", now: 1_000, algorithms: OoJwt::Alg::HS256 | OoJwt::Alg::HS512)
    assert_equal claims, OoJwt.verify(tok, "s", now: 1_000, algorithms: [OoJwt::Alg::HS512])
    assert_raises(OoJwt::TooLarge) { OoJwt.verify(tok, "s", now: 1_000, max_token_length: tok.bytesize - 1) }
    assert_equal claims, OoJwt.verify(tok, "s", now: 1_000, max_token_length: tok.bytesize)
    assert_raises(OoJwt::TooLarge) { OoJwt.sign('{"a":1}', "s", max_json_length: 6) }
    assert_raises(OoJwt::TooLarge) { OoJwt.decode_unverified(tok, max_token_length: 10) }
  end

  # Nothing given: no struct (NULL, every default); something given: its flag and its field only,
  # the others 0 (the core's default), never a default restated here.
  def test_options_left_out_reach_the_core_as_not_given
    assert_nil OoJwt::Native.options
    fields = ->(packed) { OoJwt::Native::OPTIONS_FIELDS.map(&:first).zip(packed.unpack(OoJwt::Native::OPTIONS_FORMAT)).to_h }
    assert_equal({ struct_size: 56, flags: OoJwt::Native::OPT_NOW, algorithm: 0, algorithms: 0, now: 7, leeway: 0,
                   expires_in: 0, max_token_len: 0, max_json_len: 0 }, fields.call(OoJwt::Native.options(now: 7)))
    f = fields.call(OoJwt::Native.options(algorithm: 2, algorithms: [1, 4], leeway: 0, expires_in: 5,
                                          max_token_len: 7, max_json_len: 9, url_path_query: true))
    assert_equal OoJwt::Native::OPT_LEEWAY | OoJwt::Native::OPT_EXPIRES_IN | OoJwt::Native::OPT_URL_PATH_QUERY, f[:flags]
    assert_equal [2, 5, 0, 5, 7, 9, 0], f.values_at(:algorithm, :algorithms, :leeway, :expires_in, :max_token_len,
                                                   :max_json_len, :now)
  end

  # The core's defaults (algorithm, allow-list, leeway, sign_request's expiry) seen through results.
  def test_core_defaults_apply_when_options_are_left_out
    tok = OoJwt.sign({ "exp" => 1_000 }, "s")
    assert_equal "HS256", OoJwt.decode_unverified(tok).first["alg"]
    assert_equal({ "exp" => 1_000 }, OoJwt.verify(tok, "s", now: 1_030))
    assert_raises(OoJwt::Expired) { OoJwt.verify(tok, "s", now: 1_030, leeway: 0) }
    OoJwt::Alg.constants.each do |c|
      assert_equal({}, OoJwt.verify(OoJwt.sign({}, "s", algorithm: OoJwt::Alg.const_get(c)), "s"), c)
    end
    claims = OoJwt.decode_unverified(OoJwt.sign_request({ "c" => "info" }, "s", placement: :header, now: 1_000)).last
    assert_operator claims["exp"], :>, 1_000
  end

  def test_out_of_range_values_are_judged_by_the_core
    assert_raises(OoJwt::InvalidArgument) { OoJwt.verify(OoJwt.sign({}, "s"), "s", leeway: -1) }
    assert_raises(OoJwt::InvalidArgument) { OoJwt.sign({}, "s", expires_in: -5) }
    assert_raises(OoJwt::InvalidArgument) { OoJwt.verify(OoJwt.sign({}, "s"), "s", algorithms: []) }
    assert_raises(OoJwt::InvalidArgument) { OoJwt.verify(OoJwt.sign({}, "s"), "s", algorithms: [OoJwt::Alg::HS256, 8]) }
    assert_raises(OoJwt::UnsupportedAlg) { OoJwt.sign({}, "s", algorithm: 8) }
    assert_raises(OoJwt::InvalidArgument) { OoJwt.sign_request({}, "s", placement: 7) }
  end

  # The inputs and the packed options reach the core as pointers into Ruby Strings while the GVL is
  # released: with the GC running at every allocation (GC.stress, in a small child process so that it
  # stays fast), the Strings must still be alive and in place during the call.
  def test_strings_passed_survive_gc_stress
    script = <<~RUBY
      require "oo_jwt"
      tok = OoJwt.sign('{"k":"v"}', "s", algorithm: OoJwt::Alg::HS384)
      GC.stress = true
      raise "verify" unless OoJwt.verify(+"" << tok, +"s", algorithms: [OoJwt::Alg::HS384], now: 5) == { "k" => "v" }
      raise "sign" unless OoJwt.sign(+'{"k":' << '"v"}', "s", algorithm: OoJwt::Alg::HS384, now: 1) == tok
      raise "verify_request" unless OoJwt.verify_request(nil, +"Bearer " << tok, "s",
                                                         algorithms: OoJwt::Alg::HS384, leeway: 1) == { "k" => "v" }
      GC.stress = false
      print "ok"
    RUBY
    out, status = Open3.capture2e(RbConfig.ruby, *TestPaths.load_path_args, "-e", script)
    assert status.success?, out
    assert_equal "ok", out
  end
end

class TestBytes < Minitest::Test
  def test_secret_with_nul_is_not_truncated
    tok = OoJwt.sign({ "a" => 1 }, "ab\0cd")
    assert_equal({ "a" => 1 }, OoJwt.verify(tok, "ab\0cd"))
    assert_raises(OoJwt::BadSignature) { OoJwt.verify(tok, "ab") }
  end

  def test_binary_secret
    secret = "\xff\xfe\x00\x80".b
    tok = OoJwt.sign({ "a" => 1 }, secret)
    assert_equal({ "a" => 1 }, OoJwt.verify(tok, secret.dup))
    assert_raises(OoJwt::BadSignature) { OoJwt.verify(tok, "\xff\xfe".b) }
  end

  def test_non_utf8_encodings_are_transcoded
    secret = "sécret"
    tok = OoJwt.sign({ "a" => "é" }, secret)
    assert_equal({ "a" => "é" }, OoJwt.verify(tok, secret.encode("UTF-16LE")))
    assert_equal({ "a" => "é" }, OoJwt.verify(tok, secret.encode("ISO-8859-1")))
    assert_equal tok, OoJwt.sign('{"a":"é"}'.encode("UTF-16BE"), secret)
  end

  def test_token_with_nul_is_malformed_not_truncated
    tok = OoJwt.sign({}, "s")
    assert_raises(OoJwt::Malformed) { OoJwt.verify("#{tok}\0garbage", "s") }
  end

  def test_invalid_utf8_text_reaches_the_core
    assert_raises(OoJwt::Error) { OoJwt.sign("{\"a\":\"\xff\"}".b, "s") }
  end

  # A String's bytes go to the core as they are, so text that is not UTF-8 gets the contract's
  # error there; a String that cannot be transcoded to UTF-8 (a lone UTF-16 surrogate) is
  # invalid_argument, and a Hash holding such a String invalid_json: never an EncodingError or a
  # JSON::GeneratorError, never a replacement character that would sign other text.
  def test_strings_without_a_utf8_form_are_contract_errors
    tok = OoJwt.sign({}, "s")
    lone = "\x00\xd8".dup.force_encoding(Encoding::UTF_16LE)
    bad = "\xff".dup.force_encoding(Encoding::UTF_8)
    sjis = "\x82".dup.force_encoding(Encoding::Shift_JIS) # a lead byte without its trail byte
    {
      -> { OoJwt.verify(tok, lone) } => OoJwt::InvalidArgument,
      -> { OoJwt.sign({}, sjis) } => OoJwt::InvalidArgument,
      -> { OoJwt.sign(lone, "s") } => OoJwt::InvalidArgument,
      -> { OoJwt.decode_unverified(lone) } => OoJwt::InvalidArgument,
      -> { OoJwt.verify_download(nil, lone, "s") } => OoJwt::InvalidArgument,
      -> { OoJwt.load_config("/tmp/#{bad}/local.json") } => OoJwt::InvalidArgument,
      -> { OoJwt.sign({ "a" => lone }, "s") } => OoJwt::InvalidJson,
      -> { OoJwt.sign({ "a" => bad }, "s") } => OoJwt::InvalidJson,
      -> { OoJwt.sign_config({ "document" => { "key" => bad } }, "s") } => OoJwt::InvalidJson,
      -> { OoJwt.sign("{\"a\":\"#{bad}\"}", "s") } => OoJwt::InvalidJson,
      -> { OoJwt.verify("#{bad}#{tok}", "s") } => OoJwt::Malformed
    }.each_with_index do |(call, klass), i|
      e = assert_raises(OoJwt::Error, "case #{i}") { call.call }
      assert_instance_of klass, e, "case #{i}: #{e.message}"
    end
    # A UTF-8 String with invalid bytes as the secret is those bytes, not U+FFFD.
    assert_raises(OoJwt::BadSignature) { OoJwt.verify(OoJwt.sign({}, "\xff".b), "\u{fffd}") }
    assert_equal({}, OoJwt.verify(OoJwt.sign({}, "\xff".b), bad))
  end

  def test_results_are_utf8_strings
    tok = OoJwt.sign({ "名" => "値" }, "s")
    assert_equal Encoding::UTF_8, tok.encoding
    assert_equal({ "名" => "値" }, OoJwt.verify(tok, "s"))
    cfg = OoJwt.sign_config({ "document" => { "key" => "k", "url" => "u" }, "t" => "é" }, "s")
    assert_equal Encoding::UTF_8, cfg.encoding
    assert cfg.valid_encoding?
  end

  def test_hash_and_text_payloads_give_the_same_token
    assert_equal OoJwt.sign('{"c":"info","key":"k"}', "s"), OoJwt.sign({ "c" => "info", "key" => "k" }, "s")
    assert_equal OoJwt.sign('{"c":"info"}', "s"), OoJwt.sign({ c: "info" }, "s")
  end

  def test_output_slots_untouched_on_failure_and_error_slot_on_success
    slot = OoJwt::Native.out_slot
    err = OoJwt::Native.out_slot
    status = OoJwt::Native::FUNCTIONS["oo_verify"].call("x.y.z", 5, "s", 1, nil, slot, err)
    assert_equal 4, status
    assert slot.ptr.null?
    refute_empty OoJwt::Native.take(err)
    assert_equal 0, OoJwt::Native::FUNCTIONS["oo_sign"].call("{}", 2, "s", 1, nil, slot, err)
    assert err.ptr.null?, "out_error is NULL after a success"
    assert_equal OoJwt.sign({}, "s"), OoJwt::Native.take(slot)
  end

  def test_nesting_deeper_than_ruby_json_default
    deep = "#{'{"a":' * 120}1#{'}' * 120}"
    tok = OoJwt.sign(deep, "s")
    claims = OoJwt.verify(tok, "s")
    depth = 0
    depth += 1 while (claims = claims["a"]).is_a?(Hash)
    assert_equal 119, depth
  end

  # Every returned string is copied then released. Measured as the C heap's bytes in use (glibc's
  # mallinfo2, through a tiny C probe: Fiddle cannot return a struct) after forced full collections,
  # so neither the allocator's high-water mark (RSS) nor other processes move it. Ruby's object pages
  # are mmapped, outside this count; what Ruby still moves in it (its page headers, tables) is noise
  # of either sign, which its collector releases a few pages at a time: assert_no_leak's three
  # phases and generous bound make the test independent of when that happens.
  def test_returned_strings_are_freed
    payload = JSON.generate("data" => "x" * 1000)
    tok = OoJwt.sign(payload, "s")
    rounds = 20_000
    leak = rounds * (tok.bytesize + 1 + 2 * (payload.bytesize + 1))
    assert_no_leak(leak, "#{rounds * 4} calls") do
      rounds.times do
        OoJwt.sign(payload, "s")
        OoJwt.verify(tok, "s")
        OoJwt.decode_unverified(tok)
        begin
          OoJwt.verify(tok, "wrong")
        rescue OoJwt::BadSignature
          nil
        end
      end
    end
  end

  # Each failure's message is allocated by the core for that call (out_error) and freed once read:
  # the same phases, every call failing. The messages are short, hence the many calls: a leak of
  # them must stand far above the noise.
  def test_error_messages_are_freed
    tok = OoJwt.sign({ "a" => 1 }, "s")
    calls = [-> { OoJwt.verify(tok, "wrong") }, -> { OoJwt.verify("a.b", "s") }, -> { OoJwt.sign("[1]", "s") }]
    rounds = 90_000
    leak = 0
    rounds.times do |i|
      calls[i % 3].call
    rescue OoJwt::Error => e
      leak += e.detail.bytesize + 1
    end
    assert_operator leak, :>=, rounds * 10
    assert_no_leak(leak, "#{rounds} failures") do
      rounds.times do |i|
        calls[i % 3].call
      rescue OoJwt::Error
        nil
      end
    end
  end

  # The probe itself can fail: 4000 unfreed 1 KiB blocks (4 MB) must show as at least half that
  # growth, the least the bound of assert_no_leak relies on seeing of a leak. Three trials, the best
  # one counts: one reading off (see c_heap) does not fail it.
  def test_the_heap_probe_sees_a_leak
    growth = Array.new(3) do
      before = c_heap
      held = Array.new(4000) { Fiddle::Pointer.malloc(1024) }
      begin
        c_heap - before
      ensure
        held.each(&:call_free)
      end
    end
    assert_operator growth.max, :>=, 4000 * 1024 / 2, "C heap growth per trial: #{growth.join(', ')} B"
  end

  # A leak of +leak+ bytes per run of the block grows the C heap by at least that much in every
  # phase; without one each phase grows by noise only (Ruby's page headers and tables, which its
  # collector releases a few at a time). After a warm-up run,
  # three measured phases: the median growth must stay under a quarter of +leak+. One reading off
  # moves the two phases it bounds in opposite directions and leaves the median alone, either way:
  # failing without a leak, or missing one, would take two readings off by that much.
  def assert_no_leak(leak, what)
    yield # warm-up: caches, interned strings and lazily loaded code
    readings = [c_heap]
    3.times do
      yield
      readings << c_heap
    end
    growth = readings.each_cons(2).map { |a, b| b - a }
    report = "C heap growth per phase of #{what}: #{growth.join(', ')} B; a leak adds >= #{leak} B " \
             "(Ruby heap pages: #{GC.stat(:heap_allocated_pages)})"
    assert_operator growth.sort[1], :<, leak / 4, report
  end

  # Two full collections: Ruby releases the heap pages one collection emptied only at a later one.
  # Before them, the probe zeroes 256 KiB of the machine stack below this frame, where the
  # collector's own frames will be: Ruby scans that stack conservatively, and a stale pointer left
  # there by earlier calls would keep their garbage alive for this reading.
  def c_heap
    probe = self.class.heap_probe
    probe[:clear_stack].call
    2.times { GC.start(full_mark: true, immediate_sweep: true) }
    probe[:heap_in_use].call
  end

  # size_t heap_in_use(void): the C heap's bytes in use (arenas and mmapped blocks);
  # void clear_stack(void).
  def self.heap_probe
    @heap_probe ||= Dir.mktmpdir("oo-jwt-rb-heap") do |dir|
      src = File.join(dir, "probe.c")
      File.write(src, <<~C)
        #include <malloc.h>
        #include <string.h>
        size_t heap_in_use(void) { struct mallinfo2 m = mallinfo2(); return m.uordblks + m.hblkhd; }
        void clear_stack(void) {
          volatile char area[256 * 1024];
          memset((char *)area, 0, sizeof area);
          __asm__ volatile("" : : "r"(area) : "memory"); /* keeps the store */
        }
      C
      so = File.join(dir, "probe.so")
      out, status = Open3.capture2e("gcc", "-shared", "-fPIC", "-O1", src, "-o", so)
      raise "gcc failed: #{out}" unless status.success?

      @heap_probe_handle = Fiddle.dlopen(so) # kept: a collected Handle would unload the probe
      { heap_in_use: Fiddle::Function.new(@heap_probe_handle["heap_in_use"], [], Fiddle::TYPE_SIZE_T),
        clear_stack: Fiddle::Function.new(@heap_probe_handle["clear_stack"], [], Fiddle::TYPE_VOID) }
    end
  end
end

class TestConversions < Minitest::Test
  def test_wrong_types_raise_ruby_errors
    assert_raises(TypeError) { OoJwt.verify(123, "s") }
    assert_raises(TypeError) { OoJwt.sign({}, 42) }
    assert_raises(TypeError) { OoJwt.verify("a.b.c", "s", leeway: "60") }
    assert_raises(TypeError) { OoJwt.sign({}, "s", now: 1.5) }
    assert_raises(ArgumentError) { OoJwt.sign_request({}, "s", placement: :cookie) }
    assert_raises(RangeError) { OoJwt.sign({}, "s", now: 2**63) }
    assert_raises(RangeError) { OoJwt.verify("a.b.c", "s", max_token_length: -1) }
  end

  def test_nil_secret_is_empty
    assert_raises(OoJwt::EmptySecret) { OoJwt.sign({}, nil) }
  end

  def test_symbol_inputs_and_algorithm_bits
    assert_raises(TypeError) { OoJwt.sign({}, "s", algorithm: "HS384") }
    assert_raises(TypeError) { OoJwt.verify("a.b.c", "s", algorithms: "HS384") }
    assert_raises(TypeError) { OoJwt.verify("a.b.c", "s", algorithms: [:HS384]) }
    assert_raises(RangeError) { OoJwt.sign({}, "s", algorithm: 2**32) }
    assert_equal OoJwt.sign_request({ "k" => 1 }, "s", placement: "header", now: 5),
                 OoJwt.sign_request({ "k" => 1 }, "s", placement: :header, now: 5)
  end

  def test_non_object_json_is_the_core_s_invalid_json
    assert_raises(OoJwt::InvalidJson) { OoJwt.sign([1, 2], "s") }
    assert_raises(OoJwt::InvalidJson) { OoJwt.sign(nil, "s") }
    assert_raises(OoJwt::InvalidJson) { OoJwt.sign_config("not json", "s") }
  end
end

class TestOperations < Minitest::Test
  SECRET = "oo-jwt-ruby-test-secret"

  def test_sign_request_body_and_header
    body = OoJwt.sign_request({ "c" => "info", "key" => "k" }, SECRET, now: 1_000)
    parsed = JSON.parse(body)
    assert_equal %w[c key token], parsed.keys
    assert_equal({ "c" => "info", "key" => "k", "iat" => 1_000, "exp" => 1_300 },
                 OoJwt.verify(parsed["token"], SECRET, now: 1_000))
    assert_equal({ "c" => "info", "key" => "k", "iat" => 1_000, "exp" => 1_300 },
                 OoJwt.verify_request(body, nil, SECRET, now: 1_000))

    tok = OoJwt.sign_request({ "key" => "k", "status" => 4 }, SECRET, placement: :header, expires_in: 60, now: 1_000)
    assert_equal({ "payload" => { "key" => "k", "status" => 4 }, "iat" => 1_000, "exp" => 1_060 },
                 OoJwt.verify(tok, SECRET, now: 1_000))
    params = OoJwt.verify_request(nil, "Bearer #{tok}", SECRET, now: 1_000)
    assert_equal 4, params["status"]
    assert_raises(OoJwt::MissingToken) { OoJwt.verify_request(nil, "bearer #{tok}", SECRET, now: 1_000) }
    assert_equal params, OoJwt.verify_request(nil, "JWT #{tok}", SECRET, prefix: "JWT ", now: 1_000)
    assert_equal params, OoJwt.verify_request("", "Bearer #{tok}", SECRET, now: 1_000)
  end

  def test_body_token_wins_without_fallback
    good = OoJwt.sign_request({ "a" => 1 }, SECRET, placement: :header)
    assert_raises(OoJwt::Malformed) do
      OoJwt.verify_request({ "token" => "bad" }, "Bearer #{good}", SECRET)
    end
  end

  def test_sign_editor_method
    params = { "fileType" => "docx", "url" => "https://s/b.docx" }
    signed = JSON.parse(OoJwt.sign_editor_method("setRevisedFile", params, SECRET))
    token = signed.delete("token")
    assert_equal params, signed
    assert_equal params, OoJwt.verify(token, SECRET)
    assert_raises(OoJwt::BadSignature) { OoJwt.verify(token, "another-secret") }
    err = assert_raises(OoJwt::InvalidConfig) do
      OoJwt.sign_editor_method("insertImage", { "c" => "add", "images" => [{ "fileType" => "png" }] }, SECRET)
    end
    assert_match(/insertImage: images\[0\]\.url/, err.detail)
    assert_raises(OoJwt::InvalidConfig) { OoJwt.sign_editor_method("refreshFile", {}, SECRET) }
  end

  def test_sign_config_and_verify_download
    cfg = { "document" => { "key" => "k", "url" => "https://s/f.docx" }, "editorConfig" => { "mode" => "edit" } }
    signed = JSON.parse(OoJwt.sign_config(cfg, SECRET))
    assert_equal cfg, OoJwt.verify(signed.delete("token"), SECRET)
    assert_equal cfg, signed
    err = assert_raises(OoJwt::InvalidConfig) { OoJwt.sign_config({ "document" => { "key" => "k" } }, SECRET) }
    assert_match(/document\.url/, err.detail)

    tok = OoJwt.sign({ "payload" => { "url" => "https://s/f.docx" } }, SECRET)
    assert_equal({ "payload" => { "url" => "https://s/f.docx" } },
                 OoJwt.verify_download("Bearer #{tok}", "https://s/f.docx", SECRET))
    assert_raises(OoJwt::UrlMismatch) { OoJwt.verify_download("Bearer #{tok}", "https://s/g.docx", SECRET) }
    assert_raises(OoJwt::MissingToken) { OoJwt.verify_download(nil, "https://s/f.docx", SECRET) }
  end

  def test_load_config_reads_files_and_the_given_env_only
    Dir.mktmpdir("oo-jwt-rb-cfg") do |dir|
      local = File.join(dir, "local.json")
      File.write(local, JSON.generate("services" => { "CoAuthoring" => { "token" => { "enable" => { "browser" => true } },
                                                                         "secret" => { "inbox" => { "string" => "in" } } } }))
      ENV["JWT_SECRET"] = "from-the-process-environment"
      cfg = OoJwt.load_config(local)
      assert_equal "in", cfg["inbox"]["secret"]
      assert_equal true, cfg["browser"]["enabled"]
      cfg = OoJwt.load_config(Pathname(local), env: { "JWT_SECRET" => "from-env-arg" })
      assert_equal "from-env-arg", cfg["outbox"]["secret"]
      assert_equal "from-env-arg", OoJwt.load_config(local, env: '{"JWT_SECRET":"from-env-arg"}')["inbox"]["secret"]
      assert_raises(OoJwt::InvalidConfig) { OoJwt.load_config(File.join(dir, "missing.json")) }
    ensure
      ENV.delete("JWT_SECRET")
    end
  end

  def test_verify_request_with_config_uses_the_settings
    Dir.mktmpdir("oo-jwt-rb-cfg") do |dir|
      local = File.join(dir, "local.json")
      File.write(local, JSON.generate("services" => { "CoAuthoring" => {
                                        "secret" => { "outbox" => { "string" => "out-secret" } },
                                        "token" => { "outbox" => { "prefix" => "Token " },
                                                     "verifyOptions" => { "clockTolerance" => 5 } } } }))
      settings = OoJwt.load_config(local)
      now = 1_700_000_000
      tok = OoJwt.sign_request({ "key" => "k", "status" => 2 }, "out-secret", placement: :header, now: now)
      assert_equal 2, OoJwt.verify_request_with_config(nil, "Token #{tok}", settings, "outbox", now: now)["status"]
      # The settings' 5 s tolerance applies (not the default 60), also from the JSON text.
      assert_raises(OoJwt::Expired) do
        OoJwt.verify_request_with_config(nil, "Token #{tok}", JSON.generate(settings), "outbox", now: now + 305)
      end
      assert_raises(OoJwt::BadSignature) do
        OoJwt.verify_request_with_config(nil, "Bearer #{tok}", settings, :inbox, now: now)
      end
      assert_raises(OoJwt::InvalidArgument) { OoJwt.verify_request_with_config(nil, "Token #{tok}", settings, "sideways") }
    end
  end

  def test_verify_download_with_config_and_download_token_expected
    Dir.mktmpdir("oo-jwt-rb-dl") do |dir|
      local = File.join(dir, "local.json")
      File.write(local, JSON.generate("services" => { "CoAuthoring" => {
                                        "secret" => { "outbox" => { "string" => "out-secret" } },
                                        "token" => { "enable" => { "request" => { "outbox" => true } },
                                                     "outbox" => { "prefix" => "Token ", "urlExclusionRegex" => "/public/" },
                                                     "verifyOptions" => { "clockTolerance" => 5 } } } }))
      settings = OoJwt.load_config(local)
      now = 1_700_000_000
      url = "https://storage.example/files/a.docx"
      tok = OoJwt.sign({ "payload" => { "url" => url } }, "out-secret", now: now, expires_in: 300)
      assert_equal url, OoJwt.verify_download_with_config("Token #{tok}", url, settings, now: now)["payload"]["url"]
      # The settings' 5 s tolerance applies (not the default 60), also from the JSON text.
      assert_raises(OoJwt::Expired) do
        OoJwt.verify_download_with_config("Token #{tok}", url, JSON.generate(settings), now: now + 306)
      end
      proxied = "http://backend:8080/files/a.docx"
      assert_raises(OoJwt::UrlMismatch) { OoJwt.verify_download_with_config("Token #{tok}", proxied, settings, now: now) }
      got = OoJwt.verify_download_with_config("Token #{tok}", proxied, settings, now: now, path_and_query_only: true)
      assert_equal url, got["payload"]["url"]
      assert_raises(OoJwt::MissingToken) { OoJwt.verify_download_with_config("Bearer #{tok}", url, settings, now: now) }
      excluded = "https://storage.example/public/a.docx"
      assert_raises(OoJwt::MissingToken) { OoJwt.verify_download_with_config(nil, excluded, settings) }
      assert_equal true, OoJwt.download_token_expected?(url, settings)
      assert_equal false, OoJwt.download_token_expected?(excluded, JSON.generate(settings))
      err = assert_raises(OoJwt::InvalidConfig) { OoJwt.download_token_expected?(url, {}) }
      refute_empty err.detail
    end
  end

  def test_decode_unverified_never_checks
    tok = OoJwt.sign({ "exp" => 1 }, "whatever")
    assert_equal [{ "alg" => "HS256", "typ" => "JWT" }, { "exp" => 1 }], OoJwt.decode_unverified(tok)
  end

  def test_library_and_versions
    assert_equal ENV["OO_JWT_LIB"], OoJwt.library_path if ENV["OO_JWT_LIB"] && !ENV["OO_JWT_LIB"].empty?
    assert_match(/\A\d+\.\d+\.\d+/, OoJwt.core_version)
    assert_equal OoJwt::VERSION, OoJwt.core_version
  end
end

class TestReadme < Minitest::Test
  README = File.join(TestPaths::BINDING, "README.md")

  # Every Ruby block of the README compiles (the integration ones need a framework to run: the
  # config.ru one is run by test_callback.rb).
  def test_readme_blocks_compile
    blocks = File.read(README).scan(/^```ruby\n(.*?)^```$/m).map(&:first)
    assert_operator blocks.size, :>=, 5
    blocks.each { |code| RubyVM::InstructionSequence.compile(code) }
  end

  # The first section's program (which `make test-dist` also runs against the installed gem) prints
  # what the README says.
  def test_readme_first_program
    first = File.read(README).scan(/^```ruby\n(.*?)^```$/m).map(&:first).first
    out, status = Open3.capture2e(RbConfig.ruby, *TestPaths.load_path_args, "-e", first)
    assert status.success?, out
    assert_equal "verified: key=report-v1 status=2 (oo-jwt #{OoJwt::VERSION})\nanother secret: bad_signature\n", out
  end

  # The README's Use example runs as it stands, followed by checks of what it computed.
  def test_readme_example
    use = File.read(README)[/^## Use\n(.*?)^## /m, 1]
    blocks = use.scan(/^```ruby\n(.*?)^```$/m).map(&:first)
    assert_equal 1, blocks.size
    checks = <<~RUBY
      raise "config" unless OoJwt.verify(JSON.parse(config_json).delete("token"), secret)["documentType"] == "word"
      raise "params" unless params == { "payload" => { "key" => "Khirz6zTPdfd7", "status" => 2 } }
                                        .merge(params.slice("iat", "exp")).merge("key" => "Khirz6zTPdfd7", "status" => 2)
      raise "body" unless OoJwt.verify(JSON.parse(body)["token"], secret)["c"] == "info"
      raise "claims" unless claims["sub"] == "user-1" && claims["exp"] - claims["iat"] == 300
      raise "rescue" unless e.is_a?(OoJwt::BadSignature)
      raise "signed" unless OoJwt.verify(JSON.parse(signed)["token"], secret)["images"][0]["url"].end_with?("logo.png")
      print "ok"
    RUBY
    out, status = Open3.capture2e(RbConfig.ruby, *TestPaths.load_path_args, "-e", blocks.last + checks)
    assert status.success?, out
    assert_equal "ok", out
  end
end
