-- The legacy schema as SQLAlchemy 1.4 created it for the old app (Base.metadata.create_all,
-- dialect sqlite; shared/legacy/schema-sqlite.sql; same statements, whitespace aside), with IF NOT EXISTS so that on an existing legacy
-- database this migration changes nothing. The users table belongs to the Keycloak user provider;
-- it is created here only so that an empty database is a complete legacy database.

CREATE TABLE IF NOT EXISTS crimes (
    id INTEGER NOT NULL,
    type VARCHAR,
    description VARCHAR,
    location VARCHAR,
    suspect_name VARCHAR,
    date_time DATETIME,
    latitude FLOAT,
    longitude FLOAT,
    PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS ix_crimes_id ON crimes (id);

CREATE INDEX IF NOT EXISTS ix_crimes_type ON crimes (type);

CREATE TABLE IF NOT EXISTS users (
    id INTEGER NOT NULL,
    username VARCHAR,
    hashed_password VARCHAR,
    PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS ix_users_id ON users (id);

CREATE UNIQUE INDEX IF NOT EXISTS ix_users_username ON users (username);
