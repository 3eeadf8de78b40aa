#!/bin/sh
# docs/commands.md shows each command's --help output between markers
#   <!-- help:NAME --> ... <!-- /help:NAME -->
# This test fails when a block differs from what the binary prints, or is
# missing; `sh tests/docs_help.sh QUOTACASE --regen` rewrites the blocks.
# Run from the repository root.
set -u
qc=$1 regen=${2:-}
doc=docs/commands.md
[ -f "$doc" ] || { echo "FAIL: $doc not found (run from the repository root)"; exit 1; }
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
fail=0 n=0
# The blocks live in one place only.
if grep -n '^<!-- help:' README.md; then
  echo "FAIL: README.md has --help blocks; they belong in $doc"
  fail=1
fi
for name in whoami doctor iam-policy init collect render template bundle verify submit status follow-up demo "debug scan" "debug import" "debug sign"; do
  tag=$(echo "$name" | tr ' ' '-')
  # shellcheck disable=SC2086
  { echo '```'; "$qc" $name --help; echo '```'; } >"$T/want"
  awk -v tag="$tag" '$0 == "<!-- /help:" tag " -->" {on=0} on {print} $0 == "<!-- help:" tag " -->" {on=1}' \
    "$doc" >"$T/got"
  n=$((n + 1))
  if [ "$regen" = --regen ]; then
    awk -v tag="$tag" -v file="$T/want" '
      $0 == "<!-- help:" tag " -->" {print; while ((getline l < file) > 0) print l; skip=1; next}
      $0 == "<!-- /help:" tag " -->" {skip=0}
      !skip {print}' "$doc" >"$T/doc" && cp "$T/doc" "$doc"
  elif ! cmp -s "$T/want" "$T/got"; then
    echo "FAIL: $doc block help:$tag differs from '$name --help'"
    diff -u "$T/got" "$T/want" | head -20
    fail=$((fail + 1))
  fi
done
echo "docs_help: $((n - fail)) passed, $fail failed"
[ $fail -eq 0 ]
