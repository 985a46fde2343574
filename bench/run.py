"""Run every benchmark and print a table: `python bench/run.py [--quick] [--json FILE]`.

Each module `bench/bench_*.py` exposes `run(quick: bool) -> list[dict]`, each dict with
`name`, `value`, `unit`, `goal`, `meets_goal` and `detail`. Figures are ratios against a
baseline measured in the same run wherever the goal is a ratio.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def discover() -> list[str]:
    return sorted(p.stem for p in (ROOT / "bench").glob("bench_*.py"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a few seconds each")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    parser.add_argument("--only", nargs="*", metavar="MODULE", help="e.g. bench_startup")
    args = parser.parse_args()
    results: dict[str, dict[str, object]] = {}
    for name in args.only or discover():
        started = time.perf_counter()
        module = importlib.import_module(f"bench.{name}")
        try:
            figures = module.run(args.quick)
        except Exception as error:  # one broken benchmark must not hide the others
            print(f"{name}: FAILED ({error})", file=sys.stderr)
            continue
        for figure in figures:
            results[str(figure["name"])] = {k: figure[k] for k in
                                            ("value", "unit", "goal", "meets_goal", "detail")}
        print(f"  ({name} took {time.perf_counter() - started:.1f} s)", file=sys.stderr)
    width = max((len(n) for n in results), default=10)
    print(f"{'benchmark'.ljust(width)}  {'value':>12}  {'unit':<8} {'goal':<12} ok   detail")
    for name, figure in results.items():
        value = figure["value"]
        shown = f"{value:,.3f}" if isinstance(value, float) else str(value)
        mark = "yes" if figure["meets_goal"] else "NO"
        print(f"{name.ljust(width)}  {shown:>12}  {figure['unit']!s:<8} {figure['goal']!s:<12} "
              f"{mark:<4} {figure['detail']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
