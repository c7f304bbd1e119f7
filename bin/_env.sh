# Shared by bin/run and bin/test: make sure Python >= 3.12 (chosen by .python-version through
# pyenv), uv and the locked dependencies are in place. Sourced, not run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
  for candidate in python3.13 python3.12 /root/.pyenv/versions/3.13*/bin/python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
      PYTHON="$candidate"; break
    fi
  done
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
  echo "CoupleSafe needs Python 3.12 or newer (see .python-version)." >&2
  exit 1
fi
if ! "$PYTHON" -m uv --version >/dev/null 2>&1; then
  echo "Installing uv for $("$PYTHON" --version)…"
  "$PYTHON" -m pip install --quiet uv
fi
export UV_PYTHON_DOWNLOADS=never
"$PYTHON" -m uv sync --frozen --quiet --python "$("$PYTHON" -c 'import sys; print(sys.executable)')"
VENV_BIN="$PWD/.venv/bin"
