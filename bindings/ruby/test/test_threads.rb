# frozen_string_literal: true

# Threads: every operation from many Ruby threads at once, each with its own secret and its own
# kind of failure, must give exactly what a sequential run gives (results, error classes and the
# per-thread last error messages), and the core must run without holding the GVL.
require_relative "helper"

class TestThreads < Minitest::Test
  THREADS = 8
  ROUNDS = 150
  NOW = 1_700_000_000

  # One thread's work: a list of results (values or [error class, detail]).
  def work(t)
    secret = "thread-secret-#{t}-" + ("x" * t)
    alg = %w[HS256 HS384 HS512][t % 3]
    Array.new(ROUNDS) do |i|
      payload = { "thread" => t, "i" => i, "s" => "v" * (i % 17) }
      tok = OoJwt.sign(payload, secret, algorithm: alg, expires_in: 60 + i, now: NOW)
      body = OoJwt.sign_request(payload, secret, now: NOW)
      [
        tok,
        OoJwt.verify(tok, secret, now: NOW),
        OoJwt.verify_request(secret, body: body, now: NOW),
        OoJwt.sign_config({ "document" => { "key" => "k#{t}-#{i}", "url" => "u" } }, secret),
        OoJwt.decode_unverified(tok),
        failure(t, i, tok, secret)
      ]
    end
  end

  # A failure of a kind (and message) specific to the thread.
  def failure(t, i, tok, secret)
    case t % 4
    when 0 then OoJwt.verify(tok, "#{secret}-wrong", now: NOW)
    when 1 then OoJwt.verify(tok, secret, now: NOW + 61 + i + t, leeway: t)
    when 2 then OoJwt.verify(tok.sub(".", ".#{'A' * (t + i % 3)}"), secret, now: NOW)
    else OoJwt.sign({ "n" => i }, secret, algorithm: "HS#{t}#{i}x")
    end
    flunk "thread #{t} round #{i}: no error"
  rescue OoJwt::Error => e
    [e.class, e.detail]
  end

  def test_concurrent_equals_sequential
    expected = Array.new(THREADS) { |t| work(t) }
    assert_equal 4, expected.map { |r| r.first.last.first }.uniq.size, "four kinds of failure"
    results = Array.new(THREADS) { |t| Thread.new { work(t) } }.map(&:value)
    THREADS.times { |t| assert_equal expected[t], results[t], "thread #{t}" }
  end

  # While one thread is inside a core call (verifying a ~250 KiB token), another Ruby thread
  # runs: Fiddle releases the GVL around the operations. The same call through a Function that
  # keeps the GVL lets nothing else run, which shows that the check can fail.
  def test_core_calls_release_the_gvl
    %i[SIGN VERIFY DECODE_UNVERIFIED SIGN_REQUEST VERIFY_REQUEST SIGN_CONFIG VERIFY_DOWNLOAD LOAD_CONFIG].each do |f|
      assert_equal false, OoJwt::Native.const_get(f).need_gvl?, f
    end
    big = OoJwt.sign({ "blob" => "z" * 180_000 }, "s")
    n = Fiddle::TYPE_SIZE_T
    p = Fiddle::TYPE_VOIDP
    held = Fiddle::Function.new(OoJwt::Native::HANDLE["oo_verify"], [p, n, p, n, p, p],
                                Fiddle::TYPE_INT32_T, need_gvl: true)
    released = calls_with_ticks(big) { |slot| OoJwt::Native::VERIFY.call(big, big.bytesize, "s", 1, nil, slot) }
    kept = calls_with_ticks(big) { |slot| held.call(big, big.bytesize, "s", 1, nil, slot) }
    # With the GVL kept, the ticker can still run right after a call returns (a time slice that
    # ended during the call is honoured before `ticks` is read again): a few such calls at most.
    assert_operator released, :>=, kept + 3,
                    "calls during which another thread ran: #{released}/#{CALLS} with the GVL released, " \
                    "#{kept}/#{CALLS} with it kept"
  end

  # Of CALLS calls, how many saw the ticker thread advance while they ran. (On a loaded machine
  # the ticker's native thread may wait for a CPU, hence many calls and a relative bar.)
  CALLS = 40
  def calls_with_ticks(_token)
    ticks = 0
    stop = false
    ticker = Thread.new do
      until stop
        ticks += 1
        Thread.pass
      end
    end
    sleep 0.01
    CALLS.times.count do
      slot = OoJwt::Native.out_slot
      before = ticks
      assert_equal 0, yield(slot)
      after = ticks
      OoJwt::Native.take(slot)
      after != before
    end
  ensure
    stop = true
    ticker&.join
  end
end
