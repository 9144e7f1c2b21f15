#!/usr/bin/env bash
# Starts the built `panelrelay` on a fresh temporary SQLite database, runs the Playwright tests
# against it in Debian's Chromium, and prints a plain "e2e: N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")"
BIN="${PANELRELAY_BIN:?set PANELRELAY_BIN to the built panelrelay binary}"
FAKE_PANEL_BIN="${FAKE_PANEL_BIN:-$(dirname "$BIN")/fake-panel}"
FAKE_CHANNELS_BIN="${FAKE_CHANNELS_BIN:-$(dirname "$BIN")/fake-channels}"
DIST="${PANELRELAY_DIST_DIR:-$PWD/../dist}"
WORK="$(mktemp -d)"
mkdir -p output/screenshots
export ADMIN_EMAIL="admin@e2e.test" ADMIN_PASSWORD="e2e-master-admin-pw"
PANELRELAY_DATA_DIR="$WORK" PANELRELAY_LISTEN=127.0.0.1:0 PANELRELAY_DIST_DIR="$DIST" \
  PANELRELAY_ADMIN_EMAIL="$ADMIN_EMAIL" PANELRELAY_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
  PANELRELAY_LOGIN_ATTEMPTS_PER_MINUTE=50 PANELRELAY_SIGNUPS_PER_HOUR=50 RUST_BACKTRACE=0 \
  PANELRELAY_ALLOW_PRIVATE_URLS=true PANELRELAY_ALLOW_CUSTOM_CHANNEL_APIS=true \
  "$BIN" serve --sandbox > output/server.log 2>&1 &
SERVER=$!
# The fake panel's providers are canary domains: the browser tests check no page ever shows them.
export CANARY_ORDER_DOMAIN="jh4tp2rcbf.io" CANARY_SERVICES_DOMAIN="vw8yd3lqxe.io" CANARY_MANUAL_DOMAIN="qz7kx9vwmn.io"
"$FAKE_PANEL_BIN" --services-with-provider "$CANARY_ORDER_DOMAIN" "$CANARY_SERVICES_DOMAIN" > output/fake-panel.log 2>&1 &
FAKE=$!
"$FAKE_CHANNELS_BIN" > output/fake-channels.log 2>&1 &
CHANNELS=$!
trap 'kill $SERVER $FAKE $CHANNELS 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do grep -q "instance token" output/fake-channels.log && break; sleep 0.1; done
export FAKE_TELEGRAM=$(sed -nE 's/^fake telegram: (.*)$/\1/p' output/fake-channels.log)
export FAKE_BOT_TOKEN=$(sed -nE 's/^bot token: (.*)$/\1/p' output/fake-channels.log)
export FAKE_GREENAPI=$(sed -nE 's/^fake greenapi: (.*)$/\1/p' output/fake-channels.log)
export FAKE_INSTANCE_ID=$(sed -nE 's/^instance id: (.*)$/\1/p' output/fake-channels.log)
export FAKE_INSTANCE_TOKEN=$(sed -nE 's/^instance token: (.*)$/\1/p' output/fake-channels.log)
export FAKE_BOT_TOKEN_2=$(sed -nE 's/^bot token 2: (.*)$/\1/p' output/fake-channels.log)
export FAKE_INSTANCE_ID_2=$(sed -nE 's/^instance id 2: (.*)$/\1/p' output/fake-channels.log)
export FAKE_INSTANCE_TOKEN_2=$(sed -nE 's/^instance token 2: (.*)$/\1/p' output/fake-channels.log)
[ -n "$FAKE_TELEGRAM" ] || { cat output/fake-channels.log; echo "e2e: 0 passed, 1 failed"; exit 1; }
for _ in $(seq 100); do grep -q "user api key" output/fake-panel.log && break; sleep 0.1; done
export FAKE_PANEL_V2=$(sed -nE 's/^fake panel v2: (.*)$/\1/p' output/fake-panel.log)
export FAKE_USER_API=$(sed -nE 's/^fake user api: (.*)$/\1/p' output/fake-panel.log)
export FAKE_ADMIN_KEY=$(sed -nE 's/^admin key: (.*)$/\1/p' output/fake-panel.log)
export FAKE_USER_KEY=$(sed -nE 's/^user api key: (.*)$/\1/p' output/fake-panel.log)
[ -n "$FAKE_PANEL_V2" ] || { cat output/fake-panel.log; echo "e2e: 0 passed, 1 failed"; exit 1; }
BASE=""
for _ in $(seq 100); do
  BASE=$(sed -nE 's#^PanelRelay is running at (http://[0-9.:]+)/.*#\1#p' output/server.log | head -1)
  [ -n "$BASE" ] && break
  kill -0 $SERVER 2>/dev/null || { cat output/server.log; echo "e2e: 0 passed, 1 failed"; exit 1; }
  sleep 0.1
done
[ -n "$BASE" ] || { cat output/server.log; echo "e2e: 0 passed, 1 failed"; exit 1; }
RC=0
BASE_URL="$BASE" PLAYWRIGHT_JSON_OUTPUT_NAME=output/results.json npx playwright test --reporter=list,json "$@" || RC=$?
read -r PASSED FAILED < <(node -e 'try { const s = require("./output/results.json").stats; console.log(s.expected, s.unexpected + s.flaky) } catch (e) { console.log(0, 1) }')
echo "e2e: $PASSED passed, $FAILED failed"
exit $RC
