#!/usr/bin/env bash
# Regenerates README's hypervisor session from a real run: the shell's script scripts/hypervisor-session.txt, typed
# into TTY 0 of the default platform, replayed under seed 1 (the same bytes every time; HypervisorReadmeTest checks
# that README holds them). Usage: scripts/readme-hypervisor.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# exit 1: the session's hostile guest faults, as it is meant to
./smpboot hypervisor --seed 1 --script scripts/hypervisor-session.txt --out "$out" > /dev/null || [ $? -eq 1 ]
block=$(mktemp)
{
  echo '```'
  echo '$ ./smpboot hypervisor --seed 1 --script scripts/hypervisor-session.txt --out /tmp/hv'
  cat "$out/tty0.log"
  echo '```'
} > "$block"
awk -v block="$block" '
  /^<!-- hypervisor-session -->$/ { print; while ((getline line < block) > 0) print line; skip = 1; next }
  /^<!-- \/hypervisor-session -->$/ { skip = 0 }
  !skip { print }
' README.md > README.md.new
mv README.md.new README.md
rm -f "$block"
echo "README.md: hypervisor session regenerated ($(wc -l < "$out/tty0.log") lines of TTY 0)"
