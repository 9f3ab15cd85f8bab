# frozen_string_literal: true

module OoJwt
  # The wrapper's version: Cargo.toml's, read from the repository here; bin/build-gem writes it into
  # the gem's copy of this file as a literal. The core's is OoJwt.core_version.
  VERSION = File.read(File.expand_path("../../../../Cargo.toml", __dir__))[/^version = "([^"]+)"/, 1]
end
