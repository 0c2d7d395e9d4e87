#!/usr/bin/env bash
# Shared by scripts/run.sh and scripts/test.sh: prerequisites, dependencies, local services.

log() { printf '\033[1m[nzb]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[nzb] error:\033[0m %s\n' "$*" >&2; exit 1; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

require_node() {
  command -v node >/dev/null || die "Node.js 20.19+ is required (https://nodejs.org or 'apt-get install nodejs npm')"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
    || die "Node.js 20.19+ is required, found $(node --version)"
}

# Installs node_modules when missing or older than package-lock.json.
install_dependencies() {
  local stamp="$ROOT/node_modules/.nzb-installed"
  if [[ ! -f "$stamp" || "$ROOT/package-lock.json" -nt "$stamp" ]]; then
    log "installing dependencies (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
    touch "$stamp"
  fi
}

build() {
  log "building"
  (cd "$ROOT" && npm run --silent build) || die "build failed"
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && exec 3>&- 3<&-; }

wait_port() {
  local host=$1 port=$2 what=$3 tries=${4:-60}
  for _ in $(seq "$tries"); do port_open "$host" "$port" && return 0; sleep 0.5; done
  die "$what did not come up on $host:$port"
}

apt_install() {
  [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null || return 1
  [[ -n "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ]] \
    || DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# PostgreSQL on 127.0.0.1:5432 (trust auth for user postgres), started or installed when missing.
ensure_postgres() {
  port_open 127.0.0.1 5432 && return 0
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    log "PostgreSQL not found: installing it from Debian's packages"
    apt_install postgresql || die "PostgreSQL is not running on 127.0.0.1:5432; install it (apt-get install postgresql) or set DATABASE_URL"
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -1)
  # Local development only: let the postgres user in over TCP without a password, as these machines do.
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  if [[ -w "$hba" ]] && ! grep -q 'nzb-local-trust' "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust # nzb-local-trust' "$hba"
  fi
  log "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || pg_ctlcluster "$version" main start
  wait_port 127.0.0.1 5432 PostgreSQL
}

# NATS with JetStream on 127.0.0.1:4222, started or installed when missing.
ensure_nats() {
  port_open 127.0.0.1 4222 && return 0
  if ! command -v nats-server >/dev/null && [[ ! -x /usr/sbin/nats-server ]]; then
    log "nats-server not found: installing it from Debian's packages"
    apt_install nats-server || die "NATS is not running on 127.0.0.1:4222; install nats-server (apt-get install nats-server) or set NATS_URL"
  fi
  local binary
  binary=$(command -v nats-server || echo /usr/sbin/nats-server)
  mkdir -p /var/lib/nats-server 2>/dev/null || true
  local store=/var/lib/nats-server
  [[ -w $store ]] || store="$ROOT/.run/nats"
  mkdir -p "$store"
  log "starting nats-server with JetStream (store $store)"
  start-stop-daemon --start --oknodo --background --exec "$binary" -- -a 127.0.0.1 -p 4222 -js -sd "$store" \
    -l "$store/nats-server.log" 2>/dev/null || (nohup "$binary" -a 127.0.0.1 -p 4222 -js -sd "$store" >"$store/nats-server.log" 2>&1 &)
  wait_port 127.0.0.1 4222 NATS
}

# Starts the local Zabbix of a version ('' = the distribution's) with scripts/zabbix-local.sh; sets
# LOCAL_ZABBIX_URL and LOCAL_ZABBIX_VERSION (what the API reports, e.g. 7.0.22). Returns 1 when it did not start.
start_local_zabbix() {
  local output
  LOCAL_ZABBIX_URL="" LOCAL_ZABBIX_VERSION=""
  output=$(ZABBIX_VERSION="$1" bash "$ROOT/scripts/zabbix-local.sh") || return 1
  LOCAL_ZABBIX_URL=$(sed -n 's/^ZABBIX_URL=//p' <<<"$output" | tail -1)
  LOCAL_ZABBIX_VERSION=$(sed -n 's/^ZABBIX_VERSION=//p' <<<"$output" | tail -1)
  [[ -n $LOCAL_ZABBIX_URL && -n $LOCAL_ZABBIX_VERSION ]]
}

# Exports ZABBIX_URL: the configured one, or the local Zabbix installed and started by zabbix-local.sh
# (the distribution's version, or ZABBIX_VERSION's, e.g. ZABBIX_VERSION=7.0 on Debian 12).
ensure_zabbix() {
  if [[ -n "${ZABBIX_URL:-}" ]]; then
    log "using Zabbix at $ZABBIX_URL"
    return 0
  fi
  log "no ZABBIX_URL: installing/starting the local Zabbix ${ZABBIX_VERSION:-} (scripts/zabbix-local.sh)"
  start_local_zabbix "${ZABBIX_VERSION:-}" || die "the local Zabbix did not start (see scripts/zabbix-local.sh)"
  export ZABBIX_URL="$LOCAL_ZABBIX_URL"
  export ZABBIX_USER="${ZABBIX_USER:-Admin}" ZABBIX_PASSWORD="${ZABBIX_PASSWORD:-zabbix}"
}
