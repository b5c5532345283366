#!/usr/bin/env bash
# Regenerates README's hypervisor session from a real run: the shell's script scripts/hypervisor-session.txt, typed
# into TTY 0 of the default platform, replayed under seed 1 (the same bytes every time; HypervisorReadmeTest checks
# that README holds them): TTY 0, then the elected guest's TXT0 (instance 6). Usage: scripts/readme-hypervisor.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
block=$(mktemp)
trap 'rm -rf "$out" "$block"' EXIT
# exit 1: the session's hostile guest faults, as it is meant to
./smpboot hypervisor --seed 1 --script scripts/hypervisor-session.txt --out "$out" > /dev/null || [ $? -eq 1 ]

# replace what lies between <!-- NAME --> and <!-- /NAME --> with a code block: a command line, then a file
fill() {
  local name=$1 command=$2 file=$3
  { echo '```'; echo "$command"; cat "$file"; echo '```'; } > "$block"
  awk -v block="$block" -v name="$name" '
    $0 == "<!-- " name " -->" { print; while ((getline line < block) > 0) print line; close(block); skip = 1; next }
    $0 == "<!-- /" name " -->" { skip = 0 }
    !skip { print }
  ' README.md > README.md.new
  mv README.md.new README.md
}
fill hypervisor-session '$ ./smpboot hypervisor --seed 1 --script scripts/hypervisor-session.txt --out /tmp/hv' \
  "$out/tty0.log"
fill hypervisor-guest '$ cat /tmp/hv/instance6/tty0.log' "$out/instance6/tty0.log"
echo "README.md: hypervisor session regenerated ($(wc -l < "$out/tty0.log") lines of TTY 0, $(wc -l < \
  "$out/instance6/tty0.log") of instance 6's TXT0)"
