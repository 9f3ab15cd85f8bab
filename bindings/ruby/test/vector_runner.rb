# frozen_string_literal: true

# Runs one case of tests/vectors/*.json (format: docs/vectors.md) through the public OoJwt API.
# Used by the minitest suite (one test per case id) and by the conformance script.
require "digest"
require "json"
require "tmpdir"
require "oo_jwt"

module VectorRunner
  BINDING_DIR = File.expand_path("..", __dir__)

  # $OO_JWT_VECTORS, else ../../tests/vectors relative to the binding.
  def self.dir
    env = ENV["OO_JWT_VECTORS"]
    env && !env.empty? ? env : File.expand_path("../../tests/vectors", BINDING_DIR)
  end

  class ManifestMismatch < StandardError; end

  # The vector files, sorted, after checking them against manifest.json (each file's name, SHA-256 and
  # case count): an emptied, deleted or added file raises instead of running zero cases.
  def self.files
    list = Dir[File.join(dir, "*.json")].reject { |f| File.basename(f) == "manifest.json" }.sort
    manifest = JSON.parse(File.read(File.join(dir, "manifest.json"), encoding: "UTF-8")).fetch("files")
    names = list.map { |f| File.basename(f) }
    raise ManifestMismatch, "vector files #{names} differ from manifest.json's #{manifest.keys.sort}" unless names == manifest.keys.sort

    list.each do |f|
      name = File.basename(f)
      bytes = File.binread(f)
      raise ManifestMismatch, "#{name}: SHA-256 differs from manifest.json" unless Digest::SHA256.hexdigest(bytes) == manifest[name]["sha256"]

      n = cases(f).length
      raise ManifestMismatch, "#{name}: #{n} cases, manifest.json says #{manifest[name]["cases"]}" unless n == manifest[name]["cases"] && n.positive?
    end
    list
  end

  def self.cases(file)
    cases = JSON.parse(File.read(file, mode: "rb", encoding: "UTF-8"), max_nesting: false).fetch("cases")
    raise ManifestMismatch, "#{File.basename(file)}: \"cases\" is not a list" unless cases.is_a?(Array)

    cases
  end

  # nil when the case passes, else a failure message naming its id.
  def self.check(c)
    id = c["id"]
    expect = c["expect"]
    begin
      got = run(c["op"], c["input"])
    rescue OoJwt::Error => e
      err = e
    rescue UnknownOp => e
      return "#{id}: #{e.message}"
    end

    if expect.key?("error")
      want = expect["error"]
      return "#{id}: expected error #{want}, got success #{got.inspect[0, 300]}" unless err
      return "#{id}: expected error #{want}, got #{err.code} (#{err.detail})" unless err.code.to_s == want
      unless err.is_a?(OoJwt::ERROR_CLASSES.fetch(err.status)) && err.class::CODE == err.code
        return "#{id}: #{err.code} raised as #{err.class} (status #{err.status})"
      end

      nil
    elsif err
      "#{id}: expected success, got #{err.message}"
    elsif got.keys.sort != expect.keys.sort
      "#{id}: result has #{got.keys.sort}, expected #{expect.keys.sort}"
    else
      bad = expect.keys.reject { |k| got[k] == expect[k] }
      return nil if bad.empty?

      bad.map { |k| "#{id}: #{k}\n   got #{show(got[k])}\n  want #{show(expect[k])}" }.join("\n")
    end
  end

  class UnknownOp < StandardError; end

  def self.show(value)
    (value.is_a?(String) ? value : JSON.generate(value))[0, 400]
  end

  def self.bytes(input, text_key, hex_key = nil)
    return [input[hex_key]].pack("H*") if hex_key && input[hex_key].is_a?(String)

    input[text_key]
  end

  # A name that is not an algorithm of the header (the vectors test refusal with "none", "RS256",
  # "hs256", ...) goes to the core as a bit no algorithm has, which it refuses as it refused the name.
  UNKNOWN_ALG = 1 << 31

  def self.alg(name)
    return nil if name.nil?

    OoJwt::Alg.constants.include?(name.to_sym) ? OoJwt::Alg.const_get(name) : UNKNOWN_ALG
  end

  # An empty list (which 0, "not given", cannot say) as an unknown bit.
  def self.algs(names)
    names && (names.empty? ? [UNKNOWN_ALG] : names.map { |n| alg(n) })
  end

  def self.path_and_query_only(input)
    match = input["url_match"] || "full"
    raise UnknownOp, "url_match #{match.inspect}" unless %w[full path_and_query].include?(match)

    match == "path_and_query"
  end

  # Calls the API for +op+; returns {expect key => value}. Tokens stay Strings (compared byte for
  # byte); JSON texts are parsed (compared as values).
  def self.run(op, input)
    secret = bytes(input, "secret", "secret_hex")
    token = bytes(input, "token", "token_hex")
    signing = { algorithm: alg(input["algorithm"]), expires_in: input["expires_in"], now: input["now"],
                max_json_length: input["max_json_len"] }
    case op
    when "sign"
      { "token" => OoJwt.sign(input["payload"], secret, **signing) }
    when "verify"
      { "claims" => OoJwt.verify(token, secret, algorithms: algs(input["algorithms"]), leeway: input["leeway"],
                                                now: input["now"], max_token_length: input["max_token_len"]) }
    when "decode_unverified"
      header, claims = OoJwt.decode_unverified(token, max_token_length: input["max_token_len"])
      { "header" => header, "claims" => claims }
    when "sign_request"
      placement = input["placement"] || "body"
      out = OoJwt.sign_request(input["body"], secret, placement: placement, **signing)
      placement == "header" ? { "token" => out } : { "body" => JSON.parse(out, max_nesting: false) }
    when "verify_request"
      { "params" => OoJwt.verify_request(input["body"], input["authorization"], secret,
                                         prefix: input["prefix"], algorithms: algs(input["algorithms"]),
                                         leeway: input["leeway"], now: input["now"],
                                         max_token_length: input["max_token_len"],
                                         max_json_length: input["max_json_len"]) }
    when "sign_config"
      { "config" => JSON.parse(OoJwt.sign_config(input["config"], secret, **signing), max_nesting: false) }
    when "sign_editor_method"
      out = OoJwt.sign_editor_method(input["method"], input["params"], secret, **signing)
      { "params" => JSON.parse(out, max_nesting: false) }
    when "verify_download"
      { "claims" => OoJwt.verify_download(input["authorization"], input["url"], secret,
                                          prefix: input["prefix"], path_and_query_only: path_and_query_only(input),
                                          algorithms: algs(input["algorithms"]), leeway: input["leeway"],
                                          now: input["now"], max_token_length: input["max_token_len"]) }
    when "load_config"
      { "config" => load_config(input) }
    when "verify_request_with_config"
      { "params" => OoJwt.verify_request_with_config(input["body"], input["authorization"], load_config(input),
                                                     input["direction"], now: input["now"],
                                                     max_token_length: input["max_token_len"],
                                                     max_json_length: input["max_json_len"]) }
    when "verify_download_with_config"
      { "claims" => OoJwt.verify_download_with_config(input["authorization"], input["url"], load_config(input),
                                                      path_and_query_only: path_and_query_only(input),
                                                      now: input["now"], max_token_length: input["max_token_len"]) }
    when "download_token_expected"
      { "expected" => OoJwt.download_token_expected?(input["url"], load_config(input)) }
    else
      raise UnknownOp, "unknown op #{op.inspect}"
    end
  end

  # Writes input["files"] into a fresh directory (every @DIR@ replaced by its path), then reads.
  def self.load_config(input)
    Dir.mktmpdir("oo-jwt-rb-") do |dir|
      (input["files"] || {}).each do |name, text|
        File.binwrite(File.join(dir, name), text.gsub("@DIR@", dir))
      end
      local = File.join(dir, input["local"] || "local.json")
      default = input["default"] && File.join(dir, input["default"])
      OoJwt.load_config(local, default_path: default, env: input["env"])
    end
  end
end
