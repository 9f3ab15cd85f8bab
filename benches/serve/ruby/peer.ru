# frozen_string_literal: true

# The peer side: the same callback job with ruby-jwt, as the official Ruby integration example
# reads a callback: the JSON body parsed; its "token" member verified if present, else the
# Authorization header's Bearer token and its "payload" claim; HS256 only, the outbox secret; the
# verified claims read; {"error":0} on success, 403 {"error":1} when the token is refused or missing.
gem "jwt", ENV.fetch("OO_SERVE_PEER_VERSION")
require "jwt"
require "json"

SECRET = ENV.fetch("OO_SERVE_SECRET")
JSON_HEADERS = { "content-type" => "application/json" }.freeze

run(lambda do |env|
  input = env["rack.input"]
  input.rewind
  data = JSON.parse(input.read)
  if data["token"]
    claims = JWT.decode(data["token"], SECRET, true, algorithm: "HS256")[0]
  elsif (header = env["HTTP_AUTHORIZATION"])
    claims = JWT.decode(header.delete_prefix("Bearer "), SECRET, true, algorithm: "HS256")[0]["payload"]
  else
    next [403, JSON_HEADERS.dup, ['{"error":1}']]
  end
  history = claims["history"].is_a?(Hash) ? claims["history"]["changes"] : nil
  [claims["status"], claims["key"], claims["url"], history.is_a?(Array) ? history.size : 0]
  [200, JSON_HEADERS.dup, ['{"error":0}']]
rescue JWT::DecodeError
  [403, JSON_HEADERS.dup, ['{"error":1}']]
rescue JSON::ParserError
  [400, JSON_HEADERS.dup, ['{"error":1}']]
end)
