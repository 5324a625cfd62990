-- Uploaded obproxy packages, as obshell's sqlite tables upgrade_pkg_info and upgrade_pkg_chunk:
-- one metadata row per upload (no dedupe) and the RPM file in chunks of 8 MiB - 1 bytes.
CREATE TABLE upgrade_pkg_info (
    pkg_id               INTEGER PRIMARY KEY AUTOINCREMENT,
    name                 TEXT    NOT NULL,
    version              TEXT    NOT NULL,
    release_distribution TEXT    NOT NULL,
    distribution         TEXT    NOT NULL,
    "release"            TEXT    NOT NULL,
    architecture         TEXT    NOT NULL,
    size                 INTEGER NOT NULL,
    payload_size         INTEGER NOT NULL,
    chunk_count          INTEGER NOT NULL,
    md5                  TEXT    NOT NULL,
    gmt_modify           TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- The lookup of the upgrade route (findTargetPkg): newest matching row wins.
CREATE INDEX upgrade_pkg_info_target
    ON upgrade_pkg_info (name, version, "release", distribution, architecture, pkg_id);

CREATE TABLE upgrade_pkg_chunk (
    pkg_id      INTEGER NOT NULL REFERENCES upgrade_pkg_info (pkg_id) ON DELETE CASCADE,
    chunk_id    INTEGER NOT NULL,
    chunk_count INTEGER NOT NULL,
    chunk       BLOB    NOT NULL,
    PRIMARY KEY (pkg_id, chunk_id)
);
