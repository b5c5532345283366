#!/usr/bin/env bash
# smpboot's test command. It first installs what the tests need when it is missing, then runs the tests.
#
#   ./test.sh           every test (what CI runs): the unit tests of every module, slow ones included, and every
#                       jcstress test and negative control on the default JDK, the examples/ consumer project, the
#                       launcher (class-data archive, soak's standard error, a bad SMPBOOT_JIT, its JDK choice); then
#                       the fast tier again on Temurin 25 when it is installed (other fuzz seeds: nothing fixed-seed
#                       runs twice)
#   ./test.sh --fast    the fast tier, for a developer's inner loop (about 3 minutes): the unit tests of every
#                       module but those tagged "slow" (whole 1024-core boots, hundreds of boots, soak, chaos)
#   ./test.sh --deps    only checks the tools and installs the missing ones
#
# Needs a JDK (17+) and Maven (3.8+). The Debian tools the platform tests check our images with (dtc, readelf,
# mkfs.fat/fsck.fat, mdir/mcopy) are installed with apt-get when missing and running as root; otherwise the script
# names the packages and stops (exit 2). SMPBOOT_NO_INSTALL=1 forbids installing (then it names them and stops).
set -euo pipefail
cd "$(dirname "$0")"
# mkfs.fat and fsck.fat live in /sbin, which a user's PATH may lack
PATH="$PATH:/usr/sbin:/sbin"

usage()
{
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
}

tier=full
case "${1:-}" in
  "") ;;
  --fast) tier=fast ;;
  --deps) tier=deps ;;
  -h|--help) usage; exit 0 ;;
  *) echo "test.sh: unknown option '${1:0:80}': use --fast, --deps or nothing (see ./test.sh --help)" >&2; exit 2 ;;
esac

# ------------------------------------------------------------------------------------------------ the tools
# command -> Debian package that provides it
tools=(java:openjdk-17-jdk-headless mvn:maven dtc:device-tree-compiler readelf:binutils
       mkfs.fat:dosfstools fsck.fat:dosfstools mdir:mtools mcopy:mtools)
missing=()
packages=()
for t in "${tools[@]}"; do
  cmd=${t%%:*} pkg=${t#*:}
  if ! command -v "$cmd" >/dev/null 2>&1; then
    missing+=("$cmd")
    [[ " ${packages[*]-} " == *" $pkg "* ]] || packages+=("$pkg")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && [ -z "${SMPBOOT_NO_INSTALL:-}" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${packages[*]} (for ${missing[*]})" >&2
    # another apt run may hold dpkg's lock: wait for it, bounded
    apt-get -o DPkg::Lock::Timeout=300 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends \
      "${packages[@]}" >/dev/null
  else
    echo "test.sh: missing ${missing[*]}: install them (sudo apt-get install ${packages[*]}) and run ./test.sh again" >&2
    exit 2
  fi
fi
[ "$tier" = deps ] && exit 0

step()
{
  echo "== test.sh: $* ($(date +%T))"
}

if [ "$tier" = fast ]; then
  step "fast tier: unit tests of every module, without those tagged slow"
  exec mvn -B -ntp verify -DexcludedGroups=slow
fi

# ------------------------------------------------------------------------------------------------ the full tier
start=$SECONDS
step "unit tests (slow ones included) and jcstress on $(java -version 2>&1 | head -n 1)"
# jcstress: every test and negative control in quick mode, in one VM configuration (C2 with its randomizers, where a
# missing barrier shows first: about 3 minutes, every negative control caught); README's jcstress section gives the
# command and the time of the run over every configuration jcstress detects.
mvn -B -ntp verify -Pjcstress -Djcstress.configs=c2-stress -Djcstress.timeoutMinutes=30

step "the examples/ consumer project: README's dependency snippet, with and without the JVM flag"
examples/run.sh
step "the launcher: ./smpboot boot twice (the first run trains the class-data archive or AOT cache, the second maps it), soak's standard error"
rm -f platform-sim/target/smpboot-*.jsa platform-sim/target/smpboot-*.aot
for run in first second; do
  err=$(./smpboot boot --clusters 2x2 --cores 2 --quiet 2>&1 >/dev/null) || { echo "$err" >&2; echo "test.sh: ./smpboot boot failed ($run run)" >&2; exit 1; }
  if [ -n "$err" ]; then echo "$err" >&2; echo "test.sh: ./smpboot boot wrote to standard error ($run run)" >&2; exit 1; fi
done
compgen -G "platform-sim/target/smpboot-*.aot" >/dev/null || compgen -G "platform-sim/target/smpboot-*.jsa" >/dev/null ||
  { echo "test.sh: the launcher wrote no class-data archive nor AOT cache" >&2; exit 1; }
# and a run maps it: the simulator's classes come from it, not from the jar (a JVM that refused the archive would only
# have said so in the log the launcher turns off)
shared=$(SMPBOOT_JAVA_OPTS="-Xlog:class+load=info" ./smpboot boot --clusters 1x1 --cores 1 --quiet |
  grep -c "org.smpboot.sim.hw.Machine source: shared objects file" || true)
[ "$shared" = 1 ] || { echo "test.sh: ./smpboot boot did not load its classes from the launcher's archive" >&2; exit 1; }
# soak judges its boots itself: their own diagnostics (faults injected, cores left out) stay off its standard error,
# which the CLI's own process alone can show (in-process tests keep their logging)
err=$(./smpboot soak --boots 30 2>&1 >/dev/null) || { echo "$err" >&2; echo "test.sh: ./smpboot soak --boots 30 failed" >&2; exit 1; }
if grep -q "PlatformBoot" <<<"$err"; then
  grep -m 3 "PlatformBoot" <<<"$err" >&2; echo "test.sh: ./smpboot soak printed its boots' diagnostics" >&2; exit 1
fi
# a bad JIT choice is refused with exit 2 and one line naming the variable, before any JVM starts
set +e; err=$(SMPBOOT_JIT=c3 ./smpboot boot 2>&1); rc=$?; set -e
if [ "$rc" != 2 ] || [ "$err" != "smpboot: SMPBOOT_JIT must be auto, c1 or tiered, not 'c3'" ]; then
  echo "test.sh: SMPBOOT_JIT=c3 gave exit $rc and: $err" >&2; exit 1
fi

# The library must build and pass on the newest JDK beside the default one: there the fast tier, with the fuzz suites
# drawing from another seed, so the second JDK adds inputs instead of repeating the first one's.
t25=${SMPBOOT_JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ -x "$t25/bin/java" ]; then
  # with JAVA_HOME unset the launcher runs the newest JDK of version 24 or later in /usr/lib/jvm (virtual core threads)
  if [[ $t25 == /usr/lib/jvm/* ]]; then
    version=$(env -u JAVA_HOME ./smpboot --version | sed -n 2p)
    if [[ $version != *"simulated cores on virtual threads" ]]; then
      echo "test.sh: with $t25 installed and JAVA_HOME unset, ./smpboot --version says: $version" >&2; exit 1
    fi
  fi
  step "fast tier on $("$t25/bin/java" -version 2>&1 | head -n 1)"
  JAVA_HOME="$t25" mvn -B -ntp verify -DexcludedGroups=slow -Dsmpboot.fuzz.seed=20261205
fi
step "all tests passed in $(( (SECONDS - start) / 60 )) min $(( (SECONDS - start) % 60 )) s"
