"""Run every benchmark script in bench/, one after another: ``python bench/run.py [--quick]``.

Arguments are passed on to each script. Every script runs even if an earlier one fails; the
exit status is non-zero if any failed. ``common.py`` and this file are not benchmarks.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOT_BENCHMARKS = {"common.py", "run.py"}


def scripts(directory: Path = HERE) -> list[Path]:
    return sorted(
        p
        for p in directory.glob("*.py")
        if p.name not in NOT_BENCHMARKS and not p.name.startswith("_")
    )


def main(argv: list[str], directory: Path = HERE) -> int:
    found = scripts(directory)
    if not found:
        print(f"bench: no benchmark scripts in {directory}")
        return 0
    failed = []
    for script in found:
        print(f"bench: {script.name} {' '.join(argv)}".rstrip(), flush=True)
        started = time.monotonic()
        code = subprocess.run([sys.executable, str(script), *argv], cwd=directory.parent).returncode
        print(f"bench: {script.name} finished in {time.monotonic() - started:.1f} s (exit {code})")
        if code:
            failed.append(script.name)
    if failed:
        print(f"bench: failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
