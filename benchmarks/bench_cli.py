"""What the `workbench` command costs to start: `workbench articles` against `python -c pass`.

    .venv/bin/python benchmarks/bench_cli.py [--rounds 10]

Both run as fresh processes of this Python, interleaved in rounds (benchmarks/rounds.py),
on a store holding the example article; the figure is the difference within each round,
median and range: the command's own start-up, imports and query, without the
interpreter's. Wall time is what a user waits; the CPU time the child used (user + system,
from wait4) is the steadier figure on a busy machine. Also lists what `workbench articles`
imports of the heavy libraries. Target: under 0.15 s.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from rounds import interleaved, load_average, seconds, spread

TARGET_SECONDS = 0.15
HEAVY = ("torch", "streamlit", "ctranslate2", "sentencepiece", "pymorphy3", "psycopg", "lxml",
         "polib", "markdown_it", "rapidfuzz", "tqdm")
# Runs the command in this process and prints the heavy modules it left in sys.modules.
LOADED = ("import runpy, sys, json; sys.argv = ['workbench', *sys.argv[1:]]\n"
          "try:\n    runpy.run_module('workbench', run_name='__main__')\n"
          "except SystemExit:\n    pass\n"
          f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")


def run(command: list[str], cpu: list[float]) -> float:
    """Wall seconds of the command; its CPU seconds go to `cpu`."""
    def child():
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0, command
        cpu.append(usage.ru_utime + usage.ru_stime)

    return seconds(child)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "bench.db")
        subprocess.run([sys.executable, "-m", "workbench", "--db", db, "init"], check=True,
                       stdout=subprocess.DEVNULL)
        articles = [sys.executable, "-m", "workbench", "--db", db, "articles"]
        loaded = subprocess.run([sys.executable, "-c", LOADED, "--db", db, "articles"], check=True,
                                capture_output=True, text=True).stdout.splitlines()[-1]
        print(f"`workbench articles` loads of {', '.join(HEAVY)}: {json.loads(loaded) or 'none'}")
        cpu: dict[str, list[float]] = {"python -c pass": [], "workbench articles": []}
        results = interleaved(
            {"python -c pass": lambda: run([sys.executable, "-c", "pass"], cpu["python -c pass"]),
             "workbench articles": lambda: run(articles, cpu["workbench articles"])},
            args.rounds, log=lambda line: None)
    for label, measured in (("wall", results), ("CPU", cpu)):
        differences = [command - bare for command, bare in
                       zip(measured["workbench articles"], measured["python -c pass"])]
        verdict = "under" if statistics.median(differences) < TARGET_SECONDS else "OVER"
        print(f"{label:4}: python -c pass {spread(measured['python -c pass'], 's', 3)}, "
              f"workbench articles {spread(measured['workbench articles'], 's', 3)}; "
              f"difference within a round {spread(differences, 's', 3)}, {verdict} the "
              f"{TARGET_SECONDS} s target")
    print(f"{args.rounds} rounds; {load_average()}")


if __name__ == "__main__":
    main()
