-- The client address of a browser sign-in and of a failed one (workbench/accounts/users.py),
-- from which wrong passwords are counted per address as well as per name, so one password
-- tried against many names is held up. An IPv6 address is kept as its /64 network (one
-- client may hold all of it). NULL: no address (the command line, a script, a browser on
-- this machine) and every other row of the audit.
ALTER TABLE audit ADD COLUMN address TEXT;
CREATE INDEX audit_by_address ON audit(address, kind, action, at) WHERE address IS NOT NULL;
