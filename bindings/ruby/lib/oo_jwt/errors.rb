# frozen_string_literal: true

module OoJwt
  # Any failure reported by the oo-jwt core. +code+ is the contract's name as a Symbol
  # (+:bad_signature+), +status+ its number (6) and +detail+ the core's message; +message+ is
  # "bad_signature: <detail>". Rescue OoJwt::Error for every case, or the subclass of one name.
  class Error < StandardError
    CODE = :unknown # a status this table does not know (a newer core)
    STATUS = -1

    attr_reader :code, :status, :detail

    def initialize(detail = nil, code: self.class::CODE, status: self.class::STATUS)
      @code = code
      @status = status
      @detail = detail.to_s
      super(@detail.empty? ? @code.to_s : "#{@code}: #{@detail}")
    end
  end

  # One subclass per contract name (README.md's error table, include/oo_jwt.h).
  class InvalidArgument < Error; CODE = :invalid_argument; STATUS = 1; end
  class InvalidJson < Error;     CODE = :invalid_json;     STATUS = 2; end
  class EmptySecret < Error;     CODE = :empty_secret;     STATUS = 3; end
  class Malformed < Error;       CODE = :malformed;        STATUS = 4; end
  class UnsupportedAlg < Error;  CODE = :unsupported_alg;  STATUS = 5; end
  class BadSignature < Error;    CODE = :bad_signature;    STATUS = 6; end
  class Expired < Error;         CODE = :expired;          STATUS = 7; end
  class NotYetValid < Error;     CODE = :not_yet_valid;    STATUS = 8; end
  class TooLarge < Error;        CODE = :too_large;        STATUS = 9; end
  class MissingToken < Error;    CODE = :missing_token;    STATUS = 10; end
  class InvalidConfig < Error;   CODE = :invalid_config;   STATUS = 11; end
  class UrlMismatch < Error;     CODE = :url_mismatch;     STATUS = 12; end
  class Internal < Error;        CODE = :internal;         STATUS = 255; end

  # status number => class. test/test_api.rb checks it against the header's OO_* constants and
  # the library's oo_status_name.
  ERROR_CLASSES = [
    InvalidArgument, InvalidJson, EmptySecret, Malformed, UnsupportedAlg, BadSignature, Expired,
    NotYetValid, TooLarge, MissingToken, InvalidConfig, UrlMismatch, Internal
  ].to_h { |k| [k::STATUS, k] }.freeze
end
