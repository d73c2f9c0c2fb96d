-- The legacy models (../shared/legacy/legacy_app.py) as SQLAlchemy's create_all would make them on MariaDB/MySQL,
-- where VARCHAR needs a length: VARCHAR(255). The database's default collation applies (case-insensitive), so
-- usernames that differ only by case cannot both exist there.

CREATE TABLE crimes (
	id INTEGER NOT NULL AUTO_INCREMENT, 
	type VARCHAR(255), 
	description VARCHAR(255), 
	location VARCHAR(255), 
	suspect_name VARCHAR(255), 
	date_time DATETIME, 
	latitude FLOAT, 
	longitude FLOAT, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_crimes_id ON crimes (id);

CREATE INDEX ix_crimes_type ON crimes (type);

CREATE TABLE users (
	id INTEGER NOT NULL AUTO_INCREMENT, 
	username VARCHAR(255), 
	hashed_password VARCHAR(255), 
	PRIMARY KEY (id)
);

CREATE INDEX ix_users_id ON users (id);

CREATE UNIQUE INDEX ix_users_username ON users (username);
