# frozen_string_literal: true

# The gem carries the native library: bin/build-gem stages this directory with
# lib/oo_jwt/liboo_jwt.so copied in, then runs `gem build` on this file there.
require_relative "lib/oo_jwt/version"

Gem::Specification.new do |s|
  s.name = "oo_jwt"
  s.version = OoJwt::VERSION
  s.summary = "ONLYOFFICE Docs JWTs (HS256/384/512) through the oo-jwt Rust core, over Fiddle"
  s.description = "A thin Fiddle wrapper over liboo_jwt.so: sign, verify, decode_unverified, " \
                  "sign_request, verify_request, sign_config, verify_download and load_config " \
                  "with the checks ONLYOFFICE Docs applies, and a callback handler and download guard " \
                  "as Rack apps (Rack's interface only). No JWT logic in Ruby; no runtime dependency."
  s.authors = ["oo-jwt contributors"]
  s.license = "MIT"
  s.required_ruby_version = ">= 3.0"

  library = "lib/oo_jwt/liboo_jwt.so"
  unless File.exist?(File.join(__dir__, library))
    raise "#{library} is missing: build the gem with bin/build-gem (make gem), which bundles the library"
  end

  # The library is built for this machine's platform (x86_64-linux here).
  s.platform = Gem::Platform.local
  s.files = Dir.chdir(__dir__) { Dir["lib/**/*.rb"] } + [library, "README.md"]
  s.require_paths = ["lib"]
end
