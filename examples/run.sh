#!/usr/bin/env bash
# Builds and runs examples/ as a user's project would use smpboot-runtime: from the local Maven repository, with the
# dependency README gives. The test command runs it (./test.sh); by hand: examples/run.sh
#   1. installs smpboot-parent and smpboot-runtime into the local repository (no tests: the test command runs them)
#   2. checks that examples/pom.xml holds README's dependency snippet verbatim
#   3. builds the example and runs it with the JVM flag README gives: one leader, nobody late (exit 0)
#   4. runs it without the flag: it must stop (exit 1) with the runtime's one line on standard error naming the flag
set -euo pipefail
cd "$(dirname "$0")/.."
flag=--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED
say()
{
  echo "examples: $*"
}

mvn -B -q -ntp -pl runtime -am install -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true

# README's snippet: the xml block of its "Maven dependency" section, verbatim in the example's pom
snippet="$(awk '/^## Maven dependency/{s=1} s&&/^```xml/{b=1;next} b&&/^```/{exit} b' README.md)"
if [ -z "$snippet" ] || ! grep -qF -- "$(printf '%s' "$snippet" | head -n 1)" examples/pom.xml ||
   [ "$(printf '%s\n' "$snippet" | grep -cvxFf examples/pom.xml)" != 0 ]; then
  say "README's Maven dependency snippet is not what examples/pom.xml uses:" >&2
  printf '%s\n' "$snippet" >&2
  exit 1
fi

mvn -B -q -ntp -f examples/pom.xml package
cp_file="$(mktemp)"
trap 'rm -f "$cp_file" "${err:-}"' EXIT
mvn -B -q -ntp -f examples/pom.xml dependency:build-classpath -Dmdep.outputFile="$cp_file"
cp="examples/target/classes:$(cat "$cp_file")"

java -XX:+IgnoreUnrecognizedVMOptions --sun-misc-unsafe-memory-access=allow "$flag" -cp "$cp" \
  org.smpboot.examples.ElectionExample 16
say "with $flag: passed"

err="$(mktemp)"
status=0
java -cp "$cp" org.smpboot.examples.ElectionExample 16 >/dev/null 2>"$err" || status=$?
lines="$(grep -cv '^WARNING' "$err" || true)"
if [ "$status" = 0 ] || [ "$lines" != 1 ] || ! grep -qF -- "$flag" "$err" || ! grep -qF "smpboot needs the JVM flag" "$err"; then
  say "without $flag the example should stop with one line naming the flag; it returned $status and printed:" >&2
  head -n 20 "$err" >&2
  exit 1
fi
say "without the flag: stopped with one line naming it: $(grep -v '^WARNING' "$err")"
