# frozen_string_literal: true

# The gem: `gem build` (through bin/build-gem) gives a platform gem carrying liboo_jwt.so; once
# installed into a fresh GEM_HOME it loads that bundled library with OO_JWT_LIB unset and passes
# every vector.
require_relative "helper"
require "open3"
require "tmpdir"
require "rubygems/package"
require "vector_runner"

class TestGem < Minitest::Test
  BUILD_GEM = File.join(TestPaths::BINDING, "bin", "build-gem")

  def test_gem_builds_installs_and_uses_its_bundled_library
    Dir.mktmpdir("oo-jwt-rb-gem") do |dir|
      out, status = Open3.capture2e(RbConfig.ruby, BUILD_GEM, dir, OoJwt.library_path)
      assert status.success?, out
      gem_file = out.lines.last.strip
      assert File.file?(gem_file), out

      spec = Gem::Package.new(gem_file).spec
      assert_equal "oo_jwt", spec.name
      assert_equal OoJwt::VERSION, spec.version.to_s
      assert_equal Gem::Platform.local.to_s, spec.platform.to_s
      assert_includes spec.files, "lib/oo_jwt/liboo_jwt.so"
      assert_empty spec.runtime_dependencies

      home = File.join(dir, "home")
      out, status = Open3.capture2e("gem", "install", "--local", "--no-document", "--install-dir", home, gem_file)
      assert status.success?, out
      bundled = File.join(home, "gems", spec.full_name, "lib", "oo_jwt", "liboo_jwt.so")
      assert_equal File.binread(OoJwt.library_path), File.binread(bundled), "the gem carries the tested library"

      env = { "OO_JWT_LIB" => nil, "RUBYLIB" => nil, "RUBYOPT" => nil, "GEM_HOME" => home, "GEM_PATH" => home,
              "OO_JWT_TEST_INSTALLED_GEM" => "1", "RUST_BACKTRACE" => "0" }
      smoke = 'require "oo_jwt"; t = OoJwt.sign({"k" => 1}, "s"); ' \
              'print OoJwt.library_path, " ", $LOADED_FEATURES.grep(/oo_jwt\.rb/).first, " ", OoJwt.verify(t, "s")'
      out, status = Open3.capture2e(env, RbConfig.ruby, "-e", smoke, chdir: dir)
      assert status.success?, out
      lib_path, feature, claims = out.split(" ", 3)
      assert_equal File.realpath(bundled), File.realpath(lib_path)
      assert feature.start_with?(home), "oo_jwt.rb loaded from #{feature}, not from the gem"
      assert_equal '{"k"=>1}', claims

      out, status = Open3.capture2e(env, RbConfig.ruby, File.join(__dir__, "conformance.rb"), chdir: dir)
      assert status.success?, out
      lines = out.lines.grep(/^CONFORMANCE ruby /)
      assert_equal VectorRunner.files.size, lines.size, out
      refute_empty lines
      lines.each { |l| assert_match(/ 0$/, l.strip, "installed gem: #{l}") }
    end
  end
end
