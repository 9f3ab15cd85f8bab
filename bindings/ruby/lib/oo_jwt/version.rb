# frozen_string_literal: true

module OoJwt
  # The wrapper's version; the core's is OoJwt.core_version.
  VERSION = "0.1.0"
end
