#!/usr/bin/env bash
# reoffsim — install the Debian packages the build and tests need, only those
# missing (so reruns are fast). Sourced by scripts/quickstart and scripts/test.
set -euo pipefail

REOFFSIM_PACKAGES=(build-essential cmake pkg-config git libhdf5-dev hdf5-tools librandom123-dev
  libyaml-dev libnlopt-dev libcmocka-dev python3 python3-h5py python3-numpy python3-pandas python3-xarray python3-h5netcdf python3-matplotlib
  r-base-core r-cran-hdf5r
  chromium fonts-dejavu-core valgrind strace libopenmpi-dev openmpi-bin slurm-wlm munge
  clang libclang-rt-14-dev libomp-14-dev)

reoffsim_install_deps() {
  local missing=() p
  for p in "${REOFFSIM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "reoffsim: installing ${missing[*]}" >&2
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Configure and build into $1 with extra CMake arguments.
reoffsim_build() {
  local dir=$1; shift
  cmake -S "$REOFFSIM_ROOT" -B "$REOFFSIM_ROOT/$dir" "$@" >/dev/null
  cmake --build "$REOFFSIM_ROOT/$dir" -j "$(nproc)"
}
