#!/usr/bin/env bash
# apt-get update + install of the given Debian packages, waiting for apt's locks instead of failing at
# once: on a fresh boot another apt process (unattended upgrades) often holds them. apt-get waits for the
# dpkg lock itself (DPkg::Lock::Timeout); `apt-get update` does not wait for the package-lists lock
# (apt 2.6), so it is retried while that lock is busy, for the same 10 minutes at most.
# Usage: scripts/apt-install.sh PACKAGE...
set -euo pipefail
APT=(apt-get -o DPkg::Lock::Timeout=600)
wait_s=${APT_LOCK_RETRY_SECONDS:-10}
tries=0
until err=$("${APT[@]}" update -qq 2>&1 >/dev/null); do
  if ! grep -q "Could not get lock" <<<"$err" || [ $((tries * wait_s)) -ge 600 ]; then
    echo "$err" >&2
    exit 1
  fi
  tries=$((tries + 1))
  echo "apt is busy (another apt process holds its lock); waiting..." >&2
  sleep "$wait_s"
done
DEBIAN_FRONTEND=noninteractive "${APT[@]}" install -y -qq "$@" >/dev/null
