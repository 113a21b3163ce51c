"""The example project a newcomer sees on first start.

`workbench serve` and `workbench init` call `ensure_example_project` so that a
fresh store already holds the example article, its hand translations and the
shipped glossary: the first page a new user opens is a working workbench, not an
empty form. It runs once per store (a setting remembers it), so articles a user
deleted do not come back on the next start.

The example is package data (`workbench/example/`, see settings.EXAMPLE), so an
installed wheel has it as well as a checkout. Loading it imports articles and
translations, so it takes a manager (on a store without accounts, the machine's owner).
"""

from importlib import resources
from pathlib import Path

from workbench import settings
from workbench.accounts import Actor
from workbench.exchange.importer import import_files
from workbench.glossary.storage import load_glossary
from workbench.importing import import_paths
from workbench.store import Store


def ensure_example_project(store: Store, *, actor: Actor) -> list[str]:
    """Load the shipped example into an empty store; returns what was done, one line each.

    Articles come from settings.EXAMPLE_ARTICLES; their translations from the PO files
    in settings.EXAMPLE_TRANSLATIONS (`<article>/<lang>.po`), imported as any PO file is.
    """
    if settings.EXAMPLE_LOADED.read(store) or store.articles():
        return []
    done = []
    with (resources.as_file(settings.EXAMPLE_ARTICLES) as articles,
          resources.as_file(settings.EXAMPLE_TRANSLATIONS) as translations,
          store.transaction()):
        for report in import_paths(store, [articles], actor=actor):
            done.append(f"imported article {report.slug} ({report.segments} segments)")
            examples = sorted((translations / report.slug).glob("*.po"))
            for file in import_files(store, examples, actor=actor).files if examples else []:
                done.append(f"loaded {len(file.updated)} example translations into "
                            f"{file.lang} ({Path(file.path).name})")
        glossary = load_glossary(store)
        done.append(f"glossary: {len(glossary.concepts)} concepts")
        settings.EXAMPLE_LOADED.write(store, True)
    return done
