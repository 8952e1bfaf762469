#!/usr/bin/env bash
# Fidelity against recorded vLLM runs: replays both shipped RTX PRO 6000 benchmark runs with
# their own engine settings, and how each error moves with every step 1% shorter and longer.
# Usage: simulate/bench/fidelity.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-out/bench/fidelity}"
k=datasets/kernels
s=datasets/serving/llmservingsim-bench/RTXPRO6000
./frontier validate bench $s/Llama-3.1-8B --hardware rtx_pro_6000_server --out "$out/llama-3.1-8b" --sensitivity 1 \
  --profiles $k/aiconfigurator/rtx_pro_6000_server/gemm $k/aiconfigurator/rtx_pro_6000_server/attention \
             $k/llmservingsim/RTXPRO6000/meta-llama/Llama-3.1-8B 2> /dev/null
echo
./frontier validate bench $s/Qwen3-30B-A3B-Instruct-2507 --hardware rtx_pro_6000_server --out "$out/qwen3-30b-a3b" --sensitivity 1 \
  --profiles $k/aiconfigurator/rtx_pro_6000_server $k/llmservingsim/RTXPRO6000/Qwen/Qwen3-30B-A3B-Instruct-2507 2> /dev/null
