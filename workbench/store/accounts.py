"""Accounts, their roles, and the audit trail (workbench/accounts says what they mean).

The password hash is read only when asked for (`account(name, with_password_hash=True)`), for
a sign-in and a session's check: every other read of an account leaves it out, so no listing,
page or export can carry it.
"""

from workbench.store.base import ACCOUNTS

_ACCOUNT_COLUMNS = "username, display_name, active, created_at, last_sign_in"

# The audit's kinds the store itself knows: the sign-in rows whose failures the growing delay
# counts, and the two histories it reads besides its own table.
SIGN_IN, SEGMENT, CONCEPT = "sign-in", "segment", "concept"
FAILED, SIGNED_IN = "failed", "signed-in"

# What the audit reads besides its own table: the segment history and the glossary history,
# each as (kind, the same columns as `audit`, and an order within its table); they have no
# client address.
_HISTORIES = {
    SEGMENT: (
        f"SELECT at, COALESCE(author, '') AS actor, '{SEGMENT}' AS kind, new_status AS action,"
        " article || ' ' || sid || ' ' || lang AS target,"
        " COALESCE(old_status, 'new') || ' -> ' || new_status"
        " || CASE WHEN note = '' THEN '' ELSE ': ' || note END AS detail, '' AS address,"
        " id AS seq FROM history"),
    CONCEPT: (
        f"SELECT at, COALESCE(author, '') AS actor, '{CONCEPT}' AS kind, action,"
        " concept_id AS target, '' AS detail, '' AS address, seq FROM glossary_history"),
}
_AUDIT = ("SELECT at, actor, kind, action, target, detail, COALESCE(address, '') AS address,"
          " id AS seq FROM audit")
_EVENT_COLUMNS = ("at", "actor", "kind", "action", "target", "detail", "address")


class AccountTables:
    # accounts

    def has_accounts(self) -> bool:
        return self._query_one("SELECT 1 FROM users LIMIT 1") is not None

    def accounts(self) -> list[dict]:
        """Every account, by name: username, display_name, active, created_at, last_sign_in
        and grants [(role, lang)]."""
        rows = self._query(f"SELECT {_ACCOUNT_COLUMNS} FROM users ORDER BY username")
        grants = {}
        for row in self._query("SELECT username, role, lang FROM user_roles ORDER BY role, lang"):
            grants.setdefault(row[0], []).append((row[1], row[2]))
        return [_account(row, grants.get(row[0], [])) for row in rows]

    def account(self, username: str, *, with_password_hash: bool = False) -> dict | None:
        """As `accounts` gives each, and its "password_hash" when asked (read with the rest,
        so a sign-in checks the password of the account it read)."""
        hashed = ", password_hash" if with_password_hash else ""
        row = self._query_one(f"SELECT {_ACCOUNT_COLUMNS}{hashed} FROM users WHERE username = ?",
                              (username,))
        if row is None:
            return None
        grants = self._query("SELECT role, lang FROM user_roles WHERE username = ?"
                             " ORDER BY role, lang", (username,))
        found = _account(row, [(grant[0], grant[1]) for grant in grants])
        if with_password_hash:
            found["password_hash"] = row["password_hash"]
        return found

    def add_account(self, username: str, display_name: str, password_hash: str,
                    grants: list[tuple[str, str]], at: str) -> None:
        with self.transaction():
            self._write(ACCOUNTS, "INSERT INTO users(username, display_name, password_hash, active,"
                                  " created_at) VALUES (?, ?, ?, 1, ?)",
                        (username, display_name, password_hash, at))
            self._write_grants(username, grants)

    def update_account(self, username: str, *, display_name: str | None = None,
                       active: bool | None = None,
                       grants: list[tuple[str, str]] | None = None) -> None:
        """Change what is given; None leaves it as it is."""
        with self.transaction():
            if display_name is not None:
                self._write(ACCOUNTS, "UPDATE users SET display_name = ? WHERE username = ?",
                            (display_name, username))
            if active is not None:
                self._write(ACCOUNTS, "UPDATE users SET active = ? WHERE username = ?",
                            (int(active), username))
            if grants is not None:
                self._write(ACCOUNTS, "DELETE FROM user_roles WHERE username = ?", (username,))
                self._write_grants(username, grants)

    def _write_grants(self, username: str, grants: list[tuple[str, str]]) -> None:
        self._write_many(ACCOUNTS, "INSERT INTO user_roles(username, role, lang) VALUES (?, ?, ?)",
                         [(username, role, lang) for role, lang in grants])

    def set_password_hash(self, username: str, password_hash: str) -> None:
        with self.transaction():
            self._write(ACCOUNTS, "UPDATE users SET password_hash = ? WHERE username = ?",
                        (password_hash, username))

    def record_sign_in(self, username: str, at: str) -> None:
        with self.transaction():
            self._write(ACCOUNTS, "UPDATE users SET last_sign_in = ? WHERE username = ?",
                        (at, username))

    # the audit trail

    def record_audit(self, at: str, actor: str, kind: str, action: str, target: str = "",
                     detail: str = "", address: str | None = None) -> None:
        """`address`: a sign-in's client address, or None."""
        with self.transaction():
            self._write(ACCOUNTS, "INSERT INTO audit(at, actor, kind, action, target, detail,"
                                  " address) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (at, actor, kind, action, target, detail, address))

    def failed_sign_ins(self, username: str, address: str | None) -> tuple[int, str | None]:
        """Wrong passwords for `username` from `address` (None: without one) since its last
        sign-in from there: how many, and the last one's time."""
        place, params = _place(address)
        row = self._query_one(
            f"SELECT COUNT(*), MAX(at) FROM audit WHERE actor = ? AND kind = ? AND action = ?"
            f" AND {place} AND id > COALESCE((SELECT MAX(id) FROM audit WHERE actor = ?"
            f" AND kind = ? AND action = ? AND {place}), 0)",
            (username, SIGN_IN, FAILED, *params, username, SIGN_IN, SIGNED_IN, *params))
        return row[0], row[1]

    def failed_sign_ins_for(self, username: str, since: str) -> tuple[int, str | None]:
        """Wrong passwords for `username` since the time stamp `since`, from anywhere, but
        for those a later sign-in from the same place made good: how many, and the last
        one's time."""
        return self._failures_not_made_good("actor", username, since)

    def failed_sign_ins_from(self, address: str, since: str) -> tuple[int, str | None]:
        """Wrong passwords from `address` since the time stamp `since`, under any name, but for
        those a later sign-in under the same name from the same address made good: how many,
        and the last one's time."""
        return self._failures_not_made_good("address", address, since)

    def _failures_not_made_good(self, column: str, value: str, since: str):
        """Wrong passwords with `column` = `value` since `since` that no later sign-in under
        their name from their place (the same address, or none) made good. A later one is
        one of a later id, and so not of an earlier time: the time is what an index finds."""
        row = self._query_one(
            f"SELECT COUNT(*), MAX(at) FROM audit AS failure WHERE {column} = ? AND kind = ?"
            " AND action = ? AND at >= ? AND NOT EXISTS (SELECT 1 FROM audit AS success"
            " WHERE success.actor = failure.actor AND success.kind = ? AND success.action = ?"
            " AND success.at >= failure.at AND success.id > failure.id"
            " AND (success.address = failure.address"  # not COALESCE: the index serves this
            " OR success.address IS NULL AND failure.address IS NULL))",
            (value, SIGN_IN, FAILED, since, SIGN_IN, SIGNED_IN))
        return row[0], row[1]

    def signed_in_from(self, username: str, address: str | None, since: str) -> bool:
        """Whether `username` signed in from `address` (None: without one) since the time
        stamp `since`."""
        place, params = _place(address)
        return self._query_one(
            f"SELECT 1 FROM audit WHERE actor = ? AND kind = ? AND action = ? AND {place}"
            f" AND at >= ? LIMIT 1", (username, SIGN_IN, SIGNED_IN, *params, since)) is not None

    def audit_events(self, *, person: str | None = None, kinds: tuple[str, ...] = (),
                     since: str | None = None, until: str | None = None,
                     address: str | None = None, limit: int | None = None) -> list[dict]:
        """The audit trail, newest first: {at, actor, kind, action, target, detail, address}
        (address "" for none); `since` and `until` are time stamps (`until` excluded), `kinds`
        empty means every kind, `address` is matched as recorded."""
        sources = [_AUDIT] + [sql for kind, sql in _HISTORIES.items() if not kinds or kind in kinds]
        conditions, params = [], []
        for value, condition in ((person, "actor = ?"), (since, "at >= ?"), (until, "at < ?"),
                                 (address, "address = ?")):
            if value:
                conditions.append(condition)
                params.append(value)
        if kinds:
            conditions.append(f"kind IN ({', '.join('?' for _ in kinds)})")
            params.extend(kinds)
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        sql = (f"SELECT {', '.join(_EVENT_COLUMNS)} FROM ({' UNION ALL '.join(sources)})"
               f" AS events{where} ORDER BY at DESC, seq DESC")
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        return [dict(zip(_EVENT_COLUMNS, row)) for row in self._query(sql, params)]


def _place(address: str | None) -> tuple[str, tuple]:
    """The condition on a sign-in row's place: `address`, or none (NULL) when None."""
    return ("address IS NULL", ()) if address is None else ("address = ?", (address,))


def _account(row, grants: list[tuple[str, str]]) -> dict:
    return {"username": row[0], "display_name": row[1], "active": bool(row[2]),
            "created_at": row[3], "last_sign_in": row[4], "grants": grants}
