# frozen_string_literal: true

# Where the tests find the code and the library. By default: lib/ of this binding and
# $OO_JWT_LIB (else the repository's release build). With OO_JWT_TEST_INSTALLED_GEM=1: whatever
# `require "oo_jwt"` finds through RubyGems (the installed gem, with its bundled library).
unless ENV["OO_JWT_TEST_INSTALLED_GEM"]
  $LOAD_PATH.unshift(File.expand_path("../lib", __dir__))
  if ENV["OO_JWT_LIB"].nil? || ENV["OO_JWT_LIB"].empty?
    ENV["OO_JWT_LIB"] = File.expand_path("../../../target/release/liboo_jwt.so", __dir__)
  end
end
$LOAD_PATH.unshift(__dir__)
