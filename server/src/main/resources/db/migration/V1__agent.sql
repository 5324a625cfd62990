-- Agent-level facts, as obshell's own ocs_info table: the RSA private key, the agent password.
CREATE TABLE ocs_info (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
