#!/bin/sh
# The README shows each command's --help output between markers
#   <!-- help:NAME --> ... <!-- /help:NAME -->
# This test fails when a block differs from what the binary prints;
# `tests/readme_help.sh QUOTACASE --regen` rewrites the blocks.
set -u
qc=$1 regen=${2:-}
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
fail=0 n=0
for name in whoami doctor iam-policy init collect render template bundle verify submit status follow-up demo "debug scan" "debug import" "debug sign"; do
  tag=$(echo "$name" | tr ' ' '-')
  # shellcheck disable=SC2086
  { echo '```'; "$qc" $name --help; echo '```'; } >"$T/want"
  awk -v tag="$tag" '$0 == "<!-- /help:" tag " -->" {on=0} on {print} $0 == "<!-- help:" tag " -->" {on=1}' \
    README.md >"$T/got"
  n=$((n + 1))
  if [ "$regen" = --regen ]; then
    awk -v tag="$tag" -v file="$T/want" '
      $0 == "<!-- help:" tag " -->" {print; while ((getline l < file) > 0) print l; skip=1; next}
      $0 == "<!-- /help:" tag " -->" {skip=0}
      !skip {print}' README.md >"$T/readme" && cp "$T/readme" README.md
  elif ! cmp -s "$T/want" "$T/got"; then
    echo "FAIL: README block help:$tag differs from '$name --help'"
    diff -u "$T/got" "$T/want" | head -20
    fail=$((fail + 1))
  fi
done
echo "readme_help: $((n - fail)) passed, $fail failed"
[ $fail -eq 0 ]
