"""Glossary at scale: 100,000 concepts imported, imported again, one concept added, checked.

    .venv/bin/python benchmarks/bench_glossary_scale.py [--concepts 100000] [--keep DIR]

Generates a CSV glossary of generated concepts in six languages (bench_glossary.py's words),
then runs the real commands, each in a process of its own so its peak memory is its own:
  1. `workbench glossary import FILE --force` into a fresh store (the file has 100,000 concepts);
  2. the same command again with the identical file (nothing changes), then with a file in
     which one concept changed (the import that compares every concept), then the export of
     the glossary and the import of that file, unchanged;
  3. `workbench glossary add` of one concept, and the library call alone (`save_concept`) in a
     process that has already loaded the glossary, which is what the browser does;
  4. `workbench check` of the seed article against that glossary (compiling it once).
Targets on the 2-core project machine: 1 under 15 s and 500 MB, 2 under 5 s, 3 (the call)
under 200 ms. Wall times and peak resident memory (ru_maxrss) are printed.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_glossary import make_glossary  # noqa: E402
from workbench.glossary.csvio import write_csv  # noqa: E402

ADD_ONE = """
import sys, time
from workbench.accounts import local_owner
from workbench.glossary import storage
from workbench.glossary.editing import new_concept
from workbench.store import Store
store = Store.open(sys.argv[1])
storage.load_glossary(store)  # what a running workbench already holds
started = time.perf_counter()
concept = new_concept("bench-added", {"en": "benchmark addition", "ru": "добавка"},
                      author="bench", at="2026-12-01T00:00:00Z")
storage.save_concept(store, concept, "add", actor=local_owner("bench"))
print(f"{(time.perf_counter() - started) * 1000:.0f}")
"""


def run(command: list[str], label: str) -> str:
    """Run one command in its own process; print its wall and CPU seconds and peak RSS."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 3):  # check exits 3 on findings
        raise SystemExit(f"{label} failed:\n{output}")
    print(f"{label}: {seconds:.2f} s wall, {usage.ru_utime + usage.ru_stime:.2f} s CPU, "
          f"peak {usage.ru_maxrss / 1024:.0f} MB", flush=True)
    return output


def glossary_of(count: int):
    """`count` generated concepts (the generator skips English twins: ask for a few more)."""
    glossary = make_glossary(random.Random(21), int(count * 1.05) + 10)
    return replace(glossary, concepts=glossary.concepts[:count])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--concepts", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="Keep the store and the file in this folder.")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-glossary-"))
    folder.mkdir(parents=True, exist_ok=True)
    glossary = glossary_of(args.concepts)
    csv_path = folder / "glossary.csv"
    csv_path.write_text(write_csv(glossary), encoding="utf-8")
    db = folder / "project.db"
    db.unlink(missing_ok=True)
    print(f"{len(glossary.concepts):,} concepts, {csv_path.stat().st_size / 1e6:.1f} MB CSV")
    workbench = [sys.executable, "-m", "workbench", "--db", str(db)]
    seed = Path(__file__).resolve().parent.parent / "seeds"
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    run(workbench + ["import", str(seed)], "import the seed article (setup)")
    run(workbench + ["glossary", "import", str(csv_path), "--force"], "1. glossary import")
    run(workbench + ["glossary", "import", str(csv_path)], "2. import of the identical file")
    lines = csv_path.read_text(encoding="utf-8").split("\n")
    lines[len(lines) // 2] = lines[len(lines) // 2].replace(",", ",changed ", 1)
    changed = folder / "one-changed.csv"
    changed.write_text("\n".join(lines), encoding="utf-8")
    run(workbench + ["glossary", "import", str(changed)], "2b. import with one concept changed")
    exported = folder / "exported.csv"
    run(workbench + ["glossary", "export", str(exported)], "2c. glossary export")
    run(workbench + ["glossary", "import", str(exported)], "2c. import of the file just exported")
    run(workbench + ["glossary", "add", "bench-cli", "--en", "bench cli term"],
        "3. glossary add (the whole command)")
    output = run([sys.executable, "-c", ADD_ONE, str(db)], "3. save_concept process")
    print(f"3. save_concept call: {output.strip().splitlines()[-1]} ms", flush=True)
    run(workbench + ["check", "--lang", "ru"], "4. check (seed article, ru)")
    print(f"load average {os.getloadavg()[0]:.1f}")
    if not args.keep:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
