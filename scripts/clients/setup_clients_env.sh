#!/usr/bin/env bash
# Create the virtualenv of the clients that read c4pipe's output: Hugging Face `datasets`,
# and seqio with T5's data modules (for `c4pipe.seqio`, installed here without c4pipe's
# own dependencies), for the tests that check them against our shards.
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
STAMP="$(cat "$HERE/requirements-clients.txt" "$HERE/requirements-t5.txt" | sha256sum | cut -c1-16)"

if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$STAMP" ]]; then
  echo "clients venv already complete: $VENV"
  exit 0
fi
if [[ ! -x "$VENV/bin/python" ]]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet -r "$HERE/requirements-clients.txt"
"$VENV/bin/python" -m pip install --quiet --no-deps -r "$HERE/requirements-t5.txt"
"$VENV/bin/python" -m pip install --quiet --no-deps -e "$REPO"
"$VENV/bin/python" -c "import datasets, seqio, t5.data.preprocessors, c4pipe.seqio"
echo "$STAMP" > "$MARKER"
echo "clients venv ready: $VENV"
