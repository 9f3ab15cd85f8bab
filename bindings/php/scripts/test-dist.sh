#!/usr/bin/env bash
# Installs the Composer package from dist/php/ into scratch projects outside the repository, the way
# README.md's "Use it from your own project" says (its composer.json lines, its `composer require`,
# its program, all read from the README), with Composer offline, no OO_JWT_LIB and no LD_LIBRARY_PATH:
#   1. artifact repository: the README program prints "readme example: ok";
#   2. path repository: the same;
#   3. Debian's php-fpm behind nginx, with README's PHP-FPM settings (opcache.preload of the INSTALLED
#      package): a request signs and verifies; the same server without the preload must refuse;
#   4. the library removed from the installed copy: the error names it, the paths searched and the fix.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/../.." && pwd)
zips=("$root"/dist/php/oo-jwt-oo-jwt-*.zip)
[[ ${#zips[@]} -eq 1 && -f ${zips[0]} ]] || { echo "test-dist-php: expected one dist/php/oo-jwt-oo-jwt-*.zip (make dist-php)" >&2; exit 1; }
unset OO_JWT_LIB LD_LIBRARY_PATH OO_JWT_INCLUDE OO_JWT_VECTORS OO_JWT_CLI
scratch=$(mktemp -d /tmp/oo-jwt-php-dist.XXXXXX)
chmod 755 "$scratch"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
    kill -9 "$p" 2>/dev/null || true
  done
  rm -rf "$scratch"
}
trap cleanup EXIT
export COMPOSER_HOME=$scratch/composer-home COMPOSER_NO_INTERACTION=1 COMPOSER_ALLOW_SUPERUSER=1 COMPOSER_DISABLE_NETWORK=1
fail() { echo "test-dist-php: FAIL: $*" >&2; exit 1; }

# The README section's code blocks: readme.php BLOCK-LANGUAGE INDEX prints the INDEX-th (from 0)
# block of that language in "## Use it from your own project".
readme() {
  php -r '
    $s = file_get_contents($argv[1]);
    $a = strpos($s, "## Use it from your own project\n");
    $b = strpos($s, "\n## ", $a + 10);
    preg_match_all("/```" . $argv[2] . "\n(.*?)```/s", substr($s, $a, $b - $a), $m);
    if (!isset($m[1][(int) $argv[3]])) { fwrite(STDERR, "no block {$argv[2]} #{$argv[3]} in the README section\n"); exit(1); }
    echo $m[1][(int) $argv[3]];
  ' "$here/README.md" "$1" "$2"
}
readme php 0 > "$scratch/example.php"
grep -q 'readme-example' "$scratch/example.php" || fail "the README program is not the readme-example block"
install_cmd=$(readme sh 0)
[[ $install_cmd == "composer require oo-jwt/oo-jwt" ]] || fail "unexpected install line in the README: $install_cmd"

# This machine's platform slot, as the package names it (linux-x86_64, linux-aarch64, ...).
plat=$(php -r 'echo strtolower(php_uname("m"));')
plat=linux-${plat/amd64/x86_64}; plat=${plat/arm64/aarch64}
plat=$plat$(php -r 'echo str_contains((string) @file_get_contents("/proc/self/maps"), "/ld-musl-") ? "-musl" : "";')

install() { # MODE JSON-INDEX: a scratch project installed from the README's lines
  local proj=$scratch/$1
  mkdir -p "$proj/packages"
  if [[ $1 == artifact ]]; then cp "${zips[0]}" "$proj/packages/"; else cp -r "$root/dist/php/oo-jwt" "$proj/packages/oo-jwt"; fi
  readme json "$2" > "$proj/composer.json"
  (cd "$proj" && timeout 300 bash -c "$install_cmd" > "$proj/composer.log" 2>&1) || { cat "$proj/composer.log"; fail "$1: $install_cmd"; }
  cp "$scratch/example.php" "$proj/example.php"
  local out
  out=$(cd "$proj" && timeout 60 php example.php 2>&1) || fail "$1: php example.php: $out"
  [[ $out == "readme example: ok" ]] || fail "$1: php example.php printed: $out"
  # The bundled library was used: the installed copy is the one from dist/native/.
  cmp -s "$proj/vendor/oo-jwt/oo-jwt/lib/$plat/liboo_jwt.so" "$root/dist/native/$plat/liboo_jwt.so" \
    || fail "$1: vendor/oo-jwt/oo-jwt/lib/$plat/liboo_jwt.so is not dist/native's"
  echo "test-dist-php: $1 repository: composer require + README program ok"
}
install artifact 0
install path 1
ls "$scratch/artifact/vendor/oo-jwt/oo-jwt/lib" | tr '\n' ' ' | sed 's/^/test-dist-php: installed lib\/: /'; echo

# ---- 3. php-fpm + nginx with the installed package preloaded ----
v=$(php -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')
fpm=$(command -v "php-fpm$v" || command -v "/usr/sbin/php-fpm$v" || true)
nginx=$(command -v nginx || command -v /usr/sbin/nginx || true)
[[ -n $fpm && -n $nginx ]] || fail "php-fpm$v and nginx are needed (make -C bindings/php deps installs them)"
proj=$scratch/path
mkdir -p "$proj/public"
cat > "$proj/public/index.php" <<'PHP'
<?php
require __DIR__ . '/../vendor/autoload.php';
use OoJwt\Jwt;
try {
    $token = Jwt::sign(['key' => 'fpm-' . PHP_SAPI], 'fpm-secret-0123456789');
    $claims = Jwt::verify($token, 'fpm-secret-0123456789');
    echo "signed and verified under ", PHP_SAPI, ": key ", $claims['key'], "\n";
} catch (Throwable $e) {
    http_response_code(500);
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
PHP
free_port() { php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); echo substr(strrchr(stream_socket_get_name($s, false), ":"), 1);'; }
wait_port() { # PORT PID NAME LOG: polls until the port accepts, the process died, or 30 s passed
  local until=$((SECONDS + 30))
  while ((SECONDS < until)); do
    kill -0 "$2" 2>/dev/null || { cat "$4"; fail "$3 exited"; }
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  cat "$4"; fail "$3 did not accept connections on 127.0.0.1:$1 within 30 s"
}
get() { timeout 30 php -r '$c = stream_context_create(["http" => ["ignore_errors" => true, "timeout" => 20]]);
  echo file_get_contents($argv[1], false, $c);' "$1"; }
user=$(id -un); group=$(id -gn)
fpm_request() { # NAME SETUP: starts php-fpm and nginx, sets $out to the response to one request.
  # SETUP: root (README: master running as root), unprivileged (README: master not root; run as
  # nobody when this script is root), none (no preload: must be refused).
  local dir=$scratch/fpm-$1 ini=(-d ffi.enable=preload -d opcache.enable=1) as=() pool=() extra=()
  mkdir -p "$dir"
  case $2 in
    root)
      # The header from the installed package's bin, ffi.preload, opcache.preload of the installed
      # preload.php, opcache.preload_user.
      (cd "$proj" && timeout 30 vendor/bin/oo-jwt-ffi-header > "$dir/oo_jwt-ffi.h")
      grep -qF "#define FFI_LIB \"$proj/vendor/oo-jwt/oo-jwt/lib/$plat/liboo_jwt.so\"" "$dir/oo_jwt-ffi.h" \
        || fail "vendor/bin/oo-jwt-ffi-header did not name the installed library: $(head -2 "$dir/oo_jwt-ffi.h")"
      ini+=(-d "ffi.preload=$dir/oo_jwt-ffi.h" -d "opcache.preload=$proj/vendor/oo-jwt/oo-jwt/preload.php"
            -d "opcache.preload_user=$user")
      pool=("user = $user" "group = $group"); extra=(-R) ;;
    unprivileged)
      # opcache.preload alone; preload.php writes its header to the temp dir (kept in $dir).
      ini+=(-d "opcache.preload=$proj/vendor/oo-jwt/oo-jwt/preload.php" -d "sys_temp_dir=$dir")
      if [[ $(id -u) -eq 0 ]]; then as=(setpriv --reuid=nobody --regid=nogroup --clear-groups); chown nobody "$dir"; fi ;;
    none)
      if [[ $(id -u) -eq 0 ]]; then pool=("user = $user" "group = $group"); extra=(-R); fi ;;
  esac
  local fport; fport=$(free_port)
  { printf '[global]\npid = %s/fpm.pid\nerror_log = %s/fpm.log\ndaemonize = no\n[app]\n' "$dir" "$dir"
    for l in "${pool[@]}"; do echo "$l"; done
    printf 'listen = 127.0.0.1:%s\npm = static\npm.max_children = 1\nclear_env = yes\ncatch_workers_output = yes\n' "$fport"
  } > "$dir/php-fpm.conf"
  "${as[@]}" "$fpm" -y "$dir/php-fpm.conf" "${extra[@]}" "${ini[@]}" > "$dir/fpm.out" 2>&1 &
  pids+=($!); wait_port "$fport" "$!" php-fpm "$dir/fpm.out"
  local nport; nport=$(free_port)
  { [[ $(id -u) -eq 0 ]] && echo "user $user $group;"
    printf 'worker_processes 1;\ndaemon off;\npid %s/nginx.pid;\nerror_log %s/nginx-error.log;\nevents { worker_connections 16; }\nhttp {\n  access_log off;\n' "$dir" "$dir"
    for t in client_body fastcgi proxy uwsgi scgi; do echo "  ${t}_temp_path $dir/$t;"; done
    printf '  server {\n    listen 127.0.0.1:%s;\n    location / {\n      include /etc/nginx/fastcgi_params;\n      fastcgi_param SCRIPT_FILENAME %s/public/index.php;\n      fastcgi_pass 127.0.0.1:%s;\n    }\n  }\n}\n' "$nport" "$proj" "$fport"
  } > "$dir/nginx.conf"
  "$nginx" -e "$dir/nginx-error.log" -c "$dir/nginx.conf" > "$dir/nginx.out" 2>&1 &
  pids+=($!); wait_port "$nport" "$!" nginx "$dir/nginx.out"
  out=$(get "http://127.0.0.1:$nport/")
}
setups=(unprivileged); [[ $(id -u) -eq 0 ]] && setups=(root unprivileged)
for setup in "${setups[@]}"; do
  fpm_request "preload-$setup" "$setup"
  [[ $out == "signed and verified under fpm-fcgi: key fpm-fpm-fcgi" ]] || fail "php-fpm ($setup setup) with the installed package preloaded answered: $out"
  echo "test-dist-php: php-fpm + nginx, README's $setup setup, opcache.preload=vendor/oo-jwt/oo-jwt/preload.php: $out"
done
fpm_request nopreload none
[[ $out == *"ffi.enable"* && $out == *"README, PHP-FPM"* ]] || fail "php-fpm without the preload answered: $out"
echo "test-dist-php: php-fpm without the preload refuses, pointing to the README"

# ---- 4. the library removed from the installed copy ----
proj=$scratch/artifact
lib=$proj/vendor/oo-jwt/oo-jwt/lib/$plat/liboo_jwt.so
rm "$lib"
rc=0; out=$(cd "$proj" && timeout 60 php example.php 2>&1) || rc=$?
[[ $rc -ne 0 ]] || fail "the README program succeeded without its library: $out"
for want in "liboo_jwt.so" "searched: $lib, $proj/vendor/oo-jwt/oo-jwt/lib/liboo_jwt.so" \
            "composer reinstall oo-jwt/oo-jwt" "OO_JWT_LIB"; do
  [[ $out == *"$want"* ]] || fail "the missing-library error lacks \"$want\": $out"
done
echo "test-dist-php: library removed: $(grep -m1 -o 'RuntimeException: oo-jwt: cannot load.*' <<<"$out" | cut -c1-400)"
echo "test-dist-php: passed"
