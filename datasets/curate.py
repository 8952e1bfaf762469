#!/usr/bin/env python3
"""Rebuild the curated datasets/ folder from the measured-data collection.

Usage (from the repository root or anywhere):

    python3 datasets/curate.py [--source ../shared/datasets]

--source defaults to ../shared/datasets relative to the repository root (the folder that holds
datasets/). The script rewrites the generated sub-folders of datasets/ (kernels/, models/,
serving/, traces/, SOURCES.tsv and MANIFEST.tsv); README.md, LICENSES.md, licenses/ and this script are
maintained by hand and left alone.

Conversions only change the container: Parquet tables are copied byte for byte, selected CSV
tables become ZSTD-compressed Parquet with the same columns, and traces are gzipped. Every output
is checked against its source before the script finishes (byte equality for copies and gzip,
cell-by-cell equality for CSV -> Parquet); a failed check raises and leaves a non-zero exit.

Needs Python 3 with pandas and pyarrow.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import math
import os
import shutil
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent          # .../datasets
REPO = HERE.parent                              # repository root
DEFAULT_SOURCE = REPO / ".." / "shared" / "datasets"

BUDGET_BYTES = 40 * 1000 * 1000                 # total size of datasets/ must stay below this
GENERATED = ["kernels", "models", "serving", "traces", "MANIFEST.tsv", "SOURCES.tsv"]

ZSTD_LEVEL = 19

# --- what to ship -------------------------------------------------------------------------

# aiconfigurator: (system, kinds, framework, versions). Whole version folders are copied.
AICONF_KINDS_H200 = ["gemm", "attention", "moe", "mla", "mla_bmm", "comm"]
AICONFIGURATOR = [
    ("rtx_pro_6000_server", ["gemm", "attention", "moe", "comm"], "vllm", ["0.19.0"]),
    ("rtx_pro_6000_server", ["comm"], "nccl", ["2.29.2"]),
    ("h200_sxm", AICONF_KINDS_H200, "vllm", ["0.14.0", "0.18.0", "0.19.0", "0.24.0"]),
    ("h200_sxm", AICONF_KINDS_H200, "sglang", ["0.5.6.post2", "0.5.9", "0.5.10"]),
    ("h200_sxm", AICONF_KINDS_H200, "trtllm", ["1.2.0rc5"]),
    ("h200_sxm", ["comm"], "nccl", ["2.23", "2.26.2", "2.29.2"]),
    ("h100_sxm", AICONF_KINDS_H200, "vllm", ["0.19.0", "0.24.0"]),
    ("h100_sxm", AICONF_KINDS_H200, "sglang", ["0.5.10"]),
    ("h100_sxm", AICONF_KINDS_H200, "trtllm", ["1.2.0rc5"]),
    ("h100_sxm", ["comm"], "nccl", ["2.29.2"]),
]
# If the total goes over budget, vllm 0.24.0 tables are dropped, largest first.
LAST_RESORT_VERSION = ("vllm", "0.24.0")

# NetX-lab/Frontier CSVs converted to Parquet (paths relative to kernels/frontier).
FRONTIER_CSV = [
    "compute/a800/qwen3-a3b-30b-moe/moe.csv",
    "compute/a800/qwen3-a3b-30b-moe/attention.csv",
    "compute/a800/qwen3-a3b-30b-moe/linear_op.csv",
    "network/a800_dgx/all_reduce.csv",
    "network/a800_dgx/send_recv.csv",
    "network/a800_pairwise_nvlink/all_reduce.csv",
    "network/a800_pairwise_nvlink/send_recv.csv",
]

# LLMServingSim profiles (relative to kernels/llmservingsim/RTXPRO6000).
LLMSERVINGSIM_MODELS = ["meta-llama/Llama-3.1-8B", "Qwen/Qwen3-30B-A3B-Instruct-2507"]
LLMSERVINGSIM_TABLES = ["dense", "attention", "moe", "per_sequence", "skew"]   # skew_fit.csv (a fit, not measurements) not shipped

# Traces to gzip (relative to traces/).
TRACES_GZ = [
    "azure-llm-2023/AzureLLMInferenceTrace_conv.csv",
    "azure-llm-2023/AzureLLMInferenceTrace_code.csv",
    "mooncake/conversation_trace.jsonl",
    "mooncake/synthetic_trace.jsonl",
    "arxiv-summarization/lengths_llama2_tokenizer.csv",
]

# Model ids used by the serving measurements that have no config of their own. Each maps to a
# shipped config with an identical architecture (layer count, widths, heads, experts, MLA dims);
# only the weight format differs, which the measurement rows state themselves.
EXTRA_ALIASES = [
    ("nvidia/DeepSeek-R1-NVFP4", "deepseek-ai--DeepSeek-R1",
     "same architecture, NVFP4 weights (the R1 config declares FP8; take precision from the measurement)"),
    ("nvidia/Qwen3-32B-NVFP4", "Qwen--Qwen3-32B", "same architecture, NVFP4 weights"),
]

# --- helpers ------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class Manifest:
    def __init__(self, source: Path):
        self.source = source
        self.rows: list[tuple[str, str, str, str, str]] = []

    def add(self, out: Path, src: Path, conversion: str):
        self.rows.append((str(out.relative_to(HERE)), str(src.relative_to(self.source)), conversion,
                          sha256(src), sha256(out)))

    def drop(self, out: Path):
        rel = str(out.relative_to(HERE))
        self.rows = [r for r in self.rows if r[0] != rel]

    def write(self):
        with open(HERE / "MANIFEST.tsv", "w", newline="") as f:
            f.write("file\tsource\tconversion\tsource_sha256\tfile_sha256\n")
            for r in sorted(self.rows):
                f.write("\t".join(r) + "\n")


def copy_exact(src: Path, out: Path, manifest: Manifest):
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, out)
    assert out.read_bytes() == src.read_bytes(), f"copy differs: {out}"
    manifest.add(out, src, "none")


def gzip_exact(src: Path, out: Path, manifest: Manifest):
    data = src.read_bytes()
    out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 and no file name in the header keep the output reproducible.
    with open(out, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as gz:
            gz.write(data)
    assert gzip.decompress(out.read_bytes()) == data, f"gunzip of {out} differs from {src}"
    manifest.add(out, src, "gzip")


def read_csv_table(src: Path) -> pa.Table:
    """Reads every column as it is: only empty cells are null; types are inferred per column
    (int64, double, bool for True/False, string); column names and order are kept."""
    convert = pacsv.ConvertOptions(
        null_values=[""],
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
        true_values=["True", "true", "TRUE"],
        false_values=["False", "false", "FALSE"],
        timestamp_parsers=[],
    )
    read = pacsv.ReadOptions(block_size=1 << 26)
    t = pacsv.read_csv(src, read_options=read, convert_options=convert)
    for field in t.schema:
        if pa.types.is_timestamp(field.type) or pa.types.is_date(field.type) or pa.types.is_time(field.type):
            raise AssertionError(f"{src}: column {field.name!r} inferred as {field.type}; expected number/bool/text")
    return t


def _missing(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def check_csv_parquet(src: Path, out: Path):
    """Asserts the Parquet file holds exactly the CSV: same header, same row count, and every
    cell equal (empty cell <-> null; numbers compared as parsed by Python's float/int, NaN==NaN;
    text compared as text; True/False as bool). Also compares through pandas."""
    with open(src, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], [r for r in rows[1:] if r != []]
    t = pq.read_table(out)
    assert t.schema.names == header, f"{out}: columns differ from {src}"
    assert t.num_rows == len(body), f"{out}: {t.num_rows} rows, CSV has {len(body)}"
    for ci, name in enumerate(header):
        col = t.column(ci)
        typ = col.type
        values = col.to_pylist()
        for ri, (cell, v) in enumerate(zip((r[ci] for r in body), values)):
            where = f"{out}: row {ri + 1}, column {name!r}"
            if cell == "":
                assert v is None, f"{where}: empty CSV cell became {v!r}"
                continue
            assert v is not None, f"{where}: CSV {cell!r} became null"
            if pa.types.is_integer(typ):
                assert int(cell) == v, f"{where}: CSV {cell!r} != {v!r}"
            elif pa.types.is_floating(typ):
                x = float(cell)
                assert (x == v) or (math.isnan(x) and math.isnan(v)), f"{where}: CSV {cell!r} != {v!r}"
            elif pa.types.is_boolean(typ):
                assert cell in ("True", "true", "TRUE", "False", "false", "FALSE"), f"{where}: {cell!r} not boolean"
                assert (cell.lower() == "true") == v, f"{where}: CSV {cell!r} != {v!r}"
            elif pa.types.is_string(typ) or pa.types.is_large_string(typ):
                assert cell == v, f"{where}: CSV {cell!r} != {v!r}"
            else:
                raise AssertionError(f"{where}: unexpected type {typ} for a non-empty cell")

    # Second, independent comparison through pandas (round-trip float parsing, NaN == NaN).
    a = pd.read_csv(src, keep_default_na=False, na_values=[""], float_precision="round_trip", low_memory=False)
    b = pd.read_parquet(out)
    assert list(a.columns) == list(b.columns) or [str(c) for c in b.columns] == header, f"{out}: pandas columns differ"
    assert len(a) == len(b), f"{out}: pandas row counts differ"
    for ci in range(len(header)):
        xa, xb = a.iloc[:, ci].tolist(), b.iloc[:, ci].tolist()
        for ri, (p, q) in enumerate(zip(xa, xb)):
            if _missing(p) or _missing(q):
                assert _missing(p) and _missing(q), f"{out}: row {ri + 1}, column {header[ci]!r}: {p!r} vs {q!r}"
            else:
                assert p == q, f"{out}: row {ri + 1}, column {header[ci]!r}: {p!r} vs {q!r}"


def csv_to_parquet(src: Path, out: Path, manifest: Manifest):
    t = read_csv_table(src)
    out.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(t, out, compression="zstd", compression_level=ZSTD_LEVEL)
    check_csv_parquet(src, out)
    manifest.add(out, src, "CSV -> Parquet (ZSTD)")


def tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


# --- sections -----------------------------------------------------------------------------


def aiconfigurator(source: Path, manifest: Manifest) -> list[Path]:
    src_root = source / "kernels" / "aiconfigurator"
    out_root = HERE / "kernels" / "aiconfigurator"
    shipped: list[Path] = []
    systems = set()
    for system, kinds, framework, versions in AICONFIGURATOR:
        systems.add(system)
        for kind in kinds:
            for version in versions:
                d = src_root / system / kind / framework / version
                if not d.is_dir():
                    print(f"  note: no {system}/{kind}/{framework}/{version} in the source; skipped")
                    continue
                for f in sorted(d.iterdir()):
                    if f.is_file():
                        out = out_root / f.relative_to(src_root)
                        copy_exact(f, out, manifest)
                        shipped.append(out)
    for system in sorted(systems):
        copy_exact(src_root / f"{system}.yaml", out_root / f"{system}.yaml", manifest)
    return shipped


def frontier(source: Path, manifest: Manifest):
    src_root = source / "kernels" / "frontier"
    out_root = HERE / "kernels" / "frontier"
    for rel in FRONTIER_CSV:
        src = src_root / rel
        csv_to_parquet(src, (out_root / rel).with_suffix(".parquet"), manifest)


def llmservingsim(source: Path, manifest: Manifest):
    src_root = source / "kernels" / "llmservingsim" / "RTXPRO6000"
    out_root = HERE / "kernels" / "llmservingsim" / "RTXPRO6000"
    for model in LLMSERVINGSIM_MODELS:
        base = src_root / model / "bf16"
        copy_exact(base / "meta.yaml", out_root / model / "bf16" / "meta.yaml", manifest)
        for tp in sorted(p for p in base.iterdir() if p.is_dir() and p.name.startswith("tp")):
            for table in LLMSERVINGSIM_TABLES:
                src = tp / f"{table}.csv"
                if src.is_file():
                    out = out_root / model / "bf16" / tp.name / f"{table}.parquet"
                    csv_to_parquet(src, out, manifest)


def models(source: Path, manifest: Manifest):
    src_root = source / "models"
    out_root = HERE / "models"
    names = sorted(d.name for d in src_root.iterdir() if (d / "config.json").is_file())
    for name in names:
        copy_exact(src_root / name / "config.json", out_root / name / "config.json", manifest)
    text = (src_root / "ALIASES.tsv").read_text()
    lines = text.splitlines()
    assert lines[0].split("\t") == ["model_id", "config", "note"], "ALIASES.tsv header changed"
    known = {l.split("\t")[0] for l in lines[1:] if l.strip()}
    added = []
    for model_id, config, note in EXTRA_ALIASES:
        assert config in names, f"alias target {config} is not a shipped config"
        if model_id not in known:
            added.append(f"{model_id}\t{config}\t{note}")
    out = out_root / "ALIASES.tsv"
    body = text if text.endswith("\n") else text + "\n"
    out.write_text(body + "".join(a + "\n" for a in added))
    assert out.read_text().startswith(text), "ALIASES.tsv lost its original lines"
    manifest.add(out, src_root / "ALIASES.tsv", f"none (+{len(added)} alias lines)" if added else "none")


def traces(source: Path, manifest: Manifest):
    for rel in TRACES_GZ:
        src = source / "traces" / rel
        gzip_exact(src, HERE / "traces" / (rel + ".gz"), manifest)


def serving(source: Path, manifest: Manifest):
    bench = source / "serving" / "llmservingsim-bench"
    for f in sorted(p for p in bench.rglob("*") if p.is_file()):
        copy_exact(f, HERE / "serving" / f.relative_to(source / "serving"), manifest)
    silicon = source / "serving" / "aiconfigurator-silicon" / "silicon_sample.csv"
    copy_exact(silicon, HERE / "serving" / "aiconfigurator-silicon" / "silicon_sample.csv", manifest)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE,
                    help="the measured-data collection (default: ../shared/datasets from the repository root)")
    args = ap.parse_args(argv)
    source = args.source.resolve()
    if not (source / "SOURCES.tsv").is_file():
        print(f"error: {source} does not look like the dataset collection (no SOURCES.tsv)", file=sys.stderr)
        return 2

    for name in GENERATED:
        p = HERE / name
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()

    manifest = Manifest(source)
    copy_exact(source / "SOURCES.tsv", HERE / "SOURCES.tsv", manifest)
    print("aiconfigurator tables (copied byte for byte)")
    aic = aiconfigurator(source, manifest)
    print("Frontier CSV -> Parquet")
    frontier(source, manifest)
    print("LLMServingSim CSV -> Parquet")
    llmservingsim(source, manifest)
    print("model configs and aliases")
    models(source, manifest)
    print("traces (gzip)")
    traces(source, manifest)
    print("serving measurements (copied)")
    serving(source, manifest)
    manifest.write()

    total = tree_bytes(HERE)
    if total >= BUDGET_BYTES:
        fw, ver = LAST_RESORT_VERSION
        victims = sorted((p for p in aic if p.suffix == ".parquet" and p.parent.name == ver and p.parent.parent.name == fw),
                         key=lambda p: p.stat().st_size, reverse=True)
        for p in victims:
            if total < BUDGET_BYTES:
                break
            size = p.stat().st_size
            print(f"  over budget: dropping {p.relative_to(HERE)} ({size} bytes)")
            manifest.drop(p)
            p.unlink()
            total -= size
        manifest.write()
        total = tree_bytes(HERE)
    if total >= BUDGET_BYTES:
        raise SystemExit(f"datasets/ is {total} bytes, over the {BUDGET_BYTES} byte budget")
    print(f"done: {len(manifest.rows)} files from {source}; datasets/ holds {total / 1e6:.1f} MB of file data")
    return 0


if __name__ == "__main__":
    sys.exit(main())
