"""What the `workbench` command costs to start: `workbench articles` against `python -c pass`.

    .venv/bin/python benchmarks/bench_cli.py [--rounds 10]

Both run as fresh processes of this Python, interleaved in rounds (benchmarks/rounds.py),
on a store holding the example article; the figure is the difference within each round,
median and range: the command's own start-up, imports and query, without the
interpreter's. Also lists what `workbench articles` imports of the heavy libraries.
Target: under 0.15 s.
"""

import argparse
import json
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


def run(command: list[str]) -> float:
    return seconds(lambda: subprocess.run(command, check=True, stdout=subprocess.DEVNULL))


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
        results = interleaved({"python -c pass": lambda: run([sys.executable, "-c", "pass"]),
                               "workbench articles": lambda: run(articles)},
                              args.rounds, log=lambda line: None)
    differences = [command - bare for command, bare in
                   zip(results["workbench articles"], results["python -c pass"])]
    print(f"python -c pass      {spread(results['python -c pass'], 's', 3)}")
    print(f"workbench articles  {spread(results['workbench articles'], 's', 3)}")
    verdict = "under" if sorted(differences)[len(differences) // 2] < TARGET_SECONDS else "OVER"
    print(f"difference within a round: {spread(differences, 's', 3)}, {verdict} the "
          f"{TARGET_SECONDS} s target; {args.rounds} rounds; {load_average()}")


if __name__ == "__main__":
    main()
