#!/usr/bin/env bash
# TensorRT-LLM batch waiting on the H200 Llama-3.1-70B 1k/1k silicon rows: InferenceX ran TP 1-4
# with batch_wait_max_tokens_ratio 0.9 and batch_wait_timeout_iters 20 (TP 8 without), which the
# rows do not record. Each row is simulated as validate silicon maps it, then again with the
# setting, under the same closed loop (concurrency clients, 10 x concurrency requests, lengths
# uniform in [0.8 x 1024, 1024]). Usage: simulate/bench/batch-wait.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-out/bench/batch-wait}"
mkdir -p "$out"
./frontier validate silicon datasets/serving/aiconfigurator-silicon/silicon_sample.csv --keep-cases --out "$out/silicon" \
  --filter system=h200_sxm --filter backend=trtllm --filter model_path=meta-llama/Llama-3.1-70B \
  --filter isl=1024 --filter osl=1024 > /dev/null 2>&1
printf "%-6s %-4s %12s %12s %14s %14s\n" layout conc "measured ms" "as mapped" "batch waiting" "TPOT meas/bw"
python3 - "$out" <<'PY' | while read -r id tp conc measured mapped tpot_meas; do
import json, pathlib, sys
import pandas as pd
out = pathlib.Path(sys.argv[1])
cases = pd.read_parquet(out / "silicon/errors.parquet")
for _, r in cases[cases.metric == "ttft_ms"].sort_values(["tp", "concurrency"]).iterrows():
    tpot = cases[(cases.id == r.id) & (cases.metric == "tpot_ms")].measured.iloc[0]
    print(r.id, int(r.tp), int(r.concurrency), f"{r.measured:.1f}", f"{r.simulated:.1f}", f"{tpot:.2f}")
PY
  case_dir="$out/silicon/cases/$id"
  { cat "$case_dir/deployment.yaml"; echo "  batch_wait: {timeout_iters: 20, max_tokens_ratio: 0.9}"; } > "$out/$id.yaml"
  cat > "$out/$id.workload.yaml" <<WL
kind: closed_loop
clients: $conc
requests: $((conc * 10))
warmup_requests: 0
seed: 1
input_tokens: {distribution: uniform, min: 819, max: 1024}
output_tokens: {distribution: uniform, min: 819, max: 1024}
WL
  ./frontier simulate --deployment "$out/$id.yaml" --workload "$out/$id.workload.yaml" --out "$out/runs/$id" > /dev/null 2>&1
  read -r ttft tpot < <(python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print(round(s['ttft_ms']['mean'],1), round(s['tpot_ms']['mean'],2))" "$out/runs/$id/summary.json")
  printf "%-6s %-4s %12s %12s %14s %14s\n" "TP$tp" "$conc" "$measured" "$mapped" "$ttft" "$tpot_meas/$tpot"
done
