# frozen_string_literal: true

# Threads: every operation from many Ruby threads at once, each with its own secret and its own
# kind of failure, must give exactly what a sequential run gives (results, error classes and the
# message each failing call returns), and the core must run without holding the GVL.
require_relative "helper"
require "io/nonblock"

class TestThreads < Minitest::Test
  THREADS = 8
  ROUNDS = 150
  NOW = 1_700_000_000

  # One thread's work: a list of results (values or [error class, detail]).
  def work(t)
    secret = "thread-secret-#{t}-" + ("x" * t)
    alg = [OoJwt::Alg::HS256, OoJwt::Alg::HS384, OoJwt::Alg::HS512][t % 3]
    Array.new(ROUNDS) do |i|
      payload = { "thread" => t, "i" => i, "s" => "v" * (i % 17) }
      tok = OoJwt.sign(payload, secret, algorithm: alg, expires_in: 60 + i, now: NOW)
      body = OoJwt.sign_request(payload, secret, now: NOW)
      [
        tok,
        OoJwt.verify(tok, secret, now: NOW),
        OoJwt.verify_request(body, nil, secret, now: NOW),
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
    else OoJwt.sign({ "n" => i }, secret, algorithm: OoJwt::Alg::HS256 | (OoJwt::Alg::HS384 << (i % 2)))
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

  # The core runs without the GVL: every operation's Function is built by Native.function with
  # need_gvl false, and such a Function does release the GVL, shown by a handshake rather than by
  # timing: another thread calls read(2) on an empty pipe through a Function built the same way;
  # once that thread is blocked inside the call (Thread#status "sleep"), this thread runs Ruby code
  # and writes the byte the call returns. Were the GVL kept, this thread could not run until a
  # child process's backstop byte arrived ("C" instead of "R"); the backstop only bounds a failure.
  def test_core_calls_release_the_gvl
    assert_equal 12, OoJwt::Native::FUNCTIONS.size
    OoJwt::Native::FUNCTIONS.each { |name, f| assert_equal false, f.need_gvl?, name }
    read = OoJwt::Native.send(:function, "read", [Fiddle::TYPE_INT, Fiddle::TYPE_VOIDP, Fiddle::TYPE_SIZE_T],
                                              Fiddle::TYPE_SSIZE_T)
    assert_equal false, read.need_gvl?
    r, w = IO.pipe
    r.nonblock = false # read(2) must wait for the byte
    backstop = Process.spawn("sh", "-c", "sleep 60; printf C", out: w, pgroup: true)
    buf = Fiddle::Pointer.malloc(1, Fiddle::RUBY_FREE)
    reader = Thread.new { read.call(r.fileno, buf, 1) }
    Thread.pass until reader.status == "sleep" || !reader.alive?
    w.write("R")
    w.flush
    assert_equal 1, reader.value
    assert_equal "R", buf[0, 1], "the reading thread held the GVL: nothing else ran during its call"
  ensure
    if backstop
      Process.kill(:TERM, -backstop) # its process group: the shell and its sleep
      Process.wait(backstop)
    end
    [r, w].each { |io| io&.close }
  end

  # Native.call reuses one out/error slot pair per thread: a call made on the same thread while
  # another is between its core call and reading its result (a signal handler's, here the block
  # itself) must get slots of its own, or the outer call would read and free the inner's result.
  def test_nested_call_on_the_same_thread_keeps_its_own_result
    sign = OoJwt::Native::FUNCTIONS["oo_sign"]
    OoJwt.sign({ "who" => "first" }, "s") # this thread's pair now exists
    outer_payload = '{"who":"outer"}'
    inner = nil
    outer = OoJwt::Native.call do |o, e|
      status = sign.call(outer_payload, outer_payload.bytesize, "outer-secret", 12, nil, o, e)
      inner = OoJwt.sign({ "who" => "inner" }, "inner-secret")
      status
    end
    assert_equal({ "who" => "outer" }, OoJwt.verify(outer, "outer-secret"))
    assert_equal({ "who" => "inner" }, OoJwt.verify(inner, "inner-secret"))
    # and the pair is back for the next call on this thread
    assert_equal({ "who" => "outer" }, OoJwt.verify(OoJwt.sign({ "who" => "outer" }, "s"), "s"))
  end
end
