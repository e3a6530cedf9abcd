# Sourced by every script in scripts/: puts the repository's environment in place, idempotently.
#
#   - .venv/          a Python >= 3.11 virtualenv with requirements/dev.lock installed, this
#                     repository in editable mode and the generated client (generated/python) on the path;
#   - node_modules/   the npm tools of package-lock.json (only for scripts that call need_node_tools).
#
# Each step runs only when its inputs changed since the last run (a SHA-256 stamp per step), so a
# second run costs a few milliseconds. Set SMARTSENDER_SKIP_BOOTSTRAP=1 to use the environment as is.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
cd "$ROOT"

export REDOCLY_TELEMETRY=off      # Redocly CLI sends usage data unless told not to
export SCARF_ANALYTICS=false      # so does a dependency of Prism
export PYTHONDONTWRITEBYTECODE=1  # keep __pycache__ out of generated/ and the source tree
export HYPOTHESIS_STORAGE_DIRECTORY="$VENV/hypothesis"  # hypothesis' caches, out of the working tree
export PIP_DISABLE_PIP_VERSION_CHECK=1

_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

_stamp_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

_find_python() {
    local candidate
    for candidate in python3.11 python3.12 python3.13 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

_ensure_python_env() {
    local want have python
    want="$(_stamp_of requirements/dev.lock pyproject.toml)"
    have="$(cat "$VENV/.bootstrap-stamp" 2>/dev/null || true)"
    [[ -x "$VENV/bin/python" && "$want" == "$have" ]] && return 0

    if [[ ! -x "$VENV/bin/python" ]]; then
        python="$(_find_python)" || _die "Python 3.11 or newer is needed; install it and run this again."
        _log "Creating .venv with $python"
        "$python" -m venv "$VENV"
    fi
    _log "Installing Python dependencies from requirements/dev.lock (about 20 s the first time)"
    "$VENV/bin/python" -m pip install -qq -r requirements/dev.lock
    "$VENV/bin/python" -m pip install -qq --no-deps --no-build-isolation -e .
    # The generated client is put on the path rather than installed in editable mode, which would
    # write build files into generated/ (tests/client proves that it builds as a distribution).
    "$VENV/bin/python" - "$ROOT/generated/python" <<'PY'
import pathlib, site, sys
pathlib.Path(site.getsitepackages()[0], "smartsender-client-from-generated.pth").write_text(sys.argv[1] + "\n")
PY
    echo "$want" >"$VENV/.bootstrap-stamp"
}

need_node_tools() {
    local want have
    command -v npm >/dev/null 2>&1 || _die "npm (Node.js 20 or newer) is needed for the spec gate; install Node.js and run this again."
    want="$(_stamp_of package-lock.json)"
    have="$(cat node_modules/.bootstrap-stamp 2>/dev/null || true)"
    [[ -d node_modules && "$want" == "$have" ]] && return 0
    _log "Installing npm tools from package-lock.json (about 10 s the first time)"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
    echo "$want" >node_modules/.bootstrap-stamp
}

if [[ "${SMARTSENDER_SKIP_BOOTSTRAP:-0}" != 1 ]]; then
    _ensure_python_env
fi
export PATH="$VENV/bin:$ROOT/node_modules/.bin:$PATH"
