#!/usr/bin/env bash
# Installs everything corridor needs to build, test and benchmark on a bare Debian 12.
# Each package is here because a feature uses it; keep this list complete.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential cmake ninja-build pkg-config git ca-certificates \
  libpugixml-dev \
  nlohmann-json3-dev \
  libsimdjson-dev \
  libcli11-dev \
  libfmt-dev \
  libsuitesparse-dev \
  libeigen3-dev \
  libgtest-dev libgmock-dev \
  libbenchmark-dev \
  python3 \
  >/dev/null
