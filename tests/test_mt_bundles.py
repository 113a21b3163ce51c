"""Model bundles: what `models add FILE` accepts, refuses and replaces, without the network.

The bundles here are written by the library from the committed tiny M2M-100 model; the
fetch tests (test_mt_fetch.py) make theirs the way a user does."""

import io
import json
import tarfile

import pytest

from tests.conftest import OWNER
from tests.exchange_helpers import dump
from tests.mt_helpers import M2M_DIR
from workbench.errors import InputError
from workbench.mt import bundles
from workbench.mt.registry import Registry

MANIFEST = {"name": "m2m-tiny", "title": "tiny", "engine": "multilingual",
            "languages": {"kk": "__kk__", "tg": "__tg__"}, "licence": "MIT",
            "source": {"hub": "test/tiny", "revision": "0" * 40}, "converter": {}}


@pytest.fixture
def bundle(tmp_path):
    return bundles.write(tmp_path / "tiny.tar", MANIFEST, M2M_DIR) and tmp_path / "tiny.tar"


def unpacked_content(path, staging):
    with bundles.unpacked(path, staging) as opened:
        files = {file.relative_to(opened.folder).as_posix(): file.read_bytes()
                 for file in opened.folder.rglob("*") if file.is_file()}
        return files, opened.manifest


def test_every_single_byte_changed_is_refused_or_changes_nothing_unpacked(bundle, tmp_path):
    """Every byte of every file and of the manifest is checked; a changed byte that no check
    sees (tar padding, a space turned into another space) leaves every unpacked byte as it
    was."""
    whole = unpacked_content(bundle, tmp_path / "whole")
    data = bundle.read_bytes()
    with tarfile.open(bundle) as archive:
        manifest_end = archive.getmember(bundles.MANIFEST).offset_data + 4096
    positions = sorted(set(range(0, manifest_end, 23)) | set(range(0, len(data), 2903)))
    damaged, refused = tmp_path / "damaged.tar", 0
    for position in positions:
        changed = bytearray(data)
        changed[position] ^= 0x5A
        damaged.write_bytes(bytes(changed))
        try:
            content = unpacked_content(damaged, tmp_path / "try")
        except InputError as error:
            assert error.where == str(damaged)
            refused += 1
            continue
        assert content == whole, f"byte {position} changed what was unpacked"
    assert refused > len(positions) // 2
    assert not any((tmp_path / "try").iterdir())  # no staging folder left behind


def test_a_bundle_is_added_replacing_the_model_of_that_name(store, bundle, tmp_path):
    registry = Registry(store)
    added = registry.add_bundle(bundle, actor=OWNER)
    assert (added.engine, added.name, added.languages) == ("multilingual", "m2m-tiny", ("kk", "tg"))
    assert registry.engine_for("tg").label == "multilingual:m2m-tiny"

    again = bundles.write(tmp_path / "again.tar", {**MANIFEST, "languages": {"kk": "__kk__"}},
                          M2M_DIR)
    assert again["languages"] == {"kk": "__kk__"}
    registry.add_bundle(tmp_path / "again.tar", actor=OWNER)
    assert [(r.name, r.languages) for r in registry.registrations()] == [("m2m-tiny", ("kk",))]
    assert sorted(path.name for path in registry.models_dir.iterdir()) == ["m2m-tiny"]


def _rewrite(bundle, target, edit_members):
    """A copy of `bundle` with its members (TarInfo, bytes) changed by `edit_members`."""
    with tarfile.open(bundle) as archive:
        members = [(info, archive.extractfile(info).read()) for info in archive.getmembers()]
    with tarfile.open(target, "w") as archive:
        for info, data in edit_members(members):
            archive.addfile(info, io.BytesIO(data) if info.isfile() else None)
    return target


def _link(members):
    link = tarfile.TarInfo("model/escape")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    return [*members, (link, b"")]


def _outside(members):
    info = tarfile.TarInfo("model/../../outside.txt")
    info.size = 1
    return [*members, (info, b"x")]


def _unlisted(members):
    info = tarfile.TarInfo("model/extra.bin")
    info.size = 1
    return [*members, (info, b"x")]


def _manifest_edit(members):
    (info, data), *rest = members
    manifest = json.loads(data)
    manifest["licence"] = "public domain"
    data = json.dumps(manifest).encode()
    info.size = len(data)
    return [(info, data), *rest]


@pytest.mark.parametrize("edit, problem", [
    (_link, "model/escape: not a file of the model"),
    (_outside, r"model/\.\./\.\./outside\.txt: not a file of the model"),
    (_unlisted, "model/extra.bin: not listed in the manifest"),
    (_manifest_edit, "manifest.json: checksum differs from its content"),
    (lambda members: members[1:], "not a model bundle"),
])
def test_a_changed_bundle_is_refused_and_nothing_changes(store, bundle, tmp_path, edit, problem):
    changed = _rewrite(bundle, tmp_path / "changed.tar", edit)
    registry = Registry(store)
    before = dump(store.location)
    with pytest.raises(InputError, match=problem):
        registry.add_bundle(changed, actor=OWNER)
    assert dump(store.location) == before
    assert not list(tmp_path.rglob("outside.txt"))
    assert not registry.models_dir.exists() or not any(registry.models_dir.iterdir())


def test_a_file_that_is_no_bundle_is_refused(store, tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(InputError, match="notes.txt: manifest.json: the bundle is truncated or "
                                         "corrupted"):
        Registry(store).add_bundle(tmp_path / "notes.txt", actor=OWNER)
    with pytest.raises(InputError, match="no such file"):
        Registry(store).add_bundle(tmp_path / "missing.tar", actor=OWNER)
