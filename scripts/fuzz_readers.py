"""A long run of the readers' property tests (tests/test_reader_properties.py).

    .venv/bin/python scripts/fuzz_readers.py [--examples 2000] [-k xliff]

The suite runs them bounded and derandomized (20 examples each, the same every run); this
runs the `fuzz` profile instead: as many examples as asked, drawn afresh each run, with
Hypothesis's example database (.hypothesis/) remembering what failed so that the next run
tries it first. Extra arguments go to pytest.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=2000, help="Examples per reader.")
    args, pytest_args = parser.parse_known_args()
    environment = {**os.environ, "HYPOTHESIS_PROFILE": "fuzz",
                   "FUZZ_EXAMPLES": str(args.examples)}
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
               str(ROOT / "tests" / "test_reader_properties.py"), *pytest_args]
    raise SystemExit(subprocess.call(command, cwd=ROOT, env=environment))


if __name__ == "__main__":
    main()
