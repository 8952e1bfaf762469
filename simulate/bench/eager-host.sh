#!/usr/bin/env bash
# Host-bound eager steps: reads the host time per launched operator that SGLang's and TensorRT-LLM's
# first tokens would imply if they were all host launching, off the B200 and B300 rows of the
# silicon table (validate eager-host), then replays the H200 rows, which take no part in that
# reading, without a floor (0), with those readings as eager_host_us_per_op ("b200-b300"), and with
# any further values given (the same value for both engines). Prints median APE of TTFT and TPOT
# (and the mean signed error) per backend and model for each.
# Usage: simulate/bench/eager-host.sh [OUT_DIR] [VALUE_US...]
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-out/bench/eager-host}"
shift || true
csv=datasets/serving/aiconfigurator-silicon/silicon_sample.csv
mkdir -p "$out"
./frontier validate eager-host $csv --system b200_sxm --system b300_sxm | tee "$out/readings.txt"
echo
values=(0 b200-b300 "$@")
for v in "${values[@]}"; do
  args=()
  for b in sglang trtllm; do
    us="$v"
    [ "$v" = b200-b300 ] && us=$(awk -v b="$b" '$1 == b { print $3 }' "$out/readings.txt")
    args+=(--engine-setting "$b:eager_host_us_per_op=$us")
  done
  ./frontier validate silicon $csv --filter system=h200_sxm --out "$out/us-$v" "${args[@]}" > /dev/null 2>&1
done
python3 - "$out" "${values[@]}" <<'PY'
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
runs = {v: json.loads((out / f"us-{v}" / "summary.json").read_text()) for v in sys.argv[2:]}
fmt = lambda x: "-" if x is None else f"{x:.1f}"
keys = [(g["key"]["backend"], g["key"]["mode"], g["key"]["model"]) for g in next(iter(runs.values()))["groups"]]
print(f"{'us/op':>8}  {'backend':7} {'mode':6} {'model':34} {'rows':>4}  {'TTFT APE':>8} {'TPOT APE':>8}  {'TTFT sgn':>8} {'TPOT sgn':>8}")
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
