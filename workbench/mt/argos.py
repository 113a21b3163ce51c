"""Argos Translate packages: checked and installed here (by their metadata, with size and
path limits), listed from their folders, removed and downloaded with argostranslate.package.

Translation does not go through argostranslate.translate: that splits sentences
again and wants a stanza model from the internet. We load the package's
CTranslate2 model (`model/`) and `sentencepiece.model` ourselves and translate
whole batches of our own segments.
"""

import json
import re
import shutil
import stat
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from workbench import settings
from workbench.errors import InputError, WorkbenchError
from workbench.languages import SOURCE_LANGUAGE, TARGET_LANGUAGES
from workbench.settings import megabytes
from workbench.mt.engines import (
    Engine,
    ModelState,
    ct2_model_problem,
    folder_size,
    tokenizer_problem,
)

ENGINE = "argos"
INDEX_HINT = "workbench models update-index (needs internet), then workbench models install LANG"


class ArgosEngine(Engine):
    engine = ENGINE

    def __init__(self, package_dir: Path, metadata: dict):
        super().__init__(
            name=package_dir.name,
            version=str(metadata.get("package_version") or "unversioned"),
            languages=(metadata["to_code"],),
            model_dir=package_dir / "model",
            tokenizer=package_dir / "sentencepiece.model",
        )
        self._prefix = metadata.get("target_prefix") or ""

    def target_prefix(self, lang: str) -> list[str]:
        return [self._prefix] if self._prefix else []


def default_packages_dir() -> Path:
    """ARGOS_PACKAGES_DIR if set now, else argostranslate's own default."""
    configured = settings.argos_default_dir()
    if configured:
        return configured
    from argostranslate import settings as argos_settings

    return Path(argos_settings.package_data_dir)


@contextmanager
def _packages_dir(directory: Path):
    """Point argostranslate at our package folder for one call.

    argostranslate reads its folder once, at import, from ARGOS_PACKAGES_DIR; the
    workbench lets each project (and each test) choose its own.
    """
    from argostranslate import settings

    directory.mkdir(parents=True, exist_ok=True)
    saved = settings.package_data_dir, settings.package_dirs
    settings.package_data_dir, settings.package_dirs = directory, [directory]
    try:
        yield
    finally:
        settings.package_data_dir, settings.package_dirs = saved


def package_states(directory: Path) -> list[ModelState]:
    """Every package folder in `directory`, working or broken."""
    if not directory.is_dir():
        return []
    return [_package_state(path) for path in sorted(directory.iterdir())
            if path.is_dir() and not path.name.startswith(".")]  # hidden: an install under way


def load_engine(package_dir: Path) -> ArgosEngine:
    state = _package_state(package_dir)
    if state.broken:
        raise InputError(package_dir, state.problem)
    return ArgosEngine(package_dir, _read_metadata(package_dir))


def _package_state(path: Path) -> ModelState:
    try:
        metadata = _read_metadata(path)
    except InputError as error:
        return ModelState(ENGINE, path.name, "?", (), str(path), folder_size(path), error.problem)
    problem = ct2_model_problem(path / "model") or tokenizer_problem(path / "sentencepiece.model")
    # A package for another pair (the folder may be argostranslate's shared one) serves
    # none of our languages; it is not broken.
    return ModelState(
        ENGINE,
        path.name,
        str(metadata.get("package_version") or "unversioned"),
        () if _pair_problem(metadata) else (metadata["to_code"],),
        str(path),
        folder_size(path),
        problem,
    )


def _read_metadata(path: Path) -> dict:
    try:
        metadata = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "not an Argos package (no metadata.json)") from None
    except (OSError, ValueError) as error:
        raise InputError(path, f"unreadable metadata.json ({error})") from None
    if not isinstance(metadata, dict):
        raise InputError(path, "metadata.json is not a JSON object")
    return metadata


def _pair_problem(metadata: dict) -> str:
    pair = f"{metadata.get('from_code')} -> {metadata.get('to_code')}"
    if metadata.get("from_code") != SOURCE_LANGUAGE or metadata.get("to_code") not in TARGET_LANGUAGES:
        targets = ", ".join(TARGET_LANGUAGES)
        return f"package translates {pair}; the workbench needs {SOURCE_LANGUAGE} -> one of {targets}"
    return ""


def check_package_file(path: Path) -> tuple[dict, str]:
    """Validate an .argosmodel before anything is unpacked; returns its metadata and the
    archive's top folder.

    Sizes are read from the zip's directory first, so a zip bomb is refused before a byte
    of it is decompressed; entries that would land outside the package (absolute paths,
    `..`) or are symbolic links refuse the whole package.
    """
    if not path.is_file():
        raise InputError(path, "no such file")
    size = path.stat().st_size
    if size > settings.MAX_ARGOS_PACKAGE_BYTES:
        raise InputError(path, f"{megabytes(size)} is more than any Argos package "
                               f"({megabytes(settings.MAX_ARGOS_PACKAGE_BYTES)} at most)")
    if not zipfile.is_zipfile(path):
        raise InputError(path, "not an Argos package (not a zip archive)")
    try:
        with zipfile.ZipFile(path) as archive:
            _check_entries(path, archive.infolist(), size)
            broken = archive.testzip()
            names = archive.namelist()
            tops = {PurePosixPath(name).parts[0] for name in names if name.strip("/")}
            if len(tops) != 1:
                raise InputError(path, "not an Argos package (expected one top-level folder)")
            top = tops.pop()
            if f"{top}/metadata.json" not in names:
                raise InputError(path, "not an Argos package (no metadata.json)")
            metadata = json.loads(archive.read(f"{top}/metadata.json"))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise InputError(path, f"corrupt Argos package ({error})") from None
    if broken:
        raise InputError(path, f"corrupt Argos package (bad data in {broken})")
    if not isinstance(metadata, dict):
        raise InputError(path, "metadata.json is not a JSON object")
    problem = _pair_problem(metadata)
    if problem:
        raise InputError(path, problem)
    for needed in ("model/model.bin", "sentencepiece.model"):
        if f"{top}/{needed}" not in names:
            raise InputError(path, f"Argos package without {needed}: the workbench cannot run it")
    return metadata, top


def _check_entries(path: Path, entries: list[zipfile.ZipInfo], size: int) -> None:
    for entry in entries:
        name = entry.filename
        if name.startswith("/") or "\\" in name or ".." in PurePosixPath(name).parts or (
                len(name) > 1 and name[1] == ":"):
            raise InputError(path, f"unsafe entry {name!r} (absolute path or ..): package refused")
        if stat.S_ISLNK(entry.external_attr >> 16):
            raise InputError(path, f"entry {name!r} is a symbolic link: package refused")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > settings.MAX_ARGOS_UNPACKED_BYTES:
        raise InputError(path, f"would unpack to {megabytes(unpacked)}, more than any Argos "
                               f"package ({megabytes(settings.MAX_ARGOS_UNPACKED_BYTES)} at most)")
    if unpacked > settings.MAX_ARGOS_EXPANSION_RATIO * max(size, 1):
        raise InputError(path, f"would unpack to {megabytes(unpacked)} from {megabytes(size)}: "
                               f"more than {settings.MAX_ARGOS_EXPANSION_RATIO} times its size, "
                               "which no model does (a zip bomb?)")


def package_folder_name(metadata: dict) -> str:
    """The folder a package is installed in, from what its metadata says it is: the
    archive's own folder name could be anything, even another installed package's."""
    version = re.sub(r"[^0-9A-Za-z]+", "_", str(metadata.get("package_version") or "0"))
    return f"translate-{metadata['from_code']}_{metadata['to_code']}-{version}"


def install(directory: Path, path: Path) -> ModelState:
    """Install an .argosmodel file, replacing the installed package for the same language.

    It is unpacked once, into a hidden staging folder beside the packages, and tried there:
    a package that does not work is refused and the working one stays in place. Then the
    old package is moved aside, the new one moved in under its metadata's name, and the
    old one deleted: at no moment is the language without a package.
    """
    metadata, top = check_package_file(path)
    lang = metadata["to_code"]
    target = directory / package_folder_name(metadata)
    directory.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=directory))
    try:
        with zipfile.ZipFile(path) as archive:
            archive.extractall(staging / "new")
        trial = _package_state(staging / "new" / top)
        if trial.broken or lang not in trial.languages:
            raise InputError(path, f"package does not work, nothing changed: {trial.problem}")
        replaced = [Path(state.path) for state in package_states(directory)
                    if lang in state.languages]
        if target.exists() and target not in replaced:
            raise InputError(path, f"{target} holds another package; nothing changed")
        _swap(staging / "new" / top, target, replaced, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _package_state(target)


def _swap(new: Path, target: Path, old: list[Path], aside: Path) -> None:
    """Move `old` packages into `aside` and `new` to `target`; on failure, put them back."""
    moved = []
    try:
        for number, folder in enumerate(old):
            moved.append((folder, folder.rename(aside / f"old-{number}")))
        new.rename(target)
    except OSError:
        for folder, parked in reversed(moved):
            parked.rename(folder)
        raise


def remove(directory: Path, name_or_lang: str) -> ModelState:
    """Remove an installed package, named by folder name or by target language."""
    from argostranslate import package

    for state in package_states(directory):
        if name_or_lang in (state.name, *state.languages):
            with _packages_dir(directory):
                package.uninstall(package.Package(Path(state.path)))
            return state
    raise InputError(name_or_lang, f"no Argos package by that name or language in {directory}")


def update_index(directory: Path) -> int:
    """Download the Argos package index; returns how many packages it lists."""
    from argostranslate import package, settings

    index = Path(settings.local_package_index)
    before = index.stat().st_mtime_ns if index.exists() else None
    with _packages_dir(directory):
        package.update_package_index()  # logs and returns quietly when offline
    if not index.exists() or index.stat().st_mtime_ns == before:
        raise WorkbenchError(
            "could not download the Argos package index (no internet?); "
            "install a downloaded .argosmodel file with: workbench models install FILE"
        )
    return len(json.loads(index.read_text(encoding="utf-8")))


def install_from_index(directory: Path, lang: str) -> ModelState:
    """Download and install the index's en -> `lang` package (needs internet)."""
    from argostranslate import package, settings

    if not Path(settings.local_package_index).exists():
        raise WorkbenchError(f"no Argos package index yet: run {INDEX_HINT}")
    with _packages_dir(directory):
        available = [
            candidate
            for candidate in package.get_available_packages()
            if candidate.from_code == SOURCE_LANGUAGE and candidate.to_code == lang
        ]
        if not available:
            raise WorkbenchError(f"the Argos package index has no {SOURCE_LANGUAGE} -> {lang} package")
        try:
            downloaded = Path(available[0].download())
        except Exception as error:  # argostranslate raises bare Exception on download failure
            raise WorkbenchError(
                f"could not download the {SOURCE_LANGUAGE} -> {lang} Argos package ({error})"
            ) from None
    return install(directory, downloaded)
