#!/bin/sh
# The test command: installs what is missing, builds with warnings as errors
# under AddressSanitizer and UndefinedBehaviorSanitizer, runs every test, and
# builds the libFuzzer targets with clang and replays their corpora.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build-test -DQC_WERROR=ON -DQC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-test -j"$jobs"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-test --output-on-failure -j"$jobs"
CC=clang cmake -S . -B build-fuzz -DQC_FUZZ=ON -DQC_WERROR=ON >/dev/null
cmake --build build-fuzz -j"$jobs"
replay() { t=$1; shift; build-fuzz/tests/fuzz/fuzz_$t -runs=0 "$@" 2>&1 | tail -n 1; }
replay logscan tests/data/logscan tests/fuzz/corpus/logscan
replay import tests/data/import tests/fuzz/corpus/import
replay mustache templates tests/fuzz/corpus/mustache
replay casefile examples templates tests/fuzz/corpus/casefile
replay sigv4 tests/data/sigv4 tests/fuzz/corpus/sigv4
replay config tests/fuzz/corpus/config
