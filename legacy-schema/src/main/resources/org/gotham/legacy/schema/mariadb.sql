-- The legacy schema in MariaDB terms. The old app only ever ran on SQLite and PostgreSQL, and SQLAlchemy
-- cannot create its models on MariaDB (VARCHAR without a length), so this is the equivalent of sqlite.sql
-- and postgresql.sql: VARCHAR(255) for SQLAlchemy's String, DATETIME(6) so that microseconds survive,
-- DOUBLE for Float (MariaDB's FLOAT is single precision). The tables and indexes of crime-api's migration
-- db/migration/mariadb/V1, without its IF NOT EXISTS and without a character set or collation: the tables
-- take the database's (CREATE DATABASE ... COLLATE ...). With utf8mb4_bin, the collation V1 gives its
-- tables, usernames compare case-sensitively as on SQLite and PostgreSQL. With the server's default
-- collation (case-insensitive) two usernames that differ only by case cannot both exist.

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
) ENGINE=InnoDB;

CREATE INDEX ix_crimes_id ON crimes (id);

CREATE INDEX ix_crimes_type ON crimes (type);

CREATE TABLE users (
  id INTEGER NOT NULL AUTO_INCREMENT,
  username VARCHAR(255),
  hashed_password VARCHAR(255),
  PRIMARY KEY (id)
) ENGINE=InnoDB;

CREATE INDEX ix_users_id ON users (id);

CREATE UNIQUE INDEX ix_users_username ON users (username);
