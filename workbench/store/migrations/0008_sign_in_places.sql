-- Wrong passwords for a name are counted per place (a client address, or none: NULL), and from
-- every place over the last hour, and a place where the name signed in lately is known for it
-- (workbench/accounts/users.py). Each count reads only the rows it counts, however long a name
-- has been tried: the name's wrong passwords and sign-ins by time (the last hour's, and the
-- sign-ins after a wrong password that may have made it good), and by place, then time (the
-- wrong passwords since the place's last sign-in, the place's sign-ins of the last days).
-- audit_by_actor had (actor, kind, action), the start of both, for the audit's person filter.
DROP INDEX audit_by_actor;
CREATE INDEX audit_by_actor ON audit(actor, kind, action, at);
CREATE INDEX audit_by_actor_place ON audit(actor, kind, action, address, at);
