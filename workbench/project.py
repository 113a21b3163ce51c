"""The example project a newcomer sees on first start.

`workbench serve` and `workbench init` call `ensure_example_project` so that a
fresh store already holds the seed article, its hand translations and the
shipped glossary: the first page a new user opens is a working workbench, not an
empty form. It runs once per store (a setting remembers it), so articles a user
deleted do not come back on the next start.

The hand translations come from `translations/seed-source/*.json`: the example
PO files beside them carry export marks that say "untouched since export", which
the exchange import rightly skips, so on a fresh store they would add nothing.
"""

import json
from pathlib import Path

from workbench.errors import InputError
from workbench.glossary.storage import load_glossary
from workbench.importing import import_paths
from workbench.languages import TARGET_LANGUAGES
from workbench.model import Origin, Status
from workbench.store import Store

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_DONE = "example-project-loaded"


def ensure_example_project(store: Store, root: Path = PROJECT_ROOT) -> list[str]:
    """Load the shipped example into an empty store; returns what was done, one line each."""
    if store.get_setting(EXAMPLE_DONE) or store.articles():
        return []
    done = []
    with store.transaction():
        seeds = root / "seeds"
        if seeds.is_dir():
            for report in import_paths(store, [seeds]):
                done.append(f"imported article {report.slug} ({report.segments} segments)")
        examples = root / "translations" / "seed-source"
        for lang in TARGET_LANGUAGES:
            path = examples / f"{lang}.json"
            if path.is_file():
                count = load_example_translations(store, path, lang)
                done.append(f"loaded {count} example translations into {lang}")
        glossary = load_glossary(store)
        done.append(f"glossary: {len(glossary.concepts)} concepts")
        store.set_setting(EXAMPLE_DONE, True)
    return done


def load_example_translations(store: Store, path: Path, lang: str) -> int:
    """Hand translations kept as [{"source", "target"}] go to every untranslated segment
    with that exact source, as reviewed work; returns how many were stored."""
    try:
        pairs = {pair["source"]: pair["target"] for pair in json.loads(path.read_text("utf-8"))}
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(path, f"is not a list of source/target pairs ({error})") from None
    stored = 0
    with store.transaction():
        for article in store.articles():
            translated = store.translations(article.slug, lang)
            for segment in store.segments(article.slug):
                if segment.source in pairs and segment.sid not in translated:
                    store.save_translation(article.slug, segment.sid, lang, pairs[segment.source],
                                           Status.REVIEWED, Origin.IMPORT, author="example",
                                           note=f"example translation from {path.name}")
                    stored += 1
    return stored
