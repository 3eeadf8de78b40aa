#!/bin/sh
# The main job on the shipped example: installs what is missing, builds, and
# runs `quotacase demo`, which collects examples/ into evidence/example/.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc 2>/dev/null || echo 2)" --target quotacase >/dev/null
build/quotacase demo
build/quotacase verify evidence/example
