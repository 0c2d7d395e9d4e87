#!/usr/bin/env bash
# Runs the whole system on this machine: dependencies, build, PostgreSQL and NATS (started or installed
# when missing), the local Zabbix when no ZABBIX_URL is set, migrations, then the ingester, the scheduler
# and one zabbix-writer as separate processes. Ctrl-C stops them.
#
#   bash scripts/run.sh            run in the foreground (logs in .run/logs/)
#   bash scripts/run.sh --detach   start in the background and return
#   bash scripts/run.sh --stop     stop what --detach started
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

RUN_DIR="$ROOT/.run"
LOG_DIR="$RUN_DIR/logs"
SERVICES=(scheduler zabbix-writer ingester)

stop_services() {
  for service in "${SERVICES[@]}"; do
    local pid_file="$RUN_DIR/$service.pid"
    [[ -f $pid_file ]] || continue
    local pid
    pid=$(cat "$pid_file")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pid_file"
  done
}

if [[ "${1:-}" == "--stop" ]]; then
  stop_services
  log "stopped"
  exit 0
fi
DETACH=false
[[ "${1:-}" == "--detach" ]] && DETACH=true

require_node
install_dependencies
build
ensure_postgres
ensure_nats
ensure_zabbix

export NATS_URL="${NATS_URL:-nats://127.0.0.1:4222}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/netbox_zabbix_bridge}"
export INGESTER_PORT="${INGESTER_PORT:-8080}" SCHEDULER_PORT="${SCHEDULER_PORT:-8090}"
# The services' heap cap, as in the Dockerfile (where the reason is).
export NODE_OPTIONS="${NODE_OPTIONS:---max-old-space-size=128}"

# The key that seals PSKs and SNMP passphrases in jobs and in the database: made once for this clone, kept
# in .run/secrets.key (mode 600), unless SECRETS_KEY or SECRETS_KEY_FILE is given.
if [[ -z ${SECRETS_KEY:-} ]]; then
  export SECRETS_KEY_FILE="${SECRETS_KEY_FILE:-$RUN_DIR/secrets.key}"
  if [[ ! -s $SECRETS_KEY_FILE ]]; then
    mkdir -p "$(dirname "$SECRETS_KEY_FILE")"
    (umask 077 && node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex') + '\\n')" >"$SECRETS_KEY_FILE")
    log "generated a secrets key in $SECRETS_KEY_FILE (keep it: the database's secrets open only with it)"
  fi
fi

log "applying migrations"
node "$ROOT/dist/libs/models/src/cli/migrate.js" >&2

stop_services
mkdir -p "$LOG_DIR"
for service in "${SERVICES[@]}"; do
  node "$ROOT/dist/apps/$service/src/main.js" >>"$LOG_DIR/$service.log" 2>&1 &
  echo $! >"$RUN_DIR/$service.pid"
  log "started $service (pid $!, log .run/logs/$service.log)"
done

ready() { curl -fsS -m 2 "$1" >/dev/null 2>&1; }
for _ in $(seq 120); do
  ready "http://127.0.0.1:$SCHEDULER_PORT/readyz" && ready "http://127.0.0.1:$INGESTER_PORT/readyz" && break
  for service in "${SERVICES[@]}"; do
    kill -0 "$(cat "$RUN_DIR/$service.pid")" 2>/dev/null || { tail -20 "$LOG_DIR/$service.log" >&2; stop_services; die "$service exited"; }
  done
  sleep 0.5
done
ready "http://127.0.0.1:$INGESTER_PORT/readyz" || { stop_services; die "the services did not become ready (see .run/logs)"; }

host_address=$(hostname -I 2>/dev/null | awk '{print $1}')
cat <<INFO

  netbox-zabbix-bridge is running.

  Webhook endpoint:   http://${host_address:-127.0.0.1}:$INGESTER_PORT/webhooks/netbox   (POST)
  Management API:     http://127.0.0.1:$SCHEDULER_PORT/api/jobs
  API docs (Swagger): http://127.0.0.1:$SCHEDULER_PORT/api/docs
  Operator console:   http://127.0.0.1:$SCHEDULER_PORT/console
  Zabbix API:         $ZABBIX_URL
  Logs:               .run/logs/{ingester,scheduler,zabbix-writer}.log

  In NetBox (Operations → Integrations):
    1. Webhooks → Add: URL = the webhook endpoint above, HTTP method POST,
       content type application/json, no body template, secret = \$WEBHOOK_SECRET if you set one.
    2. Event Rules → Add: object types DCIM › Device and Virtualization › Virtual machine,
       events created, updated, deleted, action = the webhook above.
    3. So that IP, interface, site, role, platform, cluster, tag and custom field changes reach
       Zabbix too: restart with NETBOX_URL and NETBOX_TOKEN (read-only) set, and add an event rule
       for those object types with the same webhook (see README.md, "Point NetBox at it").
  NetBox REST:        ${NETBOX_URL:-not configured (device/VM webhooks only)}

INFO

if $DETACH; then
  log "running in the background; stop with: bash scripts/run.sh --stop"
  exit 0
fi
trap 'log "stopping"; stop_services; exit 0' INT TERM
log "press Ctrl-C to stop"
wait
