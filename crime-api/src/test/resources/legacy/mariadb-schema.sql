-- The legacy schema in MariaDB terms (see db/migration/mariadb/V1__legacy_schema.sql), without IF NOT EXISTS.

CREATE TABLE crimes (
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

CREATE INDEX ix_crimes_id ON crimes (id);

CREATE INDEX ix_crimes_type ON crimes (type);

CREATE TABLE users (
  id INTEGER NOT NULL AUTO_INCREMENT,
  username VARCHAR(255),
  hashed_password VARCHAR(255),
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX ix_users_id ON users (id);

CREATE UNIQUE INDEX ix_users_username ON users (username);
