"""The command line that (re)writes the demo CSVs: python -m demo [--national] (see data/demo/SUMBER.md)."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from demo.jabar import write_demo_csv
from demo.national import NATIONAL_DIR, generate_national
from lapas_metrics import config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo", description="Tulis data demo (CSV).")
    parser.add_argument("--out", type=Path, default=config.DEMO_DIR, help="folder tujuan (bawaan: data/demo)")
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--national", action="store_true", help="tulis set nasional (bawaan: data/national)")
    parser.add_argument("--produksi-rows", type=int, default=None, help="dengan --national: jumlah baris produksi")
    args = parser.parse_args(argv)
    if args.national:
        out = args.out if args.out != config.DEMO_DIR else NATIONAL_DIR
        paths = generate_national(out, produksi_rows=args.produksi_rows)
    else:
        paths = write_demo_csv(args.out, seed=args.seed)
    for name, path in paths.items():
        print(f"{name}: {path} ({math.ceil(path.stat().st_size / 1024)} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
