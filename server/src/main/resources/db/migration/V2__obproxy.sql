-- The managed ODP, as obshell's obproxy_info name/value rows (home_path, sql_port, and the
-- maintenance lock row 'status': '1' free, '4' held by an obproxy maintenance DAG). The
-- emulator adds the process model obshell reads from the live ODP: managed, running,
-- version and pid.
CREATE TABLE obproxy_info (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    info  TEXT NOT NULL DEFAULT ''
);

INSERT INTO obproxy_info(name, value) VALUES ('status', '1');
