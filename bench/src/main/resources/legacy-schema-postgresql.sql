-- The legacy app's schema on PostgreSQL, exactly as SQLAlchemy 1.4's create_all emits it
-- (shared/legacy/schema-postgresql.sql): the indexes the legacy table already has, and no others.

CREATE TABLE crimes (
	id SERIAL NOT NULL,
	type VARCHAR,
	description VARCHAR,
	location VARCHAR,
	suspect_name VARCHAR,
	date_time TIMESTAMP WITHOUT TIME ZONE,
	latitude FLOAT,
	longitude FLOAT,
	PRIMARY KEY (id)
);

CREATE INDEX ix_crimes_id ON crimes (id);

CREATE INDEX ix_crimes_type ON crimes (type);

CREATE TABLE users (
	id SERIAL NOT NULL,
	username VARCHAR,
	hashed_password VARCHAR,
	PRIMARY KEY (id)
);

CREATE INDEX ix_users_id ON users (id);

CREATE UNIQUE INDEX ix_users_username ON users (username);
