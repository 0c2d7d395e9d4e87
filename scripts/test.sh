#!/usr/bin/env bash
# The full test suite: installs what it needs (dependencies, PostgreSQL and NATS when missing, the local
# Zabbix), then checks formatting, lint and types, and runs the unit, integration and end-to-end tests.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

require_node
install_dependencies
ensure_postgres
ensure_nats
unset ZABBIX_URL
ensure_zabbix
export TEST_ZABBIX_URL="$ZABBIX_URL" TEST_ZABBIX_USER="${ZABBIX_USER}" TEST_ZABBIX_PASSWORD="${ZABBIX_PASSWORD}"

cd "$ROOT"
log "format, lint, types"
npx prettier --check . >/dev/null || die "formatting: run 'npx prettier --write .'"
npx eslint . --max-warnings 0
npx tsc -p tsconfig.json --noEmit
build

results="$ROOT/.run/test-results"
rm -rf "$results" && mkdir -p "$results"
status=0
for project in unit integration e2e; do
  log "$project tests"
  extra=()
  # Integration and e2e suites talk to real servers; now and then a run keeps a native handle open after
  # every test has passed (--detectOpenHandles names none), so Jest is told to exit once results are in.
  [[ $project == unit ]] || extra=(--runInBand --forceExit)
  # A time limit, so a test that leaves a handle open fails the run instead of hanging it.
  timeout --kill-after=10 900 npx jest --selectProjects "$project" "${extra[@]}" \
    --json --outputFile="$results/$project.json" || { status=1; log "$project tests failed (or ran over 15 minutes)"; }
done

node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, suites = 0;
  for (const file of fs.readdirSync(process.argv[1])) {
    const report = JSON.parse(fs.readFileSync(process.argv[1] + "/" + file, "utf8"));
    passed += report.numPassedTests; failed += report.numFailedTests; suites += report.numTotalTestSuites;
  }
  if (suites === 0) { console.log("no test suites ran"); process.exit(1); }
  console.log(`${passed} passed, ${failed} failed`);
' "$results" || status=1
exit $status
