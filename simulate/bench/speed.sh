#!/usr/bin/env bash
# Simulation speed: wall time of the simulation itself (bundles already calibrated and cached;
# the first run of each deployment calibrates first and is not timed).
# Usage: simulate/bench/speed.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-out/bench/speed}"
mkdir -p "$out"
ex=simulate/examples

time_it() { # name, args...
  local name="$1"; shift
  ./frontier simulate --out "$out/$name" "$@" > /dev/null 2>&1 || true   # warm the calibration cache
  /usr/bin/time -f "%M" -o "$out/$name.rss" ./frontier simulate --out "$out/$name" "$@" 2> "$out/$name.err" > "$out/$name.log"
  echo "$name: $(grep -o 'in [0-9.]* s of wall time' "$out/$name.err"), peak RSS $(( $(cat "$out/$name.rss") / 1024 )) MB"
}

time_it azure-conv-1x-llama8b --deployment $ex/llama-3.1-8b-rtx-pro-6000.yaml --workload $ex/workloads/azure-conv.yaml
time_it synthetic-1m-64x-llama8b --deployment $ex/llama-3.1-8b-rtx-pro-6000-x64.yaml --workload $ex/workloads/synthetic-1m.yaml
time_it synthetic-1m-64x-llama8b-no-steps --deployment $ex/llama-3.1-8b-rtx-pro-6000-x64.yaml --workload $ex/workloads/synthetic-1m.yaml --no-steps
for n in 25000 50000 100000; do
  time_it "pd-1024gpu-${n}" --deployment $ex/deepseek-v3-pd-1024gpu-h200.yaml --workload $ex/workloads/synthetic-100k-burst.yaml --max-requests $n
done
