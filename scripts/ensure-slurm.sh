#!/usr/bin/env bash
# Makes sure Debian's Slurm (slurm-wlm: slurmctld, slurmd, sbatch, squeue, scontrol, scancel) and
# MUNGE (munged, its authentication daemon) are installed, for the test that runs a sweep on a real
# one-node Slurm cluster. Idempotent: does nothing when the commands are there. Needs root and
# Debian's package mirror; says on the console what it installs. It only installs: Debian starts no
# service on install here, and the test starts (and stops) its own daemons in a temporary directory.
#
# Exit codes: 0 ready; 3 cannot install on this machine (not root, or no apt-get); 1 install failed.
set -euo pipefail
need=(slurmctld slurmd sbatch squeue scontrol scancel munged)
missing=()
for c in "${need[@]}"; do
  command -v "$c" >/dev/null 2>&1 || missing+=("$c")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-slurm: ${missing[*]} missing and this user is not root (as root: apt-get install -y slurm-wlm munge)" >&2
  exit 3
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-slurm: ${missing[*]} missing and there is no apt-get on this machine" >&2
  exit 3
fi
echo "ensure-slurm: installing Debian's slurm-wlm and munge (missing: ${missing[*]}) with apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
for c in "${need[@]}"; do
  if ! command -v "$c" >/dev/null 2>&1; then
    echo "ensure-slurm: apt-get installed slurm-wlm and munge but $c is not on PATH" >&2
    exit 1
  fi
done
echo "ensure-slurm: installed $(slurmctld -V 2>/dev/null | head -n 1) and $(munged --version 2>&1 | head -n 1)"
