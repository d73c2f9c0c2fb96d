-- The legacy schema on MariaDB, the same as crime-api's V1 migration for MariaDB (see there for why
-- VARCHAR(255), DATETIME(6), DOUBLE and a binary collation).

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
