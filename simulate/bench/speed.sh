#!/usr/bin/env bash
# Simulation speed: wall time of the simulation itself (bundles already calibrated and cached;
# the first run of each deployment calibrates first, and makes the launcher's start-up cache when
# there is none, and is not timed). Each run is timed from the start-up cache and without it
# (FRONTIER_AOT=0), and the whole process with each.
# Usage: simulate/bench/speed.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-out/bench/speed}"
mkdir -p "$out"
ex=simulate/examples
# The start-up cache keeps the method profiles of the run that recorded it and the JIT starts from
# them, so every timing here starts from one recorded by the first (Azure) run below, whatever
# command ran first after the build.
rm -f simulate/target/frontier-*.aot

one() { # label, env value of FRONTIER_AOT, name, args...
  local label="$1" aot="$2" name="$3"; shift 3
  FRONTIER_AOT="$aot" /usr/bin/time -f "%e %M" -o "$out/$name.$label.time" ./frontier simulate --out "$out/$name" "$@" \
    2> "$out/$name.$label.err" > "$out/$name.$label.log"
  read -r total rss < "$out/$name.$label.time"
  printf '  %-14s %s, process %s s, peak RSS %s MB\n' "$label:" "$(grep -o 'in [0-9.]* s of wall time' "$out/$name.$label.err")" \
    "$total" "$(( rss / 1024 ))"
}

time_it() { # name, args...
  local name="$1"; shift
  ./frontier simulate --out "$out/$name" "$@" > /dev/null 2>&1 || true   # calibrate; make the start-up cache
  echo "$name"
  one start-up-cache 1 "$name" "$@"
  one no-cache 0 "$name" "$@"
}

time_it azure-conv-1x-llama8b --deployment $ex/llama-3.1-8b-rtx-pro-6000.yaml --workload $ex/workloads/azure-conv.yaml
time_it synthetic-1m-64x-llama8b --deployment $ex/llama-3.1-8b-rtx-pro-6000-x64.yaml --workload $ex/workloads/synthetic-1m.yaml
time_it synthetic-1m-64x-llama8b-no-steps --deployment $ex/llama-3.1-8b-rtx-pro-6000-x64.yaml --workload $ex/workloads/synthetic-1m.yaml --no-steps
for n in 25000 50000 100000; do
  time_it "pd-1024gpu-${n}" --deployment $ex/deepseek-v3-pd-1024gpu-h200.yaml --workload $ex/workloads/synthetic-100k-burst.yaml --max-requests $n
done
