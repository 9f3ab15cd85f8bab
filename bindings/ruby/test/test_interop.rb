# frozen_string_literal: true

# Interoperability with Debian's ruby-jwt (the `jwt` gem), both ways: its tokens verified here, ours
# verified by it, byte-identical tokens where both emit the same header, and the refusals agreeing.
require_relative "helper"
require "jwt"

class TestInteropRubyJwt < Minitest::Test
  SECRET = "interop-secret-0123456789abcdef"
  ALGS = %w[HS256 HS384 HS512].freeze
  PAYLOAD = {
    "key" => "Khirz6zTPdfd7", "status" => 2, "url" => "https://documentserver/cache/output.docx?a=1&b=2",
    "users" => ["6d5a81d0"], "actions" => [{ "type" => 0, "userid" => "6d5a81d0" }],
    "notmodified" => false, "nothing" => nil, "ratio" => 0.25, "text" => "é ü 名 / \" \\ \t \u001f \u2028"
  }.freeze

  def test_ruby_jwt_tokens_verify_here
    ALGS.each do |alg|
      tok = JWT.encode(PAYLOAD, SECRET, alg)
      assert_equal PAYLOAD, OoJwt.verify(tok, SECRET), alg
      header, claims = OoJwt.decode_unverified(tok)
      assert_equal({ "alg" => alg }, header)
      assert_equal PAYLOAD, claims
    end
  end

  def test_our_tokens_verify_in_ruby_jwt
    ALGS.each do |alg|
      tok = OoJwt.sign(PAYLOAD, SECRET, algorithm: OoJwt::Alg.const_get(alg))
      claims, header = JWT.decode(tok, SECRET, true, algorithm: alg)
      assert_equal PAYLOAD, claims, alg
      assert_equal({ "alg" => alg, "typ" => "JWT" }, header)
    end
  end

  def test_same_header_gives_byte_identical_tokens
    ALGS.each do |alg|
      theirs = JWT.encode(PAYLOAD, SECRET, alg, { "alg" => alg, "typ" => "JWT" })
      assert_equal theirs, OoJwt.sign(PAYLOAD, SECRET, algorithm: OoJwt::Alg.const_get(alg)), alg
    end
  end

  def test_binary_secret_both_ways
    secret = "\x00\xff\x10binary\x80".b
    assert_equal PAYLOAD, OoJwt.verify(JWT.encode(PAYLOAD, secret, "HS256"), secret)
    assert_equal PAYLOAD, JWT.decode(OoJwt.sign(PAYLOAD, secret), secret, true, algorithm: "HS256").first
  end

  TEN_YEARS = 10 * 365 * 86_400

  def test_expiry_both_ways
    now = Time.now.to_i
    # ruby-jwt reads its own clock: an exp ten years on cannot pass however slow the machine is.
    tok = OoJwt.sign({ "k" => 1 }, SECRET, expires_in: TEN_YEARS, now: now)
    claims, = JWT.decode(tok, SECRET, true, algorithm: "HS256")
    assert_equal({ "k" => 1, "iat" => now, "exp" => now + TEN_YEARS }, claims)
    stale = OoJwt.sign({ "k" => 1 }, SECRET, expires_in: 300, now: now - 400)
    assert_raises(JWT::ExpiredSignature) { JWT.decode(stale, SECRET, true, algorithm: "HS256") }

    # The core is given the same `now`: its verdicts within the 60 s leeway must not depend on how
    # long the machine took between Time.now and the call.
    assert_raises(OoJwt::Expired) { OoJwt.verify(JWT.encode({ "exp" => now - 61 }, SECRET, "HS256"), SECRET, now: now) }
    assert_equal({ "exp" => now - 30 },
                 OoJwt.verify(JWT.encode({ "exp" => now - 30 }, SECRET, "HS256"), SECRET, now: now))
    assert_raises(OoJwt::NotYetValid) { OoJwt.verify(JWT.encode({ "nbf" => now + 600 }, SECRET, "HS256"), SECRET, now: now) }
  end

  def test_wrong_secret_both_ways
    assert_raises(OoJwt::BadSignature) { OoJwt.verify(JWT.encode(PAYLOAD, "other", "HS256"), SECRET) }
    assert_raises(JWT::VerificationError) do
      JWT.decode(OoJwt.sign(PAYLOAD, "other"), SECRET, true, algorithm: "HS256")
    end
  end

  def test_tampered_claims_both_ways
    h, _, s = OoJwt.sign({ "admin" => false }, SECRET).split(".")
    forged = [h, JWT::Base64.url_encode('{"admin":true}'), s].join(".")
    assert_raises(JWT::VerificationError) { JWT.decode(forged, SECRET, true, algorithm: "HS256") }
    h, _, s = JWT.encode({ "admin" => false }, SECRET, "HS256").split(".")
    assert_raises(OoJwt::BadSignature) { OoJwt.verify([h, JWT::Base64.url_encode('{"admin":true}'), s].join("."), SECRET) }
  end

  def test_alg_none_from_ruby_jwt_is_refused
    tok = JWT.encode(PAYLOAD, nil, "none")
    assert_raises(OoJwt::UnsupportedAlg) { OoJwt.verify(tok, SECRET) }
    assert_raises(OoJwt::UnsupportedAlg) { OoJwt.verify(tok, SECRET, algorithms: [OoJwt::Alg::HS256]) }
  end

  def test_allow_list_both_ways
    tok = JWT.encode(PAYLOAD, SECRET, "HS512")
    assert_raises(OoJwt::UnsupportedAlg) { OoJwt.verify(tok, SECRET, algorithms: [OoJwt::Alg::HS256]) }
    assert_raises(JWT::IncorrectAlgorithm) do
      JWT.decode(OoJwt.sign(PAYLOAD, SECRET, algorithm: OoJwt::Alg::HS512), SECRET, true, algorithm: "HS256")
    end
  end

  # The ONLYOFFICE flows: a request signed here read by a ruby-jwt service, and the other way.
  def test_request_header_placement_both_ways
    body = { "c" => "command", "key" => "Khirz6zTPdfd7" }
    tok = OoJwt.sign_request(body, SECRET, placement: :header)
    claims, = JWT.decode(tok, SECRET, true, algorithm: "HS256")
    assert_equal body, claims["payload"]
    assert_equal 300, claims["exp"] - claims["iat"]

    callback = { "key" => "Khirz6zTPdfd7", "status" => 4 }
    theirs = JWT.encode({ "payload" => callback }, SECRET, "HS256")
    params = OoJwt.verify_request(JSON.generate(callback.merge("junk" => 1)), "Bearer #{theirs}", SECRET)
    assert_equal({ "payload" => callback }.merge(callback), params)
  end

  def test_body_placement_and_config_read_by_ruby_jwt
    signed = JSON.parse(OoJwt.sign_request({ "c" => "info", "key" => "k" }, SECRET))
    claims, = JWT.decode(signed.delete("token"), SECRET, true, algorithm: "HS256")
    assert_equal signed, claims.slice("c", "key")

    config = { "document" => { "key" => "k", "url" => "https://s/f.docx" }, "documentType" => "word" }
    signed = JSON.parse(OoJwt.sign_config(config, SECRET))
    assert_equal config, JWT.decode(signed.delete("token"), SECRET, true, algorithm: "HS256").first
  end

  def test_download_token_from_ruby_jwt
    url = "https://storage/files/f.docx?x=1"
    tok = JWT.encode({ "payload" => { "url" => url } }, SECRET, "HS256")
    assert_equal({ "payload" => { "url" => url } }, OoJwt.verify_download("Bearer #{tok}", url, SECRET))
    assert_raises(OoJwt::UrlMismatch) { OoJwt.verify_download("Bearer #{tok}", "#{url}&y", SECRET) }
  end
end
