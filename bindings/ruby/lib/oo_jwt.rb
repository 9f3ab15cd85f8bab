# frozen_string_literal: true

require "json"
require_relative "oo_jwt/version"
require_relative "oo_jwt/errors"
require_relative "oo_jwt/native"

# Sign and verify the JSON Web Tokens ONLYOFFICE Docs requires, through the oo-jwt core
# (liboo_jwt.so) and Fiddle. Every check is the core's: this module converts Ruby values to
# bytes, calls the C ABI, copies the result and raises OoJwt::Error (one subclass per contract
# name) with the message of the failing call.
#
# Inputs: secrets, tokens and JSON texts are Strings passed byte for byte (a binary String is a
# binary secret); JSON inputs may also be a Hash (or any value), turned into JSON text with
# JSON.generate. Results: tokens and the signed JSON texts of sign_request/sign_config/
# sign_editor_method are Strings; claims, parameters and settings are Hashes (JSON.parse, string
# keys). Algorithms are OoJwt::Alg bits. An option left out (nil) reaches the core as "not given":
# the defaults are the core's, never restated here.
#
#   token = OoJwt.sign({ "key" => "Khirz6zTPdfd7" }, secret, algorithm: OoJwt::Alg::HS384)
#   OoJwt.verify(token, secret, algorithms: [OoJwt::Alg::HS384]) # => {"key"=>"Khirz6zTPdfd7"}
module OoJwt
  PLACEMENTS = { body: Native::PLACEMENT_BODY, header: Native::PLACEMENT_HEADER }.freeze
  DIRECTIONS = { "inbox" => Native::DIRECTION_INBOX, "outbox" => Native::DIRECTION_OUTBOX }.freeze
  NOT_A_DIRECTION = 0xFFFFFFFF # any other name reaches the core as a direction it refuses
  F = Native::FUNCTIONS
  # Generates JSON inputs without Ruby's nesting limit (the core applies its own). One State is
  # shared: with max_nesting 0 and no indentation, its depth counter affects nothing.
  JSON_STATE = JSON::State.new(max_nesting: 0)
  private_constant :PLACEMENTS, :DIRECTIONS, :NOT_A_DIRECTION, :F, :JSON_STATE

  class << self
    # Signs +payload+ (a Hash, or the exact JSON text as a String) with +secret+; returns the token.
    # With +expires_in+ the core appends iat and exp; +now+ fixes the clock (Unix seconds).
    #
    #   OoJwt.sign({ "key" => "k" }, secret, expires_in: 300)
    def sign(payload, secret, algorithm: nil, expires_in: nil, now: nil, max_json_length: nil)
      payload = json_text(payload)
      secret = Native.bytes(secret)
      opts = unless algorithm.nil? && expires_in.nil? && now.nil? && max_json_length.nil?
               Native.options(algorithm: algorithm, expires_in: expires_in, now: now, max_json_len: max_json_length)
             end
      Native.call { |o, e| F["oo_sign"].call(payload, len(payload), secret, len(secret), opts, o, e) }
    end

    # Verifies +token+ with +secret+ and returns its claims as a Hash. +algorithms+ is the
    # allow-list: OoJwt::Alg bits, as a list or OR-ed.
    #
    #   OoJwt.verify(token, secret, algorithms: [OoJwt::Alg::HS256], leeway: 5)
    def verify(token, secret, algorithms: nil, leeway: nil, now: nil, max_token_length: nil)
      token = Native.bytes(token)
      secret = Native.bytes(secret)
      # No options (the common call): NULL without a call to Native.options.
      opts = unless algorithms.nil? && leeway.nil? && now.nil? && max_token_length.nil?
               Native.options(algorithms: algorithms, leeway: leeway, now: now, max_token_len: max_token_length)
             end
      parse(Native.call { |o, e| F["oo_verify"].call(token, len(token), secret, len(secret), opts, o, e) })
    end

    # Takes +token+ apart WITHOUT verifying it (diagnostics only, never a trust decision);
    # returns [header, claims], two Hashes.
    #
    #   OoJwt.decode_unverified(token) # => [{"alg"=>"HS256", "typ"=>"JWT"}, {...}]
    def decode_unverified(token, max_token_length: nil)
      token = Native.bytes(token)
      opts = Native.options(max_token_len: max_token_length)
      header_out = Native.out_slot
      begin
        claims = Native.call { |o, e| F["oo_decode_unverified"].call(token, len(token), opts, header_out, o, e) }
      ensure
        header = Native.take(header_out)
      end
      [parse(header), parse(claims)]
    end

    # Signs a request from the storage service to Docs. +placement+ :body returns the body's JSON
    # text with a "token" member added; :header returns the bare token (over {"payload": body})
    # for "Authorization: Bearer <token>".
    #
    #   OoJwt.sign_request({ "c" => "info", "key" => "k" }, secret, placement: :header)
    def sign_request(body, secret, placement: :body, algorithm: nil, expires_in: nil, now: nil,
                     max_json_length: nil)
      body = json_text(body)
      secret = Native.bytes(secret)
      opts = Native.options(algorithm: algorithm, expires_in: expires_in, now: now, max_json_len: max_json_length)
      where = placement_number(placement)
      Native.call { |o, e| F["oo_sign_request"].call(body, len(body), secret, len(secret), where, opts, o, e) }
    end

    # Verifies a request the way Docs does (the body's "token" if the body has one, else the
    # +authorization+ header value after +prefix+); returns the trusted parameters as a Hash.
    # +body+ nil or empty: no body; +authorization+ nil: no header.
    #
    #   OoJwt.verify_request(request.body.read, request.get_header("HTTP_AUTHORIZATION"), secret)
    def verify_request(body, authorization, secret, prefix: nil, algorithms: nil, leeway: nil, now: nil,
                       max_token_length: nil, max_json_length: nil)
      body = body.nil? ? nil : json_text(body)
      authorization = Native.bytes(authorization)
      secret = Native.bytes(secret)
      prefix = Native.bytes(prefix)
      opts = Native.options(algorithms: algorithms, leeway: leeway, now: now, max_token_len: max_token_length,
                            max_json_len: max_json_length)
      parse(Native.call do |o, e|
        F["oo_verify_request"].call(body, len(body), authorization, len(authorization), secret, len(secret), prefix,
                                    len(prefix), opts, o, e)
      end)
    end

    # Signs an editor config (a Hash or its JSON text); returns the config's JSON text with
    # "token" added.
    #
    #   OoJwt.sign_config({ "document" => { "key" => "k", "url" => url } }, secret)
    def sign_config(config, secret, algorithm: nil, expires_in: nil, now: nil, max_json_length: nil)
      config = json_text(config)
      secret = Native.bytes(secret)
      opts = Native.options(algorithm: algorithm, expires_in: expires_in, now: now, max_json_len: max_json_length)
      Native.call { |o, e| F["oo_sign_config"].call(config, len(config), secret, len(secret), opts, o, e) }
    end

    # Signs the parameter object of a docEditor method ("insertImage", "setHistoryData",
    # "setRequestedDocument", ...; a Hash or its JSON text) with the browser (inbox) secret; returns
    # the object's JSON text with "token" added, for docEditor.insertImage(signed) and the like.
    # A member Docs reads from the token missing raises InvalidConfig naming the method and member.
    #
    #   OoJwt.sign_editor_method("setRevisedFile", { "fileType" => "docx", "url" => url }, secret)
    def sign_editor_method(method, params, secret, algorithm: nil, expires_in: nil, now: nil,
                           max_json_length: nil)
      method = Native.bytes(method)
      params = json_text(params)
      secret = Native.bytes(secret)
      opts = Native.options(algorithm: algorithm, expires_in: expires_in, now: now, max_json_len: max_json_length)
      Native.call do |o, e|
        F["oo_sign_editor_method"].call(method, len(method), params, len(params), secret, len(secret), opts, o, e)
      end
    end

    # Verifies a download from Docs: +authorization+ (the header value) must carry, after +prefix+,
    # a valid token whose payload.url names +url+, the absolute URL of the request as Docs addressed
    # it. Both are compared as WHATWG URLs without the fragment: whole or, behind a reverse proxy,
    # only path and query (+path_and_query_only: true+). Returns the claims as a Hash.
    #
    #   OoJwt.verify_download(request.get_header("HTTP_AUTHORIZATION"), request.url, secret)
    def verify_download(authorization, url, secret, prefix: nil, path_and_query_only: false, algorithms: nil,
                        leeway: nil, now: nil, max_token_length: nil)
      authorization = Native.bytes(authorization)
      url = Native.bytes(url)
      secret = Native.bytes(secret)
      prefix = Native.bytes(prefix)
      opts = Native.options(algorithms: algorithms, leeway: leeway, now: now, max_token_len: max_token_length,
                            url_path_query: path_and_query_only)
      parse(Native.call do |o, e|
        F["oo_verify_download"].call(authorization, len(authorization), url, len(url), secret, len(secret), prefix,
                                     len(prefix), opts, o, e)
      end)
    end

    # Reads an ONLYOFFICE Docs configuration: +local_path+ (local.json) over +default_path+
    # (default.json; nil: Docs' built-in defaults), then the Docker variables of +env+ (a Hash such
    # as {"JWT_SECRET" => "..."}, or its JSON text; pass ENV.to_h explicitly to use the process
    # environment, which is never read otherwise). Returns the resolved settings as a Hash.
    #
    #   OoJwt.load_config("/etc/onlyoffice/documentserver/local.json", env: ENV.to_h)
    def load_config(local_path, default_path: nil, env: nil)
      local_path = Native.bytes(path_text(local_path))
      default_path = Native.bytes(path_text(default_path))
      env = env.nil? ? nil : json_text(env.is_a?(String) || env.is_a?(Hash) ? env : env.to_h)
      parse(Native.call do |o, e|
        F["oo_load_config"].call(local_path, len(local_path), default_path, len(default_path), env, len(env), o, e)
      end)
    end

    # verify_request with the settings load_config returned (the Hash, or its JSON text):
    # +direction+ "inbox" (requests to Docs) or "outbox" (callbacks from Docs) picks the secret and
    # prefix; the clock tolerance and allow-list are the settings'. Returns the trusted parameters.
    #
    #   OoJwt.verify_request_with_config(body, authorization, settings, "outbox")
    def verify_request_with_config(body, authorization, settings, direction, now: nil, max_token_length: nil,
                                   max_json_length: nil)
      body = body.nil? ? nil : json_text(body)
      authorization = Native.bytes(authorization)
      settings = json_text(settings)
      dir = DIRECTIONS.fetch(direction.to_s, NOT_A_DIRECTION)
      opts = Native.options(now: now, max_token_len: max_token_length, max_json_len: max_json_length)
      parse(Native.call do |o, e|
        F["oo_verify_request_with_config"].call(body, len(body), authorization, len(authorization), settings,
                                                len(settings), dir, opts, o, e)
      end)
    end

    # verify_download with the settings +load_config+ returned (the Hash, or its JSON text): the
    # outbox secret, prefix, clock tolerance and allow-list are the settings'. A token is always
    # required (MissingToken), even for a URL Docs downloads without one: ask
    # +download_token_expected?+ first. Returns the claims as a Hash.
    #
    #   OoJwt.verify_download_with_config(authorization, request.url, settings)
    def verify_download_with_config(authorization, url, settings, path_and_query_only: false, now: nil,
                                    max_token_length: nil)
      authorization = Native.bytes(authorization)
      url = Native.bytes(url)
      settings = json_text(settings)
      opts = Native.options(now: now, max_token_len: max_token_length, url_path_query: path_and_query_only)
      parse(Native.call do |o, e|
        F["oo_verify_download_with_config"].call(authorization, len(authorization), url, len(url), settings,
                                                 len(settings), opts, o, e)
      end)
    end

    # Whether Docs sends a token when it downloads +url+, with the settings +load_config+ returned:
    # outbox tokens enabled and +url+ not containing token.outbox.urlExclusionRegex (plain text). Pass
    # +url+ exactly as given to Docs (document.url, ...), not the request URL as received.
    #
    #   OoJwt.download_token_expected?(document_url, settings) # => true
    def download_token_expected?(url, settings)
      url = Native.bytes(url)
      settings = json_text(settings)
      out = Fiddle::Pointer.malloc(1, Fiddle::RUBY_FREE)
      out[0] = 0
      err = Native.out_slot
      status = F["oo_download_token_expected"].call(url, len(url), settings, len(settings), out, err)
      raise Native.error(status, Native.take(err)) unless status == Native::OK

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

    # JSON.parse without options first (an options Hash costs about a tenth of a small parse); its
    # nesting limit of 100 is below the core's, so deeper text is parsed again without the limit.
    def parse(text)
      JSON.parse(text)
    rescue JSON::NestingError
      JSON.parse(text, max_nesting: false)
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

require_relative "oo_jwt/callback"
require_relative "oo_jwt/rack"
