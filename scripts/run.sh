#!/usr/bin/env bash
# Quick start, step 1: install the dependencies (Debian 12, apt), build corridor in
# Release mode and run its main job.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target corridor_cli -j "$(nproc)"
./build/bin/corridor "$@"
