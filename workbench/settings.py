"""Every setting of the workbench in one module: environment variables, default paths,
size limits, and the project settings each store keeps with their defaults.

Modelled on argostranslate's `settings.py`: a newcomer who wants to know what can be
configured, or where a limit is, reads this file and nothing else. Code elsewhere imports
the names; it never reads `os.environ` or spells a setting's key itself.
"""

import copy
import getpass
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from workbench.errors import InputError

MB = 1_048_576

# Environment variables.
DB_ENV = "WORKBENCH_DB"  # the project store, as `--db` gives it
USER_ENV = "WORKBENCH_USER"  # the account a command acts as, as `--user` gives it
SESSION_MINUTES_ENV = "WORKBENCH_SESSION_MINUTES"  # idle minutes before a browser sign-in expires
ARGOS_DIR_ENV = "ARGOS_PACKAGES_DIR"  # argostranslate's own variable for its package folder
# Where `workbench models fetch` downloads from, on a machine with internet: the variables
# argostranslate and huggingface_hub honour themselves, read when the command runs.
ARGOS_INDEX_ENV = "ARGOS_PACKAGE_INDEX"  # base URL of the Argos index (index.json below it)
HF_ENDPOINT_ENV = "HF_ENDPOINT"  # the Hugging Face hub, or a mirror of it
HF_CACHE_ENV = "HF_HUB_CACHE"  # where hub downloads are kept (default ~/.cache/huggingface/hub)

# A PostgreSQL store that does not answer within this many seconds is reported unreachable
# (unless its URL sets connect_timeout itself).
DB_CONNECT_TIMEOUT = 10
# How long a write on a SQLite store waits for other writers before it gives up ("database is
# locked"). SQLite's waiters poll rather than queue, so under eight busy desks one can wait
# long; PostgreSQL's writers queue on their lock and wait as long as it takes.
SQLITE_BUSY_TIMEOUT = 60

# Default paths, relative to the folder the command runs in.
DEFAULT_DB = "translations/workbench.db"
EXPORTS_FOLDER = "exports"  # beside the store: translations/exports/<article>/<lang>.po
UPLOADS_FOLDER = "uploads"  # beside the store: articles uploaded in the browser
MODELS_FOLDER = "models"  # beside the store: multilingual models added from a bundle

# Package data: the example a fresh project store gets, inside the installed package
# (`seeds/` and `glossaries/` in the source tree are links to these folders).
EXAMPLE = resources.files("workbench") / "example"
EXAMPLE_ARTICLES = EXAMPLE / "articles"  # <slug>.md
EXAMPLE_TRANSLATIONS = EXAMPLE / "translations"  # <slug>/<lang>.po
SHIPPED_GLOSSARY = EXAMPLE / "glossary" / "central-asia-news.csv"

# Size limits.
MAX_ARTICLE_BYTES = 10 * MB  # ten times the longest long-read: anything bigger is not one article
LARGEST_ARTICLE_LIMIT_BYTES = 1_000_000 * MB  # the most `import --max-size` allows: a terabyte is no article
MAX_GLOSSARY_BYTES = 50 * MB
MAX_EXCHANGE_BYTES = 200 * MB  # a PO, XLIFF, TMX or SRX file: a whole translation memory fits
MAX_UPLOAD_MB = 500  # the browser's upload limit: Argos packages are 60-150 MB
# An .argosmodel is a zip: refused before anything is unpacked when the file, or what it
# would unpack to, is bigger than any real package, or when it expands like a zip bomb
# (model weights hardly compress: real packages unpack to under twice their size).
MAX_ARGOS_PACKAGE_BYTES = 1024 * MB
MAX_ARGOS_UNPACKED_BYTES = 2048 * MB
MAX_ARGOS_EXPANSION_RATIO = 10  # unpacked size / file size

# Limits on what one article may hold.
MAX_NESTING_DEPTH = 100  # levels of HTML elements or Markdown blocks; articles use under 20
MAX_SEGMENT_CHARS = 1000  # longer sentences are cut at clauses, else between words

# The browser workbench.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8501
DEFAULT_SESSION_MINUTES = 120  # a signed-in tab left idle this long asks for the password again

# Accounts and signing in (docs/desk.md).
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256  # argon2 takes any length; a megabyte "password" is only a load
# Wrong passwords for a name are counted per client address (a browser's; the command line,
# scripts and a browser on this machine have none and count as one place, this machine): the
# first FREE_SIGN_IN_ATTEMPTS in a row from one place are free, then each further attempt for
# that name from there must wait, twice as long after every further wrong password, until the
# name signs in from there. Someone who knows a colleague's name thus makes it wait only where
# they try it.
FREE_SIGN_IN_ATTEMPTS = 3
SIGN_IN_DELAY_SECONDS = 5  # the first wait of every rule here
MAX_SIGN_IN_DELAY_SECONDS = 600
# Wrong passwords are also counted per client address under whatever name, so one password
# tried against every name is held up too. The same delay follows, after more free attempts:
# an office, or a home, signs in from one address behind its router (NAT), and one person's
# typos must not make the colleagues wait. A wrong password under a name is forgiven once that
# name signs in from the same place (a typo, made good); the others, a mistyped name above all,
# count for the window below only, so a busy office does not pile them up from one day to the
# next. A spray from one address gets about 15 guesses an hour (21 in the first), where the
# names' own rule alone let it try every name 3 times at once; an office gets 10 wrong
# passwords not made good in an hour before anyone behind it waits.
FREE_SIGN_IN_ATTEMPTS_PER_ADDRESS = 10
# And per name from all places together, against guesses spread over many addresses: the same
# delay after this many not made good in the window, at every place but the name's known ones
# (below). Guesses from ever new addresses get about 35 an hour at a name (41 in the first); a
# count per name from everywhere with the small allowance above would allow 6 (14 in the first),
# but let anyone who knows a name keep its owner waiting everywhere, not only at a new place.
FREE_SIGN_IN_ATTEMPTS_PER_NAME = 30
SIGN_IN_WINDOW_MINUTES = 60  # how long an unforgiven wrong password counts for those two rules
# A place where an account signed in this recently is known for it: the name-wide wait does not
# apply there (its own wrong passwords from there, and the address's, still count).
KNOWN_SIGN_IN_PLACE_DAYS = 30

# MT jobs (workbench/jobs.py): how often an idle worker looks for work, and a watcher (the
# page, `workbench translate`, `jobs show --wait`) for news of a job.
WORKER_POLL_SECONDS = 2.0
WATCH_POLL_SECONDS = 0.5


def store_path(explicit: str | os.PathLike | None = None) -> str:
    """The project store: `explicit` (a `--db` option), else WORKBENCH_DB, else the default."""
    return str(explicit or os.environ.get(DB_ENV) or DEFAULT_DB)


def default_author() -> str:
    """Who acts on a store without accounts: the machine's user name."""
    return os.environ.get("USER") or getpass.getuser() or "translator"


def session_minutes() -> int:
    """Idle minutes before a browser sign-in expires: WORKBENCH_SESSION_MINUTES, else the default."""
    configured = os.environ.get(SESSION_MINUTES_ENV, "").strip()
    if not configured:
        return DEFAULT_SESSION_MINUTES
    if not configured.isdigit() or int(configured) < 1:
        raise InputError(SESSION_MINUTES_ENV, f"{configured!r} is not a whole number of minutes")
    return int(configured)


def megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB"


@dataclass(frozen=True)
class ProjectSetting:
    """A setting one project keeps in its store (table `settings`), with its default."""

    key: str
    default: Any
    description: str

    def read(self, store):
        """The stored value, or a fresh copy of the default (callers may change what they get)."""
        return store.get_setting(self.key, copy.deepcopy(self.default))

    def write(self, store, value) -> None:
        store.set_setting(self.key, value)


UZBEK_SCRIPT = ProjectSetting(
    "project.uzbek_script", "latin",
    "The script Uzbek is written in, in this project: latin or cyrillic. MT output is "
    "transliterated into it and the checks expect it.")
ARGOS_DIR = ProjectSetting(
    "mt.argos_dir", None,
    f"Folder of the project's Argos packages (default: {ARGOS_DIR_ENV}, else argostranslate's).")
MULTILINGUAL_MODELS = ProjectSetting(
    "mt.models", {},
    'Registered multilingual models: {name: {"path": DIR, "languages": [...]}}.')
ENGINE_ORDER = ProjectSetting(
    "mt.order", {},
    'Engine order per language: {lang: ["argos", "multilingual:NAME", ...]}; '
    "a language not listed uses argos, then any multilingual model.")
MT_EVALUATION = ProjectSetting(
    "mt.evaluation", None,
    "The last `workbench mt eval`: when, on what, and the scores per language and engine "
    "(chrF++, BLEU, glossary agreement) the Models page shows and orders engines by.")
GLOSSARY_INITIALIZED = ProjectSetting(
    "glossary.initialized", False,
    "The shipped glossary was loaded into this project (once, on first use).")
GLOSSARY_SYNCED_VERSION = ProjectSetting(
    "glossary.synced_version", None,
    'The glossary history\'s latest entry when the glossary was last exported to or imported '
    'from a file ({"history": N, "file": sha256 of an imported file, "ignored": [...]}): '
    "edits since are unexported, and the same file imported again has nothing to change "
    "(stores before release 0.2 kept a hash of the glossary here, which still counts until "
    "the next export or import).")
EXAMPLE_LOADED = ProjectSetting(
    "example-project-loaded", False,
    "The example article, translations and glossary were loaded (once, so a deleted "
    "example stays deleted).")

JOB_STALE_AFTER = ProjectSetting(
    "jobs.stale_after_seconds", 60,
    "A running MT job whose worker has given no sign of life for this many seconds is taken "
    "up by another worker (workers beat four times in that span).")
JOB_MAX_ATTEMPTS = ProjectSetting(
    "jobs.max_attempts", 3,
    "An MT job whose worker died this many times is not taken up again but marked failed.")

PROJECT_SETTINGS = (UZBEK_SCRIPT, ARGOS_DIR, MULTILINGUAL_MODELS, ENGINE_ORDER, MT_EVALUATION,
                    GLOSSARY_INITIALIZED, GLOSSARY_SYNCED_VERSION, EXAMPLE_LOADED,
                    JOB_STALE_AFTER, JOB_MAX_ATTEMPTS)


def argos_default_dir() -> Path | None:
    """ARGOS_PACKAGES_DIR if set now; None means argostranslate's own default."""
    configured = os.environ.get(ARGOS_DIR_ENV)
    return Path(configured) if configured else None


def argos_index_base() -> str | None:
    """ARGOS_PACKAGE_INDEX if set now; None means argostranslate's own index."""
    return os.environ.get(ARGOS_INDEX_ENV) or None


def hub_endpoint() -> str | None:
    """HF_ENDPOINT if set now (huggingface_hub reads it only when first imported)."""
    return os.environ.get(HF_ENDPOINT_ENV) or None


def hub_cache_dir() -> str | None:
    """HF_HUB_CACHE if set now; None means huggingface_hub's own default."""
    return os.environ.get(HF_CACHE_ENV) or None
