-- Demo data for a fresh database (./run.sh adds this location through SPRING_FLYWAY_LOCATIONS;
-- it is never on by default). A repeatable migration of idempotent inserts: a row that is already
-- there (same username, same crime description) is left alone, so running it on a database that
-- has some of these rows adds only the missing ones. The statements are plain SQL that SQLite,
-- PostgreSQL and MariaDB all accept; date_time literals use SQLAlchemy's SQLite text format
-- (YYYY-MM-DD HH:MM:SS.ffffff), which the other two parse as timestamps.
--
-- The demo users are the old app's public demo users (USERS in shared/legacy/legacy_app.py). Their
-- hashes were made once with passlib 1.7.4 under Debian's /usr/bin/python3, exactly as the old app
-- makes them:
--   from passlib.context import CryptContext; from passlib.hash import bcrypt
--   CryptContext(schemes=["bcrypt"], deprecated="auto").hash(pw)      # batman: $2b$, 12 rounds
--   bcrypt.using(**opts).hash(pw)                                      # the others, opts below
-- and checked with the same CryptContext's verify().

-- batman: password IamVengeance1; default ($2b$, rounds 12)
INSERT INTO users (username, hashed_password)
SELECT 'batman', '$2b$12$xD0Yt3ve1IBvsMUvOto/SOFv/gBR3ZWWv730NW.UdvFrf0vX/RsUC'
WHERE NOT EXISTS (SELECT 1 FROM users WHERE username = 'batman');

-- robin: password holy-guacamole; ident="2a", rounds=10
INSERT INTO users (username, hashed_password)
SELECT 'robin', '$2a$10$tbSV/7GgdohSPLhaNtftWuSjMWc/NFsWVANpijUZxYEP/5e.CagA2'
WHERE NOT EXISTS (SELECT 1 FROM users WHERE username = 'robin');

-- gordon: password commissiøner-été; ident="2y", rounds=8 (non-ASCII password)
INSERT INTO users (username, hashed_password)
SELECT 'gordon', '$2y$08$uk68FIrJZe0YzE5obVLiXOC7yCn4PEeKGPygWQjhNYbeYlhyZ7r7G'
WHERE NOT EXISTS (SELECT 1 FROM users WHERE username = 'gordon');

-- lucius: password "q" * 90; rounds=6 (90 bytes: passlib uses the first 72)
INSERT INTO users (username, hashed_password)
SELECT 'lucius', '$2b$06$sHHbsH2/d4r4HiWHphWHEu2vstIu7jG7CIzJbq0gMvtGdhNP51ZNK'
WHERE NOT EXISTS (SELECT 1 FROM users WHERE username = 'lucius');

-- Barbara.Gordon: password oracle:sees/all; rounds=5
INSERT INTO users (username, hashed_password)
SELECT 'Barbara.Gordon', '$2b$05$T/ia2uqpOOaqaYgLLCEPz.ITgsYscJ1fnivxeeNF4s1pGhYlhEQgS'
WHERE NOT EXISTS (SELECT 1 FROM users WHERE username = 'Barbara.Gordon');

INSERT INTO crimes (type, description, location, suspect_name, date_time, latitude, longitude)
SELECT 'Robbery', 'First National Bank vault emptied', 'Gotham Downtown', 'Selina Kyle', '2024-03-01 22:15:00.000000', 40.7128, -74.006
WHERE NOT EXISTS (SELECT 1 FROM crimes WHERE description = 'First National Bank vault emptied');

INSERT INTO crimes (type, description, location, suspect_name, date_time, latitude, longitude)
SELECT 'Asylum Escape', 'Joker again', 'Arkham Asylum', 'Joker', '2024-02-12 03:00:00.123456', 40.7306, -73.9352
WHERE NOT EXISTS (SELECT 1 FROM crimes WHERE description = 'Joker again');

INSERT INTO crimes (type, description, location, suspect_name, date_time, latitude, longitude)
SELECT 'Fraud', 'Riddles on the ledger', 'Wayne Tower', NULL, NULL, NULL, NULL
WHERE NOT EXISTS (SELECT 1 FROM crimes WHERE description = 'Riddles on the ledger');

INSERT INTO crimes (type, description, location, suspect_name, date_time, latitude, longitude)
SELECT 'Assault', 'Mugging behind the opera house', 'Crime Alley', 'Joe Chill', '1981-06-26 22:47:00.000000', 40.7115, -74.0090
WHERE NOT EXISTS (SELECT 1 FROM crimes WHERE description = 'Mugging behind the opera house');

INSERT INTO crimes (type, description, location, suspect_name, date_time, latitude, longitude)
SELECT 'Extortion', 'Protection racket on the docks', 'Gotham Docks', 'Carmine Falcone', '2024-03-04 01:30:00.000000', 40.7003, -74.0121
WHERE NOT EXISTS (SELECT 1 FROM crimes WHERE description = 'Protection racket on the docks');

INSERT INTO crimes (type, description, location, suspect_name, date_time, latitude, longitude)
SELECT 'Poisoning', 'Toxin in the city reservoir', 'Gotham Reservoir', 'Jonathan Crane', '2024-03-09 06:05:00.250000', 40.7812, -73.9665
WHERE NOT EXISTS (SELECT 1 FROM crimes WHERE description = 'Toxin in the city reservoir');

INSERT INTO crimes (type, description, location, suspect_name, date_time, latitude, longitude)
SELECT 'Theft', 'Botanical specimens stolen', 'Robinson Park', 'Pamela Isley', '2024-03-11 14:20:00.000000', 40.7794, -73.9632
WHERE NOT EXISTS (SELECT 1 FROM crimes WHERE description = 'Botanical specimens stolen');

INSERT INTO crimes (type, description, location, suspect_name, date_time, latitude, longitude)
SELECT 'Vandalism', 'Bat-signal spray-painted with a grin', 'GCPD Rooftop', NULL, '2024-03-12 00:00:00.000000', 40.7142, -74.0059
WHERE NOT EXISTS (SELECT 1 FROM crimes WHERE description = 'Bat-signal spray-painted with a grin');
