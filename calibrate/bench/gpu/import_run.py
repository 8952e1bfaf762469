#!/usr/bin/env python3
"""Store one table of a measure_token_ops.py run under datasets/measured/, with its provenance.

  python3 calibrate/bench/gpu/import_run.py RUN_DIR TABLE SYSTEM NAME --script-commit SHA

reads RUN_DIR/TABLE.csv (Frontier linear_op format) and RUN_DIR/env.json, writes
datasets/measured/SYSTEM/NAME/linear_op.parquet (ZSTD; checked cell by cell against the CSV, as
datasets/curate.py checks its conversions) and datasets/measured/SYSTEM/NAME/run.json (the run's
environment, the script commit that measured it, both SHA-256 sums), and updates
datasets/measured/MANIFEST.tsv.
"""
import argparse
import json
import sys
from pathlib import Path

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "datasets"))
import curate  # noqa: E402  (the conversion and its checks are the ones the shipped datasets use)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("run_dir", type=Path)
    p.add_argument("table", help="elementwise or gemm")
    p.add_argument("system", help="aiconfigurator system name of the GPU, e.g. h200_sxm")
    p.add_argument("name", help="folder under datasets/measured/SYSTEM/")
    p.add_argument("--script-commit", required=True, help="commit of measure_token_ops.py that measured the run")
    a = p.parse_args()
    src = a.run_dir / f"{a.table}.csv"
    env = json.loads((a.run_dir / "env.json").read_text())
    out_dir = ROOT / "datasets" / "measured" / a.system / a.name
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / "linear_op.parquet"
    pq.write_table(curate.read_csv_table(src), out, compression="zstd", compression_level=curate.ZSTD_LEVEL)
    curate.check_csv_parquet(src, out)
    run = {"measured_by": "calibrate/bench/gpu/measure_token_ops.py", "script_commit": a.script_commit,
           "table": f"{a.table}.csv", "csv_sha256": curate.sha256(src), "parquet_sha256": curate.sha256(out),
           "rows": pq.read_metadata(out).num_rows, "environment": env}
    (out_dir / "run.json").write_text(json.dumps(run, indent=2) + "\n")

    manifest = ROOT / "datasets" / "measured" / "MANIFEST.tsv"
    rows = {}
    if manifest.exists():
        for line in manifest.read_text().splitlines()[1:]:
            rows[line.split("\t")[0]] = line
    rel = str(out.relative_to(ROOT / "datasets"))
    rows[rel] = "\t".join([rel, f"{a.table}.csv of a run at {env['date_utc']} on {env['gpu']}", a.script_commit,
                           run["csv_sha256"], run["parquet_sha256"]])
    manifest.write_text("file\tsource\tscript_commit\tsource_sha256\tfile_sha256\n"
                        + "".join(rows[k] + "\n" for k in sorted(rows)))
    print(f"wrote {out} ({run['rows']} rows) and {out_dir / 'run.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
