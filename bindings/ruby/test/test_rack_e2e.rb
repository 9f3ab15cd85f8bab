# frozen_string_literal: true

require "open3"
require "rbconfig"
require "socket"
require "tmpdir"

# The Rack adapters end to end: test/rack_server.rb (CallbackApp at /callback, DownloadGuard over
# /files/doc.docx) runs as its own process under WEBrick on a loopback port the system picks, and
# `oo-jwt docs-sim session` plays Docs against it: every step must pass, and the callbacks the
# handler received are checked. The same service loaded with another outbox secret must fail the
# session.
class TestRackEndToEnd < Minitest::Test
  LOCAL_JSON = File.join(TestPaths::ROOT, "tests", "fixtures", "integration", "local.json")
  SERVER = File.join(__dir__, "rack_server.rb")

  def cli
    env = ENV["OO_JWT_CLI"]
    env && !env.empty? ? env : File.join(TestPaths::ROOT, "target", "release", "oo-jwt")
  end

  def test_docs_sim_session_passes_every_step
    Dir.mktmpdir("oo-jwt-rb-e2e") do |dir|
      record = File.join(dir, "callbacks.jsonl")
      report, status = with_server(LOCAL_JSON, record) { |port| session(port) }
      assert status.success?, "docs-sim session exit #{status.exitstatus}: #{failed_steps(report)}"
      assert_equal 0, report["failed"], failed_steps(report)
      assert_operator report["passed"], :>=, 14
      check_callbacks(File.readlines(record).map { |l| JSON.parse(l) })
    end
  end

  # The handler with the wrong outbox secret refuses Docs' callbacks and downloads: the session fails.
  def test_docs_sim_session_fails_with_another_outbox_secret
    Dir.mktmpdir("oo-jwt-rb-e2e") do |dir|
      doc = JSON.parse(File.read(LOCAL_JSON))
      doc["services"]["CoAuthoring"]["secret"]["outbox"] = { "string" => "not-the-outbox-secret-0123456789ab" }
      wrong = File.join(dir, "local.json")
      File.write(wrong, JSON.generate(doc))
      record = File.join(dir, "callbacks.jsonl")
      report, status = with_server(wrong, record) { |port| session(port) }
      refute status.success?
      failed = report["steps"].reject { |s| s["ok"] }.map { |s| s["name"] }
      assert_operator report["failed"], :>=, 12, failed.inspect
      assert failed.any? { |n| n.include?("downloads document.url") }, failed.inspect
      refute File.exist?(record) && !File.read(record).empty?, "no callback may reach on_callback"
    end
  end

  private

  def check_callbacks(calls)
    assert_equal [1, 2, 3, 4, 6, 7], calls.map { |c| c["status_code"] }.uniq.sort
    by_status = calls.group_by { |c| c["status"] }
    force = by_status.fetch("force_save").first
    assert_equal [1, "docs-sim-userdata"], [force["forcesavetype"], force["userdata"]]
    # On 2 and 6 the service fetched the document at url, as a save does.
    (by_status["ready_for_saving"] + by_status["force_save"]).each { |c| assert_operator c["saved_bytes"], :>, 0 }
    # The long history: Docs cut changesurl and history from the header token; the body token has them.
    long = calls.find { |c| c["key"].end_with?("-long") }
    assert_equal "ready_for_saving", long["status"]
    assert_match(%r{\Ahttp://127\.0\.0\.1:\d+/.*changes}, long["changesurl"].to_s)
    assert_equal 120, long["history_changes"]
  end

  def session(port)
    base = "http://127.0.0.1:#{port}"
    out, err, status = Open3.capture3("timeout", "-s", "KILL", "180", cli, "docs-sim", "session", "--config", LOCAL_JSON,
                                      "--callback-url", "#{base}/callback", "--file-url", "#{base}/files/doc.docx",
                                      "--json")
    report = begin
      JSON.parse(out)
    rescue JSON::ParserError
      flunk "docs-sim session printed no JSON report (exit #{status.exitstatus}): #{out}#{err}"
    end
    [report, status]
  end

  def failed_steps(report)
    report["steps"].reject { |s| s["ok"] }.map { |s| "#{s['step']} #{s['name']}: #{s['detail']}" }.join("; ")
  end

  # Starts the service in its own process group (bounded by timeout), waits until it answers, yields
  # its port and kills the group whatever happens.
  def with_server(local_json, record)
    out_r, out_w = IO.pipe
    pid = Process.spawn("timeout", "-s", "KILL", "300", RbConfig.ruby, *TestPaths.load_path_args, SERVER, local_json,
                        record, out: out_w, err: File::NULL, pgroup: true)
    out_w.close
    port = read_port(out_r)
    wait_ready(port)
    yield port
  ensure
    begin
      Process.kill("KILL", -pid) if pid
    rescue Errno::ESRCH
      nil
    end
    Process.wait(pid) if pid
    out_r&.close
  end

  # The server's "listening PORT" line, within a bounded deadline.
  def read_port(io)
    deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + 60
    line = +""
    until line.end_with?("\n")
      left = deadline - Process.clock_gettime(Process::CLOCK_MONOTONIC)
      flunk "the Rack server did not report its port within 60 s" if left <= 0 || !io.wait_readable(left)
      chunk = io.read_nonblock(256, exception: false)
      flunk "the Rack server exited before listening" if chunk.nil?
      line << chunk if chunk.is_a?(String)
    end
    Integer(line[/\Alistening (\d+)$/, 1] || flunk("unexpected server output: #{line.inspect}"))
  end

  # Polls until an HTTP request is answered (a download without a token: refused), within a deadline.
  def wait_ready(port)
    deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + 60
    loop do
      begin
        Socket.tcp("127.0.0.1", port, connect_timeout: 5) do |s|
          s.write("GET /files/doc.docx HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
          return if s.read.start_with?("HTTP/1.1 403")
        end
      rescue SystemCallError
        nil
      end
      flunk "the Rack server did not answer within 60 s" if Process.clock_gettime(Process::CLOCK_MONOTONIC) > deadline
      sleep 0.05
    end
  end
end
