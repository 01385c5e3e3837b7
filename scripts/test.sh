#!/usr/bin/env bash
# `npm test`: every check of the repository, in order. It keeps going after a failure so that each
# suite reports, then prints one closing line "N passed, N failed" (scripts/test-summary.ts) and
# exits non-zero if anything failed. Reports go to test-reports/ (Playwright empties test-results/).
set -u
cd "$(dirname "$0")/.."

export NEXT_TELEMETRY_DISABLED=1
reports=test-reports
rm -rf "$reports" && mkdir -p "$reports"
results=()

step() { # step NAME COMMAND...: run one check, remember its exit code
  local name=$1; shift
  echo; echo "=== $name: $* ==="
  local start=$SECONDS
  "$@"
  local rc=$?
  echo "=== $name: exit $rc in $((SECONDS - start)) s ==="
  results+=("$name:$rc")
  return $rc
}

step typecheck npm run --silent typecheck
step lint npm run --silent lint
# The engine tests run the pitcrew command: bundle it first, or it runs (slowly) from source.
step cli-bundle npm run --silent build:cli
step vitest npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest.json"
if step build npx next build; then
  # Real console (next start on this build) + real agent processes + the real CLI.
  step integration npx vitest run --config vitest.integration.config.ts --reporter=default --reporter=json --outputFile.json="$reports/integration.json"
  # The same tests with the console on PostgreSQL (a throwaway server the suite starts), when it is
  # installed; CI sets PITCREW_REQUIRE_POSTGRES=1, and there its absence is a failure.
  if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    PITCREW_TEST_DATABASE=postgresql \
      step integration-postgres npx vitest run --config vitest.integration.config.ts --reporter=default --reporter=json --outputFile.json="$reports/integration-postgres.json"
  elif [ "${PITCREW_REQUIRE_POSTGRES:-}" = 1 ]; then
    results+=("integration-postgres:no-postgres")
  else
    echo "=== integration-postgres: not run, PostgreSQL is not installed (apt-get install postgresql) ==="
  fi
  # CI=1: never reuse a server left on the port (it would serve another database).
  PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/playwright.json" CI="${CI:-1}" \
    step playwright npx playwright test --reporter=list,json
else
  # Playwright would test a stale .next from an earlier build; count it as failed, not passed.
  echo "=== integration, playwright: not run, the build failed ==="
  results+=("integration:not-run" "integration-postgres:not-run" "playwright:not-run")
fi

echo
exec npx tsx scripts/test-summary.ts "$reports" "${results[@]}"
