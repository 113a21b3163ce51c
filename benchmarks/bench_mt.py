"""MT throughput: one segment per call vs. our pipeline vs. bare CTranslate2 batching.

Builds (once, cached in --workdir) a random-weight model with the shape of an
Argos package: transformer-base, 6+6 layers, d_model 512, 8 heads, FFN 2048,
~32k vocabulary, int8 weights, installed as an Argos package folder. Then, on the
same segments, same model, beam size and output cap (a fixed ratio of the
input length, default 1.2: a random model never ends a sentence by itself, so the
cap plays the real model's length), measures in segments/s:

  (a)  one segment per translate_batch call, as argostranslate/LibreTranslate run a sentence
  (b)  our pipeline end to end: translate_article with placeholders, batching, the next
       batches queued in the decoder while one is stored (QUEUED), storing
  (b0) the same pipeline one batch at a time (queued=0): what the queue gains
  (c)  bare translate_batch over the pre-tokenized segments, sorted by length, in batches
       of the pipeline's size with the pipeline's output cap, one call at a time
  (c') the ceiling: the same calls all queued at once (asynchronous=True), then awaited
With --glossary also (b) with the project glossary's hooks; with --float32 also (c) on a
float32 translator, for the int8 gain. Every contender does the same work in each round:
the segments are split into --pieces articles, and a round runs every contender on the
first, then every contender on the second, and so on (benchmarks/rounds.py), so the load
of a shared machine meets them alike; each figure is the median over the rounds with its
range, and ratios are taken within a round.

    python benchmarks/bench_mt.py [--workdir DIR] [--segments 500] [--pieces 5] [--rounds 3]
        [--glossary] [--float32]
"""

import argparse
import io
import json
import random
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rounds import interleaved_pieces, load_average, ratios, seconds, spread  # noqa: E402

from workbench.accounts import local_owner  # noqa: E402
from workbench.mt import engines  # noqa: E402
from workbench.mt.pipeline import BATCH_SIZE, QUEUED, translate_article  # noqa: E402
from workbench.mt.registry import Registry  # noqa: E402
from workbench.settings import ARGOS_DIR, EXAMPLE_ARTICLES  # noqa: E402

OWNER = local_owner()  # a store without accounts: the machine's user acts

SEED = EXAMPLE_ARTICLES / "russia-threatens-denaturalization-central-asians.md"
CORPUS = ROOT / "scripts" / "corpus.txt"
VOCAB_SIZE = 32_000
PACKAGE = "translate-en_ru-bench"


def english_sentences() -> list[str]:
    text = SEED.read_text(encoding="utf-8") + "\n" + CORPUS.read_text(encoding="utf-8")
    lines = [line.strip(" *#") for line in text.splitlines()]
    return [line for line in lines if len(line.split()) >= 4 and line.isascii() and "http" not in line]


def segments(count: int) -> list[str]:
    """`count` distinct one-sentence segments of news-like English, 4 to 45 words, a fifth with a link."""
    sentences = english_sentences()
    rng = random.Random(1)
    result: dict[str, None] = {}
    while len(result) < count:
        words = " ".join(rng.sample(sentences, rng.choice((1, 1, 2)))).split()
        words = [word.rstrip(".!?:;") for word in words[: rng.randint(4, 45)]]
        if len(result) % 5 == 0:
            words[2] = f"[{words[2]}](#)"
        result[" ".join(words).rstrip(",") + "."] = None
    return list(result)


def build_package(package_dir: Path) -> None:
    """A random-weight transformer-base Marian model, converted to int8 CTranslate2."""
    import sentencepiece as spm
    import torch
    from ctranslate2.converters import TransformersConverter
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    work = Path(tempfile.mkdtemp())
    try:
        model = io.BytesIO()
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(english_sentences() * 3), model_writer=model,
            vocab_size=4000, hard_vocab_limit=False, model_type="bpe", character_coverage=1.0,
            eos_id=0, unk_id=1, bos_id=-1, pad_id=-1, minloglevel=2,
        )
        sp_path = work / "sentencepiece.model"
        sp_path.write_bytes(model.getvalue())
        sp = spm.SentencePieceProcessor(model_file=str(sp_path))
        vocab = {sp.id_to_piece(i): i for i in range(sp.get_piece_size())}
        while len(vocab) < VOCAB_SIZE - 1:  # a realistic vocabulary size for the softmax
            vocab[f"▁filler{len(vocab)}"] = len(vocab)
        vocab["<pad>"] = len(vocab)
        (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        for name in ("source.spm", "target.spm"):
            shutil.copy(sp_path, work / name)
        tokenizer = MarianTokenizer(str(work / "source.spm"), str(work / "target.spm"),
                                    str(work / "vocab.json"))
        config = MarianConfig(
            vocab_size=len(vocab), d_model=512, encoder_layers=6, decoder_layers=6,
            encoder_attention_heads=8, decoder_attention_heads=8, encoder_ffn_dim=2048,
            decoder_ffn_dim=2048, max_position_embeddings=512, pad_token_id=len(vocab) - 1,
            eos_token_id=0, decoder_start_token_id=len(vocab) - 1,
        )
        torch.manual_seed(0)
        MarianMTModel(config).save_pretrained(work / "hf")
        tokenizer.save_pretrained(work / "hf")
        package_dir.mkdir(parents=True)
        TransformersConverter(str(work / "hf")).convert(str(package_dir / "model"),
                                                       quantization="int8", force=True)
        shutil.copy(sp_path, package_dir / "sentencepiece.model")
        (package_dir / "metadata.json").write_text(json.dumps({
            "package_version": "bench", "from_code": "en", "to_code": "ru",
            "from_name": "English", "to_name": "Russian",
        }))
    finally:
        shutil.rmtree(work)


def article_file(title: str, texts: list[str], path: Path) -> Path:
    path.write_text(f"# {title}\n\n" + "\n\n".join(texts) + "\n", encoding="utf-8")
    return path


def one_per_call(engine, pieces: list[list[list[str]]]) -> Callable[[int], float]:
    """(a) The argostranslate way: every core on one sentence at a time."""
    import ctranslate2

    single = ctranslate2.Translator(str(engine.model_dir), compute_type=engines.compute_type(),
                                    inter_threads=1, intra_threads=2)
    single.translate_batch(pieces[0][:1], beam_size=engines.BEAM_SIZE, max_decoding_length=8)
    tokenizer = engines.load_tokenizer(str(engine.tokenizer_path))

    def run(tokenized):
        for tokens in tokenized:
            result = single.translate_batch([tokens], beam_size=engines.BEAM_SIZE,
                                            max_decoding_length=engine.decoding_limit(len(tokens)))
            tokenizer.decode(result[0].hypotheses[0])

    return lambda piece: seconds(lambda: run(pieces[piece]))


def pipeline(store, slugs: list[str], engine, **options) -> Callable[[int], float]:
    """(b) translate_article, from the store back into the store; `force` sends every
    segment through the model again in each round."""
    def measure(piece: int) -> float:
        results = []
        took = seconds(lambda: results.extend(translate_article(
            store, slugs[piece], ["ru"], engine_for=lambda lang: engine, force=True, actor=OWNER,
            **options)))
        assert results[0].translated == len(store.segments(slugs[piece])), \
            "every segment must go through the model"
        return took

    return measure


def bare(engine, pieces: list[list[list[str]]], queued: bool, compute_type: str | None = None
         ) -> Callable[[int], float]:
    """(c) and (c'): bare CTranslate2 over pre-tokenized segments, batched and capped as the
    pipeline does; one call at a time, or every call queued at once."""
    import ctranslate2

    translator = (engines.load_translator(str(engine.model_dir)) if compute_type is None else
                  ctranslate2.Translator(str(engine.model_dir), compute_type=compute_type,
                                         inter_threads=engines.INTER_THREADS,
                                         intra_threads=engines.INTRA_THREADS))

    def call(batch):
        return translator.translate_batch(
            batch, beam_size=engines.BEAM_SIZE, max_batch_size=engines.MAX_BATCH_SIZE,
            max_decoding_length=engine.decoding_limit(max(map(len, batch))),
            asynchronous=queued)

    def run(tokenized):
        ordered = sorted(tokenized, key=len)
        results = [item for first in range(0, len(ordered), BATCH_SIZE)
                   for item in call(ordered[first:first + BATCH_SIZE])]
        if queued:
            for item in results:
                item.result()

    return lambda piece: seconds(lambda: run(pieces[piece]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "workbench-bench-mt")
    parser.add_argument("--segments", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pieces", type=int, default=5,
                        help="articles the segments are split into; each round runs every "
                             "contender on each in turn")
    parser.add_argument("--glossary", action="store_true",
                        help="also time the pipeline with the project glossary's hooks")
    parser.add_argument("--float32", action="store_true",
                        help="also time (c) with float32 weights, for the int8 gain")
    parser.add_argument("--length-ratio", type=float, default=1.2,
                        help="output cap per input token: a real model stops near 1.1-1.3")
    args = parser.parse_args()

    argos_dir = args.workdir / "argos"
    package_dir = argos_dir / PACKAGE
    if not (package_dir / "metadata.json").exists():
        shutil.rmtree(package_dir, ignore_errors=True)
        print("building the random-weight transformer-base model (once)...", flush=True)
        build_package(package_dir)

    from workbench.glossary.enforce import glossary_hooks
    from workbench.importing import import_paths
    from workbench.store import Store

    run_dir = Path(tempfile.mkdtemp())
    store = Store.open(run_dir / "bench.db")
    ARGOS_DIR.write(store, str(argos_dir))
    texts = segments(args.segments - args.pieces)  # each piece's article adds its title
    size = -(-len(texts) // args.pieces)
    reports = import_paths(store, [
        article_file(f"Benchmark {number + 1}", texts[start:start + size],
                     run_dir / f"bench-{number + 1}.md")
        for number, start in enumerate(range(0, len(texts), size))], actor=OWNER)
    slugs = [report.slug for report in reports]
    engine = Registry(store).engine_for("ru")
    engine.length_ratio, engine.length_margin = args.length_ratio, 2
    tokenizer = engines.load_tokenizer(str(engine.tokenizer_path))
    pieces = [tokenizer.encode([segment.source for segment in store.segments(slug)], out_type=str)
              for slug in slugs]
    count = sum(map(len, pieces))
    lengths = [len(tokens) for piece in pieces for tokens in piece]
    print(f"{count} segments in {len(pieces)} articles, {sum(lengths) / len(lengths):.0f} tokens "
          f"on average (max {max(lengths)}); output cap {engine.length_ratio}x+"
          f"{engine.length_margin}; beam {engines.BEAM_SIZE}, batch {BATCH_SIZE}, queued "
          f"{QUEUED}, compute {engines.compute_type()}, threads {engines.INTER_THREADS}x"
          f"{engines.INTRA_THREADS}; {args.rounds} rounds of {len(pieces)} pieces; "
          f"{load_average()}", flush=True)
    engines.load_translator(str(engine.model_dir)).translate_batch(
        pieces[0][:4], beam_size=engines.BEAM_SIZE, max_decoding_length=8)

    contenders = {
        "(a)": one_per_call(engine, pieces),
        "(b)": pipeline(store, slugs, engine),
        "(b0)": pipeline(store, slugs, engine, queued=0),
        "(c)": bare(engine, pieces, queued=False),
        "(c')": bare(engine, pieces, queued=True),
    }
    if args.glossary:
        contenders["(b) glossary"] = pipeline(store, slugs, engine, hooks=glossary_hooks(store))
    if args.float32:
        contenders["(c) float32"] = bare(engine, pieces, queued=False, compute_type="float32")
    took = interleaved_pieces(contenders, args.rounds, len(pieces),
                              log=lambda line: print(line, flush=True))
    results = {name: [count / total for total in totals] for name, totals in took.items()}
    store.close()
    shutil.rmtree(run_dir)

    labels = {
        "(a)": "one segment per call (1x2 threads)",
        "(b)": f"our pipeline, {QUEUED} batches queued",
        "(b0)": "our pipeline, one batch at a time",
        "(c)": "bare batches, one call at a time",
        "(c')": "bare batches, all queued (ceiling)",
        "(b) glossary": "our pipeline with the glossary (2 candidates, term checks)",
        "(c) float32": "bare batches, one at a time, float32",
    }
    print(f"segments/s, median (range) over {args.rounds} interleaved rounds:")
    for name, values in results.items():
        print(f"{name:13} {labels[name]:58} {spread(values)}")
    print("ratios within each round, median (range):")
    pairs = [("(b)", "(c')"), ("(b)", "(a)"), ("(b)", "(b0)"), ("(b)", "(c)"), ("(c')", "(c)")]
    if args.float32:
        pairs.append(("(c)", "(c) float32"))
    for top, bottom in pairs:
        print(f"{top}/{bottom} = {spread(ratios(results, top, bottom), digits=2)}")
    verdict = "met" if statistics.median(ratios(results, "(b)", "(c')")) >= 0.95 else "NOT met"
    print(f"acceptance (b)/(c') >= 0.95: {verdict}; {load_average()}")


if __name__ == "__main__":
    main()
