#!/usr/bin/env python3
"""Measure token-level kernels of a decoder layer on the local GPU, in Frontier's linear_op format.

Each row is one model layout (hidden size, heads, intermediate size, TP degree) at one token count,
with the per-call time of every op it ran, in milliseconds (min/max/mean/median/std over replays).

  elementwise ops (emb, input_layernorm, attn_rope, qk_norm, mlp_act) are compiled with
  torch.compile (Inductor's Triton kernels, token count dynamic), as vLLM v1 compiles them by default;
  GEMMs (attn_pre_proj, attn_post_proj, mlp_up_proj, mlp_down_proj, lm_head_linear) are bf16 F.linear
  (cuBLAS), with weights rotated across copies so a small weight is not served from L2.

Every op is timed inside a CUDA graph of R back-to-back calls (as decode steps run), replayed K
times; the per-call time is replay time / R. Writes OUT/elementwise.csv, OUT/gemm.csv (written row
by row, so a run cut short keeps what it measured), OUT/env.json and OUT/log.txt.

Usage: OUT=dir python3 measure_token_ops.py [--budget-s 300]
"""
import argparse
import csv
import json
import math
import os
import platform
import subprocess
import sys
import time

import torch
import torch.nn.functional as F

# name, hidden, heads, kv heads, head dim, intermediate (per expert for MoE), dense, vocab, qk norm
MODELS = [
    ("meta-llama/Llama-3.1-8B", 4096, 32, 8, 128, 14336, True, 128256, False),
    ("meta-llama/Llama-3.1-70B", 8192, 64, 8, 128, 28672, True, 128256, False),
    ("deepseek-ai/DeepSeek-V3", 7168, 128, 128, 64, 2048, False, 129280, False),
    ("Qwen/Qwen3-32B", 5120, 64, 8, 128, 25600, True, 151936, True),
    ("Qwen/Qwen3-235B-A22B", 4096, 64, 4, 128, 1536, False, 151936, True),
    ("Qwen/Qwen3-30B-A3B", 2048, 32, 4, 128, 768, False, 151936, True),
    ("openai/gpt-oss-120b", 2880, 64, 8, 64, 2880, False, 201088, False),
    ("MiniMaxAI/MiniMax-M2.5", 3072, 48, 8, 128, 1536, False, 200064, True),
    ("zai-org/GLM-5", 6144, 64, 64, 64, 2048, False, 154880, False),
]
TPS = [1, 2, 4, 8]
ELEMENTWISE_TOKENS = [1, 2, 4, 8, 16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048,
                      3072, 4096, 6144, 8192, 12288, 16384]
GEMM_TOKENS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192]
ELEMENTWISE_OPS = ["emb", "input_layernorm", "attn_rope", "qk_norm", "mlp_act"]
GEMM_OPS = ["attn_pre_proj", "attn_post_proj", "mlp_up_proj", "mlp_down_proj", "lm_head_linear"]
SHAPE_COLUMNS = ["model_arch", "n_head", "n_kv_head", "head_dim", "n_embd", "n_expanded_embd", "vocab_size",
                 "use_gated_mlp", "use_qk_norm", "num_tokens", "num_tensor_parallel_workers",
                 "profiling_precision", "quant_signature", "measurement_type"]
STATS = ["min", "max", "mean", "median", "std"]
REPLAYS = 10
TARGET_MS = 0.5
L2_BYTES = 64 << 20
DT = torch.bfloat16
DEV = "cuda"


def log(msg):
    line = f"[{time.strftime('%H:%M:%S')}] {msg}"
    print(line, flush=True)
    with open(os.path.join(OUT, "log.txt"), "a") as f:
        f.write(line + "\n")


# ---- the ops, written as vLLM's reference (torch) implementations compute them ----

def add_rms_norm(x, residual, weight):
    s = x.float() + residual.float()
    var = s.pow(2).mean(-1, keepdim=True)
    return (s * torch.rsqrt(var + 1e-6)).to(x.dtype) * weight, s.to(x.dtype)


def silu_and_mul(x):
    d = x.shape[-1] // 2
    return F.silu(x[..., :d]) * x[..., d:]


def rope_neox(positions, q, k, cos_sin, head_dim):
    cos, sin = cos_sin[positions].chunk(2, dim=-1)
    cos, sin = cos.unsqueeze(1), sin.unsqueeze(1)

    def rotate(x):
        t = x.shape[0]
        x = x.view(t, -1, head_dim)
        half = head_dim // 2
        x1, x2 = x[..., :half].float(), x[..., half:].float()
        return torch.cat((x1 * cos - x2 * sin, x2 * cos + x1 * sin), dim=-1).to(q.dtype).view(t, -1)

    return rotate(q), rotate(k)


def qk_rms_norm(q, k, wq, wk, head_dim):
    def norm(x, w):
        t = x.shape[0]
        x = x.view(t, -1, head_dim).float()
        y = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6)
        return (y.to(q.dtype) * w).view(t, -1)

    return norm(q, wq), norm(k, wk)


def embedding(ids, table):
    return F.embedding(ids, table)


EAGER = {"input_layernorm": add_rms_norm, "mlp_act": silu_and_mul, "attn_rope": rope_neox,
         "qk_norm": qk_rms_norm, "emb": embedding}
COMPILED = {}


def compiled(op):
    if op not in COMPILED:
        COMPILED[op] = torch.compile(EAGER[op])
    return COMPILED[op]


def tok(x):
    """As vLLM compiles: the token dimension dynamic, every width static (one kernel per model width).
    Marked on the token-carrying tensors only: a weight whose size happens to equal the token count stays static."""
    if x.shape[0] > 1:
        torch._dynamo.mark_dynamic(x, 0)
    return x


# ---- timing ----

_events = None


def time_graph(fn, arg_sets):
    """Per-call milliseconds of fn over arg_sets (cycled), captured R times in one CUDA graph."""
    global _events
    if _events is None:
        _events = [(torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)) for _ in range(REPLAYS)]
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        for i in range(3):
            fn(*arg_sets[i % len(arg_sets)])
    torch.cuda.current_stream().wait_stream(side)
    torch.cuda.synchronize()
    s, e = _events[0]
    s.record()
    fn(*arg_sets[0])
    e.record()
    e.synchronize()
    est = max(s.elapsed_time(e), 1e-3)
    r = int(min(64, max(min(len(arg_sets), 64), math.ceil(TARGET_MS / est))))
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        for i in range(r):
            fn(*arg_sets[i % len(arg_sets)])
    graph.replay()
    torch.cuda.synchronize()
    for s, e in _events:
        s.record()
        graph.replay()
        e.record()
    torch.cuda.synchronize()
    times = [s.elapsed_time(e) / r for s, e in _events]
    del graph
    return times


def timed(row, op, prepare, where):
    """Times op on what prepare() returns, (function, argument sets), into row's time_stats cells.
    A failure is logged and leaves the cells empty; returns whether it was measured."""
    try:
        fn, arg_sets = prepare()
        s = stats(time_graph(fn, arg_sets))
    except Exception as e:  # noqa: BLE001 - counted and logged by the caller, the cells stay empty
        log(f"FAILED {op} {where}: {type(e).__name__}: {e}")
        return False
    for k, v in zip(STATS, s):
        row[f"time_stats.{op}.{k}"] = f"{v:.7g}"
    return True


def stats(times):
    n = len(times)
    mean = sum(times) / n
    srt = sorted(times)
    median = srt[n // 2] if n % 2 else 0.5 * (srt[n // 2 - 1] + srt[n // 2])
    std = math.sqrt(sum((t - mean) ** 2 for t in times) / n)
    return [min(times), max(times), mean, median, std]


def rand(*shape):
    return torch.randn(*shape, device=DEV, dtype=DT)


# ---- per-op inputs for one layout at one token count ----

def elementwise_args(op, m, tp, t):
    _, hidden, heads, kv, hd, inter, _, vocab, _ = m
    q_heads, kv_heads = heads // tp, max(1, kv // tp)
    if op == "input_layernorm":
        return [(tok(rand(t, hidden)), tok(rand(t, hidden)), rand(hidden))]
    if op == "mlp_act":
        return [(tok(rand(t, 2 * (inter // tp))),)]
    if op == "attn_rope":
        positions = tok(torch.randint(0, 8192, (t,), device=DEV))
        return [(positions, tok(rand(t, q_heads * hd)), tok(rand(t, kv_heads * hd)), rand(8192, hd).float(), hd)]
    if op == "qk_norm":
        return [(tok(rand(t, q_heads * hd)), tok(rand(t, kv_heads * hd)), rand(hd), rand(hd), hd)]
    if op == "emb":
        return [(tok(torch.randint(0, vocab // tp, (t,), device=DEV)), rand(vocab // tp, hidden))]
    raise ValueError(op)


def gemm_shapes(op, m, tp):
    _, hidden, heads, kv, hd, inter, dense, vocab, _ = m
    q_heads, kv_heads = heads // tp, max(1, kv // tp)
    return {"attn_pre_proj": ((q_heads + 2 * kv_heads) * hd, hidden),
            "attn_post_proj": (hidden, q_heads * hd),
            "mlp_up_proj": (2 * inter // tp, hidden) if dense else None,
            "mlp_down_proj": (hidden, inter // tp) if dense else None,
            "lm_head_linear": (vocab // tp, hidden)}[op]


def check_compiled(op, args):
    ref = EAGER[op](*args)
    got = compiled(op)(*args)
    ref = ref if isinstance(ref, tuple) else (ref,)
    got = got if isinstance(got, tuple) else (got,)
    worst = 0.0
    for a, b in zip(ref, got):
        worst = max(worst, ((a.float() - b.float()).norm() / a.float().norm().clamp_min(1e-12)).item())
    if not worst < 2e-2 or not all(torch.isfinite(g).all().item() for g in got):
        raise RuntimeError(f"{op}: compiled output differs from eager (relative error {worst:.3g})")
    return worst


def shape_row(m, tp, t, kind):
    name, hidden, heads, kv, hd, inter, dense, vocab, qk = m
    return {"model_arch": name, "n_head": heads, "n_kv_head": kv, "head_dim": hd, "n_embd": hidden,
            "n_expanded_embd": inter, "vocab_size": vocab, "use_gated_mlp": True, "use_qk_norm": qk,
            "num_tokens": t, "num_tensor_parallel_workers": tp, "profiling_precision": "BF16",
            "quant_signature": "none", "measurement_type": kind}


def writer(path, ops):
    f = open(path, "w", newline="")
    w = csv.DictWriter(f, fieldnames=SHAPE_COLUMNS + [f"time_stats.{o}.{s}" for o in ops for s in STATS])
    w.writeheader()
    return f, w


def environment():
    env = {"date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "python": platform.python_version(),
           "torch": torch.__version__, "cuda": torch.version.cuda, "gpu": torch.cuda.get_device_name(0),
           "multiprocessors": torch.cuda.get_device_properties(0).multi_processor_count}
    try:
        import triton
        env["triton"] = triton.__version__
    except ImportError:
        pass
    try:
        env["nvidia_smi"] = subprocess.run(
            ["nvidia-smi", "--query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm,clocks.mem,power.limit",
             "--format=csv"], capture_output=True, text=True, timeout=20).stdout.strip()
    except Exception as e:  # noqa: BLE001 - the record says what failed
        env["nvidia_smi"] = f"unavailable: {e}"
    return env


def main():
    global OUT
    p = argparse.ArgumentParser()
    p.add_argument("--budget-s", type=float, default=300)
    p.add_argument("--skip-gemm", action="store_true")
    a = p.parse_args()
    OUT = os.environ.get("OUT", "out")
    os.makedirs(OUT, exist_ok=True)
    start = time.time()
    torch.manual_seed(0)
    torch._dynamo.config.cache_size_limit = 512
    torch._dynamo.config.accumulated_cache_size_limit = 4096
    torch._dynamo.config.automatic_dynamic_shapes = False
    if hasattr(torch._dynamo.config, "fail_on_recompile_limit_hit"):
        torch._dynamo.config.fail_on_recompile_limit_hit = True
    torch.backends.cuda.matmul.allow_tf32 = False
    env = environment()
    log(json.dumps(env))

    # the two ceilings this card shows now
    a8, b8 = rand(8192, 8192), rand(8192, 8192)
    ms = time_graph(lambda: a8 @ b8, [()])
    env["bf16_matmul_tflops"] = round(2 * 8192 ** 3 / (stats(ms)[3] * 1e-3) / 1e12, 1)
    del a8, b8
    x = torch.empty(1 << 30, dtype=torch.uint8, device=DEV)
    y = torch.empty_like(x)
    ms = time_graph(lambda: y.copy_(x), [()])
    env["copy_tb_per_s"] = round(2 * x.numel() / (stats(ms)[3] * 1e-3) / 1e12, 3)
    del x, y
    log(f"ceilings: copy {env['copy_tb_per_s']} TB/s, bf16 matmul {env['bf16_matmul_tflops']} TFLOP/s")

    checks, ops = {}, []
    for op in ELEMENTWISE_OPS:
        try:
            checks[op] = check_compiled(op, elementwise_args(op, MODELS[2], 1, 777)[0])
            ops.append(op)
        except Exception as e:  # noqa: BLE001 - an op that does not compile right is left out, and said so
            checks[op] = f"left out: {type(e).__name__}: {e}"
    env["compiled_vs_eager_relative_error"] = checks
    log(f"compiled ops against eager: {checks}")

    failures = 0
    f, w = writer(os.path.join(OUT, "elementwise.csv"), ELEMENTWISE_OPS)
    rows = 0
    for m in MODELS:
        for tp in TPS:
            if m[2] % tp:
                continue
            for t in ELEMENTWISE_TOKENS:
                if time.time() - start > a.budget_s * (1.0 if a.skip_gemm else 0.8):
                    break
                row = shape_row(m, tp, t, "CUDA_GRAPH")
                for op in ops:
                    if op == "qk_norm" and not m[8]:
                        continue
                    if not timed(row, op, lambda: (compiled(op), elementwise_args(op, m, tp, t)), f"{m[0]} tp{tp} t{t}"):
                        failures += 1
                w.writerow(row)
                rows += 1
            f.flush()
            log(f"elementwise {m[0]} tp{tp}: {rows} rows, {time.time() - start:.0f} s")
    f.close()

    f, w = writer(os.path.join(OUT, "gemm.csv"), GEMM_OPS)
    grows = 0
    for m in MODELS if not a.skip_gemm else []:
        for tp in TPS:
            if m[2] % tp:
                continue
            if time.time() - start > a.budget_s:
                break
            weights = {}
            for op in GEMM_OPS:
                shape = gemm_shapes(op, m, tp)
                if shape is None:
                    continue
                n, k = shape
                copies = max(1, min(8, math.ceil(3 * L2_BYTES / (2 * n * k))))
                weights[op] = [rand(n, k) for _ in range(copies)]
            for t in GEMM_TOKENS:
                if time.time() - start > a.budget_s:
                    break
                row = shape_row(m, tp, t, "CUDA_GRAPH")
                for op, ws in weights.items():
                    xin = rand(t, ws[0].shape[1])
                    if not timed(row, op, lambda: (F.linear, [(xin, wt) for wt in ws]), f"{m[0]} tp{tp} t{t}"):
                        failures += 1
                w.writerow(row)
                grows += 1
            f.flush()
            del weights
            log(f"gemm {m[0]} tp{tp}: {grows} rows, {time.time() - start:.0f} s")
    f.close()
    env["rows"] = {"elementwise": rows, "gemm": grows}
    env["failures"] = failures
    env["seconds"] = round(time.time() - start, 1)
    try:
        env["nvidia_smi_after"] = subprocess.run(
            ["nvidia-smi", "--query-gpu=clocks.sm,clocks.mem,temperature.gpu,power.draw", "--format=csv"],
            capture_output=True, text=True, timeout=20).stdout.strip()
    except Exception as e:  # noqa: BLE001
        env["nvidia_smi_after"] = f"unavailable: {e}"
    with open(os.path.join(OUT, "env.json"), "w") as fh:
        json.dump(env, fh, indent=2)
    log(f"done: {rows} elementwise rows, {grows} gemm rows, {failures} failures, {env['seconds']} s")
    return 0 if rows > 0 else 1


OUT = "out"
if __name__ == "__main__":
    sys.exit(main())
