"""Build the tiny random-weight MT models the tests translate with.

No weights can be downloaded here, so the tests use models we make: a
SentencePiece model trained on scripts/corpus.txt, two Marian models packaged as
real Argos packages (en->ru, en->ky) and one M2M-100 model with language tokens
for ru, kk, ky, tg and uz, all converted with ctranslate2's TransformersConverter.
The output is committed under tests/data/mt/; run this again only to change it:

    python scripts/build_test_models.py [OUTPUT_DIR]
"""

import io
import json
import random
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

import sentencepiece as spm
import torch
from ctranslate2.converters import TransformersConverter
from transformers import (
    M2M100Config,
    M2M100ForConditionalGeneration,
    M2M100Tokenizer,
    MarianConfig,
    MarianMTModel,
    MarianTokenizer,
)

CORPUS = Path(__file__).with_name("corpus.txt")
DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "mt"
TINY = dict(
    d_model=32,
    encoder_layers=1,
    decoder_layers=1,
    encoder_attention_heads=2,
    decoder_attention_heads=2,
    encoder_ffn_dim=64,
    decoder_ffn_dim=64,
    max_position_embeddings=1024,
)
# transformers 5 no longer lists M2M-100's language tokens in get_vocab(), so the
# converter would drop them: we put the ones we need in the vocabulary ourselves.
M2M_LANGUAGE_TOKENS = ["__en__", "__ru__", "__kk__", "__ky__", "__tg__", "__uz__"]
M2M_MADEUP_WORDS = 8  # M2M100Tokenizer's default; the converter appends them


def training_lines() -> list[str]:
    """The corpus plus a few hundred half-and-half mixes of its lines, for piece variety."""
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    rng = random.Random(0)
    mixed = []
    for _ in range(300):
        first, second = rng.sample(lines, 2)
        words_a, words_b = first.split(), second.split()
        mixed.append(" ".join(words_a[: len(words_a) // 2] + words_b[len(words_b) // 2 :]))
    return lines + mixed


def train_sentencepiece(path: Path) -> spm.SentencePieceProcessor:
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(training_lines()),
        model_writer=model,
        vocab_size=400,
        character_coverage=1.0,
        model_type="unigram",
        normalization_rule_name="identity",  # keeps the committed model small
        hard_vocab_limit=False,
        # Marian's layout: </s> = 0, <unk> = 1, no <s>, <pad> appended last.
        eos_id=0,
        unk_id=1,
        bos_id=-1,
        pad_id=-1,
        minloglevel=2,
    )
    path.write_bytes(model.getvalue())
    return spm.SentencePieceProcessor(model_file=str(path))


def pieces(sp: spm.SentencePieceProcessor) -> list[str]:
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


def build_marian(sp_path: Path, sp, work: Path, output: Path, seed: int) -> None:
    source = work / f"marian-{seed}"
    source.mkdir()
    vocab = {piece: i for i, piece in enumerate(pieces(sp))}
    vocab["<pad>"] = len(vocab)
    (source / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    for name in ("source.spm", "target.spm"):
        shutil.copy(sp_path, source / name)
    tokenizer = MarianTokenizer(
        str(source / "source.spm"), str(source / "target.spm"), str(source / "vocab.json")
    )
    config = MarianConfig(
        vocab_size=len(vocab),
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.pad_token_id,
        **TINY,
    )
    torch.manual_seed(seed)
    MarianMTModel(config).save_pretrained(source)
    tokenizer.save_pretrained(source)
    TransformersConverter(str(source)).convert(str(output), force=True)


def build_m2m100(sp_path: Path, sp, work: Path, output: Path) -> None:
    source = work / "m2m100"
    source.mkdir()
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for piece in pieces(sp) + M2M_LANGUAGE_TOKENS:
        vocab.setdefault(piece, len(vocab))
    (source / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    shutil.copy(sp_path, source / "sentencepiece.bpe.model")
    tokenizer = M2M100Tokenizer(
        str(source / "vocab.json"), str(source / "sentencepiece.bpe.model"), src_lang="en"
    )
    config = M2M100Config(
        vocab_size=len(vocab) + M2M_MADEUP_WORDS,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        **TINY,
    )
    torch.manual_seed(7)
    M2M100ForConditionalGeneration(config).save_pretrained(source)
    tokenizer.save_pretrained(source)
    converter = TransformersConverter(str(source), copy_files=["sentencepiece.bpe.model"])
    converter.convert(str(output), force=True)


def write_argos_package(path: Path, model_dir: Path, sp_path: Path, to_code: str, to_name: str):
    """A real .argosmodel: one top-level directory with metadata.json, model/ and the tokenizer."""
    top = f"translate-en_{to_code}-1_0"
    metadata = {
        "package_version": "1.0",
        "argos_version": "1.11",
        "from_code": "en",
        "from_name": "English",
        "to_code": to_code,
        "to_name": to_name,
        "type": "translate",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{top}/metadata.json", json.dumps(metadata, indent=2))
        archive.writestr(f"{top}/README.md", f"Tiny random-weight test model en -> {to_code}.\n")
        archive.write(sp_path, f"{top}/sentencepiece.model")
        for file in sorted(model_dir.iterdir()):
            archive.write(file, f"{top}/model/{file.name}")


def build(output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sp_path = work / "sentencepiece.model"
        sp = train_sentencepiece(sp_path)
        for seed, (code, name) in enumerate((("ru", "Russian"), ("ky", "Kyrgyz")), start=1):
            model_dir = work / f"ct2-{code}"
            build_marian(sp_path, sp, work, model_dir, seed)
            write_argos_package(output / f"translate-en_{code}.argosmodel", model_dir, sp_path, code, name)
        m2m_dir = output / "m2m100-tiny"
        shutil.rmtree(m2m_dir, ignore_errors=True)
        build_m2m100(sp_path, sp, work, m2m_dir)


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT)
