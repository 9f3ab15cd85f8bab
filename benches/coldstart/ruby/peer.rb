# frozen_string_literal: true

# Cold start, peer side: ruby-jwt (Debian's gem, its lib/ on the load path) verifies the same token,
# HS256 only; exit 0 only when the claims' key is $OO_COLD_KEY.
require "jwt"
begin
  claims = JWT.decode(ENV.fetch("OO_COLD_TOKEN"), ENV.fetch("OO_COLD_SECRET"), true, algorithm: "HS256")[0]
rescue JWT::DecodeError
  exit 1
end
exit(claims["key"] == ENV.fetch("OO_COLD_KEY") ? 0 : 1)
