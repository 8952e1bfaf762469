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

# How far the labels themselves move: the same shapes timed in two collections of one GPU's tables
# (different vLLM releases, same kernels for bf16 GEMMs) bound what any model can reach on them.
echo "== the same shapes in two collections (|relative difference|, %)"
python3 - "$k" <<'PY'
import itertools, os, sys
import pandas as pd
root = sys.argv[1] + "/aiconfigurator"
specs = {"gemm": ("gemm_perf.parquet", "gemm_dtype", ["m", "n", "k"]),
         "moe": ("moe_perf.parquet", "moe_dtype", ["num_tokens", "hidden_size", "inter_size", "topk", "num_experts",
                                                   "moe_tp_size", "moe_ep_size", "distribution"])}
for hw in ("h200_sxm", "h100_sxm"):
    for fam, (file, dcol, keys) in specs.items():
        folder = f"{root}/{hw}/{fam}/vllm"
        versions = sorted(v for v in os.listdir(folder) if os.path.exists(f"{folder}/{v}/{file}"))
        tables = {}
        for v in versions:
            t = pd.read_parquet(f"{folder}/{v}/{file}")
            tables[v] = t[t[dcol] == "bfloat16"].groupby(keys).latency.mean()
        for a, b in itertools.combinations(versions, 2):
            j = pd.concat([tables[a].rename("a"), tables[b].rename("b")], axis=1, join="inner").dropna()
            if len(j) < 100:
                continue
            d = ((j.b / j.a - 1).abs() * 100)
            print(f"{hw:9s} {fam:5s} bf16 vLLM {a} vs {b}: {len(j):6d} shapes, median {d.median():5.2f}, p95 {d.quantile(.95):6.2f}")
PY
