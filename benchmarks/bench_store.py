"""The project store on SQLite and on PostgreSQL: saves and approvals from one and from eight
processes, the export of a 50,000-segment article, and MT jobs done by one and by two workers.

    .venv/bin/python benchmarks/bench_store.py [--desks 8] [--segments 50000]
        [--mt-segments 480] [--skip writes,export,mt] [--workdir DIR]

SQLite is a file in WAL mode in a temporary folder, as the workbench makes it. PostgreSQL is a
throw-away cluster started in a temporary folder (tests/postgres.py) with PostgreSQL's durable
defaults (fsync and synchronous commit on), on the same machine, over TCP on loopback.

(1) Writes: each process is one desk with an article of its own (50 segments, as a long news
    article): it saves a translation of every segment four times (`workflow.edit`, naming the
    revision it loaded, as the page does), then approves every segment one by one
    (`workflow.approve`, quality checks included). Figures are operations per second of wall
    time over all processes, from one process and from --desks processes.
(2) Export: a 50,000-segment article in four languages (built in SQLite as
    benchmarks/bench_exchange.py builds it, then moved with `store copy`, also timed) to PO.
(3) MT jobs: --mt-segments news segments in four articles, one job each, on the random-weight
    transformer-base model of benchmarks/bench_mt.py (built once, cached in --workdir; output
    capped at 1.2x input + 2 as there); workers load the model first, then the jobs are queued
    and timed until the last is done. Segments per second with one and with two workers, and
    for reference the same articles through translate_article in one process, without jobs.
"""

import argparse
import multiprocessing
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_mt  # noqa: E402
from bench_exchange import SLUG as BIG_SLUG, build_store  # noqa: E402

from tests.postgres import Cluster  # noqa: E402
from workbench.accounts import local_owner  # noqa: E402
from workbench.exchange.export import export_article  # noqa: E402
from workbench.importing import import_paths  # noqa: E402
from workbench.jobs import Worker, enqueue_translation  # noqa: E402
from workbench.mt.pipeline import translate_article  # noqa: E402
from workbench.mt.registry import Registry  # noqa: E402
from workbench.settings import ARGOS_DIR  # noqa: E402
from workbench.store import Store  # noqa: E402
from workbench.store.copy import copy_store  # noqa: E402
from workbench.workflow import approve, edit  # noqa: E402

BENCH = local_owner("bench")  # a store without accounts: the machine's owner acts
DESK_SEGMENTS = 50
SAVE_ROUNDS = 4
MT_JOBS = 4


def desk_article(folder: Path, number: int) -> Path:
    path = folder / f"desk-{number}.md"
    path.write_text(f"# Desk {number} reports\n\n" + "\n\n".join(
        f"On day {n} the council of district {number} met and agreed on item {n * 7}."
        for n in range(1, DESK_SEGMENTS)) + "\n", encoding="utf-8")
    return path


def desk(location: str, slug: str, start, phases) -> None:
    """One desk's saves, then its approvals; (phase, operations, began, ended) per phase, or
    what went wrong."""
    store = Store.open(location)
    desk_owner = local_owner(slug)
    try:
        segments = store.segments(slug)
        start.wait()
        began = time.time()
        for round_number in range(SAVE_ROUNDS):
            for segment in segments:
                current = store.translation(slug, segment.sid, "ru")
                edit(store, slug, segment.sid, "ru", f"Вариант {round_number}: {segment.source}",
                     actor=desk_owner, expected_revision=current.revision if current else 0)
        phases.put(("saves", SAVE_ROUNDS * len(segments), began, time.time()))
        start.wait()
        began = time.time()
        for segment in segments:
            approve(store, slug, "ru", [segment.sid], actor=desk_owner, force=True)
        phases.put(("approvals", len(segments), began, time.time()))
    except Exception as error:
        start.abort()  # the other desks stop waiting
        phases.put(("error", f"{slug}: {type(error).__name__}: {error}", 0, 0))
    finally:
        store.close()


def writes(location: str, folder: Path, desks: int) -> dict[str, float]:
    """{phase: operations per second} with `desks` processes at once."""
    store = Store.open(location)
    slugs = [report.slug for report in import_paths(
        store, [desk_article(folder, number) for number in range(desks)], actor=BENCH)]
    store.close()
    spawn = multiprocessing.get_context("spawn")
    start, phases = spawn.Barrier(desks), spawn.Queue()
    processes = [spawn.Process(target=desk, args=(location, slug, start, phases))
                 for slug in slugs]
    for process in processes:
        process.start()
    reports = []
    while len(reports) < 2 * desks:
        reports.append(phases.get(timeout=1800))
        if reports[-1][0] == "error":
            raise SystemExit(reports[-1][1])
    for process in processes:
        process.join()
    rates = {}
    for phase in ("saves", "approvals"):
        mine = [report for report in reports if report[0] == phase]
        wall = max(r[3] for r in mine) - min(r[2] for r in mine)
        rates[phase] = sum(r[1] for r in mine) / wall
    return rates


def export_seconds(location: str, folder: Path) -> float:
    """Seconds to export the big article to PO."""
    store = Store.open(location)
    began = time.perf_counter()
    export_article(store, BIG_SLUG, "po", ["ru"], folder=folder / "export", actor=BENCH)
    store.close()
    return time.perf_counter() - began


def mt_worker(location: str, ratio: float, ready, go) -> None:
    """A worker as `workbench worker` runs one, its engine capped as bench_mt.py caps it;
    it loads the model before the clock starts."""
    engine_for = capped_engine(location, ratio)
    engine_for("ru").translate_batch(["A warm-up sentence."], "ru")
    ready.wait()
    go.wait()
    Worker(location, engine_for=engine_for).run(until_idle=True)


def capped_engine(location: str, ratio: float):
    """The benchmark model as the project's registry loads it, its output capped."""
    registry = Registry(Store.open(location))

    def engine_for(lang: str):
        engine = registry.engine_for(lang)
        engine.length_ratio, engine.length_margin = ratio, 2
        return engine

    return engine_for


def mt_articles(location: str, folder: Path, argos_dir: Path, texts: list[str], name: str):
    """The store, with the benchmark model and `texts` as MT_JOBS articles; their slugs."""
    store = Store.open(location)
    ARGOS_DIR.write(store, str(argos_dir))
    slugs = [report.slug for report in import_paths(store, [
        bench_mt.article_file(f"MT benchmark {name} {number}", texts[number::MT_JOBS],
                              folder / f"mt-{name}-{number}.md")
        for number in range(MT_JOBS)], actor=BENCH)]
    return store, slugs


def pipeline_rate(location: str, folder: Path, argos_dir: Path, texts: list[str],
                  ratio: float) -> float:
    """The same work without jobs: translate_article in this process, one article at a time."""
    store, slugs = mt_articles(location, folder, argos_dir, texts, "direct")
    engine_for = capped_engine(location, ratio)
    engine_for("ru").translate_batch(["A warm-up sentence."], "ru")
    began = time.perf_counter()
    done = sum(result.translated + result.from_cache for slug in slugs
               for result in translate_article(store, slug, ["ru"], actor=BENCH,
                                                 engine_for=engine_for))
    seconds = time.perf_counter() - began
    store.close()
    return done / seconds


def mt_rate(location: str, folder: Path, argos_dir: Path, texts: list[str], workers: int,
            ratio: float) -> float:
    store, slugs = mt_articles(location, folder, argos_dir, texts, f"jobs-{workers}")
    spawn = multiprocessing.get_context("spawn")
    ready, go = spawn.Barrier(workers + 1), spawn.Event()
    processes = [spawn.Process(target=mt_worker, args=(location, ratio, ready, go))
                 for _ in range(workers)]
    for process in processes:
        process.start()
    ready.wait()
    began = time.perf_counter()
    for slug in slugs:
        enqueue_translation(store, slug, ["ru"], actor=BENCH, glossary=False)
    go.set()
    for process in processes:
        process.join()
        assert process.exitcode == 0
    seconds = time.perf_counter() - began
    translated = sum(job.done for job in store.jobs())
    assert translated == len(texts) + MT_JOBS, "every segment (and each title) went through MT"
    assert all(job.state.value == "done" for job in store.jobs())
    store.close()
    return translated / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--desks", type=int, default=8)
    parser.add_argument("--segments", type=int, default=50_000)
    parser.add_argument("--mt-segments", type=int, default=480)
    parser.add_argument("--length-ratio", type=float, default=1.2)
    parser.add_argument("--skip", default="", help="comma-separated: writes, export, mt")
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "workbench-bench-mt")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    argos_dir = args.workdir / "argos"
    if "mt" not in skip and not (argos_dir / bench_mt.PACKAGE / "metadata.json").exists():
        shutil.rmtree(argos_dir / bench_mt.PACKAGE, ignore_errors=True)
        print("building the random-weight transformer-base model (once)...", flush=True)
        bench_mt.build_package(argos_dir / bench_mt.PACKAGE)
    texts = bench_mt.segments(args.mt_segments)

    cluster = Cluster(durable=True)
    cluster.start()
    folder = Path(tempfile.mkdtemp(prefix="workbench-bench-store-"))
    try:
        backends = {"sqlite": lambda name: str(folder / f"{name}.db"),
                    "postgresql": lambda name: cluster.new_store_url()}
        if "export" not in skip:
            print(f"== export of a {args.segments:,}-segment article to PO", flush=True)
            big = {"sqlite": backends["sqlite"]("export"), "postgresql": cluster.new_store_url()}
            began = time.perf_counter()
            build_store(big["sqlite"], args.segments).close()
            print(f"built in SQLite in {time.perf_counter() - began:.0f} s", flush=True)
            began = time.perf_counter()
            tables = copy_store(big["sqlite"], big["postgresql"])
            print(f"store copy to PostgreSQL: {sum(t.rows for t in tables):,} rows in "
                  f"{time.perf_counter() - began:.1f} s", flush=True)
            for backend, location in big.items():
                print(f"{backend}: export {export_seconds(location, folder):.1f} s", flush=True)
        for backend, new_store in backends.items():
            print(f"== {backend}", flush=True)
            if "writes" not in skip:
                for desks in (1, args.desks):
                    rates = writes(new_store(f"writes-{desks}"), folder, desks)
                    print(f"{desks} process(es): {rates['saves']:7.1f} saves/s   "
                          f"{rates['approvals']:7.1f} approvals/s", flush=True)
            if "mt" not in skip:
                rate = pipeline_rate(new_store("mt-direct"), folder, argos_dir, texts,
                                     args.length_ratio)
                print(f"MT without jobs (translate_article here): {rate:6.1f} segments/s",
                      flush=True)
                for workers in (1, 2):
                    rate = mt_rate(new_store(f"mt-{workers}"), folder, argos_dir, texts, workers,
                                   args.length_ratio)
                    print(f"MT jobs, {workers} worker(s): {rate:6.1f} segments/s", flush=True)
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
