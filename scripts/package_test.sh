#!/bin/sh
# The Debian package, built and used as a user would: a Release build in a
# scratch directory, `cpack` (CPack's DEB generator, dependencies found by
# dpkg-shlibdeps), its control fields and contents checked, then, as root,
# `dpkg -i`, the installed quotacase run from an empty directory (the demo
# on the installed examples, the manual page, a whole run by hand) and
# `dpkg -r`.  Not root: the package is built and inspected, not installed.
# The source tree is never written.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)
T=$(mktemp -d)
installed=
cleanup() {
  if [ -n "$installed" ]; then dpkg -r quotacase >/dev/null 2>&1 || true; fi
  rm -rf "$T"
}
trap cleanup EXIT
fail=0
bad() { echo "package_test: FAIL: $*"; fail=1; }
step() { echo "package_test: $*"; }

# Only what the package holds is built: install does not wait for `all`
# (the tests and benchmarks), which keeps this to a minute or so.
step "Release build"
cmake -S . -B "$T/build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
  -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON >"$T/configure.log" || { cat "$T/configure.log"; exit 1; }
cmake --build "$T/build" --target quotacase qc_docs -j"$jobs" >"$T/build.log" 2>&1 ||
  { tail -30 "$T/build.log"; exit 1; }
step "cpack"
(cd "$T/build" && cpack -G DEB >"$T/cpack.log" 2>&1) || { tail -30 "$T/cpack.log"; exit 1; }
deb=$(ls "$T"/build/quotacase_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { echo "package_test: FAIL: cpack wrote no quotacase_*.deb"; ls "$T/build"; exit 1; }
step "built $(basename "$deb")"

# Control fields: the name, and Depends naming the libraries the binary links.
dpkg-deb -I "$deb" >"$T/info"
depends=$(sed -n 's/^ Depends: //p' "$T/info")
[ -n "$depends" ] || bad "no Depends in the package"
step "Depends: $depends"
for lib in libc6 libcurl libjansson libxlsxwriter libcmark-gfm libarchive librsvg libcairo libpng16 \
           libpcre2-8 libssl zlib1g; do
  case ",$depends" in *[,\ ]$lib*) ;; *) bad "Depends does not name $lib: $depends" ;; esac
done
grep -q '^ Package: quotacase$' "$T/info" || bad "the package is not named quotacase"
grep -q '^ Section: utils$' "$T/info" || bad "the package's section is not utils"
grep -q '^ Maintainer: ' "$T/info" || bad "the package has no Maintainer"
# Contents: the binary, the manual page, both completions, the examples.
dpkg-deb -c "$deb" | awk '{print $NF}' >"$T/contents"
for f in ./usr/bin/quotacase ./usr/share/man/man1/quotacase.1.gz \
         ./usr/share/bash-completion/completions/quotacase \
         ./usr/share/zsh/vendor-completions/_quotacase \
         ./usr/share/quotacase/examples/case.json ./usr/share/quotacase/examples/logs/gateway.log \
         ./usr/share/quotacase/examples/exports/cloudwatch-get-metric-data.json; do
  grep -qx -e "$f" "$T/contents" || bad "the package lacks $f"
done

if [ "$(id -u)" -ne 0 ]; then
  step "SKIPPED installing: dpkg -i needs root (the package is built and inspected)"
  exit $fail
fi
if dpkg-query -W -f='${Status}' quotacase 2>/dev/null | grep -q "install ok installed" ||
   [ -e /usr/bin/quotacase ]; then
  step "SKIPPED installing: quotacase is already installed here, and is not replaced"
  exit $fail
fi

step "dpkg -i"
installed=1
dpkg -i "$deb" >"$T/dpkg.log" 2>&1 || { cat "$T/dpkg.log"; exit 1; }
qc=/usr/bin/quotacase ex=/usr/share/quotacase/examples
mkdir "$T/run"
cd "$T/run"
v=$("$qc" --version) || bad "quotacase --version exits non-zero"
[ "$v" = "quotacase $(sed -n 's/^project(quotacase VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")" ] ||
  bad "quotacase --version says '$v'"

# The demo, from the installed examples, writes exactly the committed example.
step "quotacase demo"
quotacase demo >demo.out 2>demo.err || { tail -5 demo.err; bad "the installed demo exits non-zero"; }
for f in "$root"/evidence/example/* "$root"/evidence/example.tar.gz "$root"/evidence/example.tar.gz.sha256; do
  name=${f#"$root"/}
  cmp -s "$f" "$name" || bad "the installed demo's $name differs from the committed one"
done

# The manual page and the completions are where man and the shells look.
# (An image whose dpkg configuration drops manual pages gets no page.)
if man -w quotacase >/dev/null 2>&1; then
  MANWIDTH=80 man quotacase 2>/dev/null | grep -q 'EXIT STATUS' || bad "man quotacase shows no EXIT STATUS"
elif grep -qs 'path-exclude.*/usr/share/man' /etc/dpkg/dpkg.cfg.d/*; then
  step "note: dpkg here excludes /usr/share/man, so the page (in the package) is not installed"
else
  bad "man -w quotacase finds no page"
fi
[ -s /usr/share/bash-completion/completions/quotacase ] || bad "no bash completion installed"
[ -s /usr/share/zsh/vendor-completions/_quotacase ] || bad "no zsh completion installed"

# The README's run by hand, as written there, with the installed binary in a
# directory holding the examples (the README runs it in a clone); the calls
# to AWS (whoami, doctor, submit) are left out.
step "a run by hand"
cp -r "$ex" examples
quotacase init --out case.json >/dev/null || bad "init exits non-zero"
dir=$(quotacase collect --case case.json --logs examples/logs --import examples/exports 2>collect.err) ||
  { cat collect.err; bad "collect exits non-zero"; }
[ -d "$dir" ] || bad "collect printed no directory ($dir)"
quotacase render --case case.json "$dir" >/dev/null 2>&1 || bad "render exits non-zero"
[ -s "$dir/support_case.html" ] || bad "render wrote no support_case.html"
quotacase bundle "$dir" >/dev/null || bad "bundle exits non-zero"
quotacase verify "$dir.tar.gz" >/dev/null || bad "verify of the bundle exits non-zero"
quotacase verify "$dir" >/dev/null || bad "verify of the directory exits non-zero"
cd "$root"

step "dpkg -r"
dpkg -r quotacase >"$T/dpkg.log" 2>&1 || { cat "$T/dpkg.log"; bad "dpkg -r quotacase fails"; }
installed=
[ ! -e /usr/bin/quotacase ] || bad "/usr/bin/quotacase is still there after dpkg -r"
[ ! -e "$ex" ] || bad "$ex is still there after dpkg -r"
[ $fail -eq 0 ] && step "passed"
exit $fail
