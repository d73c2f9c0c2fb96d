-- The old app's demo data, as a legacy PostgreSQL database holds it before any of our services
-- touch it: the old app's public demo users with the bcrypt hashes passlib made for them (the same
-- rows crime-api's db/demo migration puts into run.sh's SQLite demo database) and demo crimes.
-- Runs once, when the postgres container initialises an empty data volume.

INSERT INTO users (username, hashed_password) VALUES
    ('batman', '$2b$12$xD0Yt3ve1IBvsMUvOto/SOFv/gBR3ZWWv730NW.UdvFrf0vX/RsUC'),
    ('robin', '$2a$10$tbSV/7GgdohSPLhaNtftWuSjMWc/NFsWVANpijUZxYEP/5e.CagA2'),
    ('gordon', '$2y$08$uk68FIrJZe0YzE5obVLiXOC7yCn4PEeKGPygWQjhNYbeYlhyZ7r7G'),
    ('lucius', '$2b$06$sHHbsH2/d4r4HiWHphWHEu2vstIu7jG7CIzJbq0gMvtGdhNP51ZNK'),
    ('Barbara.Gordon', '$2b$05$T/ia2uqpOOaqaYgLLCEPz.ITgsYscJ1fnivxeeNF4s1pGhYlhEQgS');

INSERT INTO crimes (type, description, location, suspect_name, date_time, latitude, longitude) VALUES
    ('Robbery', 'First National Bank vault emptied', 'Gotham Downtown', 'Selina Kyle', '2024-03-01 22:15:00.000000', 40.7128, -74.006),
    ('Asylum Escape', 'Joker again', 'Arkham Asylum', 'Joker', '2024-02-12 03:00:00.123456', 40.7306, -73.9352),
    ('Fraud', 'Riddles on the ledger', 'Wayne Tower', NULL, NULL, NULL, NULL),
    ('Assault', 'Mugging behind the opera house', 'Crime Alley', 'Joe Chill', '1981-06-26 22:47:00.000000', 40.7115, -74.0090),
    ('Extortion', 'Protection racket on the docks', 'Gotham Docks', 'Carmine Falcone', '2024-03-04 01:30:00.000000', 40.7003, -74.0121),
    ('Poisoning', 'Toxin in the city reservoir', 'Gotham Reservoir', 'Jonathan Crane', '2024-03-09 06:05:00.250000', 40.7812, -73.9665),
    ('Theft', 'Botanical specimens stolen', 'Robinson Park', 'Pamela Isley', '2024-03-11 14:20:00.000000', 40.7794, -73.9632),
    ('Vandalism', 'Bat-signal painted over', 'GCPD Rooftop', NULL, '2024-03-12 00:00:00.000000', 40.7142, -74.0059);
