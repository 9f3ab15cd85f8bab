# frozen_string_literal: true

# `make conformance`: one line per vector file, "CONFORMANCE ruby <file-stem> <passed> <failed>";
# failures on stderr as "FAIL <id>: ...". Exit status 1 when any case failed.
require_relative "setup"
require "vector_runner"

failed_total = 0
VectorRunner.files.each do |file|
  passed = failed = 0
  VectorRunner.cases(file).each do |c|
    failure = VectorRunner.check(c)
    if failure
      failed += 1
      warn "FAIL #{failure}"
    else
      passed += 1
    end
  end
  failed_total += failed
  puts "CONFORMANCE ruby #{File.basename(file, '.json')} #{passed} #{failed}"
end
exit(failed_total.zero?)
