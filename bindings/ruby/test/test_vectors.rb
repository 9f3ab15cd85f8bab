# frozen_string_literal: true

# One minitest test per case of every tests/vectors/*.json file, defined from the files.
require_relative "helper"
require "vector_runner"

class TestVectorFiles < Minitest::Test
  def test_vector_files_are_present
    files = VectorRunner.files
    refute_empty files, "no vector files in #{VectorRunner.dir}"
    ids = files.flat_map { |f| VectorRunner.cases(f).map { |c| c["id"] } }
    assert_equal ids.size, ids.uniq.size, "duplicate case ids"
  end
end

VectorRunner.files.each do |file|
  stem = File.basename(file, ".json")
  klass = Class.new(Minitest::Test)
  Object.const_set("TestVectors_#{stem.gsub(/\W/, '_')}", klass)
  VectorRunner.cases(file).each do |c|
    klass.define_method("test_#{c['id']}") do
      failure = VectorRunner.check(c)
      assert_nil failure, failure
    end
  end
end
