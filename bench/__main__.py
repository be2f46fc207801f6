"""`make bench`: run every bench/bench_*.py module's main() and print figures with targets.

`python -m bench bench_load` runs one. PostgreSQL: BENCH_PG_URL, read by every benchmark
(bench/common.py pg_url); unset, each uses its own database on 127.0.0.1:5432.
"""

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    names = sorted(
        info.name
        for info in pkgutil.iter_modules([str(Path(__file__).parent)])
        if info.name.startswith("bench_")
    )
    wanted = set(sys.argv[1:])
    for name in names:
        if wanted and name not in wanted:
            continue
        print(f"\n=== {name} ===", flush=True)
        importlib.import_module(f"bench.{name}").main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
