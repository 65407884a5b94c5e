# Shared by ./weft and scripts/test: finding a JDK, building, installing packages.
# Sourced, not run.

WEFT_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Debian packages Weft's processes, the lab and the tests run.
WEFT_PACKAGES=(
  openvswitch-switch dnsmasq-base dnsmasq-utils rabbitmq-server haproxy radvd busybox
  isc-dhcp-client iperf3 iptables ipset ethtool iproute2 procps tcpdump conntrack
  iputils-ping iputils-arping netcat-openbsd socat curl
  python3-openstackclient python3-neutronclient
  mariadb-server mariadb-client postgresql keystone
)

# Only the tests need these: Prometheus's promtool checks the metrics output (the package is about
# 19 MB to download and 96 MB installed, for the one tool), systemd-analyze checks the service
# units, setpriv (util-linux) and capsh (libcap2-bin) run an agent with only its capabilities.
WEFT_TEST_PACKAGES=(prometheus systemd util-linux libcap2-bin)

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}

# Sets JAVA_HOME to a JDK of release 21 or newer: the one given, else the newest
# under /usr/lib/jvm.
pick_jdk() {
  _pick_jdk
  # Maven 3.8 carries a Guava that calls sun.misc.Unsafe; JDK 24+ warns about it on every run.
  if [ "$(java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}

_pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] &&
     [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ] 2>/dev/null; then
    export JAVA_HOME
    return
  fi
  local best="" best_major=0 dir major
  for dir in /usr/lib/jvm/*; do
    [ -x "$dir/bin/javac" ] || continue
    major=$(java_major "$dir/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$dir best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "weft: no JDK of release 21 or newer under /usr/lib/jvm; install one (apt-get install openjdk-21-jdk-headless) or set JAVA_HOME" >&2
    exit 1
  fi
  export JAVA_HOME=$best
}

# Installs the Debian packages that are missing; quiet when nothing is.
install_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q '^install ok installed' ||
      missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return
  echo "weft: installing ${missing[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "weft: installing packages needs root" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  # Daemons the packages would start are not Weft's: the lab and the tests run
  # their own instances. policy-rc.d keeps the packages from starting theirs.
  local policy=/usr/sbin/policy-rc.d created_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=1
  fi
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ -n "$created_policy" ] && rm -f "$policy"
  return 0
}

# Builds target/ when it is missing or older than the sources.
ensure_build() {
  local jar="$WEFT_HOME/target/weft.jar"
  if [ -f "$jar" ] && [ -z "$(find "$WEFT_HOME/src/main" "$WEFT_HOME/pom.xml" -newer "$jar" -print -quit)" ]; then
    return
  fi
  echo "weft: building (about a minute the first time)" >&2
  # Maven 3.8 writes colour resets even in batch mode; they are dropped here.
  (set -o pipefail; cd "$WEFT_HOME" && mvn -q -B -Dstyle.color=never -DskipTests package 2>&1 \
    | sed 's/\x1b\[[0-9;]*m//g') >&2
}
