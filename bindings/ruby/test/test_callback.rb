# frozen_string_literal: true

require "stringio"
require "open3"
require "rbconfig"
require "socket"
require "tmpdir"

# The callback handler without a server: OoJwt.handle_callback, OoJwt.callback_response,
# OoJwt.check_download, and the two Rack adapters called with plain env Hashes.
module CallbackFixture
  LOCAL_JSON = File.join(TestPaths::ROOT, "tests", "fixtures", "integration", "local.json")

  def settings
    @settings ||= OoJwt.load_config(LOCAL_JSON)
  end

  def outbox_secret
    settings["outbox"]["secret"]
  end

  # settings of a local.json: the shared fixture with +token+ merged into services.CoAuthoring.token.
  def settings_with(token)
    doc = JSON.parse(File.read(LOCAL_JSON))
    doc["services"]["CoAuthoring"]["token"] = doc["services"]["CoAuthoring"]["token"].merge(token)
    Dir.mktmpdir("oo-jwt-rb-cfg") do |dir|
      path = File.join(dir, "local.json")
      File.write(path, JSON.generate(doc))
      OoJwt.load_config(path)
    end
  end

  def env(method: "POST", body: nil, headers: {}, errors: StringIO.new, **extra)
    e = { "REQUEST_METHOD" => method, "rack.input" => StringIO.new(body.to_s), "rack.errors" => errors,
          "rack.url_scheme" => "http", "HTTP_HOST" => "storage.test:8080", "SCRIPT_NAME" => "",
          "PATH_INFO" => "/", "QUERY_STRING" => "" }
    headers.each { |k, v| e["HTTP_#{k.upcase.tr('-', '_')}"] = v }
    e.merge(extra)
  end
end

class TestHandleCallback < Minitest::Test
  include CallbackFixture

  FIELDS = { "key" => "k1", "status" => 6, "url" => "http://docs.test/out.docx",
             "changesurl" => "http://docs.test/changes.zip", "history" => { "changes" => [1, 2] },
             "users" => ["u1"], "actions" => [{ "type" => 2, "userid" => "u1" }], "forcesavetype" => 1,
             "filetype" => "docx", "userdata" => "mine", "lastsave" => "2026-01-01T00:00:00.000Z" }.freeze

  def test_body_token_gives_every_field_and_the_status_meaning
    cb = OoJwt.handle_callback(OoJwt.sign_request(FIELDS, outbox_secret), nil, settings)
    assert_equal :force_save, cb.status
    assert_equal 6, cb.status_code
    %w[key url changesurl history users actions forcesavetype filetype userdata].each do |f|
      assert_equal FIELDS[f], cb.public_send(f), f
    end
    assert_equal "2026-01-01T00:00:00.000Z", cb.params["lastsave"]
    assert cb.save?
  end

  def test_absent_fields_are_nil
    cb = OoJwt.handle_callback(OoJwt.sign_request({ "key" => "k", "status" => 4 }, outbox_secret), nil, settings)
    assert_equal :closed_no_changes, cb.status
    assert_nil cb.url
    assert_nil cb.history
    assert_nil cb.forcesavetype
    refute cb.save?
  end

  def test_every_docs_status_and_unknown_numbers_kept
    { 1 => :editing, 2 => :ready_for_saving, 3 => :save_error, 4 => :closed_no_changes, 6 => :force_save,
      7 => :force_save_error, 5 => 5, 9 => 9 }.each do |code, want|
      cb = OoJwt.handle_callback(OoJwt.sign_request({ "key" => "k", "status" => code }, outbox_secret), nil, settings)
      assert_equal want, cb.status
      assert_equal code, cb.status_code
    end
  end

  # Only signed parameters reach the callback: the unsigned body beside a header token is ignored.
  def test_header_token_wins_over_unsigned_body
    token = OoJwt.sign_request({ "key" => "k", "status" => 2, "url" => "http://docs.test/good" }, outbox_secret,
                               placement: :header)
    body = JSON.generate("key" => "k", "status" => 2, "url" => "http://evil.test/x")
    cb = OoJwt.handle_callback(body, "Bearer #{token}", settings)
    assert_equal "http://docs.test/good", cb.url
  end

  def test_token_failures
    body = OoJwt.sign_request({ "key" => "k", "status" => 2 }, "another-secret-0123456789abcdefgh")
    assert_raises(OoJwt::BadSignature) { OoJwt.handle_callback(body, nil, settings) }
    assert_raises(OoJwt::MissingToken) { OoJwt.handle_callback('{"key":"k","status":2}', nil, settings) }
    old = OoJwt.sign_request({ "key" => "k", "status" => 2 }, outbox_secret, now: 1_000_000, expires_in: 300)
    assert_raises(OoJwt::Expired) { OoJwt.handle_callback(old, nil, settings) }
    assert_raises(OoJwt::Malformed) { OoJwt.handle_callback('{"token":"a.b.c"}', nil, settings) }
  end

  def test_not_a_callback
    assert_raises(OoJwt::InvalidJson) { OoJwt.handle_callback("not json", nil, settings) }
    e = assert_raises(OoJwt::InvalidJson) do
      OoJwt.handle_callback(OoJwt.sign_request({ "status" => 2 }, outbox_secret), nil, settings)
    end
    assert_match(/key/, e.message)
    e = assert_raises(OoJwt::InvalidJson) do
      OoJwt.handle_callback(OoJwt.sign_request({ "key" => "k", "status" => "2" }, outbox_secret), nil, settings)
    end
    assert_match(/status/, e.message)
  end

  def test_settings_as_json_text
    body = OoJwt.sign_request({ "key" => "k", "status" => 1 }, outbox_secret)
    assert_equal :editing, OoJwt.handle_callback(body, nil, JSON.generate(settings)).status
  end

  def test_callback_response
    ok = '{"error":0}'
    bad = '{"error":1}'
    assert_equal [200, ok], OoJwt.callback_response
    assert_equal [200, ok], OoJwt.callback_response(nil)
    [OoJwt::BadSignature, OoJwt::Expired, OoJwt::NotYetValid, OoJwt::Malformed, OoJwt::MissingToken,
     OoJwt::UnsupportedAlg, OoJwt::UrlMismatch].each do |k|
      assert_equal [403, bad], OoJwt.callback_response(k.new("x")), k.name
    end
    [OoJwt::InvalidJson, OoJwt::InvalidArgument, OoJwt::TooLarge].each do |k|
      assert_equal [400, bad], OoJwt.callback_response(k.new("x")), k.name
    end
    [OoJwt::InvalidConfig, OoJwt::EmptySecret, OoJwt::Internal, RuntimeError.new("disk full"), IOError.new].each do |e|
      e = e.new("x") if e.is_a?(Class)
      assert_equal [500, bad], OoJwt.callback_response(e), e.class.name
    end
  end
end

class TestCallbackApp < Minitest::Test
  include CallbackFixture

  def app(**opts, &blk)
    OoJwt::CallbackApp.new(settings, **opts, &(blk || ->(_cb) {}))
  end

  def test_success_calls_on_callback_and_answers_error_0
    got = []
    body = OoJwt.sign_request({ "key" => "k", "status" => 2, "url" => "http://docs.test/r" }, outbox_secret)
    status, headers, chunks = app { |cb| got << cb }.call(env(body: body))
    assert_equal [200, "application/json", '{"error":0}'], [status, headers["content-type"], chunks.join]
    assert_equal [[:ready_for_saving, "http://docs.test/r"]], got.map { |cb| [cb.status, cb.url] }
  end

  def test_header_token_from_the_settings_header
    token = OoJwt.sign_request({ "key" => "k", "status" => 1 }, outbox_secret, placement: :header)
    assert_equal 200, app.call(env(body: "{}", headers: { "Authorization" => "Bearer #{token}" }))[0]
    custom = settings.merge("outbox" => settings["outbox"].merge("header" => "X-Docs-Token"))
    custom_app = OoJwt::CallbackApp.new(custom) { |_cb| nil }
    assert_equal 200, custom_app.call(env(body: "{}", headers: { "X-Docs-Token" => "Bearer #{token}" }))[0]
    assert_equal 403, custom_app.call(env(body: "{}", headers: { "Authorization" => "Bearer #{token}" }))[0]
  end

  # A refused token never reaches on_callback, and neither the token nor a secret is logged.
  def test_refused_token_is_403_and_logs_no_token
    called = false
    errors = StringIO.new
    body = OoJwt.sign_request({ "key" => "k", "status" => 2 }, "another-secret-0123456789abcdefgh")
    status, _h, chunks = app { called = true }.call(env(body: body, errors: errors))
    assert_equal [403, '{"error":1}'], [status, chunks.join]
    refute called
    assert_equal "oo_jwt: callback refused (bad_signature)\n", errors.string
    refute_includes errors.string, JSON.parse(body)["token"]
  end

  def test_on_callback_failing_is_500
    errors = StringIO.new
    body = OoJwt.sign_request({ "key" => "k", "status" => 2 }, outbox_secret)
    status, _h, chunks = app { raise IOError, "disk full at /secret/path" }.call(env(body: body, errors: errors))
    assert_equal [500, '{"error":1}'], [status, chunks.join]
    assert_equal "oo_jwt: on_callback failed for key \"k\" (IOError)\n", errors.string
  end

  def test_not_a_callback_is_400
    assert_equal 400, app.call(env(body: "not json"))[0]
    assert_equal 400, app.call(env(body: OoJwt.sign_request({ "status" => 1 }, outbox_secret)))[0]
  end

  def test_body_over_max_body_is_refused
    body = OoJwt.sign_request({ "key" => "k", "status" => 1, "pad" => "x" * 500 }, outbox_secret)
    assert_equal 200, app(max_body: body.bytesize).call(env(body: body))[0]
    assert_equal 400, app(max_body: body.bytesize - 1).call(env(body: body))[0]
  end

  # A rack.input that records the byte counts it is asked for.
  class CountingInput < StringIO
    attr_reader :asked

    def read(length = nil, *rest)
      (@asked ||= []) << length
      super
    end
  end

  # IO#read(n) allocates n bytes first: with a declared CONTENT_LENGTH the app asks for that much
  # (and one more byte), not for max_body, whose 64 MiB per request would cost a major GC each time.
  def test_body_read_asks_for_the_declared_length
    body = OoJwt.sign_request({ "key" => "k", "status" => 1 }, outbox_secret)
    input = CountingInput.new(body)
    assert_equal 200, app.call(env(body: body, "CONTENT_LENGTH" => body.bytesize.to_s, "rack.input" => input))[0]
    assert_equal [body.bytesize + 1], input.asked
  end

  # A CONTENT_LENGTH that understates the body changes nothing: the limit is still max_body.
  def test_body_longer_than_declared_is_read_up_to_max_body
    body = OoJwt.sign_request({ "key" => "k", "status" => 1, "pad" => "x" * 500 }, outbox_secret)
    short = { "CONTENT_LENGTH" => "10" }
    assert_equal 200, app(max_body: body.bytesize).call(env(body: body, **short))[0]
    assert_equal 400, app(max_body: body.bytesize - 1).call(env(body: body, **short))[0]
    %w[x -1 99999999999999999999 1e3].each do |bad|
      assert_equal 200, app(max_body: body.bytesize).call(env(body: body, "CONTENT_LENGTH" => bad))[0], bad
    end
    assert_equal 403, app.call(env(body: "", "CONTENT_LENGTH" => "0"))[0]
  end

  def test_other_methods_and_no_input
    status, headers, = app.call(env(method: "GET"))
    assert_equal [405, "POST"], [status, headers["allow"]]
    assert_equal 403, app.call(env.merge("rack.input" => nil))[0]
  end

  def test_needs_a_block
    assert_raises(ArgumentError) { OoJwt::CallbackApp.new(settings) }
  end

  # The adapters need only Rack's interface: requiring the gem loads no rack (test_gem.rb checks that
  # the gem has no runtime dependency).
  def test_no_rack_needed
    script = 'require "oo_jwt"; rack = $LOADED_FEATURES.grep(%r{/rack(/|\\.rb\\z)}).grep_v(%r{/oo_jwt/}); ' \
             'abort "rack loaded: #{rack}" if defined?(::Rack) || rack.any?; print OoJwt::CallbackApp.name'
    out, status = Open3.capture2e(RbConfig.ruby, *TestPaths.load_path_args, "-e", script)
    assert status.success?, out
    assert_equal "OoJwt::CallbackApp", out
  end
end

class TestDownloadGuard < Minitest::Test
  include CallbackFixture

  FILE = [200, { "content-type" => "application/octet-stream" }, ["DOC"]].freeze
  URL = "http://storage.test:8080/files/doc.docx?v=1"

  def download_env(authorization: nil, errors: StringIO.new)
    headers = authorization ? { "Authorization" => authorization } : {}
    env(method: "GET", headers: headers, errors: errors)
      .merge("SCRIPT_NAME" => "/files", "PATH_INFO" => "/doc.docx", "QUERY_STRING" => "v=1")
  end

  def bearer(url, secret = outbox_secret)
    "Bearer #{OoJwt.sign({ 'payload' => { 'url' => url } }, secret)}"
  end

  def guard(settings = self.settings, **opts)
    served = []
    files = lambda do |e|
      served << e["PATH_INFO"]
      FILE
    end
    [OoJwt::DownloadGuard.new(files, settings, **opts), served]
  end

  def test_url_of_a_rack_env
    assert_equal URL, OoJwt::DownloadGuard.url(download_env)
    assert_equal "https://h:443/a", OoJwt::DownloadGuard.url("rack.url_scheme" => "https", "SERVER_NAME" => "h",
                                                              "SERVER_PORT" => "443", "PATH_INFO" => "/a")
  end

  def test_good_token_serves
    app, served = guard
    assert_equal FILE, app.call(download_env(authorization: bearer(URL)))
    assert_equal ["/doc.docx"], served
    assert_equal({ "url" => URL }, OoJwt.check_download(bearer(URL), URL, settings)["payload"])
  end

  def test_refused_without_serving
    app, served = guard
    errors = StringIO.new
    assert_equal 403, app.call(download_env(errors: errors))[0]
    assert_equal 403, app.call(download_env(authorization: bearer("http://storage.test:8080/files/other.docx")))[0]
    assert_equal 403, app.call(download_env(authorization: bearer(URL, "another-secret-0123456789abcdefgh")))[0]
    assert_empty served
    assert_equal "oo_jwt: download refused (missing_token)\n", errors.string
    assert_raises(OoJwt::UrlMismatch) { OoJwt.check_download(bearer("http://x.test/"), URL, settings) }
  end

  def test_path_and_query_only_behind_a_proxy
    app, served = guard(path_and_query_only: true)
    assert_equal FILE, app.call(download_env(authorization: bearer("https://public.test/files/doc.docx?v=1")))
    assert_equal 1, served.size
  end

  # Where Docs sends no token (outbox tokens off, or the URL matches urlExclusionRegex), none is asked.
  def test_no_token_expected
    off = settings_with("enable" => { "browser" => true, "request" => { "inbox" => true, "outbox" => false } })
    app, served = guard(off)
    assert_equal FILE, app.call(download_env)
    assert_equal({}, OoJwt.check_download(nil, URL, off))
    excluded = settings_with("outbox" => { "urlExclusionRegex" => "/files/" })
    app, served2 = guard(excluded)
    assert_equal FILE, app.call(download_env)
    assert_equal [1, 1], [served.size, served2.size]
  end
end

# The README's config.ru, built with Rack's own Builder and called: a callback answered, a save
# whose download fails answered 500, a file served only with Docs' token.
class TestReadmeConfigRu < Minitest::Test
  include CallbackFixture

  def test_config_ru_example
    require "rack"
    readme = File.read(File.join(TestPaths::BINDING, "README.md"))
    code = readme.scan(/^```ruby\n(.*?)^```$/m).map(&:first).find { |b| b.start_with?("# config.ru") }
    refute_nil code
    Dir.mktmpdir("oo-jwt-rb-ru") do |dir|
      File.write(File.join(dir, "doc.docx"), "DOC")
      File.write(File.join(dir, "config.ru"), code)
      app = with_env("DOCS_LOCAL_JSON" => LOCAL_JSON, "STORAGE_DIR" => dir) do
        built = Rack::Builder.parse_file(File.join(dir, "config.ru"))
        built.is_a?(Array) ? built.first : built
      end
      post = lambda do |fields|
        Rack::MockRequest.new(app).post("/callback", input: OoJwt.sign_request(fields, outbox_secret),
                                                     "CONTENT_TYPE" => "application/json")
      end
      ok = post.call("key" => "k", "status" => 1)
      assert_equal [200, '{"error":0}'], [ok.status, ok.body]
      # A closed port: the save fails, and Docs is told so.
      port = TCPServer.open("127.0.0.1", 0) { |s| s.addr[1] }
      failed = post.call("key" => "k", "status" => 2, "url" => "http://127.0.0.1:#{port}/out.docx")
      assert_equal [500, '{"error":1}'], [failed.status, failed.body]
      url = "http://example.org/files/doc.docx"
      files = Rack::MockRequest.new(app)
      assert_equal 403, files.get(url).status
      served = files.get(url, "HTTP_AUTHORIZATION" => "Bearer #{OoJwt.sign({ 'payload' => { 'url' => url } }, outbox_secret)}")
      assert_equal [200, "DOC"], [served.status, served.body]
    end
  end

  # Both adapters keep Rack's contract (Rack::Lint checks the env they get and what they answer).
  def test_adapters_pass_rack_lint
    require "rack"
    callback = Rack::Lint.new(OoJwt::CallbackApp.new(settings) { |_cb| nil })
    req = Rack::MockRequest.new(callback)
    body = OoJwt.sign_request({ "key" => "k", "status" => 1 }, outbox_secret)
    assert_equal 200, req.post("/", input: body).status
    assert_equal 403, req.post("/", input: "{}").status
    assert_equal 405, req.get("/").status
    files = ->(_env) { [200, { "content-type" => "text/plain" }, ["DOC"]] }
    guard = Rack::MockRequest.new(Rack::Lint.new(OoJwt::DownloadGuard.new(files, settings)))
    url = "http://example.org/doc.docx"
    assert_equal 403, guard.get(url).status
    token = OoJwt.sign({ "payload" => { "url" => url } }, outbox_secret)
    assert_equal 200, guard.get(url, "HTTP_AUTHORIZATION" => "Bearer #{token}").status
  end

  private

  def with_env(vars)
    saved = vars.to_h { |k, _| [k, ENV[k]] }
    vars.each { |k, v| ENV[k] = v }
    yield
  ensure
    saved.each { |k, v| ENV[k] = v }
  end
end
