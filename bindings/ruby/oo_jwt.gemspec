# frozen_string_literal: true

# Built by bin/build-gem (make gem, make dist), which stages this directory with the native library
# copied into lib/oo_jwt/ and OO_JWT_GEM_PLATFORM set: a platform gem (x86_64-linux, aarch64-linux,
# x86_64-linux-musl, x64-mingw-ucrt) carries its platform's library; the source gem ("ruby") carries
# none and finds one through OO_JWT_LIB (README: "The source gem").
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

  platform = ENV.fetch("OO_JWT_GEM_PLATFORM", Gem::Platform.local.to_s)
  s.platform = platform
  s.files = Dir.chdir(__dir__) { Dir["lib/**/*.rb"] } + ["README.md"]
  unless platform == "ruby"
    library = platform.include?("mingw") ? "lib/oo_jwt/oo_jwt.dll" : "lib/oo_jwt/liboo_jwt.so"
    unless File.exist?(File.join(__dir__, library))
      raise "#{library} is missing: build the gem with bin/build-gem (make gem), which bundles the library"
    end

    s.files << library
  end
  s.require_paths = ["lib"]
end
