# frozen_string_literal: true

module OoJwt
  # A callback from Docs (a POST to the editor config's callbackUrl), read from the VERIFIED
  # parameters only. +status+ is a Symbol with Docs' meaning (STATUSES), or the Integer itself for a
  # number this version does not know (Docs may add statuses); +status_code+ is always the number.
  # Every other member is nil when Docs did not send it; +params+ is the whole verified Hash.
  #
  #   cb = OoJwt.handle_callback(body, authorization, settings)
  #   save(cb.key, cb.url) if %i[ready_for_saving force_save].include?(cb.status)
  Callback = Struct.new(:status, :status_code, :key, :url, :changesurl, :history, :users, :actions,
                        :forcesavetype, :filetype, :userdata, :params, keyword_init: true) do
    # Docs' callback statuses (there is no 5).
    STATUSES = { 1 => :editing, 2 => :ready_for_saving, 3 => :save_error, 4 => :closed_no_changes,
                 6 => :force_save, 7 => :force_save_error }.freeze
    # What started a force save (+forcesavetype+, sent with status 6 and 7).
    FORCESAVE_TYPES = { 0 => :command, 1 => :button, 2 => :timer, 3 => :form_submission }.freeze
    FIELDS = %w[url changesurl history users actions forcesavetype filetype userdata].freeze

    # The callback of verified +params+ (a Hash); InvalidJson without a String "key" and an
    # Integer "status" (the body is not a callback).
    def self.from_params(params)
      raise InvalidJson, "the verified callback is not a JSON object" unless params.is_a?(Hash)
      raise InvalidJson, "the verified callback has no string key" unless params["key"].is_a?(String)
      raise InvalidJson, "the verified callback has no integer status" unless params["status"].is_a?(Integer)

      code = params["status"]
      new(status: STATUSES.fetch(code, code), status_code: code, key: params["key"], params: params,
          **FIELDS.to_h { |f| [f.to_sym, params[f]] })
    end

    # Whether +url+ holds a document to save: status 2 (closed) or 6 (force saved).
    def save?
      status_code == 2 || status_code == 6
    end
  end

  # Failures that mean the request's token is refused (answered 403).
  TOKEN_ERRORS = [Malformed, UnsupportedAlg, BadSignature, Expired, NotYetValid, MissingToken, UrlMismatch].freeze

  class << self
    # Verifies a callback from Docs with the settings +load_config+ returned (the Hash or its JSON
    # text; the outbox secret, header prefix, clock tolerance and allow-list) and returns the
    # OoJwt::Callback built from the signed parameters only. +body+ is the request body as received,
    # +authorization+ the value of the settings' outbox header (Authorization), nil when absent.
    # Raises OoJwt::Error: a token failure (TOKEN_ERRORS), InvalidJson for a body that is not a
    # callback. +options+: now:, max_token_length:, max_json_length:.
    #
    #   cb = OoJwt.handle_callback(request.body.read, request.get_header("HTTP_AUTHORIZATION"), settings)
    def handle_callback(body, authorization, settings, **options)
      Callback.from_params(verify_request_with_config(body, authorization, settings, "outbox", **options))
    end

    # The answer Docs expects, as [HTTP status, JSON body]: nil (success) is 200 {"error":0}; a
    # refused token 403, a body that is not a callback (or over the size limits) 400, anything else (the integrator's own code
    # failing, bad settings) 500, each with {"error":1}. Docs logs the status; nothing else is told.
    #
    #   status, json = OoJwt.callback_response(error) # error: nil or the exception raised
    def callback_response(error = nil)
      return [200, '{"error":0}'] if error.nil?

      code = case error
             when *TOKEN_ERRORS then 403
             when InvalidJson, InvalidArgument, TooLarge then 400
             else 500
             end
      [code, '{"error":1}']
    end

    # Checks Docs' request for a file the integrator serves (+url+, the absolute URL as requested;
    # +authorization+ the outbox header's value): when Docs sends a token for it
    # (+download_token_expected?+), it must be valid and name +url+. Returns the token's claims, or
    # {} when Docs sends none for this URL (outbox tokens off, or urlExclusionRegex); raises
    # OoJwt::Error otherwise. +path_and_query_only: true+ behind a reverse proxy.
    #
    #   OoJwt.check_download(request.get_header("HTTP_AUTHORIZATION"), request.url, settings)
    def check_download(authorization, url, settings, path_and_query_only: false, now: nil)
      settings = json_text(settings)
      return {} unless download_token_expected?(url, settings)

      verify_download_with_config(authorization, url, settings, path_and_query_only: path_and_query_only, now: now)
    end
  end
end
