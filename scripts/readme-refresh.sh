#!/usr/bin/env bash
# Rewrites README.md's command-output blocks from a fresh run of each command (org.smpboot.sim.readme.ReadmeBlocks):
# every line a block shows keeps its place, with the figures this run printed. A line the command no longer prints
# stops the refresh and names it (then fix the README by hand). ReadmeTest checks the same blocks in the test tiers.
#
#   scripts/readme-refresh.sh          every block but the long ones (a few minutes)
#   scripts/readme-refresh.sh --all    the long ones too (the full soak and the scale run: about 8 and 5 minutes on 2 loaded cores)
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  ""|--all) ;;
  *) echo "readme-refresh.sh: unknown option '${1:0:80}': use --all or nothing" >&2; exit 2 ;;
esac
mvn -B -q -ntp -pl platform-sim -am test-compile -Dmaven.javadoc.skip=true
cp="$(mktemp)"
trap 'rm -f "$cp"' EXIT
mvn -B -q -ntp -pl platform-sim dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp"
# the JVM the launcher runs, with its flags (java.lang opened for a deterministic run's core carrier)
"$(scripts/smpboot-jvm)" -XX:+IgnoreUnrecognizedVMOptions --sun-misc-unsafe-memory-access=allow \
  --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
  -cp "platform-sim/target/test-classes:platform-sim/target/classes:runtime/target/classes:$(cat "$cp")" \
  org.smpboot.sim.readme.ReadmeBlocks README.md ${1:-}
