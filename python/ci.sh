#!/usr/bin/env bash
# Python package CI, called from .ci/run: build the `sitrep` wheel, install it, run pytest.
#
# 1. a virtualenv (.venv, or $SITREP_VENV) with the pinned tools of requirements-ci.txt;
# 2. the CLI the tests compare against ($SITREP_CLI, else `cargo build --release -p sitrep-cli`)
#    and `maturin build --strip` in the workspace's target/, with the Cargo profile
#    $SITREP_WHEEL_PROFILE (default release, the wheel users get; `cargo xtask test` asks for
#    dev, whose dependencies its `cargo test` has mostly built already);
# 3. acceptance: the wheel alone in a fresh virtualenv extracts the example like the CLI;
# 4. pytest python/tests (API, CLI equality, Spark local-cluster[2,1,1024]).
# Set SITREP_SPARK_STANDALONE=1 to also test a standalone master + 2 workers on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${SITREP_VENV:-$ROOT/.venv}
PYTHON=${PYTHON:-python3}
t0=$SECONDS
step() { echo "== python: $* ($((SECONDS - t0)) s)"; }

step "virtualenv $VENV"
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -r python/requirements-ci.txt

# The CLI the tests compare against: $SITREP_CLI (`cargo xtask test` passes the binary its
# `cargo test` built), else a release build.
if [ -z "${SITREP_CLI:-}" ]; then
  step "cargo build --release -p sitrep-cli"
  cargo build --release --quiet -p sitrep-cli
  SITREP_CLI=$ROOT/target/release/sitrep
fi
export SITREP_CLI

PROFILE=${SITREP_WHEEL_PROFILE:-release}
step "maturin build --profile $PROFILE"
rm -f target/wheels/sitrep-*.whl
(cd python && "$VENV/bin/maturin" build --profile "$PROFILE" --strip --quiet -i "$VENV/bin/python" -o "$ROOT/target/wheels")
WHEEL=$(ls target/wheels/sitrep-*.whl)
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$WHEEL"

step "acceptance: the wheel in a fresh virtualenv"
FRESH=$(mktemp -d)
trap 'rm -rf "$FRESH"' EXIT
"$PYTHON" -m venv "$FRESH/venv"
"$FRESH/venv/bin/python" -m pip install -q --disable-pip-version-check "$WHEEL"
"$FRESH/venv/bin/python" -c "import sitrep; print(sitrep.extract(open('examples/fr-syria-deir-ez-zor.txt').read(), published='2018-03-24'))" >"$FRESH/py.txt"
"$SITREP_CLI" extract examples/fr-syria-deir-ez-zor.txt --published 2018-03-24 2>/dev/null >"$FRESH/cli.jsonl"
"$FRESH/venv/bin/python" - "$FRESH/py.txt" "$FRESH/cli.jsonl" <<'PY'
import ast, json, sys
py = ast.literal_eval(open(sys.argv[1]).read())
cli = json.loads(open(sys.argv[2]).read())
strip = lambda r: [{k: v for k, v in e.items() if k != "event_id"} for e in r["events"]]
assert py["events"] and strip(py) == strip(cli), "the wheel's events differ from the CLI's"
print(f"   {len(py['events'])} events, same as the CLI")
PY

step "pytest"
"$VENV/bin/python" -m pytest -q python/tests
step "done"
