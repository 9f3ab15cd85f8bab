# frozen_string_literal: true

require "fiddle"
require "rbconfig"

module OoJwt
  # The HMAC algorithms, one bit each (the header's OoAlg): +algorithm: OoJwt::Alg::HS384+ signs with
  # one; +algorithms: [OoJwt::Alg::HS256, OoJwt::Alg::HS512]+ (or their bits OR-ed) is an allow-list.
  module Alg
    HS256 = 1
    HS384 = 2
    HS512 = 4
  end

  # The C ABI of include/oo_jwt.h through Fiddle. Nothing here knows about JWTs: it loads the
  # library, declares the functions, packs OoOptions, copies returned strings and frees them.
  module Native
    # The library's file name here and its directory in a multi-platform layout (dist/native/), from
    # RbConfig: e.g. ["liboo_jwt.so", "linux-x86_64"], ["oo_jwt.dll", "windows-x86_64"].
    def self.platform_library
      cpu = RbConfig::CONFIG["host_cpu"].downcase
      arch = { "amd64" => "x86_64", "x64" => "x86_64", "arm64" => "aarch64" }.fetch(cpu, cpu)
      case RbConfig::CONFIG["host_os"]
      when /mswin|mingw|cygwin/ then ["oo_jwt.dll", "windows-#{arch}"]
      when /darwin/ then ["liboo_jwt.dylib", "macos-#{arch}"]
      when /musl/ then ["liboo_jwt.so", "linux-#{arch}-musl"]
      else ["liboo_jwt.so", "linux-#{arch}"]
      end
    end

    LIBRARY_NAME, PLATFORM = platform_library
    # Where the gem carries the library (oo_jwt.gemspec puts it here).
    BUNDLED_LIBRARY = File.expand_path(LIBRARY_NAME, __dir__)
    # A gem carrying several platforms puts each under native/<platform>/.
    PLATFORM_LIBRARY = File.expand_path(File.join("native", PLATFORM, LIBRARY_NAME), __dir__)

    # $OO_JWT_LIB when set, else the library bundled for this platform, else next to this file.
    def self.locate
      env = ENV["OO_JWT_LIB"]
      return env if env && !env.empty?
      return PLATFORM_LIBRARY if File.exist?(PLATFORM_LIBRARY)
      return BUNDLED_LIBRARY if File.exist?(BUNDLED_LIBRARY)

      platform = defined?(Gem::Platform) ? Gem::Platform.local : RbConfig::CONFIG["arch"]
      raise LoadError, "oo_jwt: native library #{LIBRARY_NAME} not found; searched: OO_JWT_LIB (not set), " \
                       "#{PLATFORM_LIBRARY}, #{BUNDLED_LIBRARY}. Fix: install the oo_jwt platform gem " \
                       "for #{platform} (it carries the library; this copy has none), or " \
                       "build the library (cargo build --release in the oo-jwt repository gives " \
                       "target/release/#{LIBRARY_NAME}) and set OO_JWT_LIB to its path"
    end

    LIBRARY_PATH = locate
    begin
      HANDLE = Fiddle::Handle.new(LIBRARY_PATH)
    rescue Fiddle::DLError => e
      raise LoadError, "oo_jwt: cannot load #{LIBRARY_PATH}: #{e.message}"
    end

    P = Fiddle::TYPE_VOIDP
    N = Fiddle::TYPE_SIZE_T
    I32 = Fiddle::TYPE_INT32_T
    U32 = -Fiddle::TYPE_INT32_T

    # Constants of the header (test/test_api.rb checks them against it).
    OK = 0
    OPT_NOW = 1
    OPT_LEEWAY = 2
    OPT_EXPIRES_IN = 4
    OPT_URL_PATH_QUERY = 8
    PLACEMENT_BODY = 0
    PLACEMENT_HEADER = 1
    DIRECTION_INBOX = 0
    DIRECTION_OUTBOX = 1
    ABI_MAJOR = 1
    ABI_MINOR = 0

    # need_gvl: false (the operations) lets other Ruby threads run while the core works;
    # the tiny accessors keep the GVL, which is cheaper for them.
    def self.function(name, args, ret, need_gvl: false)
      Fiddle::Function.new(HANDLE[name], args, ret, name: name, need_gvl: need_gvl)
    end
    private_class_method :function

    # Parameter codes: b = an input (const uint8_t *, size_t); o = const OoOptions *; u = uint32_t;
    # s = a char ** output (an out slot); p = uint8_t *. Every operation ends with char **out_error.
    CODES = { "b" => [P, N], "o" => [P], "u" => [U32], "s" => [P], "p" => [P] }.freeze
    SIGNATURES = {
      "oo_sign" => "bboss", "oo_verify" => "bboss", "oo_decode_unverified" => "bosss",
      "oo_sign_request" => "bbuoss", "oo_verify_request" => "bbbboss", "oo_sign_config" => "bboss",
      "oo_sign_editor_method" => "bbboss", "oo_verify_download" => "bbbboss", "oo_load_config" => "bbbss",
      "oo_verify_request_with_config" => "bbbuoss", "oo_verify_download_with_config" => "bbboss",
      "oo_download_token_expected" => "bbps"
    }.freeze
    # name => Fiddle::Function, every operation of the header.
    FUNCTIONS = SIGNATURES.to_h { |name, sig| [name, function(name, sig.chars.flat_map { |c| CODES[c] }, I32)] }.freeze
    FREE = function("oo_free", [P], Fiddle::TYPE_VOID, need_gvl: true)
    STATUS_NAME = function("oo_status_name", [I32], P, need_gvl: true)
    CORE_VERSION = function("oo_version", [], P, need_gvl: true)
    ABI_VERSION = function("oo_abi_version", [], U32, need_gvl: true)

    abi = ABI_VERSION.call
    if abi >> 16 != ABI_MAJOR
      raise LoadError, "oo_jwt: #{LIBRARY_PATH} has ABI #{abi >> 16}.#{abi & 0xFFFF}; this gem needs #{ABI_MAJOR}.x"
    end

    # OoOptions, field by field as in the header: [name, pack directive]. Integers only, no padding
    # (test/test_api.rb compares every offset with the C compiler's offsetof), native byte order.
    OPTIONS_FIELDS = [
      [:struct_size, "L"], [:flags, "L"], [:algorithm, "L"], [:algorithms, "L"], [:now, "q"],
      [:leeway, "q"], [:expires_in, "q"], [:max_token_len, "Q"], [:max_json_len, "Q"]
    ].freeze
    OPTIONS_FORMAT = OPTIONS_FIELDS.map(&:last).join.freeze
    # name => byte offset, and sizeof(OoOptions).
    OPTIONS_OFFSETS = OPTIONS_FIELDS.each_with_index.to_h do |(name, _), i|
      [name, OPTIONS_FIELDS.first(i).sum { |_, dir| [0].pack(dir).bytesize }]
    end.freeze
    OPTIONS_SIZE = Array.new(OPTIONS_FIELDS.size, 0).pack(OPTIONS_FORMAT).bytesize

    ZERO_POINTER = ("\0".b * Fiddle::SIZEOF_VOIDP).freeze
    TWO_ZERO_POINTERS = (ZERO_POINTER * 2).freeze

    # The bytes to pass for a Ruby value: nil stays nil (NULL); a String's own bytes when its
    # encoding is UTF-8, US-ASCII or binary (invalid sequences included: the core judges them),
    # else its UTF-8 transcoding; a Symbol's name; the String of an object that converts
    # implicitly (#to_str). A String that cannot be transcoded (a lone UTF-16 surrogate, an
    # invalid Shift_JIS byte) is the contract's invalid_argument, not an EncodingError.
    def self.bytes(value)
      case value
      when String
        enc = value.encoding
        if enc == Encoding::UTF_8 || enc == Encoding::BINARY || enc == Encoding::US_ASCII
          value
        else
          begin
            value.encode(Encoding::UTF_8)
          rescue EncodingError
            raise InvalidArgument, "a #{enc} string that has no UTF-8 form"
          end
        end
      when nil then nil
      when Symbol then value.name
      else
        raise TypeError, "oo_jwt: expected a String, got #{value.class}" unless value.respond_to?(:to_str)

        bytes(value.to_str)
      end
    end

    # Packs an OoOptions, or returns nil (NULL: every default) when nothing is given. A value left
    # out stays "not given" (its flag unset, its field 0), whatever the core's default for it is;
    # the integers only have to fit their C types (the core judges their values).
    def self.options(algorithm: nil, algorithms: nil, now: nil, leeway: nil, expires_in: nil,
                     max_token_len: nil, max_json_len: nil, url_path_query: false)
      if algorithm.nil? && algorithms.nil? && now.nil? && leeway.nil? && expires_in.nil? &&
         max_token_len.nil? && max_json_len.nil? && !url_path_query
        return nil
      end

      flags = url_path_query ? OPT_URL_PATH_QUERY : 0
      flags |= OPT_NOW unless now.nil?
      flags |= OPT_LEEWAY unless leeway.nil?
      flags |= OPT_EXPIRES_IN unless expires_in.nil?
      unless algorithms.nil? || algorithms.is_a?(Integer)
        raise TypeError, "oo_jwt: algorithms: expected Alg bits or a list" unless algorithms.respond_to?(:reduce)

        algorithms = algorithms.reduce(0) { |bits, a| bits | int(a, 32, false) }
      end
      # 0 would be "not given" (every algorithm); an empty list allows none.
      raise InvalidArgument, "the allow-list is empty" if algorithms&.zero?
      [OPTIONS_SIZE, flags, int(algorithm, 32, false), int(algorithms, 32, false), int(now, 64, true),
       int(leeway, 64, true), int(expires_in, 64, true), int(max_token_len, 64, false),
       int(max_json_len, 64, false)].pack(OPTIONS_FORMAT)
    end

    # Integers are converted to their C type, never judged: a value the type cannot hold is a
    # RangeError (Array#pack would wrap it silently); any value it can hold goes to the core.
    def self.int(value, bits, signed)
      return 0 if value.nil?
      raise TypeError, "oo_jwt: expected an Integer, got #{value.class}" unless value.is_a?(Integer)
      return value if signed ? value.bit_length < bits : value >= 0 && value.bit_length <= bits

      raise RangeError, "oo_jwt: #{value} does not fit a#{signed ? 'n' : ' u'}int#{bits}_t"
    end
    private_class_method :int

    # A zeroed char* slot for an out parameter, freed by Ruby's GC.
    def self.out_slot
      slot = Fiddle::Pointer.malloc(Fiddle::SIZEOF_VOIDP, Fiddle::RUBY_FREE)
      slot[0, Fiddle::SIZEOF_VOIDP] = ZERO_POINTER
      slot
    end

    # The string a call wrote into +slot+ (nil for NULL), copied into Ruby, then released with oo_free.
    def self.take(slot)
      ptr = slot.ptr
      return nil if ptr.null?

      begin
        ptr.to_s.force_encoding(Encoding::UTF_8)
      ensure
        FREE.call(ptr)
      end
    end

    # Makes one call: yields the output slot and the error slot (both zeroed) to the block, which
    # calls the operation with them last and returns its status; returns the output String. On
    # failure raises the Error for the status with the message the same call wrote.
    #
    # The slot pair is allocated once per thread (fiber-local) and reused, which saves an allocation
    # per call; it is taken out of the fiber's storage while in use, so that a call made meanwhile
    # on the same thread (a signal handler's) gets a pair of its own.
    def self.call
      slots = Thread.current[SLOTS_KEY]
      if slots
        Thread.current[SLOTS_KEY] = nil
      else
        out = Fiddle::Pointer.malloc(2 * Fiddle::SIZEOF_VOIDP, Fiddle::RUBY_FREE)
        slots = [out, out + Fiddle::SIZEOF_VOIDP].freeze
      end
      out, err = slots
      out[0, 2 * Fiddle::SIZEOF_VOIDP] = TWO_ZERO_POINTERS
      status = yield(out, err)
      raise error(status, take(err)) unless status == OK

      take(out) or raise Internal, "the library returned OK without writing its result"
    ensure
      Thread.current[SLOTS_KEY] = slots
    end
    SLOTS_KEY = :__oo_jwt_slots

    # The Error for a failed call's status and message.
    def self.error(status, detail)
      klass = ERROR_CLASSES[status]
      return klass.new(detail) if klass

      Error.new(detail, code: status_name(status).to_sym, status: status)
    end

    def self.status_name(status)
      STATUS_NAME.call(status).to_s.force_encoding(Encoding::UTF_8)
    end
  end
end
