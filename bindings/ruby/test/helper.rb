# frozen_string_literal: true

# Shared by every test file: minitest, the library under test, and a reporter that prints each
# failure as a "FAIL ..." line and ends the output with "N passed, N failed" (skips count as
# failures: no test may skip).
require_relative "setup"
require "minitest/autorun"
require "oo_jwt"

module OoJwtTestReport
  class Reporter < Minitest::StatisticsReporter
    attr_reader :passed, :failed

    def initialize(io = $stdout, options = {})
      super
      @passed = 0
      @failed = 0
      @fail_lines = []
    end

    def record(result)
      super
      if result.passed?
        @passed += 1
      else
        @failed += 1
        what = result.skipped? ? "skipped (not allowed)" : result.failure.message
        @fail_lines << "FAIL #{result.klass}##{result.name}: #{what}"
      end
    end

    def report
      super
      @fail_lines.each { |line| io.puts line }
    end
  end

  class << self
    attr_accessor :reporter
  end
end

module Minitest
  def self.plugin_oojwt_report_init(_options)
    OoJwtTestReport.reporter = OoJwtTestReport::Reporter.new($stdout)
    reporter << OoJwtTestReport.reporter
  end
end
Minitest.extensions << "oojwt_report"

Minitest.after_run do
  r = OoJwtTestReport.reporter
  puts "#{r.passed} passed, #{r.failed} failed" if r
end

# Paths every suite may need.
module TestPaths
  BINDING = File.expand_path("..", __dir__)
  ROOT = File.expand_path("../..", BINDING)

  def self.include_dir
    env = ENV["OO_JWT_INCLUDE"]
    env && !env.empty? ? env : File.join(ROOT, "include")
  end

  # -I for a child ruby to load the same OoJwt as this process (nothing for the installed gem).
  def self.load_path_args
    ENV["OO_JWT_TEST_INSTALLED_GEM"] ? [] : ["-I", File.join(BINDING, "lib")]
  end
end
