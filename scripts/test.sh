#!/usr/bin/env bash
# The full test suite: installs what it needs (dependencies, PostgreSQL and NATS when missing, the local
# Zabbix of every version this machine can run), then checks formatting, lint and types, and runs:
#
#   unit, integration                  once
#   integration-zabbix, e2e, browser   once per Zabbix version (Debian 12: 6.0, then 7.0; Debian 13: 7.0)
#   faults                             once, against the newest Zabbix version
#
# The browser tests drive Debian's Chromium (/usr/bin/chromium, installed here when missing) with
# playwright-core: no browser is ever downloaded.
#
# Each result is printed with its Zabbix version; the last line totals everything: "N passed, N failed".
# ZABBIX_TEST_VERSIONS="6.0" (space-separated) limits the Zabbix versions.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

require_node
install_dependencies
ensure_postgres
ensure_nats
if [[ ! -x /usr/bin/chromium ]]; then
  log "Chromium not found: installing Debian's chromium for the console's browser tests"
  apt_install chromium || log "could not install chromium (apt-get install chromium): the browser tests will fail"
fi
unset ZABBIX_URL

results="$ROOT/.run/test-results"
rm -rf "$results" && mkdir -p "$results"
status=0
runs=()          # result names, in order
run_labels=()    # what each result is, with its Zabbix version
zabbix_labels=() # "Zabbix 6.0.14"
zabbix_urls=()

read -r -a versions <<<"${ZABBIX_TEST_VERSIONS:-$(bash "$ROOT/scripts/zabbix-local.sh" --versions)}"
[[ ${#versions[@]} -gt 0 ]] || die "no Zabbix version to test against (scripts/zabbix-local.sh --versions)"
for version in "${versions[@]}"; do
  log "Zabbix $version: installing/starting it (scripts/zabbix-local.sh)"
  if start_local_zabbix "$version"; then
    zabbix_labels+=("Zabbix $LOCAL_ZABBIX_VERSION")
    zabbix_urls+=("$LOCAL_ZABBIX_URL")
  else
    # Counted as one failed test below, so that the summary line shows it.
    log "Zabbix $version did not start: its suites are not run"
    echo "{\"setupFailure\":\"Zabbix $version did not start\"}" >"$results/zabbix-$version-setup.json"
    runs+=("zabbix-$version-setup")
    run_labels+=("Zabbix $version: setup")
    status=1
  fi
done

cd "$ROOT"
log "format, lint, types"
npx prettier --check . >/dev/null || die "formatting: run 'npx prettier --write .'"
npx eslint . --max-warnings 0
npx tsc -p tsconfig.json --noEmit

# Suites using the Zabbix test helpers must be in the integration-zabbix project, or they would see one
# Zabbix version only (see jest.config.js).
misplaced=$(npx jest --selectProjects integration --listTests 2>/dev/null | grep '^/' \
  | xargs -r grep -lE 'createZabbixTestClient|zabbixTestConnection|cleanupZabbixByPrefix' || true)
[[ -z $misplaced ]] || die "these suites use Zabbix but are not under apps/zabbix-writer or libs/*/src/zabbix, nor named *.zabbix.int-spec.ts:
$misplaced"
build

# run <result name> <label> <jest args...>: one Jest run, its JSON report in $results/<name>.json.
run() {
  local name=$1 label=$2 started=$SECONDS
  shift 2
  log "$label"
  # A time limit, so a test that leaves a handle open fails the run instead of hanging it.
  timeout --kill-after=10 900 npx jest "$@" --json --outputFile="$results/$name.json" \
    || { status=1; log "$label: failed (or ran over 15 minutes)"; }
  runs+=("$name")
  run_labels+=("$label")
  log "$label: $(summary "$results/$name.json") in $((SECONDS - started)) s"
}

# "N passed, N failed" of Jest reports (a suite that could not run counts as one failed test; a report
# that is missing, as one failed test too), or a setup failure.
summary() {
  node -e '
    const fs = require("fs");
    let passed = 0, failed = 0;
    for (const file of process.argv.slice(1)) {
      let report;
      try { report = JSON.parse(fs.readFileSync(file, "utf8")); } catch { failed += 1; continue; }
      if (report.setupFailure) { failed += 1; continue; }
      passed += report.numPassedTests;
      failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
    }
    console.log(`${passed} passed, ${failed} failed`);
  ' "$@"
}

run unit "unit tests" --selectProjects unit
# Integration and e2e suites talk to real servers; now and then a run keeps a native handle open after
# every test has passed (--detectOpenHandles names none), so Jest is told to exit once results are in.
run integration "integration tests (PostgreSQL, NATS)" --selectProjects integration --runInBand --forceExit
for index in "${!zabbix_labels[@]}"; do
  label=${zabbix_labels[$index]}
  slug=${label#Zabbix }
  export ZABBIX_URL=${zabbix_urls[$index]} ZABBIX_USER=Admin ZABBIX_PASSWORD=zabbix
  export TEST_ZABBIX_URL=$ZABBIX_URL TEST_ZABBIX_USER=$ZABBIX_USER TEST_ZABBIX_PASSWORD=$ZABBIX_PASSWORD
  run "integration-zabbix-$slug" "$label: integration tests" --selectProjects integration-zabbix --runInBand --forceExit
  run "e2e-$slug" "$label: end-to-end tests" --selectProjects e2e --runInBand --forceExit
  run "browser-$slug" "$label: browser tests (console)" --selectProjects browser --runInBand --forceExit
done
# Fault tests prove what survives a dead process or server, not anything of Zabbix's API: once, against the
# newest Zabbix (the last one set above).
if [[ ${#zabbix_labels[@]} -gt 0 ]] && [[ -n $(npx jest --selectProjects faults --listTests 2>/dev/null | grep '^/' || true) ]]; then
  run "faults-${slug}" "$label: fault tests" --selectProjects faults --runInBand --forceExit
fi

log "results ($((SECONDS / 60)) min $((SECONDS % 60)) s)"
files=()
for index in "${!runs[@]}"; do
  files+=("$results/${runs[$index]}.json")
  printf '  %-44s %s\n' "${run_labels[$index]}" "$(summary "$results/${runs[$index]}.json")" >&2
done
line=$(summary "${files[@]}")
[[ $line == *" 0 failed" && $line != "0 passed, 0 failed" ]] || status=1
echo "$line"
exit $status
