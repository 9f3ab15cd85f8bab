# frozen_string_literal: true

require "fiddle"
require "rbconfig"

module OoJwt
  # The C ABI of include/oo_jwt.h through Fiddle. Nothing here knows about JWTs: it loads the
  # library, declares the functions, lays out OoOptions, copies returned strings and frees them.
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

      raise LoadError, "oo_jwt: native library not found: set OO_JWT_LIB to the path of #{LIBRARY_NAME} " \
                       "(cargo build --release gives target/release/#{LIBRARY_NAME}), or install the " \
                       "oo_jwt gem, which carries it at #{BUNDLED_LIBRARY}"
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

    # need_gvl: false (the operations) lets other Ruby threads run while the core works;
    # the tiny accessors keep the GVL, which is cheaper for them.
    def self.function(name, args, ret, need_gvl: false)
      Fiddle::Function.new(HANDLE[name], args, ret, name: name, need_gvl: need_gvl)
    end
    private_class_method :function

    SIGN = function("oo_sign", [P, N, P, N, P, P], I32)
    VERIFY = function("oo_verify", [P, N, P, N, P, P], I32)
    DECODE_UNVERIFIED = function("oo_decode_unverified", [P, N, P, P, P], I32)
    SIGN_REQUEST = function("oo_sign_request", [P, N, P, N, U32, P, P], I32)
    VERIFY_REQUEST = function("oo_verify_request", [P, N, P, N, P, N, P, N, P, P], I32)
    SIGN_CONFIG = function("oo_sign_config", [P, N, P, N, P, P], I32)
    SIGN_EDITOR_METHOD = function("oo_sign_editor_method", [P, N, P, N, P, N, P, P], I32)
    VERIFY_DOWNLOAD = function("oo_verify_download", [P, N, P, N, P, N, P, N, P, P], I32)
    LOAD_CONFIG = function("oo_load_config", [P, N, P, N, P, N, P], I32)
    VERIFY_REQUEST_WITH_CONFIG = function("oo_verify_request_with_config", [P, N, P, N, P, N, U32, P, P], I32)
    VERIFY_DOWNLOAD_WITH_CONFIG = function("oo_verify_download_with_config", [P, N, P, N, P, N, P, P], I32)
    DOWNLOAD_TOKEN_EXPECTED = function("oo_download_token_expected", [P, N, P, N, P], I32)
    FREE = function("oo_free", [P], Fiddle::TYPE_VOID, need_gvl: true)
    STATUS_NAME = function("oo_status_name", [I32], P, need_gvl: true)
    LAST_ERROR_MESSAGE = function("oo_last_error_message", [], P, need_gvl: true)
    CORE_VERSION = function("oo_version", [], P, need_gvl: true)
    SELFTEST_PANIC = function("oo_selftest_panic", [], I32)

    OK = 0
    OPT_NOW = 1
    OPT_LEEWAY = 2
    OPT_EXPIRES_IN = 4
    OPT_URL_PATH_QUERY = 8
    PLACEMENT_BODY = 0
    PLACEMENT_HEADER = 1
    DIRECTION_INBOX = 0
    DIRECTION_OUTBOX = 1

    # OoOptions, field by field as in the header: [name, pack directive, size, alignment].
    # Offsets follow the C rules (each field at a multiple of its alignment, the size rounded up
    # to the largest alignment); test/test_native.rb compares them with the C compiler's offsetof.
    OPTIONS_FIELDS = [
      [:struct_size, "L", Fiddle::SIZEOF_INT32_T, Fiddle::ALIGN_INT32_T],
      [:flags, "L", Fiddle::SIZEOF_INT32_T, Fiddle::ALIGN_INT32_T],
      [:algorithm, "J", Fiddle::SIZEOF_VOIDP, Fiddle::ALIGN_VOIDP],
      [:algorithm_len, "J", Fiddle::SIZEOF_SIZE_T, Fiddle::ALIGN_SIZE_T],
      [:algorithms, "J", Fiddle::SIZEOF_VOIDP, Fiddle::ALIGN_VOIDP],
      [:algorithms_len, "J", Fiddle::SIZEOF_SIZE_T, Fiddle::ALIGN_SIZE_T],
      [:now, "q", Fiddle::SIZEOF_INT64_T, Fiddle::ALIGN_INT64_T],
      [:leeway, "q", Fiddle::SIZEOF_INT64_T, Fiddle::ALIGN_INT64_T],
      [:expires_in, "q", Fiddle::SIZEOF_INT64_T, Fiddle::ALIGN_INT64_T],
      [:max_token_len, "Q", Fiddle::SIZEOF_INT64_T, Fiddle::ALIGN_INT64_T],
      [:max_json_len, "Q", Fiddle::SIZEOF_INT64_T, Fiddle::ALIGN_INT64_T]
    ].freeze
    # "J" (uintptr_t) stands for size_t too.
    raise LoadError, "oo_jwt: size_t and pointers differ in size here" unless Fiddle::SIZEOF_SIZE_T == Fiddle::SIZEOF_VOIDP

    offset = 0
    offsets = {}
    OPTIONS_FIELDS.each do |name, _, size, align|
      offset = (offset + align - 1) / align * align
      offsets[name] = offset
      offset += size
    end
    max_align = OPTIONS_FIELDS.map(&:last).max
    # name => byte offset, and sizeof(OoOptions).
    OPTIONS_OFFSETS = offsets.freeze
    OPTIONS_SIZE = (offset + max_align - 1) / max_align * max_align
    # Array#pack format placing every field at its offset ("@n" pads with NULs), then the tail.
    OPTIONS_FORMAT = (OPTIONS_FIELDS.map { |name, dir, _, _| "@#{offsets[name]}#{dir}" }.join +
                      "@#{OPTIONS_SIZE}").freeze

    ZERO_POINTER = ("\0".b * Fiddle::SIZEOF_VOIDP).freeze

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

    # Packs an OoOptions, or returns nil (NULL: every default) when nothing is set. +algorithm+
    # and +algorithms+ are byte Strings from ::bytes, which the caller keeps referenced until the
    # call returns; the integers only have to fit their C types (the core judges their values).
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
      [
        OPTIONS_SIZE, flags,
        algorithm.nil? ? 0 : Fiddle::Pointer[algorithm].to_i, algorithm.nil? ? 0 : algorithm.bytesize,
        algorithms.nil? ? 0 : Fiddle::Pointer[algorithms].to_i, algorithms.nil? ? 0 : algorithms.bytesize,
        int64(now), int64(leeway), int64(expires_in), uint64(max_token_len), uint64(max_json_len)
      ].pack(OPTIONS_FORMAT)
    end

    # Integers are converted to their C type, never judged: a value the type cannot hold is a
    # RangeError (Array#pack would wrap it silently); any value it can hold goes to the core.
    def self.int64(value)
      return 0 if value.nil?
      return value if value.is_a?(Integer) && value.bit_length < 64

      raise TypeError, "oo_jwt: expected an Integer, got #{value.class}" unless value.is_a?(Integer)

      raise RangeError, "oo_jwt: #{value} does not fit an int64_t"
    end

    def self.uint64(value)
      return 0 if value.nil?
      return value if value.is_a?(Integer) && value >= 0 && value.bit_length <= 64

      raise TypeError, "oo_jwt: expected an Integer, got #{value.class}" unless value.is_a?(Integer)

      raise RangeError, "oo_jwt: #{value} does not fit a uint64_t"
    end
    private_class_method :int64, :uint64

    # A zeroed char* slot for an out parameter, freed by Ruby's GC.
    def self.out_slot
      slot = Fiddle::Pointer.malloc(Fiddle::SIZEOF_VOIDP, Fiddle::RUBY_FREE)
      slot[0, Fiddle::SIZEOF_VOIDP] = ZERO_POINTER
      slot
    end

    # The string an OK call wrote into +slot+, copied into Ruby, then released with oo_free.
    def self.take(slot)
      ptr = slot.ptr
      raise Internal, "the library returned OK without writing its result" if ptr.null?

      begin
        ptr.to_s.force_encoding(Encoding::UTF_8)
      ensure
        FREE.call(ptr)
      end
    end

    # The Error for a failed call's status, with this thread's last error message (read at once,
    # on the thread that made the call).
    def self.error(status)
      detail = LAST_ERROR_MESSAGE.call.to_s.force_encoding(Encoding::UTF_8)
      klass = ERROR_CLASSES[status]
      return klass.new(detail) if klass

      Error.new(detail, code: status_name(status).to_sym, status: status)
    end

    def self.status_name(status)
      STATUS_NAME.call(status).to_s.force_encoding(Encoding::UTF_8)
    end
  end
end
