#!/usr/bin/env bash
# Host-bound eager steps on the H200 silicon rows: every row is replayed as validate silicon maps
# it, then again with each value of eager_host_us_per_layer (the host time per layer to launch a
# step that runs outside a CUDA graph; such a step lasts at least layers x this), the same value
# for every backend. The rows do not record it; the sweep shows how each backend's and model's
# error answers to it. Prints median APE of TTFT and TPOT (and the mean signed error) per backend
# and model for each value. Usage: simulate/bench/eager-host.sh [OUT_DIR] [VALUE_US...]
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-out/bench/eager-host}"
shift || true
values=("$@")
[ ${#values[@]} -eq 0 ] && values=(0 1000 2000 3000 4000)
mkdir -p "$out"
for v in "${values[@]}"; do
  args=()
  if [ "$v" != 0 ]; then
    for b in vllm sglang trtllm; do args+=(--engine-setting "$b:eager_host_us_per_layer=$v"); done
  fi
  ./frontier validate silicon datasets/serving/aiconfigurator-silicon/silicon_sample.csv --filter system=h200_sxm \
    --out "$out/us-$v" "${args[@]}" > /dev/null 2>&1
done
python3 - "$out" "${values[@]}" <<'PY'
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
runs = {v: json.loads((out / f"us-{v}" / "summary.json").read_text()) for v in sys.argv[2:]}
fmt = lambda x: "-" if x is None else f"{x:.1f}"
keys = [(g["key"]["backend"], g["key"]["mode"], g["key"]["model"]) for g in next(iter(runs.values()))["groups"]]
print(f"{'us/layer':>8}  {'backend':7} {'mode':6} {'model':34} {'rows':>4}  {'TTFT APE':>8} {'TPOT APE':>8}  {'TTFT sgn':>8} {'TPOT sgn':>8}")
for v, s in runs.items():
    m = s["metrics"]
    print(f"{v:>8}  {'all':7} {'':6} {'':34} {s['simulated']:>4}  {fmt(m['ttft_ms']['median_ape_pct']):>8} {fmt(m['tpot_ms']['median_ape_pct']):>8}")
    for g in s["groups"]:
        k, gm = g["key"], g["metrics"]
        if gm["ttft_ms"]["median_ape_pct"] is None:
            continue
        print(f"{v:>8}  {k['backend']:7} {k['mode']:6} {k['model'][:34]:34} {g['cases']:>4}  {fmt(gm['ttft_ms']['median_ape_pct']):>8} "
              f"{fmt(gm['tpot_ms']['median_ape_pct']):>8}  {fmt(gm['ttft_ms']['mean_signed_pct']):>8} {fmt(gm['tpot_ms']['mean_signed_pct']):>8}")
PY
