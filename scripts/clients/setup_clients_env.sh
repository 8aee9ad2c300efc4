#!/usr/bin/env bash
# Create the virtualenv of the clients that read c4pipe's output without c4pipe
# (Hugging Face `datasets`), for the tests that check them against our shards.
#
#   scripts/clients/setup_clients_env.sh [VENV_DIR]     (default: <repo>/.clients-venv)
#
# Idempotent: a venv that already holds the pinned requirements (marker file) is left alone.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
VENV="${1:-$REPO/.clients-venv}"
PYTHON="${PYTHON:-python3}"
MARKER="$VENV/.c4pipe-clients-complete"
STAMP="$(sha256sum "$HERE/requirements-clients.txt" | cut -c1-16)"

if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$STAMP" ]]; then
  echo "clients venv already complete: $VENV"
  exit 0
fi
if [[ ! -x "$VENV/bin/python" ]]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet -r "$HERE/requirements-clients.txt"
"$VENV/bin/python" -c "import datasets"
echo "$STAMP" > "$MARKER"
echo "clients venv ready: $VENV"
