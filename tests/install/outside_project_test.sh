#!/usr/bin/env bash
# Usage: outside_project_test.sh BUILD_DIR OUTSIDE_PROJECT_DIR
# Installs the dchat build into a temporary prefix, configures and builds
# the outside project with find_package(dchat), and runs it.
set -euo pipefail
build_dir=$1
project_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" --component sdk >/dev/null
cmake -S "$project_dir" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
LD_LIBRARY_PATH="$work/prefix/lib:${LD_LIBRARY_PATH:-}" "$work/build/outside_project" |
  tee "$work/output"
grep -qx "dchat SDK found: NOT_FOUND: room 'x' does not exist" "$work/output"
