#!/usr/bin/env python3
"""Run a command and report its wall time and peak memory (max RSS of the
process tree, from the kernel's rusage for waited-for children).

Usage: bench/measure.py LABEL -- COMMAND [ARGS...]
Prints one line: LABEL<TAB>seconds<TAB>peak_MiB<TAB>exit_code
Used by the benchmark scripts so that every tool is measured the same way.
"""
import resource
import subprocess
import sys
import time


def main() -> int:
    if "--" not in sys.argv or sys.argv.index("--") < 2:
        print(__doc__, file=sys.stderr)
        return 2
    label = sys.argv[1]
    cmd = sys.argv[sys.argv.index("--") + 1:]
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    # ru_maxrss of RUSAGE_CHILDREN: the largest resident set of any waited-for
    # descendant (KiB on Linux). Each measurement runs in a fresh interpreter.
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr.decode(errors="replace")[-2000:])
    print(f"{label}\t{wall:.2f}\t{peak_mib:.0f}\t{proc.returncode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
