#!/usr/bin/env bash
# scripts/zabbix-local.sh: a real Zabbix API on loopback, for development and integration tests.
#
# Installs the Zabbix frontend (its PHP API only; the Zabbix server daemon is not needed) from the
# distribution's packages (Debian 12: Zabbix 6.0, Debian 13: Zabbix 7.0) and runs it on 127.0.0.1:
#
#   PostgreSQL (reused when one already answers on 127.0.0.1:$ZABBIX_PG_PORT)
#     <- PgBouncer   127.0.0.1:$ZABBIX_PGBOUNCER_PORT  (own instance, config in /etc/zabbix-local)
#     <- php-fpm     unix socket /run/zabbix-local/php-fpm.sock, static pool (own master process)
#     <- nginx       127.0.0.1:$ZABBIX_LOCAL_PORT serving /usr/share/zabbix (own master process)
#
# The system-wide nginx / php-fpm / pgbouncer services and their configs are left alone; the only
# shared file written is /etc/zabbix/zabbix.conf.php (the Debian frontend reads it from there).
# Idempotent: a second run checks everything in 2-3 s and (re)starts whatever is down.
#
# Usage (as root):
#   scripts/zabbix-local.sh            install if needed, start, wait for the API, check login
#   scripts/zabbix-local.sh --status   report each component; exit 0 only if the API answers
#   scripts/zabbix-local.sh --stop     stop nginx, php-fpm and pgbouncer started by this script
#                                      (PostgreSQL is shared and left running)
#
# Last lines of stdout on success:
#   ZABBIX_VERSION=6.0.14
#   ZABBIX_URL=http://127.0.0.1:8081/api_jsonrpc.php
# Login: Admin / zabbix (the stock database). Step logs go to stderr, tool output to the log file.
# scripts/zabbix/smoke.sh exercises the API afterwards (version, login, host.get, hostgroup.get).
#
# Environment (defaults):
#   ZABBIX_LOCAL_PORT=8081         HTTP port of the API (nginx, 127.0.0.1 only)
#   ZABBIX_PGBOUNCER_PORT=6432     PgBouncer port (127.0.0.1 only)
#   ZABBIX_PG_PORT=5432            PostgreSQL port on 127.0.0.1
#   ZABBIX_DB_NAME=zabbix          database name
#   ZABBIX_DB_USER=zabbix          database role
#   ZABBIX_DB_PASSWORD=zabbix      password of that role (used only where PostgreSQL asks for one)
#   ZABBIX_PHP_WORKERS=8           php-fpm static pool size
#   ZABBIX_LOCAL_LOG=/var/log/zabbix-local/setup.log
#   ZABBIX_LOCAL_TIMEOUT=90        seconds to wait for the API to answer

set -Eeuo pipefail

readonly PREFIX='[zabbix-local]'
readonly BIND=127.0.0.1
HTTP_PORT="${ZABBIX_LOCAL_PORT:-8081}"
PGB_PORT="${ZABBIX_PGBOUNCER_PORT:-6432}"
PG_PORT="${ZABBIX_PG_PORT:-5432}"
DB_NAME="${ZABBIX_DB_NAME:-zabbix}"
DB_USER="${ZABBIX_DB_USER:-zabbix}"
DB_PASSWORD="${ZABBIX_DB_PASSWORD:-zabbix}"
WORKERS="${ZABBIX_PHP_WORKERS:-8}"
API_TIMEOUT="${ZABBIX_LOCAL_TIMEOUT:-90}"
readonly API_USER=Admin API_PASSWORD=zabbix   # what the stock Zabbix database ships with

readonly CONF_DIR=/etc/zabbix-local
readonly RUN_DIR=/run/zabbix-local
readonly LOG_DIR=/var/log/zabbix-local
readonly LOCK_FILE=/run/lock/zabbix-local.lock
ZBX_CONF=/etc/zabbix/zabbix.conf.php   # what Debian's frontend reads; re-checked in frontend_conf_path
readonly WEB_ROOT=/usr/share/zabbix
LOG="${ZABBIX_LOCAL_LOG:-$LOG_DIR/setup.log}"
URL="http://$BIND:$HTTP_PORT/api_jsonrpc.php"

readonly PGB_INI="$CONF_DIR/pgbouncer.ini"
readonly PGB_USERS="$CONF_DIR/pgbouncer-userlist.txt"
readonly PGB_PID="$RUN_DIR/pgbouncer/pgbouncer.pid"
readonly FPM_CONF="$CONF_DIR/php-fpm.conf"
readonly FPM_PID="$RUN_DIR/php-fpm.pid"
readonly FPM_SOCK="$RUN_DIR/php-fpm.sock"
readonly NGINX_CONF="$CONF_DIR/nginx.conf"
readonly NGINX_PID="$RUN_DIR/nginx.pid"
readonly MARKER='written by scripts/zabbix-local.sh'

START_NS=$(date +%s%N)
POLICY_RC_TMP=0
PG_INSTALLED_HERE=0

# ---------------------------------------------------------------------------------------------
# logging and errors

log() {
  printf '%s %s\n' "$PREFIX" "$*" >&2
  { printf '%s %s\n' "$(date '+%F %T')" "$*" >>"$LOG"; } 2>/dev/null || true
}

die() {
  printf '%s ERROR: %s\n' "$PREFIX" "$*" >&2
  { printf '%s ERROR: %s\n' "$(date '+%F %T')" "$*" >>"$LOG"; } 2>/dev/null || true
  if [ -s "$LOG" ]; then printf '%s (details in %s)\n' "$PREFIX" "$LOG" >&2; fi
  exit 1
}

# die, showing the last lines of the log file first (for failures of apt, psql and the like).
die_tail() {
  if [ -s "$LOG" ]; then tail -n "${2:-8}" "$LOG" | sed "s/^/$PREFIX   | /" >&2; fi
  die "$1"
}

on_err() {
  local rc=$? line=$1 cmd=$2
  # Inside $(...) stay silent: the caller sees the status and reports it where it matters.
  if [ "$BASH_SUBSHELL" -gt 0 ]; then exit "$rc"; fi
  trap - ERR
  die "unexpected failure (exit $rc) at line $line: $cmd"
}
trap 'on_err $LINENO "$BASH_COMMAND"' ERR

# Run a command with its output appended to the log file. Fd 9 (the run lock) is closed for children
# so that daemons started from here do not keep holding it.
quiet() { "$@" >>"$LOG" 2>&1 9>&-; }

elapsed() { awk -v ns="$(( $(date +%s%N) - START_NS ))" 'BEGIN { printf "%.1f", ns / 1e9 }'; }

cleanup() {
  if [ "$POLICY_RC_TMP" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
}
trap cleanup EXIT

usage() {
  sed -n '2,/^set -Eeuo/{/^set -Eeuo/d;s/^# \{0,1\}//;p}' "$0"
}

validate_env() {
  local pair
  for pair in ZABBIX_LOCAL_PORT:HTTP_PORT ZABBIX_PGBOUNCER_PORT:PGB_PORT ZABBIX_PG_PORT:PG_PORT \
              ZABBIX_PHP_WORKERS:WORKERS ZABBIX_LOCAL_TIMEOUT:API_TIMEOUT; do
    local var=${pair#*:}
    [[ ${!var} =~ ^[1-9][0-9]*$ ]] || die "${pair%%:*} must be a positive number (got '${!var}')"
  done
  [[ $DB_NAME =~ ^[a-z_][a-z0-9_]*$ ]] || die "ZABBIX_DB_NAME must match [a-z_][a-z0-9_]* (got '$DB_NAME')"
  [[ $DB_USER =~ ^[a-z_][a-z0-9_]*$ ]] || die "ZABBIX_DB_USER must match [a-z_][a-z0-9_]* (got '$DB_USER')"
  [[ $DB_PASSWORD =~ ^[A-Za-z0-9._@%+=-]+$ ]] || die "ZABBIX_DB_PASSWORD may only use [A-Za-z0-9._@%+=-]"
  [ "$HTTP_PORT" != "$PGB_PORT" ] || die "ZABBIX_LOCAL_PORT and ZABBIX_PGBOUNCER_PORT must differ"
}

# ---------------------------------------------------------------------------------------------
# small helpers

tcp_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

# pid from a pid file, printed only if that process is alive and its command line mentions $2.
live_pid() {
  local pf=$1 pattern=$2 pid
  [ -r "$pf" ] || return 1
  pid=$(head -n1 "$pf" 2>/dev/null | tr -dc '0-9' || true)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  local cmdline
  cmdline=$({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null || true)
  [[ $cmdline == *"$pattern"* ]] || return 1
  echo "$pid"
}

stop_pid() { # name pidfile pattern
  local name=$1 pf=$2 pattern=$3 pid
  if pid=$(live_pid "$pf" "$pattern"); then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; sleep 0.2; fi
    log "stopped $name (pid $pid)"
  fi
  rm -f "$pf"
}

# Writes stdin to $1 when the content differs. Returns 0 when the file changed, 1 when not.
install_file() {
  local path=$1 mode=$2 owner=$3 tmp
  mkdir -p "$(dirname "$path")"
  tmp=$(mktemp "$path.XXXXXX")
  cat >"$tmp"
  chmod "$mode" "$tmp"
  chown "$owner" "$tmp"
  if [ -f "$path" ] && cmp -s "$tmp" "$path" \
     && [ "$(stat -c '%a %U:%G' "$path")" = "$(stat -c '%a %U:%G' "$tmp")" ]; then
    rm -f "$tmp"
    return 1
  fi
  mv -f "$tmp" "$path"
  return 0
}

ver_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

pkg_installed() {
  local st
  st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null || true)
  [[ $st == ii* ]]
}

php_fpm_bin() {
  local v b
  # The distribution's default PHP (what php-pgsql & co. were built for): /usr/bin/php -> php8.2.
  if command -v php >/dev/null 2>&1; then
    v=$(readlink -f "$(command -v php)" || true)
    v=${v##*/php}
    if [[ $v =~ ^[0-9]+\.[0-9]+$ ]] && [ -x "/usr/sbin/php-fpm$v" ]; then echo "/usr/sbin/php-fpm$v"; return 0; fi
  fi
  b=$(ls -1 /usr/sbin/php-fpm[0-9]* 2>/dev/null | sort -V | tail -n1 || true)
  [ -z "$b" ] || echo "$b"
}

# ---------------------------------------------------------------------------------------------
# packages

apt_install() {
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive quiet apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@" \
    || die_tail "apt-get install $* failed"
}

pg_present() { # a PostgreSQL that answers, or a Debian cluster we can start
  tcp_open "$BIND" "$PG_PORT" && return 0
  compgen -G '/etc/postgresql/*/*/postgresql.conf' >/dev/null
}

ensure_packages() {
  local first=() rest=() p newly=()
  if [ -z "$(php_fpm_bin)" ] || ! pkg_installed php-fpm; then first+=(php-fpm); fi
  for p in pgbouncer php-pgsql zabbix-frontend-php zabbix-server-pgsql curl; do
    pkg_installed "$p" || rest+=("$p")
  done
  [ -x /usr/sbin/nginx ] || rest+=(NGINX)
  command -v psql >/dev/null 2>&1 || rest+=(postgresql-client)
  if ! pg_present; then rest+=(postgresql); PG_INSTALLED_HERE=1; fi

  if [ ${#first[@]} -eq 0 ] && [ ${#rest[@]} -eq 0 ]; then
    log "packages: all present"
    return 0
  fi

  log "packages missing: ${first[*]} ${rest[*]}"
  log "apt-get update"
  quiet apt-get update -q || die_tail "apt-get update failed"

  # nginx-light is a transitional package on newer Debian; take plain nginx when it is gone.
  if [[ " ${rest[*]} " == *" NGINX "* ]]; then
    local ng=nginx-light
    [[ $(apt-cache policy nginx-light 2>/dev/null || true) == *'Candidate: '[0-9]* ]] || ng=nginx
    rest=("${rest[@]/NGINX/$ng}")
  fi

  # Services must not start (or bind 0.0.0.0) on install: keep a policy-rc.d in place meanwhile.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    POLICY_RC_TMP=1
  fi
  for p in nginx pgbouncer zabbix-server; do
    case "$p" in
      nginx) [ -x /usr/sbin/nginx ] || newly+=(nginx) ;;
      pgbouncer) pkg_installed pgbouncer || newly+=(pgbouncer) ;;
      zabbix-server) pkg_installed zabbix-server-pgsql || newly+=(zabbix-server) ;;
    esac
  done

  # php-fpm alone first, so that the PHP dependencies of the frontend do not pull in Apache.
  [ ${#first[@]} -eq 0 ] || apt_install "${first[@]}"
  [ ${#rest[@]} -eq 0 ] || apt_install "${rest[@]}"

  if [ "$POLICY_RC_TMP" = 1 ]; then rm -f /usr/sbin/policy-rc.d; POLICY_RC_TMP=0; fi
  # On a systemd machine, keep the stock units of what we just installed from starting at boot:
  # this script runs its own loopback-only instances (stock nginx would listen on 0.0.0.0:80).
  if [ -d /run/systemd/system ] && [ ${#newly[@]} -gt 0 ]; then
    for p in "${newly[@]}"; do quiet systemctl disable --now "$p.service" || true; done
  fi
  [ -n "$(php_fpm_bin)" ] || die "php-fpm binary not found after install"
  [ -d "$WEB_ROOT" ] && [ -f "$WEB_ROOT/api_jsonrpc.php" ] || die "$WEB_ROOT/api_jsonrpc.php missing after install"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL

PSQL_ADMIN=()

wait_pg() {
  for _ in $(seq 1 60); do tcp_open "$BIND" "$PG_PORT" && return 0; sleep 0.5; done
  return 1
}

ensure_postgres() {
  if tcp_open "$BIND" "$PG_PORT"; then
    log "postgresql: reusing the server on $BIND:$PG_PORT"
  else
    command -v pg_lsclusters >/dev/null 2>&1 || die "no PostgreSQL on $BIND:$PG_PORT and no pg_lsclusters"
    local line ver name port
    # Prefer a cluster configured for $PG_PORT, else the newest 'main' cluster, else the newest one.
    line=$(pg_lsclusters -h 2>/dev/null | awk -v p="$PG_PORT" '$3==p' | sort -V | tail -n1)
    [ -n "$line" ] || line=$(pg_lsclusters -h 2>/dev/null | awk '$2=="main"' | sort -V | tail -n1)
    [ -n "$line" ] || line=$(pg_lsclusters -h 2>/dev/null | sort -V | tail -n1)
    if [ -z "$line" ]; then
      ver=$(ls -1 /usr/lib/postgresql 2>/dev/null | sort -V | tail -n1)
      [ -n "$ver" ] || die "PostgreSQL is not installed and no cluster found"
      log "postgresql: creating cluster $ver/main"
      quiet pg_createcluster "$ver" main || die_tail "pg_createcluster $ver main failed"
      PG_INSTALLED_HERE=1
      line=$(pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main"')
    fi
    read -r ver name port _ <<<"$line"
    if [ "$PG_INSTALLED_HERE" = 1 ] && [ -d "/etc/postgresql/$ver/$name/conf.d" ]; then
      # A PostgreSQL installed by this script listens on 127.0.0.1 only (Debian's default adds ::1).
      printf "# %s\nlisten_addresses = '127.0.0.1'\n" "$MARKER" >"/etc/postgresql/$ver/$name/conf.d/zabbix-local.conf"
    fi
    if [ "$port" != "$PG_PORT" ]; then
      log "postgresql: cluster $ver/$name uses port $port (not $PG_PORT); using it"
      PG_PORT=$port
    fi
    if ! tcp_open "$BIND" "$PG_PORT"; then
      log "postgresql: starting cluster $ver/$name on port $PG_PORT"
      quiet pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start \
        || die_tail "could not start PostgreSQL $ver/$name (see also /var/log/postgresql/postgresql-$ver-$name.log)"
    fi
    wait_pg || die "PostgreSQL $ver/$name does not answer on $BIND:$PG_PORT (listen_addresses?)"
  fi

  if PGCONNECT_TIMEOUT=5 psql -X -w -h "$BIND" -p "$PG_PORT" -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
    PSQL_ADMIN=(psql -X -w -h "$BIND" -p "$PG_PORT" -U postgres)
  elif id postgres >/dev/null 2>&1 \
       && runuser -u postgres -- psql -X -w -p "$PG_PORT" -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
    PSQL_ADMIN=(runuser -u postgres -- psql -X -w -p "$PG_PORT")
  else
    die "cannot connect to PostgreSQL on $BIND:$PG_PORT as superuser 'postgres' (need trust auth on 127.0.0.1 or local peer auth)"
  fi
}

sql_admin() { # db sql
  "${PSQL_ADMIN[@]}" -d "$1" -v ON_ERROR_STOP=1 -Atqc "$2" 2>>"$LOG"
}

psql_zabbix() {
  PGPASSWORD="$DB_PASSWORD" psql -X -w -h "$BIND" -p "$PG_PORT" -U "$DB_USER" -d "$DB_NAME" "$@"
}

# Zabbix's tables change fast under tests (hosts made and deleted by the thousand) and autovacuum may be
# off: without fresh planner statistics host.create linking a template takes 1-2 s instead of ~70 ms.
# ANALYZE of the whole database takes about a second.
refresh_statistics() {
  sql_admin "$DB_NAME" "ANALYZE" >/dev/null || log "warning: ANALYZE of $DB_NAME failed (see $LOG)"
}

# Finds the schema/images/data SQL files of the zabbix-server-pgsql package (paths differ by release).
find_sql_files() {
  local f dir="" n found=()
  f=$(dpkg -L zabbix-server-pgsql 2>/dev/null | grep -E '/schema\.sql(\.gz)?$' | head -n1 || true)
  if [ -z "$f" ]; then
    for f in /usr/share/zabbix-server-pgsql*/schema.sql* /usr/share/doc/zabbix-server-pgsql*/schema.sql* \
             /usr/share/zabbix-sql-scripts/postgresql/schema.sql*; do
      [ -e "$f" ] && break
      f=""
    done
  fi
  if [ -n "$f" ]; then
    dir=$(dirname "$f")
    for n in schema images data; do
      if [ -e "$dir/$n.sql.gz" ]; then found+=("$dir/$n.sql.gz")
      elif [ -e "$dir/$n.sql" ]; then found+=("$dir/$n.sql")
      else die "$dir/$n.sql(.gz) not found"
      fi
    done
  else
    # Upstream layout: one server.sql.gz holding everything.
    f=$(dpkg -L zabbix-server-pgsql zabbix-sql-scripts 2>/dev/null | grep -E '/postgresql/server\.sql(\.gz)?$|/(create|server)\.sql(\.gz)?$' | head -n1 || true)
    [ -n "$f" ] || die "no Zabbix PostgreSQL schema found (looked for schema.sql.gz of zabbix-server-pgsql)"
    found+=("$f")
  fi
  printf '%s\n' "${found[@]}"
}

# Debian patches the frontend to read /etc/zabbix/zabbix.conf.php; upstream reads <root>/conf/zabbix.conf.php.
frontend_conf_path() {
  local c
  c=$(sed -n "s/.*const CONFIG_FILE_PATH = '\([^']*\)'.*/\1/p" "$WEB_ROOT/include/classes/core/CConfigFile.php" 2>/dev/null | head -n1 || true)
  case "$c" in
    /etc/*) echo "$c" ;;
    /conf/*) echo "$WEB_ROOT$c" ;;
    *) echo /etc/zabbix/zabbix.conf.php ;;
  esac
}

frontend_db_version() {
  sed -n "s/.*define('ZABBIX_DB_VERSION',[[:space:]]*\([0-9]*\)).*/\1/p" "$WEB_ROOT/include/defines.inc.php" 2>/dev/null | head -n1
}

ensure_database() {
  local row role dbexists loaded
  # One round trip: role state ('' missing, 0 no login/password, 1 fine) and whether the DB exists.
  row=$(sql_admin postgres "SELECT (SELECT (rolcanlogin AND rolpassword IS NOT NULL)::int FROM pg_authid WHERE rolname='$DB_USER'), EXISTS (SELECT 1 FROM pg_database WHERE datname='$DB_NAME')")
  role=${row%%|*} dbexists=${row#*|}
  if [ -z "$role" ]; then
    log "postgresql: creating role $DB_USER"
    sql_admin postgres "CREATE ROLE \"$DB_USER\" LOGIN PASSWORD '$DB_PASSWORD'" >/dev/null
  elif [ "$role" != 1 ]; then
    sql_admin postgres "ALTER ROLE \"$DB_USER\" LOGIN PASSWORD '$DB_PASSWORD'" >/dev/null
  fi

  if [ "$dbexists" != t ]; then
    local ctype locale=""
    ctype=$(sql_admin postgres "SELECT datctype FROM pg_database WHERE datname='template1'")
    # Zabbix needs UTF8; a non-UTF-8 cluster locale cannot host it, so fall back to C there.
    if ! [[ $ctype =~ ^(C|POSIX)$ || $ctype =~ [Uu][Tt][Ff]-?8$ ]]; then locale=" LC_COLLATE 'C' LC_CTYPE 'C'"; fi
    log "postgresql: creating database $DB_NAME (UTF8)"
    sql_admin postgres "CREATE DATABASE \"$DB_NAME\" OWNER \"$DB_USER\" ENCODING 'UTF8' TEMPLATE template0$locale" >/dev/null
  fi

  loaded=$(sql_admin "$DB_NAME" "SELECT to_regclass('public.users') IS NOT NULL")
  if [ "$loaded" = t ]; then
    local state want have
    state=$(sql_admin "$DB_NAME" "SELECT EXISTS (SELECT 1 FROM config), (SELECT max(mandatory) FROM dbversion)" || echo 'f|')
    [ "${state%%|*}" = t ] \
      || die "database $DB_NAME has a users table but no config row: partially loaded? drop it (DROP DATABASE $DB_NAME) and re-run"
    want=$(frontend_db_version)
    have=${state#*|}
    if [ -n "$want" ] && [ -n "$have" ] && [ "$want" != "$have" ]; then
      die "database $DB_NAME has schema version $have but the installed frontend expects $want; drop it (DROP DATABASE $DB_NAME) and re-run"
    fi
    log "postgresql: database $DB_NAME already loaded"
    return 0
  fi

  local files=() t0
  mapfile -t files < <(find_sql_files)
  [ ${#files[@]} -gt 0 ] || die "no SQL files to load"
  sql_admin postgres "ALTER DATABASE \"$DB_NAME\" OWNER TO \"$DB_USER\"" >/dev/null
  log "postgresql: loading ${files[*]} into $DB_NAME (about 20 s)"
  t0=$SECONDS
  # The files carry their own START TRANSACTION;/COMMIT; lines: drop them, load as one transaction.
  {
    for f in "${files[@]}"; do zcat -f -- "$f"; printf '\n'; done
  } | sed -E '/^[[:space:]]*(START TRANSACTION|COMMIT);[[:space:]]*$/d' \
    | psql_zabbix -q -1 -v ON_ERROR_STOP=1 -f - >>"$LOG" 2>&1 \
    || die_tail "loading the Zabbix schema into $DB_NAME failed (nothing was committed)" 4
  log "postgresql: schema loaded in $((SECONDS - t0)) s"
}

# ---------------------------------------------------------------------------------------------
# configuration files

FPM_BIN=""
PGB_CHANGED=0 FPM_CHANGED=0 NGINX_CHANGED=0

write_configs() {
  preflight_port "$HTTP_PORT" "$NGINX_PID" "$NGINX_CONF" nginx
  preflight_port "$PGB_PORT" "$PGB_PID" "$PGB_INI" pgbouncer
  mkdir -p "$CONF_DIR" "$LOG_DIR" "$RUN_DIR/pgbouncer"
  chown postgres: "$RUN_DIR/pgbouncer"
  touch "$LOG_DIR/pgbouncer.log" "$LOG_DIR/php-fpm.log" "$LOG_DIR/nginx-error.log"
  chown postgres: "$LOG_DIR/pgbouncer.log"

  # --- PgBouncer: its own instance; the stock /etc/pgbouncer config is not touched.
  if install_file "$PGB_USERS" 640 root:postgres <<EOF
"$DB_USER" "$DB_PASSWORD"
EOF
  then PGB_CHANGED=1; fi
  # Session pooling: the PHP frontend opens one connection per request anyway, and PgBouncer keeps
  # the server connections warm, which is where the gain comes from. Trust on loopback only.
  if install_file "$PGB_INI" 640 root:postgres <<EOF
; $MARKER
[databases]
$DB_NAME = host=$BIND port=$PG_PORT dbname=$DB_NAME user=$DB_USER

[pgbouncer]
listen_addr = $BIND
listen_port = $PGB_PORT
unix_socket_dir =
auth_type = trust
auth_file = $PGB_USERS
pool_mode = session
server_reset_query = DISCARD ALL
max_client_conn = 200
default_pool_size = $((WORKERS + 4))
ignore_startup_parameters = extra_float_digits,options
logfile = $LOG_DIR/pgbouncer.log
pidfile = $PGB_PID
log_connections = 0
log_disconnections = 0
EOF
  then PGB_CHANGED=1; fi

  # --- Zabbix frontend configuration: the Debian frontend reads /etc/zabbix/zabbix.conf.php.
  ZBX_CONF=$(frontend_conf_path)
  if [ -f "$ZBX_CONF" ] && ! grep -q "$MARKER" "$ZBX_CONF" && [ ! -e "$ZBX_CONF.zabbix-local.bak" ]; then
    cp -p "$ZBX_CONF" "$ZBX_CONF.zabbix-local.bak"
    log "kept the previous $ZBX_CONF as $ZBX_CONF.zabbix-local.bak"
  fi
  if install_file "$ZBX_CONF" 640 root:www-data <<EOF
<?php
// Zabbix frontend configuration, $MARKER.
// Database access goes through PgBouncer on $BIND:$PGB_PORT.

\$DB['TYPE']     = 'POSTGRESQL';
\$DB['SERVER']   = '$BIND';
\$DB['PORT']     = '$PGB_PORT';
\$DB['DATABASE'] = '$DB_NAME';
\$DB['USER']     = '$DB_USER';
\$DB['PASSWORD'] = '$DB_PASSWORD';
\$DB['SCHEMA']   = '';

\$DB['ENCRYPTION']  = false;
\$DB['KEY_FILE']    = '';
\$DB['CERT_FILE']   = '';
\$DB['CA_FILE']     = '';
\$DB['VERIFY_HOST'] = false;
\$DB['CIPHER_LIST'] = '';

\$DB['VAULT']           = '';
\$DB['VAULT_URL']       = '';
\$DB['VAULT_PREFIX']    = '';
\$DB['VAULT_DB_PATH']   = '';
\$DB['VAULT_TOKEN']     = '';
\$DB['VAULT_CERT_FILE'] = '';
\$DB['VAULT_KEY_FILE']  = '';
\$DB['VAULT_CACHE']     = false;

\$DB['DOUBLE_IEEE754'] = true;

// No Zabbix server runs here; the API does not need one.
\$ZBX_SERVER      = '$BIND';
\$ZBX_SERVER_PORT = '10051';
\$ZBX_SERVER_NAME = 'zabbix-local';

\$IMAGE_FORMAT_DEFAULT = IMAGE_FORMAT_PNG;
EOF
  then FPM_CHANGED=1; fi   # a new frontend config: restart php-fpm so no worker keeps the old one

  # --- php-fpm: its own master process with a single static pool.
  FPM_BIN=$(php_fpm_bin)
  [ -n "$FPM_BIN" ] || die "php-fpm not found"
  if install_file "$FPM_CONF" 644 root:root <<EOF
; $MARKER ($FPM_BIN)
[global]
pid = $FPM_PID
error_log = $LOG_DIR/php-fpm.log
daemonize = yes

[zabbix-local]
user = www-data
group = www-data
listen = $FPM_SOCK
listen.owner = www-data
listen.group = www-data
listen.mode = 0660
pm = static
pm.max_children = $WORKERS
pm.max_requests = 10000
catch_workers_output = yes
php_admin_value[memory_limit] = 512M
php_admin_value[post_max_size] = 64M
php_admin_value[upload_max_filesize] = 16M
php_admin_value[max_execution_time] = 300
php_admin_value[max_input_time] = 300
php_admin_value[max_input_vars] = 10000
php_admin_value[date.timezone] = UTC
php_admin_flag[display_errors] = off
EOF
  then FPM_CHANGED=1; fi

  # --- nginx: its own master process, loopback only, nothing but the Zabbix frontend.
  if install_file "$NGINX_CONF" 644 root:root <<EOF
# $MARKER
user www-data;
worker_processes auto;
pid $NGINX_PID;
error_log $LOG_DIR/nginx-error.log warn;

events { worker_connections 1024; }

http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  keepalive_timeout 65;
  server_tokens off;

  server {
    listen $BIND:$HTTP_PORT;
    server_name _;
    root $WEB_ROOT;
    index index.php;
    client_max_body_size 64m;

    location ~ /\. { deny all; }
    location ~ ^/(conf|app|include|local)/ { deny all; }
    location / { try_files \$uri \$uri/ =404; }

    location ~ [^/]\.php(/|\$) {
      fastcgi_split_path_info ^(.+?\.php)(/.*)\$;
      try_files \$fastcgi_script_name =404;
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
      fastcgi_param PATH_INFO \$fastcgi_path_info;
      fastcgi_pass unix:$FPM_SOCK;
      fastcgi_buffer_size 32k;
      fastcgi_buffers 64 16k;
      fastcgi_read_timeout 300s;
    }
  }
}
EOF
  then NGINX_CHANGED=1; fi
}

# ---------------------------------------------------------------------------------------------
# services

# Pids listening on 127.0.0.1:$1 (needs ss from iproute2; prints nothing without it).
listen_pids() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u || true
}

ppid_of() { awk '/^PPid:/ { print $2 }' "/proc/$1/status" 2>/dev/null || true; }

# Before touching anything: a port we need must be free or held by our own instance (its master or
# its workers), so that a wrong port setting fails without stopping a working setup.
preflight_port() { # port pidfile pattern what
  local port=$1 master p
  tcp_open "$BIND" "$port" || return 0
  master=$(live_pid "$2" "$3" || true)
  for p in $(listen_pids "$port"); do
    [ -n "$master" ] && { [ "$p" = "$master" ] || [ "$(ppid_of "$p")" = "$master" ]; } && continue
    # Orphaned workers of our nginx (its master was killed) are cleaned up when it restarts.
    [ "$4" = nginx ] && [ "$(cat "/proc/$p/comm" 2>/dev/null)" = nginx ] && [ "$(ppid_of "$p")" = 1 ] && continue
    die "$BIND:$port is already in use by another program (pid $p, wanted for $4); free it or choose another port (see --help)"
  done
  if [ -z "$master" ] && [ -z "$(listen_pids "$port")" ] && [ "$4" != nginx ]; then
    die "$BIND:$port is already in use by another program (wanted for $4); free it or choose another port (see --help)"
  fi
}

port_busy_die() { # port what
  local p
  tcp_open "$BIND" "$1" || return 0
  # Workers left behind by a killed nginx master still hold the port: end exactly those.
  for p in $(listen_pids "$1"); do
    if [ "$2" = nginx ] && [ "$(cat "/proc/$p/comm" 2>/dev/null)" = nginx ] && [ "$(ppid_of "$p")" = 1 ]; then
      log "ending orphaned nginx worker $p on port $1"
      kill -TERM "$p" 2>/dev/null || true
    fi
  done
  for _ in $(seq 1 30); do tcp_open "$BIND" "$1" || return 0; sleep 0.1; done
  die "$BIND:$1 is already in use by another program (wanted for $2); free it or choose another port (see --help)"
}

# php-fpm workers whose master was killed linger with PPID 1; end those of our pool only.
kill_orphan_fpm_workers() {
  local d p
  for d in /proc/[0-9]*; do
    p=${d#/proc/}
    [ "$({ tr -d '\0' <"$d/cmdline"; } 2>/dev/null || true)" = "php-fpm: pool zabbix-local" ] || continue
    [ "$(ppid_of "$p")" = 1 ] || continue
    kill -TERM "$p" 2>/dev/null || true
  done
}

wait_listen() { # port-or-socket pidfile pattern
  local target=$1 pf=$2 pattern=$3
  for _ in $(seq 1 50); do
    if live_pid "$pf" "$pattern" >/dev/null; then
      case "$target" in
        /*) [ -S "$target" ] && return 0 ;;
        *) tcp_open "$BIND" "$target" && return 0 ;;
      esac
    fi
    sleep 0.1
  done
  return 1
}

ensure_pgbouncer() {
  if live_pid "$PGB_PID" "$PGB_INI" >/dev/null && [ "$PGB_CHANGED" = 0 ]; then return 0; fi
  stop_pid pgbouncer "$PGB_PID" "$PGB_INI"
  port_busy_die "$PGB_PORT" pgbouncer
  log "starting pgbouncer on $BIND:$PGB_PORT -> $BIND:$PG_PORT"
  quiet runuser -u postgres -- pgbouncer -d -q "$PGB_INI" || true
  wait_listen "$PGB_PORT" "$PGB_PID" "$PGB_INI" \
    || { tail -n 5 "$LOG_DIR/pgbouncer.log" >&2 || true; die "pgbouncer did not start (log: $LOG_DIR/pgbouncer.log)"; }
}

ensure_php_fpm() {
  if live_pid "$FPM_PID" "$FPM_CONF" >/dev/null && [ "$FPM_CHANGED" = 0 ]; then return 0; fi
  stop_pid php-fpm "$FPM_PID" "$FPM_CONF"
  rm -f "$FPM_SOCK"
  kill_orphan_fpm_workers
  "$FPM_BIN" -t --fpm-config "$FPM_CONF" >>"$LOG" 2>&1 || die_tail "php-fpm configuration test failed ($FPM_CONF)" 4
  log "starting $(basename "$FPM_BIN") (static pool of $WORKERS workers)"
  quiet "$FPM_BIN" --fpm-config "$FPM_CONF" || true
  wait_listen "$FPM_SOCK" "$FPM_PID" "$FPM_CONF" \
    || { tail -n 5 "$LOG_DIR/php-fpm.log" >&2 || true; die "php-fpm did not start (log: $LOG_DIR/php-fpm.log)"; }
}

ensure_nginx() {
  if live_pid "$NGINX_PID" "$NGINX_CONF" >/dev/null && [ "$NGINX_CHANGED" = 0 ]; then return 0; fi
  stop_pid nginx "$NGINX_PID" "$NGINX_CONF"
  port_busy_die "$HTTP_PORT" nginx
  nginx -t -q -e "$LOG_DIR/nginx-error.log" -c "$NGINX_CONF" >>"$LOG" 2>&1 \
    || die_tail "nginx configuration test failed ($NGINX_CONF)" 4
  log "starting nginx on $BIND:$HTTP_PORT"
  quiet nginx -e "$LOG_DIR/nginx-error.log" -c "$NGINX_CONF" || true
  wait_listen "$HTTP_PORT" "$NGINX_PID" "$NGINX_CONF" \
    || { tail -n 5 "$LOG_DIR/nginx-error.log" >&2 || true; die "nginx did not start (log: $LOG_DIR/nginx-error.log)"; }
}

# ---------------------------------------------------------------------------------------------
# API checks

api() { # json [curl args...]
  local body=$1; shift
  curl -sS -m 30 -H 'Content-Type: application/json-rpc' --data-binary "$body" "$@" "$URL"
}

json_str_result() { sed -n 's/.*"result":"\([^"]*\)".*/\1/p'; }

API_VERSION=""

wait_api() {
  local deadline=$((SECONDS + API_TIMEOUT)) out=""
  while :; do
    # Sent bare: 7.0 rejects apiinfo.version when it carries an Authorization header.
    out=$(api '{"jsonrpc":"2.0","method":"apiinfo.version","params":{},"id":1}' 2>&1 || true)
    API_VERSION=$(printf '%s' "$out" | json_str_result)
    [ -n "$API_VERSION" ] && return 0
    [ $SECONDS -lt $deadline ] || break
    sleep 0.5
  done
  die "the API at $URL did not answer apiinfo.version within ${API_TIMEOUT}s; last answer: ${out:0:300}"
}

check_login() {
  local out token auth_body="" auth_hdr=() res
  out=$(api "{\"jsonrpc\":\"2.0\",\"method\":\"user.login\",\"params\":{\"username\":\"$API_USER\",\"password\":\"$API_PASSWORD\"},\"id\":2}" 2>&1 || true)
  token=$(printf '%s' "$out" | json_str_result)
  [[ $token =~ ^[0-9a-f]{32}$ ]] || die "user.login as $API_USER failed: ${out:0:300}"
  # A session from user.login must be enough (no API token): 6.0 reads it from the body 'auth' field,
  # 6.4+ from the Authorization header (7.2 drops the body field).
  if ver_ge "$API_VERSION" 6.4; then auth_hdr=(-H "Authorization: Bearer $token")
  else auth_body=",\"auth\":\"$token\""
  fi
  res=$(api "{\"jsonrpc\":\"2.0\",\"method\":\"hostgroup.get\",\"params\":{\"output\":[\"groupid\"],\"limit\":1},\"id\":3$auth_body}" "${auth_hdr[@]}" 2>&1 || true)
  case "$res" in
    *'"result":['*) ;;
    *) die "hostgroup.get with the login session failed: ${res:0:300}" ;;
  esac
  api "{\"jsonrpc\":\"2.0\",\"method\":\"user.logout\",\"params\":[],\"id\":4$auth_body}" "${auth_hdr[@]}" >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------------------------------------
# commands

cmd_status() {
  local pid pgport out ver
  pgport=$(sed -n "s/^$DB_NAME = .* port=\([0-9]*\) .*/\1/p" "$PGB_INI" 2>/dev/null | head -n1 || true)
  pgport=${pgport:-$PG_PORT}
  if tcp_open "$BIND" "$pgport"; then echo "postgresql  up    $BIND:$pgport"; else echo "postgresql  down  $BIND:$pgport"; fi
  if pid=$(live_pid "$PGB_PID" "$PGB_INI"); then echo "pgbouncer   up    $BIND:$PGB_PORT (pid $pid)"; else echo "pgbouncer   down"; fi
  if pid=$(live_pid "$FPM_PID" "$FPM_CONF"); then
    echo "php-fpm     up    $FPM_SOCK (pid $pid, $(pgrep -P "$pid" | wc -l) workers)"
  else echo "php-fpm     down"; fi
  if pid=$(live_pid "$NGINX_PID" "$NGINX_CONF"); then echo "nginx       up    $BIND:$HTTP_PORT (pid $pid)"; else echo "nginx       down"; fi
  out=$(api '{"jsonrpc":"2.0","method":"apiinfo.version","params":{},"id":1}' 2>/dev/null || true)
  ver=$(printf '%s' "$out" | json_str_result)
  if [ -n "$ver" ]; then
    echo "api         up    Zabbix $ver"
    echo "ZABBIX_VERSION=$ver"
    echo "ZABBIX_URL=$URL"
    return 0
  fi
  echo "api         down  $URL"
  return 1
}

cmd_stop() {
  stop_pid nginx "$NGINX_PID" "$NGINX_CONF"
  stop_pid php-fpm "$FPM_PID" "$FPM_CONF"
  rm -f "$FPM_SOCK"
  stop_pid pgbouncer "$PGB_PID" "$PGB_INI"
  log "stopped (PostgreSQL left running)"
}

cmd_up() {
  ensure_packages
  ensure_postgres
  ensure_database
  refresh_statistics
  write_configs
  ensure_pgbouncer
  ensure_php_fpm
  ensure_nginx
  wait_api
  check_login
  log "Zabbix API $API_VERSION is up at $URL (login $API_USER/$API_PASSWORD), done in $(elapsed) s"
  echo "ZABBIX_VERSION=$API_VERSION"
  echo "ZABBIX_URL=$URL"
}

main() {
  local cmd=up
  case "${1:-}" in
    "") ;;
    --status|status) cmd=status ;;
    --stop|stop) cmd=stop ;;
    -h|--help|help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  [ $# -le 1 ] || die "too many arguments"
  validate_env
  cd /

  if [ "$cmd" = status ]; then cmd_status && exit 0 || exit 1; fi

  [ "$(id -u)" = 0 ] || die "must run as root"
  mkdir -p "$LOG_DIR" "$(dirname "$LOG")" /run/lock
  exec 9>"$LOCK_FILE"
  if ! flock -n 9; then
    log "waiting for another zabbix-local.sh run to finish ($LOCK_FILE)"
    flock -w 600 9 || die "another zabbix-local.sh run still holds $LOCK_FILE after 600 s"
  fi
  printf '\n===== %s zabbix-local.sh %s (pid %s)\n' "$(date '+%F %T')" "$cmd" "$$" >>"$LOG"

  case "$cmd" in
    stop) cmd_stop ;;
    up) cmd_up ;;
  esac
}

main "$@"
