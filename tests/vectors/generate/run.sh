#!/usr/bin/env bash
# Rebuilds every tests/vectors/*.json file and self-checks them.
#   ./tests/vectors/generate/run.sh        (from the repository root, or from anywhere)
# Needs: node + npm, go, python3. Peer libraries are installed from their registries at the pinned
# versions (npm ci from package-lock.json, a PyJWT venv under ${OO_VENV:-/tmp/oo-jwt-vectors-venv},
# go modules from go.sum). Output is deterministic: rerunning gives identical files.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -d node_modules/jsonwebtoken ]; then
  npm ci --no-audit --no-fund --silent
fi

VENV="${OO_VENV:-/tmp/oo-jwt-vectors-venv}"
if ! "$VENV/bin/python" -c 'import jwt' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet -r requirements.txt
fi

(cd go && go mod download)

NODE="${NODE:-node}" PYJWT_PYTHON="$VENV/bin/python" GO="${GO:-go}" python3 build.py
# The committed Docs-fidelity corpus (seed 1); `make test-fidelity` adds a fresh seed at test time.
if [ ! -d ../../fidelity/node_modules/jsonwebtoken ]; then
  (cd ../../fidelity && npm ci --no-audit --no-fund --silent)
fi
"${NODE:-node}" ../../fidelity/corpus.js --seed 1 --count 300 --out ../fidelity.json
python3 check.py
