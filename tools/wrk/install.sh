#!/bin/sh
# wrk, the HTTP load generator of the emulator's throughput benchmark (benchmarks/load.py), from Debian's
# packages into tools/wrk/root/ without root and without a global install: `apt-get download` fetches
# the .deb files of wrk and of its libraries (LuaJIT; libc6 and libssl3 are on every Debian machine), and
# `dpkg -x` unpacks them here. The binary runs with LD_LIBRARY_PATH pointing at the unpacked libraries.
# A stamp (root/.installed-stamp) records what was unpacked; the script does nothing while it is there.
# Output goes to tools/wrk/install.log; on a failure it is printed and the script exits non-zero.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root="$here/root"
stamp="$root/.installed-stamp"
packages="wrk libluajit2-5.1-2 libluajit2-5.1-common"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$packages" ] && [ -x "$root/usr/bin/wrk" ]; then
  exit 0
fi
command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1 || {
  echo "tools/wrk/install.sh needs apt-get and dpkg (a Debian or Ubuntu machine) to fetch wrk" >&2; exit 1; }
log="$here/install.log"
downloads=$(mktemp -d)
trap 'rm -rf "$downloads"' EXIT
echo "Installing wrk from Debian's packages into tools/wrk/root (log: tools/wrk/install.log)" >&2
if ! (cd "$downloads" && apt-get download $packages) >"$log" 2>&1; then
  # The package lists may be missing or stale (a fresh machine): refresh them once and try again.
  if ! { apt-get update && (cd "$downloads" && apt-get download $packages); } >>"$log" 2>&1; then
    cat "$log" >&2
    echo "tools/wrk/install.sh: could not download $packages (above: apt-get's output)" >&2
    exit 1
  fi
fi
rm -rf "$root"
mkdir -p "$root"
for deb in "$downloads"/*.deb; do
  dpkg -x "$deb" "$root" >>"$log" 2>&1 || { cat "$log" >&2; echo "tools/wrk/install.sh: dpkg -x $deb failed" >&2; exit 1; }
done
echo "$packages" >"$stamp"
