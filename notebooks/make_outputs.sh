#!/usr/bin/env bash
# Writes what the notebooks read into notebooks/outputs/ (gitignored), from the shipped data with
# small settings: a calibration of one operator family, a 3,000-request simulation, the
# Llama-3.1-8B bench validation and the 60 H200 vLLM Llama-3.1-70B silicon rows (their own tables,
# about a minute more on 2 cores the first time). The simulation and the validation share one cached calibration
# (~/.cache/frontier, or $FRONTIER_CACHE): about 2 minutes on 2 cores the first time, seconds after.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
out="$here/outputs"
cd "$root"

kernels=datasets/kernels
bench_profiles=("$kernels/aiconfigurator/rtx_pro_6000_server/gemm" "$kernels/aiconfigurator/rtx_pro_6000_server/attention"
                "$kernels/llmservingsim/RTXPRO6000/meta-llama/Llama-3.1-8B")

mkdir -p "$out/calibration" "$out/simulate" "$out/validate"
echo "== calibrate: aiconfigurator MoE tables (RTX PRO 6000)" >&2
./frontier calibrate --profiles "$kernels/aiconfigurator/rtx_pro_6000_server/moe" --hardware rtx_pro_6000_server \
  --out "$out/calibration/moe"
echo "== validate bench: Llama-3.1-8B on an RTX PRO 6000" >&2
./frontier validate bench datasets/serving/llmservingsim-bench/RTXPRO6000/Llama-3.1-8B --profiles "${bench_profiles[@]}" \
  --hardware rtx_pro_6000_server --out "$out/validate/llama-8b"
echo "== validate silicon: the H200 rows of Llama-3.1-70B on vLLM" >&2
./frontier validate silicon datasets/serving/aiconfigurator-silicon/silicon_sample.csv --filter system=h200_sxm \
  --filter backend=vllm --filter model_path=meta-llama/Llama-3.1-70B --out "$out/validate/silicon"
echo "== simulate: the first 3,000 requests of the Azure conversation trace" >&2
./frontier simulate --deployment notebooks/deployment.yaml --max-requests 3000 --out "$out/simulate/default"
