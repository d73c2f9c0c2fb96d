-- The legacy schema in MariaDB terms. The old app only ever ran on SQLite and PostgreSQL, and
-- SQLAlchemy cannot create its models on MySQL/MariaDB (VARCHAR without a length), so this is the
-- equivalent of shared/legacy/schema-*.sql: VARCHAR(255) for SQLAlchemy's String, DATETIME(6) so
-- that microseconds survive, DOUBLE for Float (MariaDB's FLOAT is single precision, the other two
-- databases store doubles), and a binary collation so that comparisons and the unique username
-- index are case-sensitive as they are on SQLite and PostgreSQL. IF NOT EXISTS everywhere: on an
-- existing legacy database this migration changes nothing.

CREATE TABLE IF NOT EXISTS crimes (
  id INTEGER NOT NULL AUTO_INCREMENT,
  type VARCHAR(255),
  description VARCHAR(255),
  location VARCHAR(255),
  suspect_name VARCHAR(255),
  date_time DATETIME(6),
  latitude DOUBLE,
  longitude DOUBLE,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX IF NOT EXISTS ix_crimes_id ON crimes (id);

CREATE INDEX IF NOT EXISTS ix_crimes_type ON crimes (type);

CREATE TABLE IF NOT EXISTS users (
  id INTEGER NOT NULL AUTO_INCREMENT,
  username VARCHAR(255),
  hashed_password VARCHAR(255),
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX IF NOT EXISTS ix_users_id ON users (id);

CREATE UNIQUE INDEX IF NOT EXISTS ix_users_username ON users (username);
