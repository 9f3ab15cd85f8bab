# frozen_string_literal: true

# The integrator's service of the end-to-end test, run as its own process under WEBrick through
# Rack's handler (Debian's ruby-rack and ruby-webrick):
#   ruby rack_server.rb LOCAL_JSON RECORD_FILE
# /callback is OoJwt::CallbackApp (each callback it receives appended to RECORD_FILE as a JSON
# line; on status 2 and 6 the file at url is fetched, as an integrator saves it); /files/doc.docx
# is served behind OoJwt::DownloadGuard. Listens on 127.0.0.1, on a port the system picks, and
# prints "listening PORT" once it accepts connections.
require_relative "setup"
require "oo_jwt"
require "rack"
require "rack/handler/webrick"
require "net/http"

local_json, record_file = ARGV
settings = OoJwt.load_config(local_json)

record = lambda do |cb|
  saved = cb.save? ? Net::HTTP.get_response(URI(cb.url)).body.to_s.bytesize : nil
  line = { "key" => cb.key, "status" => cb.status.to_s, "status_code" => cb.status_code,
           "changesurl" => cb.changesurl, "history_changes" => cb.history.is_a?(Hash) ? Array(cb.history["changes"]).size : nil,
           "users" => cb.users, "actions" => cb.actions, "forcesavetype" => cb.forcesavetype,
           "userdata" => cb.userdata, "saved_bytes" => saved }
  File.open(record_file, "a") { |f| f.puts(JSON.generate(line)) }
end

files = ->(_env) { [200, { "content-type" => "application/octet-stream" }, ["PK\x03\x04 a small document"]] }

app = Rack::Builder.new do
  map("/callback") { run OoJwt::CallbackApp.new(settings, &record) }
  map("/files") do
    use OoJwt::DownloadGuard, settings
    run ->(env) { env["PATH_INFO"] == "/doc.docx" ? files.call(env) : [404, {}, ["not found\n"]] }
  end
end

quiet = WEBrick::Log.new(File::NULL)
Rack::Handler::WEBrick.run(app, Host: "127.0.0.1", Port: 0, Logger: quiet, AccessLog: []) do |server|
  server.config[:StartCallback] = lambda do
    $stdout.puts "listening #{server.listeners.first.addr[1]}"
    $stdout.flush
  end
  %w[INT TERM].each { |sig| trap(sig) { server.shutdown } }
end
