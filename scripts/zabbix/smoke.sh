#!/usr/bin/env bash
# scripts/zabbix/smoke.sh: checks a running Zabbix API the way the test suite uses it.
#
#   apiinfo.version (no auth) -> user.login Admin/zabbix -> host.get and hostgroup.get with the
#   session -> user.logout, printing each call's answer (shortened) and its time.
#
# Usage: scripts/zabbix/smoke.sh [URL]    (default $ZABBIX_URL, else http://127.0.0.1:8081/api_jsonrpc.php)
#        ZABBIX_USER / ZABBIX_PASSWORD override Admin / zabbix. Needs curl only.
set -euo pipefail

URL="${1:-${ZABBIX_URL:-http://127.0.0.1:${ZABBIX_LOCAL_PORT:-8081}/api_jsonrpc.php}}"
USER_NAME="${ZABBIX_USER:-Admin}"
PASSWORD="${ZABBIX_PASSWORD:-zabbix}"

fail() { printf 'smoke: FAIL: %s\n' "$*" >&2; exit 1; }

# call <label> <json> [curl args...]: prints "<label> <seconds>s <body...>", sets BODY.
BODY=""
call() {
  local label=$1 json=$2 out
  shift 2
  out=$(curl -sS -m 30 -H 'Content-Type: application/json-rpc' --data-binary "$json" \
        -w '\n%{time_total}' "$@" "$URL") || fail "$label: curl failed"
  BODY=${out%$'\n'*}
  printf '%-16s %6.3fs  %s\n' "$label" "${out##*$'\n'}" "${BODY:0:160}"
}

result_str() { sed -n 's/.*"result":"\([^"]*\)".*/\1/p' <<<"$BODY"; }

# Sent without any Authorization header: 7.0 rejects apiinfo.version when it has one.
call apiinfo.version '{"jsonrpc":"2.0","method":"apiinfo.version","params":{},"id":1}'
VERSION=$(result_str)
[ -n "$VERSION" ] || fail "apiinfo.version: $BODY"

# 'username' works from 6.0 on ('user' was removed in 6.4).
call user.login "{\"jsonrpc\":\"2.0\",\"method\":\"user.login\",\"params\":{\"username\":\"$USER_NAME\",\"password\":\"$PASSWORD\"},\"id\":2}"
TOKEN=$(result_str)
[[ $TOKEN =~ ^[0-9a-f]{32}$ ]] || fail "user.login: $BODY"

# Session token: body 'auth' before 6.4; Authorization header from 6.4 (body 'auth' gone in 7.2).
AUTH_BODY="" AUTH_HDR=()
if [ "$(printf '%s\n%s\n' 6.4 "$VERSION" | sort -V | head -n1)" = 6.4 ]; then
  AUTH_HDR=(-H "Authorization: Bearer $TOKEN")
else
  AUTH_BODY=",\"auth\":\"$TOKEN\""
fi

call host.get "{\"jsonrpc\":\"2.0\",\"method\":\"host.get\",\"params\":{\"output\":[\"hostid\",\"host\",\"status\"],\"limit\":3},\"id\":3$AUTH_BODY}" "${AUTH_HDR[@]}"
[[ $BODY == *'"result":['* ]] || fail "host.get: $BODY"

call hostgroup.get "{\"jsonrpc\":\"2.0\",\"method\":\"hostgroup.get\",\"params\":{\"output\":[\"groupid\",\"name\"]},\"id\":4$AUTH_BODY}" "${AUTH_HDR[@]}"
[[ $BODY == *'"result":['* ]] || fail "hostgroup.get: $BODY"

call user.logout "{\"jsonrpc\":\"2.0\",\"method\":\"user.logout\",\"params\":[],\"id\":5$AUTH_BODY}" "${AUTH_HDR[@]}"
[[ $BODY == *'"result":true'* ]] || fail "user.logout: $BODY"

printf 'smoke: OK, Zabbix %s at %s\n' "$VERSION" "$URL"
