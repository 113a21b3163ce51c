"""The project store: one class, assembled from one part per concern.

Each part (articles.py, glossary.py, mt.py, qa.py, memory.py, accounts.py, comments.py,
jobs.py) holds that concern's SQL; base.py the connection, transactions and the change counter;
migrations.py the schema.
No SQL is written anywhere else in the workbench: other packages call these methods,
each of which owns its transaction (joining the caller's when one is open).
"""

from workbench.store import migrations
from workbench.store.accounts import AccountTables
from workbench.store.articles import ArticleTables
from workbench.store.base import StoreBase, now
from workbench.store.comments import CommentTables
from workbench.store.dialect import dialect_for
from workbench.store.glossary import GlossaryTables
from workbench.store.jobs import JobTables
from workbench.store.memory import MemoryTables
from workbench.store.mt import MtTables
from workbench.store.qa import QaTables


class Store(ArticleTables, GlossaryTables, MtTables, QaTables, MemoryTables, AccountTables,
            CommentTables, JobTables, StoreBase):
    @classmethod
    def open(cls, location) -> "Store":
        """Open (or create) the store at `location`, upgrading an older schema first."""
        store = cls.connect(location)
        try:
            store.upgrade = migrations.upgrade(store, store._connection, store.dialect, now())
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def connect(cls, location) -> "Store":
        """The store at `location` as it is, its schema neither checked nor upgraded: for
        `store copy`, which migrates its destination in the copy's own transaction."""
        location = str(location)
        dialect = dialect_for(location)
        store = cls(dialect.connect(location), location, dialect)
        store.upgrade = migrations.Upgrade(0, 0)  # nothing done to it (no message)
        return store
