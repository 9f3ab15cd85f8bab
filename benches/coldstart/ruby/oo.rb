# frozen_string_literal: true

# Cold start, oo side: the installed oo_jwt gem (its lib/ on the load path, its bundled library)
# verifies one HS256 token; exit 0 only when the claims' key is $OO_COLD_KEY.
require "oo_jwt"
begin
  claims = OoJwt.verify(ENV.fetch("OO_COLD_TOKEN"), ENV.fetch("OO_COLD_SECRET"), algorithms: [OoJwt::Alg::HS256])
rescue OoJwt::Error
  exit 1
end
exit(claims["key"] == ENV.fetch("OO_COLD_KEY") ? 0 : 1)
