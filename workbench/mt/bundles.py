"""Model bundles: one file that carries a fetched model to the offline machine.

A bundle is a plain tar archive (weights hardly compress): `manifest.json` first, then the
model's files under `model/`. The manifest says what the model is (name, engine,
languages with the model's own codes, licence, source and revision, converter, quantization,
the probe translations made when it was fetched), the size and sha256 of every file, and
the sha256 of its own content.

`unpacked` reads a bundle into a staging folder and checks every file against the manifest
on the way: a changed byte, a truncated file or a missing, extra or unsafe member refuses
the bundle, naming the file and the member, before anything is installed.
"""

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from workbench.errors import InputError

FORMAT = "workbench-model-bundle"
VERSION = 1
MANIFEST = "manifest.json"
CHECKSUM = "manifest_sha256"  # the manifest's checksum of the rest of itself
PAYLOAD = "model"  # the model's files are below this folder in the archive
MAX_MANIFEST_BYTES = 1 << 20
CHUNK = 1 << 20


@dataclass(frozen=True)
class Bundle:
    manifest: dict
    folder: Path  # the verified files, as the manifest names them
    scratch: Path  # an empty folder beside it, removed with it

    @property
    def name(self) -> str:
        return self.manifest["name"]

    @property
    def engine(self) -> str:
        return self.manifest["engine"]

    @property
    def languages(self) -> list[str]:
        return list(self.manifest["languages"])


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write(out: Path, manifest: dict, folder: Path) -> dict:
    """Write every file below `folder` and `manifest` (plus their sizes and sha256) to the
    bundle `out`, atomically; returns the manifest as written."""
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    manifest = {"format": FORMAT, "version": VERSION, **manifest, "files": {
        path.relative_to(folder).as_posix(): {"size": path.stat().st_size,
                                              "sha256": file_digest(path)}
        for path in files
    }}
    manifest[CHECKSUM] = _manifest_digest(manifest)
    data = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    os.close(handle)
    try:
        with tarfile.open(temporary, "w", format=tarfile.PAX_FORMAT) as archive:
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode = len(data), 0o644
            with tempfile.SpooledTemporaryFile() as buffer:
                buffer.write(data)
                buffer.seek(0)
                archive.addfile(info, buffer)
            for path in files:
                archive.add(path, f"{PAYLOAD}/{path.relative_to(folder).as_posix()}",
                            recursive=False, filter=_plain)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return manifest


def _manifest_digest(manifest: dict) -> str:
    """The manifest's own checksum: a changed licence or language is caught like a changed
    weight."""
    content = {key: value for key, value in manifest.items() if key != CHECKSUM}
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _plain(info: tarfile.TarInfo) -> tarfile.TarInfo:
    """Nobody's files: the fetching machine's user names and modes stay there."""
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o644
    return info


@contextmanager
def unpacked(path: Path, staging_parent: Path) -> Iterator[Bundle]:
    """Unpack and verify the bundle `path` into a hidden staging folder in `staging_parent`
    (the folder the model will live in, so moving it there is a rename); yields the verified
    bundle and removes whatever is left of the staging folder afterwards."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "no such file")
    staging_parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".adding-", dir=staging_parent))
    try:
        (staging / "scratch").mkdir()
        manifest = _extract_verified(path, staging / "files")
        yield Bundle(manifest, staging / "files", staging / "scratch")
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _extract_verified(path: Path, staging: Path) -> dict:
    member = MANIFEST
    try:
        with tarfile.open(path, "r:") as archive:
            manifest = _manifest(path, archive)
            expected = manifest["files"]
            seen = set()
            while (info := archive.next()) is not None:
                member = info.name
                name = _payload_name(path, info, expected)
                if name in seen:
                    raise InputError(path, f"{member}: in the bundle twice")
                seen.add(name)
                _copy_verified(path, archive, info, expected[name], staging / name)
    except tarfile.TarError as error:
        raise InputError(path, f"{member}: the bundle is truncated or corrupted ({error}); "
                               "copy it again") from None
    except EOFError:
        raise InputError(path, f"{member}: the bundle is truncated; copy it again") from None
    missing = sorted(set(expected) - seen)
    if missing:
        raise InputError(path, f"{PAYLOAD}/{missing[0]}: missing from the bundle "
                               f"({len(missing)} of {len(expected)} files; truncated?)")
    return manifest


def _manifest(path: Path, archive: tarfile.TarFile) -> dict:
    first = archive.next()
    if first is None or first.name != MANIFEST or not first.isfile():
        raise InputError(path, f"not a model bundle (no {MANIFEST} at its start)")
    if first.size > MAX_MANIFEST_BYTES:
        raise InputError(path, f"{MANIFEST}: too big for a manifest")
    try:
        manifest = json.loads(archive.extractfile(first).read())
    except ValueError as error:
        raise InputError(path, f"{MANIFEST}: not JSON ({error}); the bundle is corrupted") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InputError(path, f"{MANIFEST}: not a workbench model bundle's manifest")
    if manifest.get("version") != VERSION:
        raise InputError(path, f"{MANIFEST}: bundle version {manifest.get('version')!r}; "
                               f"this workbench reads version {VERSION}")
    if manifest.get(CHECKSUM) != _manifest_digest(manifest):
        raise InputError(path, f"{MANIFEST}: checksum differs from its content; the bundle is "
                               "corrupted (copy it again)")
    files = manifest.get("files")
    if not isinstance(files, dict) or not files or not all(
            isinstance(entry, dict) and isinstance(entry.get("sha256"), str)
            and isinstance(entry.get("size"), int) for entry in files.values()):
        raise InputError(path, f"{MANIFEST}: no valid list of files; the bundle is corrupted")
    for field in ("name", "engine", "languages"):
        if not manifest.get(field):
            raise InputError(path, f"{MANIFEST}: no {field}")
    return manifest


def _payload_name(path: Path, info: tarfile.TarInfo, expected: dict) -> str:
    """The manifest's name of a member, refusing anything but the listed regular files."""
    parts = PurePosixPath(info.name).parts
    name = PurePosixPath(*parts[1:]).as_posix() if len(parts) > 1 else ""
    if not info.isfile() or parts[0] != PAYLOAD or ".." in parts or info.name.startswith("/"):
        raise InputError(path, f"{info.name}: not a file of the model (links, folders and "
                               "paths outside the bundle are refused)")
    if name not in expected:
        raise InputError(path, f"{info.name}: not listed in the manifest; the bundle was changed")
    return name


def _copy_verified(path: Path, archive: tarfile.TarFile, info: tarfile.TarInfo, expected: dict,
                   target: Path) -> None:
    if info.size != expected["size"]:
        raise InputError(path, f"{info.name}: {info.size} bytes, the manifest says "
                               f"{expected['size']}; the bundle is corrupted")
    digest = hashlib.sha256()
    target.parent.mkdir(parents=True, exist_ok=True)
    source = archive.extractfile(info)
    with target.open("wb") as handle:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            handle.write(chunk)
    if digest.hexdigest() != expected["sha256"]:
        raise InputError(path, f"{info.name}: checksum differs from the manifest; the bundle "
                               "is corrupted (copy it again)")
