#!/usr/bin/env bash
# Installs or upgrades Backupchecks on a Debian/Ubuntu VM as a hardened
# systemd service. Run it again to upgrade in place. See --help.
set -euo pipefail

usage() {
	cat <<'EOF'
Usage: sudo ./install.sh [options]

Installs Backupchecks as a systemd service, or upgrades an existing install
in place (settings in the env file are kept).

Options:
  --binary PATH     binary to install. Default: build it from this checkout
                    with Go when go.mod is beside this script and go is on
                    PATH, else ./backupchecks beside this script.
  --listen ADDR     address the UI listens on (default :8080).
  --data DIR        data directory (default /var/lib/backupchecks).
  --base-url URL    public address users open, e.g. https://backups.example.com
                    (default: none; the UI takes it from Settings -> General).
  --user NAME       system user the service runs as (default backupchecks).
  --root DIR        install below DIR instead of / (for images and tests):
                    no system user is created and nothing is chowned.
  --no-systemctl    lay down the files but do not call systemctl.
  -h, --help        show this help.

Files:
  /usr/local/bin/backupchecks                  the program
  /etc/backupchecks/backupchecks.env           BACKUPCHECKS_* settings (0640)
  /etc/systemd/system/backupchecks.service     the hardened unit
  <data dir>                                   all state (0700, service user)
EOF
}

die() {
	echo "install.sh: $*" >&2
	exit 1
}

binary="" listen="" data="" base_url="" user="backupchecks" root="" use_systemctl=1
set_listen=0 set_data=0 set_base_url=0

while [ $# -gt 0 ]; do
	case "$1" in
	--binary) binary=${2:?--binary needs a path}; shift 2 ;;
	--listen) listen=${2:?--listen needs an address}; set_listen=1; shift 2 ;;
	--data) data=${2:?--data needs a directory}; set_data=1; shift 2 ;;
	--base-url) base_url=${2-}; set_base_url=1; shift 2 ;;
	--user) user=${2:?--user needs a name}; shift 2 ;;
	--root) root=${2:?--root needs a directory}; shift 2 ;;
	--no-systemctl) use_systemctl=0; shift ;;
	-h | --help) usage; exit 0 ;;
	*)
		echo "install.sh: unknown option: $1" >&2
		usage >&2
		exit 2
		;;
	esac
done

[ -n "$root" ] || [ "$(id -u)" -eq 0 ] || die "run as root (sudo ./install.sh), or pass --root DIR to install into a directory"
if [ -n "$root" ]; then
	mkdir -p "$root"
	root=$(cd "$root" && pwd)
fi
[ -n "$listen" ] || listen=":8080"
[ -n "$data" ] || data="/var/lib/backupchecks"
case "$data" in /*) ;; *) die "--data must be an absolute path" ;; esac

here=$(cd "$(dirname "$0")" && pwd)
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT

if [ -z "$binary" ]; then
	if [ -f "$here/go.mod" ] && command -v go >/dev/null 2>&1; then
		echo "Building backupchecks from $here ..."
		(cd "$here" && go build -trimpath -o "$workdir/backupchecks" .) || die "go build failed"
		binary="$workdir/backupchecks"
	elif [ -x "$here/backupchecks" ]; then
		binary="$here/backupchecks"
	else
		die "no binary to install: pass --binary PATH (or run from a source checkout with Go installed)"
	fi
fi
[ -f "$binary" ] || die "binary $binary does not exist"

bin_path="$root/usr/local/bin/backupchecks"
env_dir="$root/etc/backupchecks"
env_file="$env_dir/backupchecks.env"
unit_file="$root/etc/systemd/system/backupchecks.service"
data_path="$root$data"
upgrade=0
[ -e "$bin_path" ] && upgrade=1

# System user: skipped with --root, where the host's users are not ours to change.
if [ -z "$root" ]; then
	if ! id "$user" >/dev/null 2>&1; then
		useradd --system --user-group --home-dir "$data" --shell /usr/sbin/nologin "$user"
		echo "Created system user $user."
	fi
else
	echo "Note: --root given: not creating user $user and not changing owners."
fi

# Stop a running service before replacing its binary.
if [ "$use_systemctl" -eq 1 ] && [ "$upgrade" -eq 1 ] && systemctl is-active --quiet backupchecks; then
	systemctl stop backupchecks
fi

# Binary: copied beside its target and renamed into place (atomic).
mkdir -p "$(dirname "$bin_path")"
tmp_bin=$(mktemp "$(dirname "$bin_path")/.backupchecks.XXXXXX")
cp "$binary" "$tmp_bin"
chmod 0755 "$tmp_bin"
mv -f "$tmp_bin" "$bin_path"

# Data directory: private to the service user, enforced on every run.
mkdir -p "$data_path"
chmod 0700 "$data_path"
[ -n "$root" ] || chown "$user:$user" "$data_path"

# Env file: written once; on upgrades only the variables given as options change.
set_var() { # name value: replace the line of name, or append it
	local name=$1 value=$2 tmp
	tmp=$(mktemp "$env_dir/.env.XXXXXX")
	awk -v n="$name" -v v="$value" '
		BEGIN { done = 0 }
		index($0, n "=") == 1 { print n "=" v; done = 1; next }
		{ print }
		END { if (!done) print n "=" v }' "$env_file" >"$tmp"
	chmod 0640 "$tmp"
	mv -f "$tmp" "$env_file"
}
mkdir -p "$env_dir"
if [ ! -f "$env_file" ]; then
	cat >"$env_file" <<EOF
# Backupchecks settings, read by backupchecks.service.
# Every flag of "backupchecks serve" has a BACKUPCHECKS_* variable.
BACKUPCHECKS_LISTEN=$listen
BACKUPCHECKS_DATA=$data
BACKUPCHECKS_BASE_URL=$base_url
EOF
else
	[ "$set_listen" -eq 0 ] || set_var BACKUPCHECKS_LISTEN "$listen"
	[ "$set_data" -eq 0 ] || set_var BACKUPCHECKS_DATA "$data"
	[ "$set_base_url" -eq 0 ] || set_var BACKUPCHECKS_BASE_URL "$base_url"
fi
chmod 0640 "$env_file"
[ -n "$root" ] || chown "root:$user" "$env_file"

# The unit's data path and listen port come from the env file actually in force.
env_value() { sed -n "s/^$1=//p" "$env_file" | tail -n 1; }
data=$(env_value BACKUPCHECKS_DATA)
listen=$(env_value BACKUPCHECKS_LISTEN)
base_url=$(env_value BACKUPCHECKS_BASE_URL)
port=${listen##*:}
caps=""
if [ -n "$port" ] && [ "$port" -lt 1024 ] 2>/dev/null; then
	caps="CAP_NET_BIND_SERVICE"
fi

mkdir -p "$(dirname "$unit_file")"
cat >"$unit_file" <<EOF
# Written by install.sh; re-running it rewrites this file.
[Unit]
Description=Backupchecks backup monitoring
Documentation=https://github.com/backupchecks/backupchecks
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
User=$user
Group=$user
EnvironmentFile=/etc/backupchecks/backupchecks.env
Environment=GOMEMLIMIT=200MiB
ExecStart=/usr/local/bin/backupchecks serve
Restart=on-failure
RestartSec=5
KillSignal=SIGTERM
TimeoutStopSec=30
UMask=0077
NoNewPrivileges=yes
ProtectSystem=strict
ReadWritePaths=$data
ProtectHome=yes
PrivateTmp=yes
PrivateDevices=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectControlGroups=yes
RestrictSUIDSGID=yes
LockPersonality=yes
RestrictRealtime=yes
RestrictNamespaces=yes
SystemCallArchitectures=native
CapabilityBoundingSet=$caps
AmbientCapabilities=$caps

[Install]
WantedBy=multi-user.target
EOF
chmod 0644 "$unit_file"

if [ "$use_systemctl" -eq 1 ]; then
	systemctl daemon-reload
	systemctl enable backupchecks >/dev/null
	systemctl restart backupchecks
else
	echo "Skipped systemctl (--no-systemctl): run 'systemctl daemon-reload && systemctl enable --now backupchecks'."
fi

version=$("$bin_path" version 2>/dev/null || echo "backupchecks (version unknown)")
if [ -n "$base_url" ]; then
	url="${base_url%/}/"
else
	host=$(hostname -f 2>/dev/null || true)
	[ -n "$host" ] || host=$(hostname -I 2>/dev/null | awk '{print $1}')
	[ -n "$host" ] || host=localhost
	url="http://$host:$port/"
fi
if [ "$upgrade" -eq 1 ]; then
	echo "Upgraded to $version."
	echo "Backupchecks: $url"
else
	echo "Installed $version."
	echo "Open $url - the first visit creates the administrator account."
fi
