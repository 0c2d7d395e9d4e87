#!/usr/bin/env bash
# scripts/zabbix-local.sh: a real Zabbix API on loopback, for development and integration tests.
#
# Installs the Zabbix frontend (its PHP API only; the Zabbix server daemon is not needed) and runs it on
# 127.0.0.1, one instance per Zabbix version:
#
#   - the distribution's own Zabbix (the default): Debian 12 brings 6.0, Debian 13 brings 7.0, installed
#     with apt-get;
#   - Zabbix 7.0 on Debian 12 (ZABBIX_VERSION=7.0): Debian 13's zabbix-frontend-php and zabbix-server-pgsql
#     are downloaded with a private apt configuration (its own sources list on this machine's Debian mirror,
#     its own state and cache in /var/lib/zabbix-local/7.0/apt: the system's apt state is untouched),
#     unpacked with dpkg-deb -x, pointed at a private zabbix.conf.php and served by the system's PHP (8.2).
#
#   PostgreSQL (shared; reused when one already answers on 127.0.0.1:$ZABBIX_PG_PORT)
#     <- PgBouncer   own instance per version
#     <- php-fpm     own master process and static pool per version
#     <- nginx       own master process per version, 127.0.0.1 only
#
#                    distribution's Zabbix                    7.0 on Debian 12
#   API              127.0.0.1:8081                           127.0.0.1:8082
#   PgBouncer        127.0.0.1:6432                           127.0.0.1:6433
#   database         zabbix                                   zabbix70
#   frontend         /usr/share/zabbix                        /var/lib/zabbix-local/7.0/root/usr/share/zabbix
#   configs          /etc/zabbix-local, and                   /etc/zabbix-local/7.0 (zabbix.conf.php too)
#                    /etc/zabbix/zabbix.conf.php (the Debian frontend reads it there)
#   pid files        /run/zabbix-local                        /run/zabbix-local/7.0
#   logs             /var/log/zabbix-local                    /var/log/zabbix-local/7.0
#
# The system-wide nginx / php-fpm / pgbouncer services and their configs are left alone.
# Idempotent: a second run checks everything in 2-3 s and (re)starts whatever is down.
#
# Usage (as root):
#   scripts/zabbix-local.sh             install if needed, start, wait for the API, check login
#   ZABBIX_VERSION=7.0 scripts/zabbix-local.sh
#                                       the same for that version ('' or the distribution's: the default)
#   scripts/zabbix-local.sh --status    report each component of every instance set up on this machine (or
#                                       of ZABBIX_VERSION's only); exit 0 only if every API answers
#   scripts/zabbix-local.sh --stop      stop nginx, php-fpm and pgbouncer of every instance (or of
#                                       ZABBIX_VERSION's only); PostgreSQL is shared and left running
#   scripts/zabbix-local.sh --versions  the Zabbix versions this machine can run, oldest first ("6.0 7.0")
#
# Last lines of stdout on success:
#   ZABBIX_VERSION=6.0.14
#   ZABBIX_URL=http://127.0.0.1:8081/api_jsonrpc.php
# Login: Admin / zabbix (the stock database). Step logs go to stderr, tool output to the log file.
# scripts/zabbix/smoke.sh exercises the API afterwards (version, login, host.get, hostgroup.get).
#
# Environment (defaults; the ports and database name default per version, see the table above):
#   ZABBIX_VERSION=                major.minor to run ('7.0'; '7.0.22' is read as 7.0); empty: the distribution's
#   ZABBIX_LOCAL_PORT=8081         HTTP port of the API (nginx, 127.0.0.1 only)
#   ZABBIX_PGBOUNCER_PORT=6432     PgBouncer port (127.0.0.1 only)
#   ZABBIX_PG_PORT=5432            PostgreSQL port on 127.0.0.1
#   ZABBIX_DB_NAME=zabbix          database name
#   ZABBIX_DB_USER=zabbix          database role (shared by the instances)
#   ZABBIX_DB_PASSWORD=zabbix      password of that role (used only where PostgreSQL asks for one)
#   ZABBIX_PHP_WORKERS=8           php-fpm static pool size
#   ZABBIX_DEBIAN_MIRROR=          Debian mirror for the 7.0 packages (default: the one in /etc/apt/sources.list*)
#   ZABBIX_LOCAL_LOG=/var/log/zabbix-local/setup.log
#   ZABBIX_LOCAL_TIMEOUT=90        seconds to wait for the API to answer

set -Eeuo pipefail

readonly BIND=127.0.0.1
readonly API_USER=Admin API_PASSWORD=zabbix   # what the stock Zabbix database ships with
readonly LOCK_FILE=/run/lock/zabbix-local.lock
readonly MARKER='written by scripts/zabbix-local.sh'
readonly STATE_ROOT=/var/lib/zabbix-local     # unpacked packages of versions not native to this machine
readonly KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# Versions this script brings from a later Debian release when the machine's own is older:
# version -> "suite HTTP-port PgBouncer-port".
foreign_release() {
  case "$1" in
    7.0) echo "trixie 8082 6433" ;;
    *) return 1 ;;
  esac
}
readonly FOREIGN_VERSIONS="7.0"

PG_PORT="${ZABBIX_PG_PORT:-5432}"
DB_USER="${ZABBIX_DB_USER:-zabbix}"
DB_PASSWORD="${ZABBIX_DB_PASSWORD:-zabbix}"
WORKERS="${ZABBIX_PHP_WORKERS:-8}"
API_TIMEOUT="${ZABBIX_LOCAL_TIMEOUT:-90}"

# Set per instance by select_instance.
INSTANCE=""        # 'native' (the distribution's Zabbix) or a version such as 7.0
LABEL=""           # what the logs call the instance
SUITE=""           # Debian suite the packages of a foreign instance come from
PKG_DIR=""         # where a foreign instance keeps its apt state and unpacked packages
PREFIX='[zabbix-local]'
HTTP_PORT="" PGB_PORT="" DB_NAME="" CONF_DIR="" RUN_DIR="" LOG_DIR="" WEB_ROOT="" ZBX_CONF="" LOG="" URL=""
PGB_INI="" PGB_USERS="" PGB_PID="" FPM_CONF="" FPM_PID="" FPM_SOCK="" FPM_POOL="" NGINX_CONF="" NGINX_PID=""

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
# instances: one per Zabbix version

os_codename() { sed -n 's/^VERSION_CODENAME=//p' /etc/os-release 2>/dev/null | tr -d '"' | head -n1; }

# major.minor of a Debian package version ('1:7.0.22+dfsg-1~deb13u1' -> 7.0), or nothing.
major_minor() {
  local v=${1#*:}
  [[ $v =~ ^([0-9]+\.[0-9]+) ]] && echo "${BASH_REMATCH[1]}"
  return 0
}

# The Zabbix version (major.minor) the distribution's own packages bring: the installed frontend, else
# apt's candidate, else what the release is known to ship.
distribution_version() {
  local v=""
  if pkg_installed zabbix-frontend-php; then v=$(dpkg-query -W -f='${Version}' zabbix-frontend-php 2>/dev/null || true); fi
  if [ -z "$v" ]; then
    v=$(apt-cache policy zabbix-frontend-php 2>/dev/null | sed -n 's/^ *Candidate: *//p' | head -n1 || true)
    [ "$v" != "(none)" ] || v=""
  fi
  if [ -z "$v" ]; then
    case "$(os_codename)" in bookworm) v=6.0 ;; trixie) v=7.0 ;; esac
  fi
  major_minor "$v"
}

# The versions this machine can run, oldest first: the distribution's, and the newer ones it can fetch.
available_versions() {
  local native v list
  native=$(distribution_version)
  list=$native
  for v in $FOREIGN_VERSIONS; do
    if [ -z "$native" ] || { [ "$v" != "$native" ] && ver_ge "$v" "$native"; }; then list="$list $v"; fi
  done
  echo "${list# }"
}

# Sets every per-instance variable for a version ('' = the distribution's).
select_instance() {
  local want native release
  want=$(major_minor "${1:-}")
  [ -z "${1:-}" ] || [ -n "$want" ] || die "ZABBIX_VERSION must look like 7.0 (got '$1')"
  native=$(distribution_version)
  if [ -z "$want" ] || [ "$want" = "$native" ]; then
    INSTANCE=native LABEL=${native:-distribution}
    PREFIX='[zabbix-local]'
    HTTP_PORT="${ZABBIX_LOCAL_PORT:-8081}" PGB_PORT="${ZABBIX_PGBOUNCER_PORT:-6432}" DB_NAME="${ZABBIX_DB_NAME:-zabbix}"
    CONF_DIR=/etc/zabbix-local RUN_DIR=/run/zabbix-local LOG_DIR=/var/log/zabbix-local
    WEB_ROOT=/usr/share/zabbix
    ZBX_CONF=/etc/zabbix/zabbix.conf.php   # what Debian's frontend reads; re-checked in frontend_conf_path
    FPM_POOL=zabbix-local
  else
    if ! release=$(foreign_release "$want") || { [ -n "$native" ] && ! ver_ge "$want" "$native"; }; then
      die "Zabbix $want cannot run on this machine; available: $(available_versions)"
    fi
    local http pgb
    read -r SUITE http pgb <<<"$release"
    INSTANCE=$want LABEL=$want
    PREFIX="[zabbix-local $want]"
    HTTP_PORT="${ZABBIX_LOCAL_PORT:-$http}" PGB_PORT="${ZABBIX_PGBOUNCER_PORT:-$pgb}"
    DB_NAME="${ZABBIX_DB_NAME:-zabbix${want//./}}"
    CONF_DIR=/etc/zabbix-local/$want RUN_DIR=/run/zabbix-local/$want LOG_DIR=/var/log/zabbix-local/$want
    PKG_DIR=$STATE_ROOT/$want
    WEB_ROOT=$PKG_DIR/root/usr/share/zabbix
    ZBX_CONF=$CONF_DIR/zabbix.conf.php     # the unpacked frontend is pointed here (unpack_foreign)
    FPM_POOL=zabbix-local-$want
  fi
  LOG="${ZABBIX_LOCAL_LOG:-$LOG_DIR/setup.log}"
  URL="http://$BIND:$HTTP_PORT/api_jsonrpc.php"
  PGB_INI="$CONF_DIR/pgbouncer.ini"
  PGB_USERS="$CONF_DIR/pgbouncer-userlist.txt"
  PGB_PID="$RUN_DIR/pgbouncer/pgbouncer.pid"
  FPM_CONF="$CONF_DIR/php-fpm.conf"
  FPM_PID="$RUN_DIR/php-fpm.pid"
  FPM_SOCK="$RUN_DIR/php-fpm.sock"
  NGINX_CONF="$CONF_DIR/nginx.conf"
  NGINX_PID="$RUN_DIR/nginx.pid"
}

# The instances set up on this machine so far (the distribution's one is always listed), for --status/--stop.
configured_instances() {
  local v
  echo native
  for v in $FOREIGN_VERSIONS; do
    [ -f "/etc/zabbix-local/$v/nginx.conf" ] && echo "$v"
  done
  return 0
}

# For --status/--stop of an instance set up earlier: its ports as its configs say, unless given.
ports_from_configs() {
  local p
  if [ -z "${ZABBIX_LOCAL_PORT:-}" ]; then
    p=$(sed -n "s/^ *listen $BIND:\([0-9]*\);.*/\1/p" "$NGINX_CONF" 2>/dev/null | head -n1 || true)
    if [ -n "$p" ]; then HTTP_PORT=$p; URL="http://$BIND:$HTTP_PORT/api_jsonrpc.php"; fi
  fi
  if [ -z "${ZABBIX_PGBOUNCER_PORT:-}" ]; then
    p=$(sed -n 's/^listen_port = \([0-9]*\)$/\1/p' "$PGB_INI" 2>/dev/null | head -n1 || true)
    [ -z "$p" ] || PGB_PORT=$p
  fi
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

# What the frontend of a foreign instance needs from this machine: its package's PHP dependencies (but not
# `php`, which would pull in Apache) and the database driver.
readonly FOREIGN_PHP_PACKAGES="php-pgsql php-bcmath php-gd php-mbstring php-xml"

ensure_packages() {
  ensure_system_packages
  [ "$INSTANCE" = native ] || ensure_foreign_packages
  [ -d "$WEB_ROOT" ] && [ -f "$WEB_ROOT/api_jsonrpc.php" ] || die "$WEB_ROOT/api_jsonrpc.php missing after install"
}

ensure_system_packages() {
  local first=() rest=() p newly=() wanted
  if [ -z "$(php_fpm_bin)" ] || ! pkg_installed php-fpm; then first+=(php-fpm); fi
  if [ "$INSTANCE" = native ]; then wanted="pgbouncer php-pgsql zabbix-frontend-php zabbix-server-pgsql curl"
  else wanted="pgbouncer $FOREIGN_PHP_PACKAGES curl"
  fi
  for p in $wanted; do
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
}

# The Debian mirror this machine's apt uses for its own release (one-line or deb822 sources), so that the
# packages of another release come from the same place.
debian_mirror() {
  local code f uri=""
  if [ -n "${ZABBIX_DEBIAN_MIRROR:-}" ]; then echo "${ZABBIX_DEBIAN_MIRROR%/}"; return 0; fi
  code=$(os_codename)
  [ -n "$code" ] || return 1
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    uri=$(awk -v code="$code" '
      $1 == "deb" {
        i = 2
        if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) == code) { print $i; exit }
      }' "$f")
    [ -z "$uri" ] || break
  done
  if [ -z "$uri" ]; then
    for f in /etc/apt/sources.list.d/*.sources; do
      [ -r "$f" ] || continue
      uri=$(awk -v code="$code" '
        BEGIN { RS = ""; FS = "\n" }
        {
          uris = ""; suites = ""; types = ""; enabled = "yes"
          for (i = 1; i <= NF; i++) {
            line = $i
            if (line ~ /^[ \t]*#/) continue
            key = tolower(line); sub(/:.*/, "", key)
            value = line; sub(/^[^:]*:[ \t]*/, "", value)
            if (key == "uris") uris = value
            else if (key == "suites") suites = value
            else if (key == "types") types = value
            else if (key == "enabled") enabled = tolower(value)
          }
          if (enabled == "no" || (" " types " ") !~ / deb /) next
          n = split(suites, s, /[ \t]+/)
          for (j = 1; j <= n; j++) if (s[j] == code) { split(uris, u, /[ \t]+/); print u[1]; exit }
        }' "$f")
      [ -z "$uri" ] || break
    done
  fi
  [ -n "$uri" ] || return 1
  echo "${uri%/}"
}

# Downloads the frontend and the schema of a version the distribution does not ship from the Debian release
# that does, with a private apt configuration (sources list, state and cache in $PKG_DIR/apt; the system's
# apt state is not touched), unpacks them with dpkg-deb -x into $PKG_DIR/root and points the frontend at
# its own zabbix.conf.php. Once unpacked, later runs reuse the tree without any network.
ensure_foreign_packages() {
  local root=$PKG_DIR/root stamp=$PKG_DIR/root/.zabbix-local-packages
  if [ -f "$stamp" ] && [ -f "$WEB_ROOT/api_jsonrpc.php" ]; then
    log "packages: $(head -n1 "$stamp") in $root"
    return 0
  fi
  local mirror apt=$PKG_DIR/apt t0=$SECONDS
  mirror=$(debian_mirror) || die "cannot tell this machine's Debian mirror from /etc/apt/sources.list*; set ZABBIX_DEBIAN_MIRROR"
  [ -r "$KEYRING" ] || die "$KEYRING missing (package debian-archive-keyring)"
  rm -rf "$apt/debs"
  mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$apt/sources.list.d" "$apt/preferences.d" "$apt/debs"
  : >"$apt/status"
  printf '# %s\ndeb [signed-by=%s] %s %s main\n' "$MARKER" "$KEYRING" "$mirror" "$SUITE" >"$apt/sources.list"
  local opts=(
    -o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=$apt/sources.list.d"
    -o "Dir::Etc::Preferences=$apt/preferences" -o "Dir::Etc::PreferencesParts=$apt/preferences.d"
    -o "Dir::State=$apt" -o "Dir::State::Lists=$apt/lists" -o "Dir::State::status=$apt/status"
    -o "Dir::Cache=$apt" -o "Dir::Cache::Archives=$apt/archives"
    -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= -o Acquire::Languages=none
  )
  # apt downloads as the unprivileged _apt user where it exists: let it write there.
  if id _apt >/dev/null 2>&1; then chown _apt "$apt/lists/partial" "$apt/debs"; fi
  log "downloading zabbix-frontend-php and zabbix-server-pgsql from Debian $SUITE ($mirror), private apt state in $apt"
  quiet apt-get -q "${opts[@]}" update || die_tail "apt-get update of the private $SUITE sources failed"
  (cd "$apt/debs" && quiet apt-get -q "${opts[@]}" download zabbix-frontend-php zabbix-server-pgsql) \
    || die_tail "downloading the Zabbix packages of $SUITE failed"

  local new=$PKG_DIR/root.new deb versions=() cfg
  rm -rf "$new"
  mkdir -p "$new"
  for deb in "$apt/debs"/zabbix-frontend-php_*.deb "$apt/debs"/zabbix-server-pgsql_*.deb; do
    [ -f "$deb" ] || die "no $deb after the download"
    dpkg-deb -x "$deb" "$new" || die "dpkg-deb -x $deb failed"
    versions+=("$(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version)")
  done
  # The Debian frontend reads /etc/zabbix/zabbix.conf.php, which belongs to the distribution's instance.
  cfg=$new/usr/share/zabbix/include/classes/core/CConfigFile.php
  grep -q "const CONFIG_FILE_PATH = '" "$cfg" 2>/dev/null || die "no CONFIG_FILE_PATH in $cfg"
  sed -i "s|const CONFIG_FILE_PATH = '[^']*'|const CONFIG_FILE_PATH = '$ZBX_CONF'|" "$cfg"
  grep -q "const CONFIG_FILE_PATH = '$ZBX_CONF'" "$cfg" || die "could not point $cfg at $ZBX_CONF"
  if grep -rIl --include='*.php' '/etc/zabbix/' "$new/usr/share/zabbix" >>"$LOG" 2>&1; then
    log "warning: the unpacked frontend still names /etc/zabbix/ (files listed in $LOG)"
  fi
  printf 'Zabbix %s from Debian %s: %s\n' "$(major_minor "${versions[0]#* }")" "$SUITE" "${versions[*]}" >"$new/.zabbix-local-packages"
  rm -rf "$root"
  mv "$new" "$root"
  rm -rf "$apt/lists" "$apt/archives"   # about 20 MB of indexes; the .debs stay in $apt/debs
  log "packages: $(head -n1 "$root/.zabbix-local-packages") unpacked in $root in $((SECONDS - t0)) s"
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
# off: without fresh planner statistics host.create linking a template takes 1-2 s instead of ~70 ms on
# 6.0, and over 20 s on 7.0 right after the schema is loaded (the API then locks up). ANALYZE of the whole
# database takes about a second; it runs on every start, so right after a load too.
refresh_statistics() {
  sql_admin "$DB_NAME" "ANALYZE" >/dev/null || log "warning: ANALYZE of $DB_NAME failed (see $LOG)"
}

# Finds the schema/images/data SQL files of the zabbix-server-pgsql package (paths differ by release).
find_sql_files() {
  local f dir="" n found=()
  if [ "$INSTANCE" = native ]; then
    f=$(dpkg -L zabbix-server-pgsql 2>/dev/null | grep -E '/schema\.sql(\.gz)?$' | head -n1 || true)
  else
    f=$(find "$PKG_DIR/root/usr/share" -name 'schema.sql*' -path '*zabbix-server-pgsql*' 2>/dev/null | head -n1 || true)
    [ -n "$f" ] || die "no schema.sql.gz in the unpacked zabbix-server-pgsql ($PKG_DIR/root)"
  fi
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

[$FPM_POOL]
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
    [ "$({ tr -d '\0' <"$d/cmdline"; } 2>/dev/null || true)" = "php-fpm: pool $FPM_POOL" ] || continue
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

# Takes the run lock (fd 9) for commands that change something.
lock_run() {
  [ "$(id -u)" = 0 ] || die "must run as root"
  mkdir -p "$LOG_DIR" "$(dirname "$LOG")" /run/lock
  exec 9>"$LOCK_FILE"
  if ! flock -n 9; then
    log "waiting for another zabbix-local.sh run to finish ($LOCK_FILE)"
    flock -w 600 9 || die "another zabbix-local.sh run still holds $LOCK_FILE after 600 s"
  fi
}

main() {
  local cmd=up
  case "${1:-}" in
    "") ;;
    --status|status) cmd=status ;;
    --stop|stop) cmd=stop ;;
    --versions|versions) cmd=versions ;;
    -h|--help|help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  [ $# -le 1 ] || die "too many arguments"
  cd /
  if [ "$cmd" = versions ]; then available_versions; exit 0; fi

  if [ "$cmd" = up ]; then
    select_instance "${ZABBIX_VERSION:-}"
    validate_env
    lock_run
    printf '\n===== %s zabbix-local.sh up (pid %s)\n' "$(date '+%F %T')" "$$" >>"$LOG"
    cmd_up
    return 0
  fi

  # --status and --stop: ZABBIX_VERSION's instance, or every instance set up on this machine.
  local instances=() instance rc=0 locked=0
  if [ -n "${ZABBIX_VERSION:-}" ]; then instances=("$ZABBIX_VERSION")
  else mapfile -t instances < <(configured_instances)
  fi
  for instance in "${instances[@]}"; do
    [ "$instance" != native ] || instance=""
    select_instance "$instance"
    ports_from_configs
    validate_env
    if [ "$cmd" = status ]; then
      [ ${#instances[@]} -eq 1 ] || echo "== Zabbix $LABEL on $BIND:$HTTP_PORT =="
      cmd_status || rc=1
    else
      if [ "$locked" = 0 ]; then lock_run; locked=1; fi
      mkdir -p "$LOG_DIR"
      printf '\n===== %s zabbix-local.sh stop (pid %s)\n' "$(date '+%F %T')" "$$" >>"$LOG"
      cmd_stop
    fi
  done
  exit "$rc"
}

main "$@"
