"""Model bundles: writing one (the end of `workbench models fetch`) and adding one on the
offline machine (`workbench models add FILE`: every byte hashed while it is unpacked).

    PYTHONPATH=. python benchmarks/bench_bundles.py [--megabytes 630]

The model is a folder of random bytes shaped like a converted NLLB-200 600M in int8
(`model.bin` of the given size, a 4 MB vocabulary, a 5 MB SentencePiece model), so the
figures are disk and hashing speed, which is all these steps do. Reports seconds and MB/s
for writing the bundle and for verifying and unpacking it (wall clock: the disk is shared).
"""

import argparse
import os
import tempfile
import time
from pathlib import Path

from workbench.mt import bundles
from workbench.settings import MB

MANIFEST = {"name": "bench", "engine": "multilingual", "languages": {"kk": "kaz_Cyrl"},
            "licence": "none", "source": {}, "converter": {}}


def make_model(folder: Path, megabytes: int) -> int:
    folder.mkdir()
    with (folder / "model.bin").open("wb") as handle:
        for _ in range(megabytes):
            handle.write(os.urandom(MB))
    (folder / "shared_vocabulary.json").write_bytes(os.urandom(4 * MB))
    (folder / "sentencepiece.bpe.model").write_bytes(os.urandom(5 * MB))
    return sum(path.stat().st_size for path in folder.iterdir())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=630, help="size of model.bin")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        size = make_model(scratch / "model", args.megabytes) / MB
        started = time.perf_counter()
        bundles.write(scratch / "bench.tar", MANIFEST, scratch / "model")
        written = time.perf_counter() - started
        started = time.perf_counter()
        with bundles.unpacked(scratch / "bench.tar", scratch / "models") as bundle:
            files = len(list(bundle.folder.iterdir()))
        verified = time.perf_counter() - started
    print(f"model: {size:.0f} MB in 3 files")
    print(f"write bundle (hash + tar): {written:.1f} s, {size / written:.0f} MB/s")
    print(f"verify and unpack ({files} files): {verified:.1f} s, {size / verified:.0f} MB/s")


if __name__ == "__main__":
    main()
