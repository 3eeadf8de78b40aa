#!/bin/sh
# `cmake --install` into a scratch DESTDIR: every file lands where it
# belongs, the manual page and completions are what the binary prints, the
# examples are all there, and the installed binary's demo, run where there is
# no examples/, writes exactly the committed evidence/example (see
# tests/demo_golden.sh): an installed quotacase names its examples as a
# checkout does.
# usage: install_test.sh CMAKE BUILD_DIR BINDIR MANDIR DATADIR MAN_NAME
#        (absolute install directories; run from the source root)
set -u
cmake=$1 build=$2 bindir=$3 mandir=$4 datadir=$5 man=$6
root=$(pwd)
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
fail=0 n=0
ok() { n=$((n + 1)); }
bad() { n=$((n + 1)); fail=$((fail + 1)); echo "FAIL: $*"; }

if ! DESTDIR=$T/dest "$cmake" --install "$build" >"$T/install.log" 2>&1; then
  echo "FAIL: cmake --install:"; tail -20 "$T/install.log"; exit 1
fi
d=$T/dest
qc=$d$bindir/quotacase
[ -x "$qc" ] && ok || bad "$bindir/quotacase is not installed (or not executable)"
for f in "$mandir/man1/$man" "$datadir/bash-completion/completions/quotacase" \
         "$datadir/zsh/vendor-completions/_quotacase" "$datadir/quotacase/examples/case.json"; do
  [ -s "$d$f" ] && ok || bad "$f is not installed"
done
# The whole examples/ directory, byte for byte.
if diff -r "$root/examples" "$d$datadir/quotacase/examples" >"$T/diff" 2>&1; then ok
else bad "the installed examples differ from examples/:"; head -5 "$T/diff"; fi
# What is installed is what the installed binary prints.
"$qc" debug man >"$T/man" 2>/dev/null
case $man in *.gz) gzip -dc "$d$mandir/man1/$man" >"$T/man.installed" ;;
             *) cp "$d$mandir/man1/$man" "$T/man.installed" ;; esac
cmp -s "$T/man" "$T/man.installed" && ok || bad "the installed manual page is not 'quotacase debug man'"
"$qc" debug completion bash >"$T/bash"
cmp -s "$T/bash" "$d$datadir/bash-completion/completions/quotacase" && ok ||
  bad "the installed bash completion is not 'quotacase debug completion bash'"
"$qc" debug completion zsh >"$T/zsh"
cmp -s "$T/zsh" "$d$datadir/zsh/vendor-completions/_quotacase" && ok ||
  bad "the installed zsh completion is not 'quotacase debug completion zsh'"

# The demo from the installed copy, in a directory with no examples/.
mkdir "$T/run"
if (cd "$T/run" && "$qc" demo >"$T/demo.out" 2>"$T/demo.err"); then ok
else bad "the installed demo exits non-zero:"; tail -5 "$T/demo.err"; fi
[ ! -e "$T/run/examples" ] && ok || bad "the demo made an examples/ where it ran"
seen=
for f in "$root"/evidence/example/* "$T"/run/evidence/example/* \
         "$root"/evidence/example.tar.gz* "$T"/run/evidence/example.tar.gz*; do
  name=${f#"$root"/}
  name=${name#"$T"/run/}
  case " $seen " in *" $name "*) continue ;; esac
  seen="$seen $name"
  if [ ! -f "$T/run/$name" ]; then bad "the installed demo does not write $name"
  elif ! cmp -s "$root/$name" "$T/run/$name"; then
    bad "the installed demo's $name differs from the committed one"
    diff -u "$root/$name" "$T/run/$name" | head -10
  else ok; fi
done

echo "install: $((n - fail)) passed, $fail failed"
[ $fail -eq 0 ]
