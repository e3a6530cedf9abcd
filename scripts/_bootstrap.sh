# Sourced by every script in scripts/: puts the repository's environment in place, idempotently.
#
#   - .venv/          a Python >= 3.11 virtualenv holding exactly requirements/dev.lock (pip-sync
#                     installs what is missing or differs and removes what the lock no longer lists),
#                     this repository in editable mode and the generated client (generated/python) on
#                     the path;
#   - node_modules/   the npm tools of package-lock.json (only for scripts that call need_node_tools).
#
# Each step runs only when its inputs changed since the last run (a SHA-256 stamp per step), so a
# second run costs a few milliseconds. Set SMARTSENDER_SKIP_BOOTSTRAP=1 to use both as they are.
# The Python the scripts run is in tooling/ (python -m tooling.<module>, from the repository root).

set -euo pipefail

# `--help` of the scripts whose options are not parsed by Python: their header comment.
case "$(basename "$(readlink -f "$0")"):${1:-}" in
    conform:* | serve:* | bench-*:*) ;;
    *:-h | *:--help)
        sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$(readlink -f "$0")" | sed '/^#!/d'
        exit 0
        ;;
esac

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
VENV="$ROOT/.venv"
# The scripts run from the repository root; relative paths given to them are read from here.
export SMARTSENDER_CALLER_DIR="$PWD"
cd "$ROOT"

export REDOCLY_TELEMETRY=off      # Redocly CLI sends usage data unless told not to
export SCARF_ANALYTICS=false      # so does a dependency of Prism
export PYTHONDONTWRITEBYTECODE=1  # keep __pycache__ out of generated/ and the source tree
export HYPOTHESIS_STORAGE_DIRECTORY="$VENV/hypothesis"  # hypothesis' caches, out of the working tree
export PIP_DISABLE_PIP_VERSION_CHECK=1

if [[ -t 2 ]]; then
    _log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
else
    _log() { printf '==> %s\n' "$*" >&2; }  # no escape codes in CI logs
fi
_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

_stamp_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

_find_python() {
    local candidate
    for candidate in python3.11 python3.12 python3.13 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -m tooling.python_version >/dev/null 2>&1; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

_ensure_python_env() {
    local want have python
    # The install steps below are inputs too: a change to them redoes the installation.
    want="$(_stamp_of requirements/dev.lock pyproject.toml scripts/_bootstrap.sh tooling/client_on_path.py)"
    have="$(cat "$VENV/.bootstrap-stamp" 2>/dev/null || true)"
    [[ -x "$VENV/bin/python" && "$want" == "$have" ]] && return 0

    if [[ ! -x "$VENV/bin/python" ]]; then
        python="$(_find_python)" || _die "Python 3.11 or newer is needed; install it and run this again."
        _log "Creating .venv with $python"
        "$python" -m venv "$VENV"
    fi
    _log "Syncing .venv to requirements/dev.lock (about 20 s the first time)"
    if [[ ! -x "$VENV/bin/pip-sync" ]]; then
        # A new virtualenv: pip-sync (pip-tools, pinned in the lock) comes with the lock's first install.
        "$VENV/bin/python" -m pip install -qq -r requirements/dev.lock ||
            _die "pip could not install requirements/dev.lock (its output is above); check the network or the lock and run this again."
    fi
    # Exactly the lock: installs what is missing or differs, uninstalls what it does not list (this
    # repository's editable install too, which the next line puts back).
    "$VENV/bin/pip-sync" -q --pip-args=-qq --python-executable "$VENV/bin/python" requirements/dev.lock ||
        _die "pip-sync could not make .venv match requirements/dev.lock (its output is above); run this again, or delete .venv to start afresh."
    "$VENV/bin/python" -m pip install -qq --no-deps --no-build-isolation -e . ||
        _die "pip could not install this repository in editable mode (its output is above)."
    # The generated client is put on the path rather than installed in editable mode, which would
    # write build files into generated/ (tests/client proves that it builds as a distribution).
    "$VENV/bin/python" -m tooling.client_on_path "$ROOT/generated/python"
    echo "$want" >"$VENV/.bootstrap-stamp"
}

need_node_tools() {
    local want have
    [[ "${SMARTSENDER_SKIP_BOOTSTRAP:-0}" == 1 ]] && return 0
    command -v npm >/dev/null 2>&1 || _die "npm (Node.js 20 or newer) is needed for the spec gate; install Node.js and run this again."
    want="$(_stamp_of package-lock.json)"
    have="$(cat node_modules/.bootstrap-stamp 2>/dev/null || true)"
    [[ -d node_modules && "$want" == "$have" ]] && return 0
    _log "Installing npm tools from package-lock.json (about 10 s the first time)"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
    echo "$want" >node_modules/.bootstrap-stamp
}

# A Chromium for the reference page's browser test (tests/docs), which Playwright drives: it cannot
# download its own browser here. Debian's package by default; SMARTSENDER_CHROMIUM names another.
need_chromium() {
    export SMARTSENDER_CHROMIUM="${SMARTSENDER_CHROMIUM:-/usr/bin/chromium}"
    [[ -x "$SMARTSENDER_CHROMIUM" || "${SMARTSENDER_SKIP_BOOTSTRAP:-0}" == 1 ]] && return 0
    local install="install Debian's chromium (sudo apt-get install chromium) or set SMARTSENDER_CHROMIUM to a Chromium or Chrome binary, and run this again"
    [[ "$SMARTSENDER_CHROMIUM" == /usr/bin/chromium ]] || _die "SMARTSENDER_CHROMIUM=$SMARTSENDER_CHROMIUM is not an executable file; $install"
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        _log "Installing chromium (for the reference page's browser test) with apt-get (about a minute)"
        apt-get install -y -qq chromium >/dev/null 2>&1 ||
            { apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; } ||
            _die "apt-get could not install chromium (its output is above); $install"
    else
        _die "Chromium is needed for the reference page's browser test: $install"
    fi
}

if [[ "${SMARTSENDER_SKIP_BOOTSTRAP:-0}" != 1 ]]; then
    _ensure_python_env
fi
export PATH="$VENV/bin:$ROOT/node_modules/.bin:$PATH"
