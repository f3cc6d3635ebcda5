#!/usr/bin/env bash
# Runs every test of the solution, after installing what the tests need on a fresh Debian machine:
#   - PostgreSQL 15 server binaries (/usr/lib/postgresql/15/bin); the tests start their own server in a temp folder
#   - docker-compose (Debian's package) to validate docker-compose.yml
#   - Chromium (Debian's package) for the browser tests, when the browser test project exists
# Ends with a line "N passed, N failed" and exits non-zero when anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql-15)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
if [ -d tests/KnowledgeBase.Browser.Tests ] && [ ! -x /usr/bin/chromium ]; then need+=(chromium fonts-dejavu-core); fi
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} (Debian packages)…"
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

results=TestResults
rm -rf "$results"
status=0
# One test project at a time (-m:1): the browser and two-node cluster suites each load both cores, and run side by side
# they starve each other into timeouts on a shared 2-core machine.
dotnet test KnowledgeBase.sln -c Release -m:1 --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=$?

passed=0; failed=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "No test results were found in $results." >&2
  status=1
fi
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ] || status=1
exit "$status"
