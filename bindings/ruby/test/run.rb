# frozen_string_literal: true

# The whole suite in one process: `ruby -w test/run.rb` (what `make test` runs).
require_relative "helper"
Dir[File.join(__dir__, "test_*.rb")].sort.each { |f| require f }
