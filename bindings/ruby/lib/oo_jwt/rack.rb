# frozen_string_literal: true

module OoJwt
  # The parts the two Rack adapters share. Only Rack's interface is used (an env Hash in, a
  # [status, headers, body] triple out): the gem does not need the rack gem.
  module RackSupport
    JSON_HEADERS = { "content-type" => "application/json" }.freeze

    private

    # The settings once as JSON text (passed to every call) and the Rack env key of the outbox header.
    def load_settings(settings)
      @settings = settings.is_a?(String) ? settings : JSON.generate(settings)
      name = JSON.parse(@settings).dig("outbox", "header") || "Authorization"
      @header_key = "HTTP_#{name.upcase.tr('-', '_')}"
    end

    # The code only: a token, a secret or the core's message about them is never logged.
    def log(env, text)
      env["rack.errors"]&.puts("oo_jwt: #{text}")
    end
  end

  # The Rack app for Docs' callbacks: verifies the request (OoJwt.handle_callback), passes the
  # OoJwt::Callback to the block (the integrator's code: save the file at +url+ on status 2 and 6)
  # and answers as Docs expects (OoJwt.callback_response). The block raising is answered 500, so
  # Docs reports the save as failed. Mount it in Rails, Sinatra's config.ru, or run it alone.
  #
  #   settings = OoJwt.load_config("/etc/onlyoffice/documentserver/local.json")
  #   run OoJwt::CallbackApp.new(settings) { |cb| Storage.save(cb.key, cb.url) if cb.save? }
  class CallbackApp
    include RackSupport

    # +settings+: what OoJwt.load_config returned (Hash or JSON text). +max_body+: the largest
    # body read, in bytes (a larger one is refused as too large, 400).
    def initialize(settings, max_body: 64 << 20, &on_callback)
      raise ArgumentError, "oo_jwt: CallbackApp needs a block (the on_callback code)" unless on_callback

      load_settings(settings)
      @max_body = max_body
      @on_callback = on_callback
    end

    def call(env)
      return [405, { "allow" => "POST" }.merge(JSON_HEADERS), ['{"error":1}']] unless env["REQUEST_METHOD"] == "POST"

      error = nil
      begin
        callback = OoJwt.handle_callback(read_body(env), env[@header_key], @settings, max_json_length: @max_body)
      rescue OoJwt::Error => e
        log(env, "callback refused (#{e.code})")
        error = e
      end
      error ||= run(env, callback)
      status, json = OoJwt.callback_response(error)
      [status, JSON_HEADERS.dup, [json]]
    end

    private

    def run(env, callback)
      @on_callback.call(callback)
      nil
    rescue StandardError => e
      log(env, "on_callback failed for key #{callback.key.inspect} (#{e.class})")
      e
    end

    # At most max_body + 1 bytes (the one more tells a body over the limit). The first read asks for
    # the declared CONTENT_LENGTH + 1, not the limit: IO#read(n) allocates n bytes up front, and that
    # much per request makes Ruby's GC run a major collection each time.
    def read_body(env)
      input = env["rack.input"] or return nil
      input.rewind if input.respond_to?(:rewind)
      limit = @max_body + 1
      declared = env["CONTENT_LENGTH"]
      first = declared.is_a?(String) && declared.match?(/\A\d{1,19}\z/) ? [declared.to_i + 1, limit].min : limit
      body = input.read(first)
      return body if body.nil? || first == limit || body.bytesize < first

      rest = input.read(limit - first)
      rest ? body << rest : body
    end
  end

  # Rack middleware for the files Docs downloads: each request passes OoJwt.check_download (the
  # request's absolute URL, the outbox header) before +app+ serves it; a failed check is answered
  # 403 and +app+ is not called. +path_and_query_only: true+ behind a reverse proxy (the URL Docs
  # used is not the one the app sees).
  #
  #   use OoJwt::DownloadGuard, settings   # or DownloadGuard.new(files_app, settings) as an app
  class DownloadGuard
    include RackSupport

    def initialize(app, settings, path_and_query_only: false)
      @app = app
      @path_and_query_only = path_and_query_only
      load_settings(settings)
    end

    def call(env)
      OoJwt.check_download(env[@header_key], self.class.url(env), @settings,
                           path_and_query_only: @path_and_query_only)
    rescue OoJwt::Error => e
      log(env, "download refused (#{e.code})")
      [403, { "content-type" => "text/plain" }, ["forbidden\n"]]
    else
      @app.call(env)
    end

    # The request's absolute URL from a Rack env (scheme, host, SCRIPT_NAME + PATH_INFO, query).
    def self.url(env)
      host = env["HTTP_HOST"] || "#{env['SERVER_NAME']}:#{env['SERVER_PORT']}"
      query = env["QUERY_STRING"].to_s.empty? ? "" : "?#{env['QUERY_STRING']}"
      "#{env['rack.url_scheme'] || 'http'}://#{host}#{env['SCRIPT_NAME']}#{env['PATH_INFO']}#{query}"
    end
  end
end
