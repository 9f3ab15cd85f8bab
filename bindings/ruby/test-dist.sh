#!/usr/bin/env bash
# test-dist.sh DIST_RUBY DIST_NATIVE "GEM_PLATS": the gems `make dist` wrote, checked and used as
# README.md's first section says. Every platform gem names its platform and carries exactly its
# library from dist/native; the source gem carries none. The x86_64-linux gem is installed with
# `gem install --local` into a GEM_HOME outside the repository and README.md's program runs there with
# no OO_JWT_LIB; then, with the library removed from the installed gem, `require "oo_jwt"` must fail
# naming the library, the paths searched and the fix.
set -euo pipefail
dist=$1 native=$2 plats=$3
RUBY=${RUBY:-ruby}
here=$(cd "$(dirname "$0")" && pwd)
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$here/../../Cargo.toml" | head -n 1)
scratch=$(mktemp -d /tmp/oo-jwt-ruby-dist.XXXXXX)
trap 'rm -rf "$scratch"' EXIT

# Each gem's platform and contents.
for p in $plats; do
  plat=${p%%=*} lib=$native/${p#*=}
  timeout 60 "$RUBY" -rrubygems/package -e '
    gem, plat, lib, version = ARGV
    pkg = Gem::Package.new(gem)
    spec = pkg.spec
    abort "FAIL #{gem}: platform #{spec.platform}, not #{plat}" unless spec.platform.to_s == plat
    abort "FAIL #{gem}: version #{spec.version}" unless spec.version.to_s == version
    name = "lib/oo_jwt/#{File.basename(lib)}"
    libs = spec.files.grep(/\.(so|dll|dylib)\z/)
    abort "FAIL #{gem}: libraries #{libs}, not [#{name}]" unless libs == [name]
    abort "FAIL #{gem}: runtime dependencies #{spec.runtime_dependencies}" unless spec.runtime_dependencies.empty?
    data = nil
    pkg.contents # reads the archive
    File.open(gem, "rb") do |io|
      Gem::Package::TarReader.new(io).each do |entry|
        next unless entry.full_name == "data.tar.gz"
        Zlib::GzipReader.wrap(entry) do |gz|
          Gem::Package::TarReader.new(gz).each { |f| data = f.read if f.full_name == name }
        end
      end
    end
    abort "FAIL #{gem}: #{name} differs from #{lib}" unless data == File.binread(lib)
    puts "ruby dist: #{File.basename(gem)}: platform #{plat}, #{name} as in dist/native: ok"
  ' "$dist/oo_jwt-$version-$plat.gem" "$plat" "$lib" "$version"
done
timeout 60 "$RUBY" -rrubygems/package -e '
  spec = Gem::Package.new(ARGV[0]).spec
  abort "FAIL source gem: platform #{spec.platform}" unless spec.platform.to_s == "ruby"
  abort "FAIL source gem carries a library" unless spec.files.grep(/\.(so|dll|dylib)\z/).empty?
  puts "ruby dist: #{File.basename(ARGV[0])}: source gem, Ruby code only: ok"
' "$dist/oo_jwt-$version.gem"

# README.md's install line, into a GEM_HOME of its own.
home=$scratch/gems
export GEM_HOME=$home GEM_PATH=$home
gemfile=$dist/oo_jwt-$version-x86_64-linux.gem
grep -qF "gem install --local /path/to/oo-jwt/dist/ruby/oo_jwt-$version-x86_64-linux.gem" "$here/README.md" ||
  { echo "FAIL README.md does not give the install line of $(basename "$gemfile")"; exit 1; }
timeout 120 gem install --local --no-document "$gemfile" >"$scratch/install.log" 2>&1 ||
  { cat "$scratch/install.log"; echo "FAIL gem install --local $gemfile"; exit 1; }

app=$scratch/app
mkdir -p "$app"
awk '/^## Use it from your own project/{on=1} on && /^```ruby$/{rb=1; next} rb && /^```$/{exit} rb' \
  "$here/README.md" > "$app/app.rb"
[[ -s $app/app.rb ]] || { echo "FAIL README.md's first section has no Ruby program"; exit 1; }
out=$(cd "$app" && timeout 60 "$RUBY" app.rb 2>&1) || { echo "$out"; echo "FAIL README.md's program"; exit 1; }
echo "$out"
[[ $out == "verified: key=report-v1 status=2 (oo-jwt $version)"$'\n'"another secret: bad_signature" ]] ||
  { echo "FAIL unexpected output"; exit 1; }
loaded=$(cd "$app" && "$RUBY" -e 'require "oo_jwt"; print OoJwt.library_path')
[[ $loaded == "$home"/gems/oo_jwt-$version-x86_64-linux/lib/oo_jwt/liboo_jwt.so ]] ||
  { echo "FAIL loaded $loaded, not the installed gem's library"; exit 1; }
echo "ruby dist: README program run against the installed x86_64-linux gem ($loaded): ok"

# The installed gem without its library.
rm "$loaded"
if err=$(cd "$app" && timeout 60 "$RUBY" app.rb 2>&1); then echo "FAIL ran without the library"; exit 1; fi
gemlib=$home/gems/oo_jwt-$version-x86_64-linux/lib/oo_jwt
for want in "native library liboo_jwt.so not found" "OO_JWT_LIB (not set)" "$gemlib/native/linux-x86_64/liboo_jwt.so" \
            "$gemlib/liboo_jwt.so" "install the oo_jwt platform gem for x86_64-linux" "set OO_JWT_LIB to its path"; do
  grep -qF "$want" <<<"$err" || { echo "$err"; echo "FAIL the error does not say: $want"; exit 1; }
done
echo "ruby dist: without the library: $(grep -o 'oo_jwt: native library.*' <<<"$err" | head -n 1)"
echo "ruby dist: the error names the library, the paths searched and the fix: ok"
