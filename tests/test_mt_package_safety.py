"""Argos packages from outside are identified by their metadata and unpacked only within
limits: a wrong folder name, a zip bomb, `..`, absolute paths and symbolic links."""

import stat
import zipfile

import pytest

from tests.conftest import OWNER
from tests.mt_helpers import KY_PACKAGE, RU_PACKAGE
from workbench import settings
from workbench.errors import InputError
from workbench.mt import argos
from workbench.mt.registry import Registry


def repack(source, target, rename=lambda name: name, extra=()):
    """Copy an .argosmodel with its members renamed by `rename`, plus `extra` (ZipInfo, data)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(rename(item.filename), old.read(item.filename))
        for info, data in extra:
            new.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return target


def installed(argos_dir):
    return sorted((state.name, state.languages) for state in argos.package_states(argos_dir))


def test_a_kyrgyz_package_in_a_folder_named_like_the_russian_one_leaves_russian_installed(
        store, argos_dir, tmp_path, run):
    registry = Registry(store)
    registry.install_argos(RU_PACKAGE, actor=OWNER)
    disguised = repack(KY_PACKAGE, tmp_path / "ky.argosmodel",
                       rename=lambda name: name.replace("translate-en_ky-1_0", "translate-en_ru-1_0"))

    result = run("models", "install", str(disguised))

    assert result.exit_code == 0, result.output
    assert "installed translate-en_ky-1_0 (en -> ky)" in result.output
    assert installed(argos_dir) == [("translate-en_ky-1_0", ("ky",)), ("translate-en_ru-1_0", ("ru",))]
    for lang in ("ru", "ky"):
        assert registry.engine_for(lang).translate_batch(["Moscow"], lang)[0][0].strip()


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(store, argos_dir, tmp_path):
    bomb = repack(KY_PACKAGE, tmp_path / "bomb.argosmodel",
                  extra=[(zipfile.ZipInfo("translate-en_ky-1_0/padding.bin"), bytes(64 * settings.MB))])
    assert bomb.stat().st_size < 2 * settings.MB

    with pytest.raises(InputError, match=r"would unpack to 64\.\d MB .*a zip bomb") as raised:
        Registry(store).install_argos(bomb, actor=OWNER)

    assert raised.value.where == str(bomb)
    assert not argos_dir.exists() or not any(argos_dir.iterdir())


@pytest.mark.parametrize("limit, value, problem", [
    ("MAX_ARGOS_PACKAGE_BYTES", 100_000, "more than any Argos package"),
    ("MAX_ARGOS_UNPACKED_BYTES", 200_000, "would unpack to .* more than any Argos package"),
])
def test_packages_bigger_than_the_limits_in_settings_are_refused(store, argos_dir, monkeypatch,
                                                                  limit, value, problem):
    monkeypatch.setattr(settings, limit, value)
    with pytest.raises(InputError, match=problem):
        Registry(store).install_argos(KY_PACKAGE, actor=OWNER)
    assert not argos_dir.exists() or not any(argos_dir.iterdir())


def _symlink(name, target):
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target


@pytest.mark.parametrize("entry, problem", [
    ((zipfile.ZipInfo("translate-en_ky-1_0/../../escaped.txt"), "x"), "unsafe entry .*escaped"),
    ((zipfile.ZipInfo("/tmp/absolute-escaped.txt"), "x"), "unsafe entry '/tmp/absolute"),
    (_symlink("translate-en_ky-1_0/model/shared", "/etc/passwd"), "is a symbolic link"),
])
def test_entries_outside_the_package_or_symbolic_links_refuse_the_package(
        store, argos_dir, tmp_path, entry, problem):
    package = repack(KY_PACKAGE, tmp_path / "x.argosmodel", extra=[entry])

    with pytest.raises(InputError, match=problem):
        Registry(store).install_argos(package, actor=OWNER)

    assert not argos_dir.exists() or not any(argos_dir.iterdir())
    assert not list(tmp_path.rglob("*escaped*"))


def test_a_package_folder_that_is_not_ours_is_never_overwritten(store, argos_dir, tmp_path):
    """A folder with the package's name that serves another language (someone named it so)
    stays as it is."""
    registry = Registry(store)
    registry.install_argos(RU_PACKAGE, actor=OWNER)
    (argos_dir / "translate-en_ru-1_0").rename(argos_dir / "translate-en_ky-1_0")
    with pytest.raises(InputError, match="holds another package; nothing changed"):
        registry.install_argos(KY_PACKAGE, actor=OWNER)
    assert installed(argos_dir) == [("translate-en_ky-1_0", ("ru",))]
