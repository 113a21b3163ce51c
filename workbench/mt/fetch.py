"""`workbench models fetch NAME`, on a machine with internet: get a catalogue model, check
that it translates, and write one bundle to carry to the offline machine.

Hub models (NLLB-200, M2M-100): huggingface_hub downloads the pinned revision (HF_ENDPOINT
and HF_HUB_CACHE are read when the command runs), CTranslate2's TransformersConverter
converts it with the chosen quantization, and the result is loaded and translates one
probe sentence into each of its languages. Argos packages: the Argos index
(ARGOS_PACKAGE_INDEX) gives the download link; the package is checked and installed
into a scratch folder, and probed the same way. Either way the bundle (workbench.mt.bundles)
records where the model came from and the sha256 of every file.

Hub models need the optional `fetch` extra: pip install 'workbench[fetch]'.
"""

import fnmatch
import importlib.metadata
import json
import tempfile
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from workbench import settings
from workbench.errors import InputError, WorkbenchError
from workbench.mt import argos, bundles, catalogue, multilingual
from workbench.mt.engines import Engine, EngineError

PROBE = "The government announced new rules for migrant workers on Monday."
QUANTIZATIONS = ("int8", "int8_float32", "int16", "float16", "bfloat16", "float32")
DEFAULT_QUANTIZATION = "int8"  # what the engines run on CPU: the smallest bundle, no loss there
DOWNLOAD_TIMEOUT = 60  # seconds without data before an Argos download gives up
CONFIG_PATTERNS = ["*.json", "*.model"]  # configs, vocabularies, SentencePiece models
FETCH_EXTRA_HINT = "pip install 'workbench[fetch]'"


@dataclass(frozen=True)
class FetchResult:
    bundle: Path
    manifest: dict


def fetch(name: str, quantization: str = DEFAULT_QUANTIZATION, out: Path | None = None,
          say: Callable[[str], None] = lambda line: None) -> FetchResult:
    """Download, convert, probe and bundle the catalogue model `name`; `say` hears each step."""
    entry = catalogue.model(name)
    if quantization not in QUANTIZATIONS:
        raise InputError(quantization, f"unknown quantization; use one of {', '.join(QUANTIZATIONS)}")
    out = Path(out or (f"{entry.name}.tar" if entry.is_argos
                       else f"{entry.name}-{quantization}.tar"))
    with tempfile.TemporaryDirectory(prefix="workbench-fetch-") as scratch:
        folder = Path(scratch) / "bundle"
        folder.mkdir()
        if entry.is_argos:
            source, engine = _fetch_argos(entry, folder, Path(scratch), say)
            converter = {}
        else:
            source, converter, engine = _fetch_hub(entry, quantization, folder, say)
        probes = _probe(engine, entry.languages, say)
        say(f"writing {out}")
        manifest = bundles.write(out, {
            "name": entry.name,
            "title": entry.title,
            "engine": argos.ENGINE if entry.is_argos else multilingual.ENGINE,
            "languages": entry.model_codes(),
            "licence": entry.licence,
            "source": source,
            "converter": converter,
            "probe": {"source": PROBE, "translations": probes},
            "fetched": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }, folder)
    return FetchResult(out, manifest)


def _probe(engine: Engine, languages: tuple[str, ...], say) -> dict[str, str]:
    """One sentence into each language: a model that loads but cannot translate is no use."""
    translations = {}
    for lang in languages:
        try:
            [[text]] = engine.translate_batch([PROBE], lang)
        except EngineError as error:
            raise WorkbenchError(f"{engine.name} does not translate into {lang}: {error}") from None
        if not text.strip():
            raise WorkbenchError(f"{engine.name} returned nothing for the probe sentence in {lang}")
        say(f"probe {lang}: {text}")
        translations[lang] = text
    return translations


def _fetch_argos(entry, folder: Path, scratch: Path, say) -> tuple[dict, Engine]:
    wanted = entry.source["argos_index"]
    index_url = urllib.parse.urljoin(settings.argos_index_base() or _argos_default_index(),
                                     "index.json")
    say(f"reading the Argos index {index_url}")
    try:
        index = json.loads(_download(index_url))
    except ValueError as error:
        raise WorkbenchError(f"{index_url}: not an Argos index ({error})") from None
    found = [item for item in index if isinstance(item, dict)
             and item.get("from_code") == wanted["from_code"]
             and item.get("to_code") == wanted["to_code"] and item.get("links")]
    if not found:
        raise WorkbenchError(f"{index_url} lists no {wanted['from_code']} -> "
                             f"{wanted['to_code']} package")
    item = found[0]
    link = item["links"][0]
    package = folder / f"{argos.package_folder_name(item)}.argosmodel"
    say(f"downloading {link}")
    package.write_bytes(_download(link))
    trial = argos.install(scratch / "argos", package)
    return ({"argos_index": index_url, "link": link, "code": item.get("code"),
             "revision": str(item.get("package_version"))},
            argos.load_engine(Path(trial.path)))


def _argos_default_index() -> str:
    from argostranslate import settings as argos_settings

    return argos_settings.package_index


def _download(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT) as response:
            data = response.read(settings.MAX_ARGOS_PACKAGE_BYTES + 1)
    except (OSError, ValueError) as error:  # URLError and HTTPError are OSErrors
        raise WorkbenchError(f"could not download {url} ({error})") from None
    if len(data) > settings.MAX_ARGOS_PACKAGE_BYTES:
        raise WorkbenchError(f"{url}: more than any Argos package; not downloaded")
    return data


def _fetch_hub(entry, quantization: str, folder: Path, say) -> tuple[dict, dict, Engine]:
    import ctranslate2

    try:
        import transformers
        from huggingface_hub import HfApi, snapshot_download
        from huggingface_hub import constants as hub_constants
    except ImportError as error:
        raise WorkbenchError(f"models fetch needs the fetch extra ({error.name} is missing): "
                             f"{FETCH_EXTRA_HINT}") from None
    repo, revision = entry.source["hub"], entry.source["revision"]
    endpoint = settings.hub_endpoint()
    say(f"downloading {repo} at {revision[:12]} from {endpoint or 'the Hugging Face hub'}")
    try:
        files = HfApi(endpoint=endpoint).list_repo_files(repo, revision=revision)
        snapshot = Path(snapshot_download(
            repo, revision=revision, allow_patterns=_wanted_files(repo, files),
            endpoint=endpoint, cache_dir=settings.hub_cache_dir()))
    except WorkbenchError:
        raise
    except Exception as error:  # the hub client's HTTP library and its errors vary by version
        raise WorkbenchError(f"could not download {repo} at {revision[:12]} "
                             f"({type(error).__name__}: {error})") from None
    say(f"converting to CTranslate2 ({quantization})")
    try:
        _converter(snapshot).convert(str(folder), quantization=quantization, force=True)
    except (ValueError, RuntimeError, OSError) as error:
        raise WorkbenchError(f"could not convert {repo}: {error}") from None
    try:
        engine = multilingual.load_engine(multilingual.inspect(folder, list(entry.languages),
                                                               entry.name))
        engine.load()
    except WorkbenchError as error:
        raise WorkbenchError(f"the converted {repo} cannot be used: "
                             f"{getattr(error, 'problem', error)}") from None

    return (
        {"hub": repo, "revision": revision, "endpoint": endpoint or hub_constants.ENDPOINT},
        {"ctranslate2": ctranslate2.__version__, "transformers": transformers.__version__,
         "quantization": quantization,
         "workbench": importlib.metadata.version("workbench")},
        engine,
    )


def _wanted_files(repo: str, files: list[str]) -> list[str]:
    """Configs, tokenizer and one copy of the weights: safetensors if the repository has
    them, else the PyTorch checkpoint (NLLB and M2M-100 repositories hold several formats)."""
    for weights in (["*.safetensors"], ["pytorch_model*.bin"]):
        if any(fnmatch.fnmatch(name, weights[0]) for name in files):
            return CONFIG_PATTERNS + weights
    raise WorkbenchError(f"{repo} has no safetensors or PyTorch weights to convert")


def _converter(snapshot: Path):
    """CTranslate2's converter for a downloaded model, copying its SentencePiece model."""
    from ctranslate2.converters import TransformersConverter

    class LanguageTokenConverter(TransformersConverter):
        """Tells the converter M2M-100's language tokens: since transformers 5 its tokenizer
        no longer lists them where the converter looks, and the conversion fails ("the model
        expected a vocabulary of size N")."""

        def load_tokenizer(self, tokenizer_class, model_name_or_path, **kwargs):
            tokenizer = super().load_tokenizer(tokenizer_class, model_name_or_path, **kwargs)
            vocabulary = tokenizer.get_vocab()
            missing = {token: index for token, index
                       in getattr(tokenizer, "lang_token_to_id", {}).items()
                       if token not in vocabulary}
            if missing:
                vocabulary.update(missing)
                tokenizer.get_vocab = lambda: vocabulary
            return tokenizer

    return LanguageTokenConverter(str(snapshot), copy_files=[
        name for name in multilingual.TOKENIZER_NAMES if (snapshot / name).is_file()])
