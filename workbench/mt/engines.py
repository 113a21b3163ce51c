"""The Engine interface and the CTranslate2 + SentencePiece runner both engines share.

An engine translates many already-segmented texts per call: the pipeline hands
it a whole batch, and CTranslate2 pads and decodes them together, which is where
the speed over sentence-by-sentence translation comes from.
"""

import functools
import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import WorkbenchError

# Tuned with benchmarks/bench_mt.py on 2 cores (see README, "Machine translation").
BEAM_SIZE = 2
# CTranslate2 sorts a call's texts by length and decodes sub-batches of this size,
# two at once (one per core): measured faster than one sub-batch on both cores.
MAX_BATCH_SIZE = 16
INTER_THREADS = 2
INTRA_THREADS = 1
# Output is capped at a fixed ratio of the longest input in the call, plus a margin
# for very short inputs, so a model that never emits </s> still stops.
LENGTH_RATIO = 2.0
LENGTH_MARGIN = 10
MAX_INPUT_TOKENS = 1024  # CTranslate2 would silently truncate longer input


class EngineError(WorkbenchError):
    """A model is missing, broken, or failed while translating."""


@dataclass(frozen=True)
class ModelState:
    """What `workbench models` shows for one installed or registered model."""

    engine: str
    name: str
    version: str
    languages: tuple[str, ...]
    path: str
    size: int
    problem: str = ""  # non-empty: the model is broken and cannot be used

    @property
    def broken(self) -> bool:
        return bool(self.problem)


class Engine:
    """One loaded model that translates English into the languages it serves.

    Subclasses say how to frame the SentencePiece pieces for their model
    (language tokens, prefixes); loading and decoding are shared here.
    """

    engine = ""  # "argos" or "multilingual"
    length_ratio = LENGTH_RATIO
    length_margin = LENGTH_MARGIN

    def __init__(self, name: str, version: str, languages: tuple[str, ...], model_dir: Path,
                 tokenizer: Path):
        self.name = name
        self.version = version
        self.languages = languages
        self.model_dir = Path(model_dir)
        self.tokenizer_path = Path(tokenizer)

    @property
    def label(self) -> str:
        return f"{self.engine}:{self.name}"

    def source_tokens(self, pieces: list[str]) -> list[str]:
        return pieces

    def target_prefix(self, lang: str) -> list[str]:
        return []

    def load(self) -> None:
        """Load model and tokenizer now, so a corrupt model fails before anything is translated."""
        load_tokenizer(str(self.tokenizer_path))
        load_translator(str(self.model_dir))

    def decoding_limit(self, source_length: int) -> int:
        return math.ceil(source_length * self.length_ratio) + self.length_margin

    def token_counts(self, texts: list[str]) -> list[int]:
        """Source length in model tokens: batches of similar length waste no decoding steps."""
        tokenizer = load_tokenizer(str(self.tokenizer_path))
        return [len(self.source_tokens(pieces)) for pieces in tokenizer.encode(texts)]

    def translate_batch(self, texts: list[str], lang: str, num_hypotheses: int = 1
                        ) -> list[list[str]]:
        """Translate texts into `lang`; returns `num_hypotheses` candidates per text."""
        return self.submit(texts, lang, num_hypotheses)()

    def submit(self, texts: list[str], lang: str, num_hypotheses: int = 1
               ) -> Callable[[], list[list[str]]]:
        """Queue texts for translation into `lang` and return at once; calling the result
        waits for them (`num_hypotheses` candidates per text). CTranslate2 decodes queued
        calls in order on its own threads, so a caller can queue the next batch while it
        stores the last and the decoder never waits."""
        if lang not in self.languages:
            raise EngineError(f"{self.label} does not translate into {lang}")
        if not texts:
            return lambda: []
        tokenizer = load_tokenizer(str(self.tokenizer_path))
        batch = [self.source_tokens(pieces) for pieces in tokenizer.encode(texts, out_type=str)]
        longest = max(len(tokens) for tokens in batch)
        if longest > MAX_INPUT_TOKENS:
            raise EngineError(
                f"{self.label}: a text of {longest} tokens is longer than the model takes "
                f"({MAX_INPUT_TOKENS}); split it first"
            )
        prefix = self.target_prefix(lang)
        try:
            queued = load_translator(str(self.model_dir)).translate_batch(
                batch,
                target_prefix=[prefix] * len(batch) if prefix else None,
                beam_size=max(BEAM_SIZE, num_hypotheses),
                num_hypotheses=num_hypotheses,
                max_batch_size=MAX_BATCH_SIZE,
                max_decoding_length=self.decoding_limit(longest) + len(prefix),
                return_scores=False,
                asynchronous=True,
            )
        except (RuntimeError, ValueError) as error:
            raise EngineError(f"{self.label} failed while translating: {error}") from None

        def results() -> list[list[str]]:
            try:
                done = [item.result() for item in queued]
            except (RuntimeError, ValueError) as error:
                raise EngineError(f"{self.label} failed while translating: {error}") from None
            return [[tokenizer.decode(hypothesis[len(prefix):]) for hypothesis in result.hypotheses]
                    for result in done]

        return results


def compute_type() -> str:
    """int8 where the CPU supports it: the fastest type on CPU, with little loss of quality."""
    import ctranslate2

    supported = ctranslate2.get_supported_compute_types("cpu")
    return "int8" if "int8" in supported else "default"


def _stamp(path: Path) -> tuple[int, int]:
    """Changes when the file is replaced, so caches below never serve a stale model."""
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


def load_translator(model_dir: str):
    """One CTranslate2 translator per model per process: loading is the slow part."""
    return _load_translator(model_dir, _stamp(Path(model_dir) / "model.bin"))


def load_tokenizer(path: str):
    return _load_tokenizer(path, _stamp(Path(path)))


@functools.lru_cache(maxsize=None)
def _load_translator(model_dir: str, stamp: tuple[int, int]):
    import ctranslate2

    try:
        return ctranslate2.Translator(
            model_dir,
            device="cpu",
            compute_type=compute_type(),
            inter_threads=INTER_THREADS,
            intra_threads=INTRA_THREADS,
        )
    except Exception as error:  # the C++ loader raises Runtime/Index/Value errors for bad files
        raise EngineError(f"{model_dir}: cannot load the CTranslate2 model ({error})") from None


@functools.lru_cache(maxsize=None)
def _load_tokenizer(path: str, stamp: tuple[int, int]):
    import sentencepiece

    try:
        return sentencepiece.SentencePieceProcessor(model_file=path)
    except (RuntimeError, OSError) as error:
        raise EngineError(f"{path}: not a SentencePiece model ({error})") from None


def ct2_model_problem(model_dir: Path) -> str:
    """Why `model_dir` is not a CTranslate2 model directory, or "" if it looks like one.

    model.bin and a vocabulary are what every CTranslate2 version writes
    (config.json only came later, and older Argos packages lack it).
    """
    if not model_dir.is_dir():
        return f"{model_dir} is not a folder"
    if not (model_dir / "model.bin").is_file():
        return f"{model_dir} is not a CTranslate2 model folder (no model.bin)"
    if not any(model_dir.glob("*vocabulary*")):
        return f"{model_dir} has no vocabulary file"
    return ""


def tokenizer_problem(path: Path) -> str:
    try:
        load_tokenizer(str(path))
    except EngineError as error:
        return str(error)
    return ""


def folder_size(path: Path) -> int:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())


def model_version_stamp(model_dir: Path) -> str:
    """A cheap content id for a model folder: config, vocabulary, and the ends of the weights.

    Hashing gigabytes of NLLB weights on every run would be slow; a changed model
    differs in its config, vocabulary, size or first and last megabyte.
    """
    digest = hashlib.sha256()
    for file in sorted(model_dir.iterdir()):
        if not file.is_file():
            continue
        digest.update(file.name.encode())
        size = file.stat().st_size
        digest.update(str(size).encode())
        with file.open("rb") as handle:
            digest.update(handle.read(1 << 20))
            if size > 2 << 20:
                handle.seek(-(1 << 20), 2)
                digest.update(handle.read())
    return digest.hexdigest()[:12]
