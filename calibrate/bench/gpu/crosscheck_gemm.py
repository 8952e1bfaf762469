#!/usr/bin/env python3
"""Compare the bf16 GEMMs measured by measure_token_ops.py with aiconfigurator's tables of the same GPU.

  python3 calibrate/bench/gpu/crosscheck_gemm.py [SYSTEM]        (default h200_sxm)

For every (m, n, k) both hold exactly, prints the ratio aiconfigurator latency / Frontier latency
by token-count band, for each collected vLLM release: two independent measurements of one cuBLAS
kernel on one GPU model should agree, and how closely they do bounds what any operator model
fitted to either can claim.
"""
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[3]


def ours(system: str) -> pd.DataFrame:
    t = pd.read_parquet(ROOT / "datasets/measured" / system / "torch/gemm/linear_op.parquet")
    rows = []
    for _, r in t.iterrows():
        tp = r.num_tensor_parallel_workers
        q, kv, hd, h, inter = r.n_head // tp, -(-r.n_kv_head // tp), r.head_dim, r.n_embd, r.n_expanded_embd
        shapes = {"attn_pre_proj": ((q + 2 * kv) * hd, h), "attn_post_proj": (h, q * hd),
                  "mlp_up_proj": (2 * inter // tp, h), "mlp_down_proj": (h, inter // tp),
                  "lm_head_linear": (r.vocab_size // tp, h)}
        for op, (n, k) in shapes.items():
            v = r.get(f"time_stats.{op}.median")
            if pd.notna(v):
                rows.append((op, int(r.num_tokens), int(n), int(k), float(v)))
    # one layout's shape can recur in another (the same lm_head at several TP degrees): keep each once, by median
    return pd.DataFrame(rows, columns=["op", "m", "n", "k", "frontier_ms"]).groupby(["m", "n", "k"], as_index=False).frontier_ms.median()


def main() -> int:
    system = sys.argv[1] if len(sys.argv) > 1 else "h200_sxm"
    mine = ours(system)
    print(f"{system}: {len(mine)} distinct bf16 GEMM shapes measured by Frontier")
    for d in sorted((ROOT / "datasets/kernels/aiconfigurator" / system / "gemm/vllm").iterdir()):
        g = pd.read_parquet(d / "gemm_perf.parquet")
        g = g[g.gemm_dtype == "bfloat16"].groupby(["m", "n", "k"], as_index=False).latency.median()
        j = mine.merge(g, on=["m", "n", "k"])
        if j.empty:
            print(f"vllm {d.name}: no shape in common")
            continue
        j["ratio"] = j.latency / j.frontier_ms
        j["tokens"] = pd.cut(j.m, [0, 16, 128, 1024, 1 << 20], labels=["1-16", "17-128", "129-1024", ">1024"])
        s = j.groupby("tokens", observed=True).ratio.describe(percentiles=[0.1, 0.5, 0.9])
        print(f"\nvllm {d.name}: {len(j)} shapes in common; aiconfigurator / Frontier latency")
        print(s[["count", "10%", "50%", "90%"]].round(3).to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
