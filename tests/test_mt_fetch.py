"""`workbench models fetch` on the machine with internet, `models add FILE` on the offline one.

The "internet" is a loopback server the test starts: a stand-in for the Hugging Face hub
serving a tiny random-weight M2M-100 in the hub's layout under the catalogue's repository
and revision, and an Argos index with a tiny package. Any other connection fails the test.
"""

import json
import sys
import tarfile

import pytest

from tests.conftest import OWNER, SEED_SLUG
from tests.exchange_helpers import dump
from tests.hub_helpers import FakeHub, build_hub_m2m100, serving
from tests.mt_helpers import KY_PACKAGE
from tests.server_helpers import no_network  # noqa: F401 (the guard that lets loopback through)
from workbench.errors import InputError, WorkbenchError
from workbench.mt import bundles, catalogue
from workbench.mt.fetch import fetch
from workbench.mt.registry import Registry

pytestmark = pytest.mark.slow  # converts a model with transformers and CTranslate2
M2M = catalogue.model("m2m100-418M")


@pytest.fixture(scope="module")
def hub_model(tmp_path_factory):
    return build_hub_m2m100(tmp_path_factory.mktemp("hub") / "m2m100_418M")


@pytest.fixture
def hub(hub_model, monkeypatch, tmp_path):
    """The loopback hub and Argos index, with the variables that point the workbench at them."""
    fake = FakeHub()
    fake.add_repo(M2M.source["hub"], M2M.source["revision"], hub_model)
    with serving(fake) as url:
        link = fake.add_file("/argos/translate-en_ky-1_0.argosmodel", KY_PACKAGE.read_bytes())
        fake.add_file("/argos/index.json", json.dumps([{
            "code": "translate-en_ky", "type": "translate", "from_code": "en", "to_code": "ky",
            "from_name": "English", "to_name": "Kyrgyz", "package_version": "1.0",
            "argos_version": "1.9", "links": [link],
        }]).encode())
        monkeypatch.setenv("HF_ENDPOINT", url)
        monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub-cache"))
        monkeypatch.setenv("ARGOS_PACKAGE_INDEX", f"{url}/argos/")
        yield fake


def read_manifest(bundle):
    with tarfile.open(bundle) as archive:
        return json.loads(archive.extractfile(bundles.MANIFEST).read())


def test_a_hub_model_is_fetched_converted_bundled_added_and_translates(seeded, run, hub, tmp_path):
    bundle = tmp_path / "carried" / "m2m.tar"

    fetched = run("models", "fetch", "m2m100-418M", "--out", str(bundle))

    assert fetched.exit_code == 0, fetched.output
    assert f"wrote {bundle}" in fetched.output
    assert all(f"probe {lang}: " in fetched.output for lang in ("ru", "kk", "uz"))
    manifest = read_manifest(bundle)
    assert (manifest["name"], manifest["engine"], manifest["licence"]) == (
        "m2m100-418M", "multilingual", "MIT")
    assert manifest["languages"] == {"ru": "__ru__", "kk": "__kk__", "uz": "__uz__"}
    assert manifest["source"]["hub"] == "facebook/m2m100_418M"
    assert manifest["source"]["revision"] == M2M.source["revision"]
    assert manifest["converter"]["quantization"] == "int8"
    assert manifest["converter"]["ctranslate2"]
    assert set(manifest["files"]) == {"config.json", "model.bin", "sentencepiece.bpe.model",
                                      "shared_vocabulary.json"}
    with tarfile.open(bundle) as archive:
        data = archive.extractfile("model/model.bin").read()
    assert manifest["files"]["model.bin"]["sha256"] == bundles.hashlib.sha256(data).hexdigest()
    downloaded = hub.downloaded()
    assert any(path.endswith("/resolve/" + M2M.source["revision"] + "/model.safetensors")
               for path in downloaded)

    added = run("models", "add", str(bundle))

    assert added.exit_code == 0, added.output
    assert "added multilingual m2m100-418M for ru, kk, uz" in added.output
    registry = Registry(seeded)
    assert (registry.models_dir / "m2m100-418M" / "model.bin").is_file()
    translated = run("translate", SEED_SLUG, "--to", "kk,uz")
    assert translated.exit_code == 0, translated.output
    assert "kk: 17 translated" in translated.output
    assert {t.engine for t in seeded.translations(SEED_SLUG, "kk").values()} == {
        "multilingual:m2m100-418M"}


def test_an_argos_package_is_fetched_from_the_index_and_added(seeded, run, hub, argos_dir,
                                                              tmp_path):
    bundle = tmp_path / "ky.tar"

    fetched = run("models", "fetch", "argos-en-ky", "--out", str(bundle))
    assert fetched.exit_code == 0, fetched.output
    manifest = read_manifest(bundle)
    assert (manifest["engine"], manifest["languages"]) == ("argos", {"ky": "ky"})
    assert manifest["source"]["link"].endswith("/argos/translate-en_ky-1_0.argosmodel")
    assert list(manifest["files"]) == ["translate-en_ky-1_0.argosmodel"]
    assert not argos_dir.exists()  # the machine with internet installs nothing of its own

    added = run("models", "add", str(bundle))

    assert added.exit_code == 0, added.output
    assert Registry(seeded).engine_for("ky").label == "argos:translate-en_ky-1_0"
    assert run("translate", SEED_SLUG, "--to", "ky").exit_code == 0


def _corrupt_byte(bundle, tmp_path):
    with tarfile.open(bundle) as archive:
        offset = archive.getmember("model/model.bin").offset_data
    data = bytearray(bundle.read_bytes())
    data[offset + 1000] ^= 0x01
    changed = tmp_path / "changed.tar"
    changed.write_bytes(bytes(data))
    return changed


def _cut_inside_the_weights(bundle, tmp_path):
    with tarfile.open(bundle) as archive:
        member = archive.getmember("model/model.bin")
    cut = tmp_path / "cut.tar"
    cut.write_bytes(bundle.read_bytes()[:member.offset_data + member.size // 2])
    return cut


def _cut_after_the_manifest(bundle, tmp_path):
    with tarfile.open(bundle) as archive:
        second = archive.getmembers()[1]
    cut = tmp_path / "cut.tar"
    cut.write_bytes(bundle.read_bytes()[:second.offset])
    return cut


@pytest.mark.parametrize("damage, problem", [
    (_corrupt_byte, "model/model.bin: checksum differs from the manifest; the bundle is corrupted"),
    (_cut_inside_the_weights, "model/model.bin: the bundle is truncated"),
    (_cut_after_the_manifest, r"model/\S+: missing from the bundle \(4 of 4 files; truncated\?\)"),
])
def test_a_damaged_bundle_is_refused_naming_the_file_and_the_member(store, hub, tmp_path,
                                                                    damage, problem):
    bundle = fetch("m2m100-418M", out=tmp_path / "m2m.tar").bundle
    damaged = damage(bundle, tmp_path)
    registry = Registry(store)
    before = dump(store.location)

    with pytest.raises(InputError, match=problem) as raised:
        registry.add_bundle(damaged, actor=OWNER)

    assert raised.value.where == str(damaged)
    assert dump(store.location) == before
    assert not registry.models_dir.exists() or not any(registry.models_dir.iterdir())
    assert registry.add_bundle(bundle, actor=OWNER).languages == ("ru", "kk", "uz")  # the whole one is fine


def test_fetching_what_the_hub_does_not_have_is_a_one_line_error(run, hub, tmp_path):
    hub.repos.clear()
    result = run("models", "fetch", "nllb-200-distilled-600M", "--out", str(tmp_path / "x.tar"))
    assert result.exit_code == 1
    assert "could not download facebook/nllb-200-distilled-600M at f8d333a098d1" in result.output
    assert not (tmp_path / "x.tar").exists()

    unknown = run("models", "fetch", "gpt-translate")
    assert unknown.exit_code == 1
    assert "gpt-translate: not in the model catalogue; known models: argos-en-ru" in unknown.output


def test_an_argos_index_without_the_pair_is_a_one_line_error(hub, tmp_path):
    hub.files["/argos/index.json"] = b"[]"
    with pytest.raises(WorkbenchError, match="lists no en -> ru package"):
        fetch("argos-en-ru", out=tmp_path / "ru.tar")


def test_fetching_a_hub_model_without_the_fetch_extra_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "huggingface_hub", None)  # as if it were not installed
    with pytest.raises(WorkbenchError, match=r"needs the fetch extra \(huggingface_hub\S* is "
                                             r"missing\): pip install 'workbench\[fetch\]'"):
        fetch("m2m100-418M", out=tmp_path / "x.tar")
    assert not (tmp_path / "x.tar").exists()
