# frozen_string_literal: true

require "json"
require_relative "oo_jwt/version"
require_relative "oo_jwt/errors"
require_relative "oo_jwt/native"

# Sign and verify the JSON Web Tokens ONLYOFFICE Docs requires, through the oo-jwt core
# (liboo_jwt.so) and Fiddle. Every check is the core's: this module converts Ruby values to
# bytes, calls the C ABI, copies the result and raises OoJwt::Error (one subclass per contract
# name) on failure.
#
# Inputs: secrets, tokens and JSON texts are Strings passed byte for byte (a binary String is a
# binary secret); JSON inputs may also be a Hash (or any value), turned into JSON text with
# JSON.generate. Results: tokens and the signed JSON texts of sign_request/sign_config/
# sign_editor_method are
# Strings; claims, parameters and settings are Hashes (JSON.parse, string keys).
#
# Defaults not written out below are the core's: algorithm HS256; allow-list HS256, HS384,
# HS512; leeway 60; the real clock; expires_in none (300 for sign_request); limits 256 KiB
# per token and 1 MiB per JSON document.
module OoJwt
  PLACEMENTS = { body: Native::PLACEMENT_BODY, header: Native::PLACEMENT_HEADER }.freeze
  # Generates JSON inputs without Ruby's nesting limit (the core applies its own). One State is
  # shared: with max_nesting 0 and no indentation, its depth counter affects nothing.
  JSON_STATE = JSON::State.new(max_nesting: 0)
  private_constant :PLACEMENTS, :JSON_STATE

  class << self
    # Signs +payload+ (a Hash, or the exact JSON text as a String) with +secret+; returns the token.
    # With +expires_in+ the core appends iat and exp; +now+ fixes the clock (Unix seconds).
    def sign(payload, secret, algorithm: nil, expires_in: nil, now: nil, max_json_len: nil)
      payload = json_text(payload)
      secret = Native.bytes(secret)
      alg = Native.bytes(algorithm)
      opts = Native.options(algorithm: alg, expires_in: expires_in, now: now, max_json_len: max_json_len)
      out = Native.out_slot
      status = Native::SIGN.call(payload, len(payload), secret, len(secret), opts, out)
      raise Native.error(status) unless status == Native::OK

      Native.take(out)
    end

    # Verifies +token+ with +secret+ and returns its claims as a Hash. +algorithms+ is the
    # allow-list (an Array of names, or a comma-separated String).
    def verify(token, secret, algorithms: nil, leeway: nil, now: nil, max_token_len: nil)
      token = Native.bytes(token)
      secret = Native.bytes(secret)
      algs = allow_list(algorithms)
      opts = Native.options(algorithms: algs, leeway: leeway, now: now, max_token_len: max_token_len)
      out = Native.out_slot
      status = Native::VERIFY.call(token, len(token), secret, len(secret), opts, out)
      raise Native.error(status) unless status == Native::OK

      parse(Native.take(out))
    end

    # Takes +token+ apart WITHOUT verifying it (diagnostics only, never a trust decision);
    # returns [header, claims], two Hashes.
    def decode_unverified(token, max_token_len: nil)
      token = Native.bytes(token)
      opts = Native.options(max_token_len: max_token_len)
      header_out = Native.out_slot
      claims_out = Native.out_slot
      status = Native::DECODE_UNVERIFIED.call(token, len(token), opts, header_out, claims_out)
      raise Native.error(status) unless status == Native::OK

      header = begin
        Native.take(header_out)
      ensure
        claims = Native.take(claims_out)
      end
      [parse(header), parse(claims)]
    end

    # Signs a request from the storage service to Docs. +placement+ :body returns the body's JSON
    # text with a "token" member added; :header returns the bare token (over {"payload": body})
    # for "Authorization: Bearer <token>". +expires_in+ defaults to 300 (the core's default).
    def sign_request(body, secret, placement: :body, algorithm: nil, expires_in: nil, now: nil,
                     max_json_len: nil)
      body = json_text(body)
      secret = Native.bytes(secret)
      alg = Native.bytes(algorithm)
      opts = Native.options(algorithm: alg, expires_in: expires_in, now: now, max_json_len: max_json_len)
      out = Native.out_slot
      status = Native::SIGN_REQUEST.call(body, len(body), secret, len(secret), placement_number(placement),
                                         opts, out)
      raise Native.error(status) unless status == Native::OK

      Native.take(out)
    end

    # Verifies a request the way Docs does (the body's "token" if the body has one, else the
    # +authorization+ header value after +prefix+, default "Bearer "); returns the trusted
    # parameters as a Hash. +body+ nil or empty: no body; +authorization+ nil: no header.
    def verify_request(secret, body: nil, authorization: nil, prefix: nil, algorithms: nil, leeway: nil,
                       now: nil, max_token_len: nil, max_json_len: nil)
      secret = Native.bytes(secret)
      body = body.nil? ? nil : json_text(body)
      authorization = Native.bytes(authorization)
      prefix = Native.bytes(prefix)
      algs = allow_list(algorithms)
      opts = Native.options(algorithms: algs, leeway: leeway, now: now, max_token_len: max_token_len,
                            max_json_len: max_json_len)
      out = Native.out_slot
      status = Native::VERIFY_REQUEST.call(secret, len(secret), body, len(body), authorization,
                                           len(authorization), prefix, len(prefix), opts, out)
      raise Native.error(status) unless status == Native::OK

      parse(Native.take(out))
    end

    # Signs an editor config (a Hash or its JSON text); returns the config's JSON text with
    # "token" added.
    def sign_config(config, secret, algorithm: nil, expires_in: nil, now: nil, max_json_len: nil)
      config = json_text(config)
      secret = Native.bytes(secret)
      alg = Native.bytes(algorithm)
      opts = Native.options(algorithm: alg, expires_in: expires_in, now: now, max_json_len: max_json_len)
      out = Native.out_slot
      status = Native::SIGN_CONFIG.call(config, len(config), secret, len(secret), opts, out)
      raise Native.error(status) unless status == Native::OK

      Native.take(out)
    end

    # Signs the parameter object of a docEditor method ("insertImage", "setHistoryData",
    # "setRequestedDocument", ...; a Hash or its JSON text) with the browser (inbox) secret; returns
    # the object's JSON text with "token" added, for docEditor.insertImage(signed) and the like.
    # A member Docs reads from the token missing raises InvalidConfig naming the method and member.
    #
    #   OoJwt.sign_editor_method("setRevisedFile", { "fileType" => "docx", "url" => url }, secret)
    def sign_editor_method(method, params, secret, algorithm: nil, expires_in: nil, now: nil, max_json_len: nil)
      method = Native.bytes(method)
      params = json_text(params)
      secret = Native.bytes(secret)
      alg = Native.bytes(algorithm)
      opts = Native.options(algorithm: alg, expires_in: expires_in, now: now, max_json_len: max_json_len)
      out = Native.out_slot
      status = Native::SIGN_EDITOR_METHOD.call(method, len(method), params, len(params), secret, len(secret),
                                               opts, out)
      raise Native.error(status) unless status == Native::OK

      Native.take(out)
    end

    # Verifies a download from Docs: +authorization+ (the header value) must carry, after +prefix+,
    # a valid token whose payload.url names +url+, the absolute URL of the request as Docs addressed
    # it. Both are compared as WHATWG URLs without the fragment: whole (+url_match: "full"+) or, behind
    # a reverse proxy, only path and query (+url_match: "path_and_query"+). Returns the claims as a Hash.
    def verify_download(authorization, url, secret, prefix: nil, algorithms: nil, leeway: nil, now: nil,
                        max_token_len: nil, url_match: "full")
      unless %w[full path_and_query].include?(url_match)
        raise ArgumentError, "url_match is \"full\" or \"path_and_query\", not #{url_match.inspect}"
      end

      authorization = Native.bytes(authorization)
      url = Native.bytes(url)
      secret = Native.bytes(secret)
      prefix = Native.bytes(prefix)
      algs = allow_list(algorithms)
      opts = Native.options(algorithms: algs, leeway: leeway, now: now, max_token_len: max_token_len,
                            url_path_query: url_match == "path_and_query")
      out = Native.out_slot
      status = Native::VERIFY_DOWNLOAD.call(authorization, len(authorization), url, len(url), secret,
                                            len(secret), prefix, len(prefix), opts, out)
      raise Native.error(status) unless status == Native::OK

      parse(Native.take(out))
    end

    # Reads an ONLYOFFICE Docs configuration: +local_path+ (local.json) over +default_path+
    # (default.json; nil: Docs' built-in defaults), then the Docker variables of +env+ (a Hash such
    # as {"JWT_SECRET" => "..."}, or its JSON text; pass ENV.to_h explicitly to use the process
    # environment, which is never read otherwise). Returns the resolved settings as a Hash.
    def load_config(local_path, default_path: nil, env: nil)
      local_path = Native.bytes(path_text(local_path))
      default_path = Native.bytes(path_text(default_path))
      env = env.nil? ? nil : json_text(env.is_a?(String) || env.is_a?(Hash) ? env : env.to_h)
      out = Native.out_slot
      status = Native::LOAD_CONFIG.call(local_path, len(local_path), default_path, len(default_path), env,
                                        len(env), out)
      raise Native.error(status) unless status == Native::OK

      parse(Native.take(out))
    end

    # Verifies a request with the settings load_config returned (the Hash, or its JSON text):
    # +direction+ "inbox" (requests to Docs) or "outbox" (callbacks from Docs) picks the secret and
    # prefix; the clock tolerance and allow-list are the settings'. Returns the trusted parameters.
    def verify_request_with_config(settings, direction, body, authorization = nil, now: nil,
                                   max_token_len: nil, max_json_len: nil)
      settings = json_text(settings)
      # Any other name reaches the core as a direction it refuses (invalid_argument).
      dir = { "inbox" => Native::DIRECTION_INBOX, "outbox" => Native::DIRECTION_OUTBOX }
            .fetch(direction.to_s, 0xFFFFFFFF)
      body = body.nil? ? nil : json_text(body)
      authorization = Native.bytes(authorization)
      opts = Native.options(now: now, max_token_len: max_token_len, max_json_len: max_json_len)
      out = Native.out_slot
      status = Native::VERIFY_REQUEST_WITH_CONFIG.call(body, len(body), authorization, len(authorization),
                                                       settings, len(settings), dir, opts, out)
      raise Native.error(status) unless status == Native::OK

      parse(Native.take(out))
    end

    # Verifies a file download by Docs with the settings +load_config+ returned (the Hash, or its JSON
    # text): the outbox secret, prefix, clock tolerance and allow-list are the settings'. Otherwise as
    # +verify_download+. A token is always required (MissingToken), even for a URL Docs downloads
    # without one: ask +download_token_expected?+ first. Returns the claims as a Hash.
    def verify_download_with_config(settings, authorization, url, now: nil, max_token_len: nil, url_match: "full")
      unless %w[full path_and_query].include?(url_match)
        raise ArgumentError, "url_match is \"full\" or \"path_and_query\", not #{url_match.inspect}"
      end

      settings = json_text(settings)
      authorization = Native.bytes(authorization)
      url = Native.bytes(url)
      opts = Native.options(now: now, max_token_len: max_token_len, url_path_query: url_match == "path_and_query")
      out = Native.out_slot
      status = Native::VERIFY_DOWNLOAD_WITH_CONFIG.call(authorization, len(authorization), url, len(url),
                                                        settings, len(settings), opts, out)
      raise Native.error(status) unless status == Native::OK

      parse(Native.take(out))
    end

    # Whether Docs sends a token when it downloads +url+, with the settings +load_config+ returned:
    # outbox tokens enabled and +url+ not containing token.outbox.urlExclusionRegex (plain text). Pass
    # +url+ exactly as given to Docs (document.url, ...), not the request URL as received.
    def download_token_expected?(settings, url)
      settings = json_text(settings)
      url = Native.bytes(url)
      out = Fiddle::Pointer.malloc(1, Fiddle::RUBY_FREE)
      out[0] = 0
      status = Native::DOWNLOAD_TOKEN_EXPECTED.call(url, len(url), settings, len(settings), out)
      raise Native.error(status) unless status == Native::OK

      out[0] == 1
    end

    # The core's version ("0.1.0").
    def core_version
      Native::CORE_VERSION.call.to_s.force_encoding(Encoding::UTF_8)
    end

    # The path of the liboo_jwt.so in use.
    def library_path
      Native::LIBRARY_PATH
    end

    # The contract's name of a status number (:bad_signature), as the core answers it.
    def status_name(status)
      Native.status_name(status).to_sym
    end

    private

    def len(bytes)
      bytes.nil? ? 0 : bytes.bytesize
    end

    # A JSON input: a String is the exact text; anything else is generated (no nesting limit of
    # Ruby's own: the core's applies). A value with no JSON text (a String that is not valid in
    # its encoding, NaN) is the contract's invalid_json, as the same text given whole would be; the
    # generator's message is not passed on (it may quote the caller's data).
    def json_text(value)
      return Native.bytes(value) if value.is_a?(String) || value.nil?

      begin
        JSON_STATE.generate(value)
      rescue JSON::GeneratorError, EncodingError => e
        raise InvalidJson, "the value has no JSON text (#{e.class})"
      end
    end

    def parse(text)
      JSON.parse(text, max_nesting: false)
    end

    def allow_list(algorithms)
      return nil if algorithms.nil?

      Native.bytes(algorithms.is_a?(Array) ? algorithms.join(",") : algorithms)
    end

    def placement_number(placement)
      return placement if placement.is_a?(Integer)

      PLACEMENTS.fetch(placement.to_s.to_sym) do
        raise ArgumentError, "oo_jwt: placement must be :body or :header, got #{placement.inspect}"
      end
    end

    def path_text(path)
      path.nil? ? nil : File.path(path)
    end
  end
end
