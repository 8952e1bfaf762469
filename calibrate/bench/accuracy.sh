#!/usr/bin/env bash
# Calibration accuracy and cost on the shipped tables: held-out error per family against the
# targets, wall time and peak memory. Usage: calibrate/bench/accuracy.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-out/bench/calibrate}"
mkdir -p "$out"
k=datasets/kernels

run() { # name, hardware, args...
  local name="$1" hw="$2"; shift 2
  echo "== $name"
  /usr/bin/time -f "wall %e s, peak RSS %M KB" -o "$out/$name.time" \
    ./frontier calibrate --hardware "$hw" --out "$out/$name" "$@" > "$out/$name.log" 2>&1
  cat "$out/$name.time"
  python3 - "$out/$name/metrics.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
targets = {"gemm", "attention_prefill", "attention_decode", "moe"}
print(f"{'family':34s} {'rows':>7s} {'chosen':18s} {'p50':>6s} {'p95':>6s} {'extr95':>7s} {'roof95':>7s} {'tok95':>7s}")
for key, f in m["families"].items():
    r, x = f["splits"]["random"], f["splits"]["extrapolation"]
    roof, tok = f["baselines"]["roofline"]["random"], f["baselines"]["tokens_only"]["random"]
    flag = ""
    if f["family"] in targets:
        ok = r["p50_ape_pct"] <= 2 and r["p95_ape_pct"] <= 8 and x["p95_ape_pct"] <= 25
        beats = r["p95_ape_pct"] < roof["p95_ape_pct"] and r["p95_ape_pct"] < tok["p95_ape_pct"]
        flag = ("  target met" if ok else "  target missed") + ("" if beats else ", baseline not beaten")
    print(f"{key:34s} {f['rows']:7d} {f['chosen']:18s} {r['p50_ape_pct']:6.1f} {r['p95_ape_pct']:6.1f} "
          f"{x['p95_ape_pct']:7.1f} {roof['p95_ape_pct']:7.1f} {tok['p95_ape_pct']:7.1f}{flag}")
PY
}

run rtx_pro_6000_vllm_0.19.0 rtx_pro_6000_server --profiles $k/aiconfigurator/rtx_pro_6000_server --framework vllm --framework-version 0.19.0
run h200_vllm_0.24.0 h200_sxm --profiles $k/aiconfigurator/h200_sxm --framework vllm --framework-version 0.24.0
run h100_vllm_0.24.0 h100_sxm --profiles $k/aiconfigurator/h100_sxm --framework vllm --framework-version 0.24.0
run a800_qwen3_30b_moe a800 --profiles $k/frontier/compute/a800/qwen3-a3b-30b-moe/moe.parquet
