# Sourced by the tests/dist scripts: a scratch directory outside the repository, removed on exit,
# and a check that nothing in the environment points into the repository.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/oo-jwt-dist.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
case $scratch/ in "$root"/*) echo "the scratch directory $scratch is inside the repository"; exit 1;; esac
if env | grep -E '^(OO_JWT_[A-Z_]*|LD_LIBRARY_PATH|PYTHONPATH|NODE_PATH|CLASSPATH)='; then
  echo "test-dist runs with none of these set"; exit 1
fi
# fail MESSAGE: stop the test with MESSAGE.
fail() { echo "test-dist: $*"; exit 1; }
# readme_block FILE LANG [MARK]: the README's first block of LANG containing MARK (default: readme-example).
readme_block() { awk -v lang="$2" -v mark="${3:-readme-example}" '$0 == "```" lang {on=1; buf=""; next} /^```$/ {if (on && index(buf, mark)) {printf "%s", buf; exit} on=0} on {buf = buf $0 "\n"}' "$1"; }
