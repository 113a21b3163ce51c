"""Accounts, roles and the audit trail of a desk sharing one project store.

- `permissions`: the role table (role x action, per language where it applies), `Actor`
  (who acts), `require` (the check every changing library function makes first) and
  `PermissionDenied`.
- `users`: adding, changing and disabling accounts, passwords, signing in.
- `passwords`: argon2 hashes.
- `audit`: the trail of sign-ins and changes, and reading it.
"""

from workbench.accounts.permissions import (
    Action, Actor, PermissionDenied, Role, local_owner, require,
)

__all__ = ["Action", "Actor", "PermissionDenied", "Role", "local_owner", "require"]
