#!/bin/sh
# What a user reads about quotacase, checked against what it does:
#  - every --help (the command list, each command, debug's commands) fits
#    in 80 columns;
#  - the manual page (quotacase debug man) formats without a groff warning,
#    has a section for every command with every option its --help lists,
#    every exit code in cli/cli.h and every environment variable the code
#    reads;
#  - the bash completion, sourced in bash and called as bash calls it,
#    completes commands, options, files and directories, and knows every
#    command and option --help lists;
#  - the zsh completion is valid zsh.
# usage: docs_test.sh QUOTACASE BASH_COMPLETION ZSH_COMPLETION (from the source root)
set -u
qc=$1 bashc=$2 zshc=$3
case $bashc in /*) ;; *) bashc=$PWD/$bashc ;; esac
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
fail=0 n=0
ok() { n=$((n + 1)); }
bad() { n=$((n + 1)); fail=$((fail + 1)); echo "FAIL: $*"; }

# The commands, as the lists in --help give them.
"$qc" --help >"$T/top" || bad "quotacase --help exits non-zero"
"$qc" debug --help >"$T/debug" || bad "quotacase debug --help exits non-zero"
cmds=$(awk '/^commands:/ {on=1; next} on && /^  [a-z]/ {print $1} on && /^$/ {on=0}' "$T/top")
subs=$(awk '/^commands:/ {on=1; next} on && /^  [a-z]/ {print $1} on && /^$/ {on=0}' "$T/debug")
for s in scan import sign; do
  case " $(echo $subs) " in *" $s "*) ok ;; *) bad "debug --help does not list $s" ;; esac
done

# ---- --help within 80 columns ----
all=
for c in $cmds; do
  [ "$c" = debug ] && continue
  all="$all $c"
done
for s in $subs; do all="$all debug:$s"; done
check_width() { # file, what
  long=$(awk 'length > 80 {print NR": "length" columns"}' "$1")
  if [ -n "$long" ]; then bad "$2 has lines over 80 columns: $long"; else ok; fi
}
check_width "$T/top" "quotacase --help"
check_width "$T/debug" "quotacase debug --help"
for c in $all; do
  words=$(echo "$c" | tr ':' ' ')
  # shellcheck disable=SC2086
  if ! "$qc" $words --help >"$T/help" 2>&1; then bad "quotacase $words --help exits non-zero"; continue; fi
  check_width "$T/help" "quotacase $words --help"
  awk '/^options:/ {on=1; next} on && /^  --/ {print $1}' "$T/help" >"$T/opts.$(echo "$c" | tr ':' '_')"
done

# ---- the manual page ----
"$qc" debug man >"$T/page" 2>"$T/page.err" || bad "debug man exits non-zero"
if [ -s "$T/page.err" ]; then bad "debug man warns: $(cat "$T/page.err")"; else ok; fi
if command -v groff >/dev/null 2>&1; then
  groff -man -Tutf8 -ww "$T/page" 2>"$T/groff.err" >/dev/null
  if [ -s "$T/groff.err" ]; then bad "groff warns on the page:"; head -5 "$T/groff.err"; else ok; fi
  # Plain ASCII text: \- is '-' there, so option names can be searched for.
  groff -man -Tascii -P-cbou "$T/page" 2>/dev/null >"$T/page.txt"
  for c in $all; do
    words=$(echo "$c" | tr ':' ' ')
    # The command's section: from its heading to the next command's.
    awk -v h="   quotacase $words" '$0 == h || index($0, h " ") == 1 {on=1; next} on && /^   quotacase / {on=0} on && /^[A-Z]/ {on=0} on' \
      "$T/page.txt" >"$T/section"
    if [ ! -s "$T/section" ]; then bad "the manual has no section for '$words'"; continue; fi
    ok
    while read -r o; do
      if grep -q -e "^       $o\( \|$\)" "$T/section"; then ok; else bad "the manual's '$words' lacks $o"; fi
    done <"$T/opts.$(echo "$c" | tr ':' '_')"
  done
  awk '/^ENVIRONMENT/ {on=1; next} on && /^[A-Z]/ {on=0} on' "$T/page.txt" >"$T/env"
  # Every variable the code reads by name.
  vars=$(grep -rhoE '(getenv|S_env|S_env_ms|S_home_file)\("[A-Za-z_][A-Za-z0-9_]*"' \
           cli collector common report submit | sed 's/.*("//; s/"$//' | sort -u)
  for v in $vars; do
    if grep -q -w -e "$v" "$T/env"; then ok; else bad "ENVIRONMENT does not name $v"; fi
  done
  [ -n "$vars" ] || bad "no getenv() found in the sources (run from the source root)"
else
  echo "docs_test: groff is not installed: the page's formatting is not checked"
fi
# Every exit code of cli/cli.h is in EXIT STATUS.
codes=$(sed -n 's/^ *QC_EXIT_[A-Z_]* = \([0-9]*\),.*/\1/p' cli/cli.h)
awk '/^\.SH "EXIT STATUS"/ {on=1; next} on && /^\.SH/ {on=0} on && /^\.B [0-9]/ {print $2}' \
  "$T/page" >"$T/codes"
for c in $codes; do
  if grep -qx "$c" "$T/codes"; then ok; else bad "EXIT STATUS lacks exit code $c"; fi
done
[ "$(echo "$codes" | wc -l)" -eq "$(wc -l <"$T/codes")" ] && ok || bad "EXIT STATUS has codes cli/cli.h does not"

# ---- bash completion ----
mkdir -p "$T/cwd/logs.d" "$T/cwd/out.d" && : >"$T/cwd/logs.txt"
complete_bash() { # words...: prints COMPREPLY, one a line
  (cd "$T/cwd" && bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
     _quotacase; printf "%s\n" "${COMPREPLY[@]}"' sh "$bashc" "$@")
}
expect() { # "want" words... (compared as sets: file order is the directory's)
  want=$(printf '%s\n' $1 | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'); shift
  got=$(complete_bash "$@" | LC_ALL=C sort | tr '\n' ' ' | sed 's/^ //; s/ $//')
  if [ "$got" = "$want" ]; then ok; else bad "bash: '$*' completes to '$got', not '$want'"; fi
}
expect "collect" quotacase col
expect "--logs --log-group --log-timezone" quotacase collect --lo
expect "scan sign" quotacase debug s
expect "bash zsh" quotacase debug completion ""
expect "" quotacase debug scan --log-timezone ""
expect "--model" quotacase debug scan --mo
expect "logs.d logs.txt" quotacase collect --logs lo
expect "logs.d logs.txt" quotacase collect --logs = lo
expect "out.d" quotacase collect --out o
expect "" quotacase collect --days ""
expect "logs.d logs.txt" quotacase verify lo
top=$(complete_bash quotacase "" | tr '\n' ' ')
for c in $cmds; do
  case " $top " in *" $c "*) ok ;; *) bad "bash: '$c' is not completed" ;; esac
done
for c in $all; do
  words=$(echo "$c" | tr ':' ' ')
  # shellcheck disable=SC2086
  got=" $(complete_bash quotacase $words -- | tr '\n' ' ') "
  while read -r o; do
    case "$got" in *" $o "*) ok ;; *) bad "bash: 'quotacase $words --' does not offer $o" ;; esac
  done <"$T/opts.$(echo "$c" | tr ':' '_')"
done

# ---- zsh completion ----
if command -v zsh >/dev/null 2>&1; then
  if zsh -n "$zshc" 2>"$T/zsh.err"; then ok; else bad "zsh -n: $(cat "$T/zsh.err")"; fi
  head -n 1 "$zshc" | grep -qx '#compdef quotacase' && ok || bad "_quotacase does not start with #compdef"
else
  echo "docs_test: zsh is not installed: the zsh completion is not checked"
fi

echo "docs: $((n - fail)) passed, $fail failed"
[ $fail -eq 0 ]
