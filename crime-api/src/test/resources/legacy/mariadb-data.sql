-- The rows of sqlite-data.sql (written by the old app), converted to MariaDB INSERTs by make-legacy-test-data.sh.
INSERT INTO crimes (id, type, description, location, suspect_name, date_time, latitude, longitude) VALUES (1, 'Robbery', 'First National Bank vault emptied', 'Gotham Downtown', 'Selina Kyle', '2024-03-01 22:15:00.000000', 40.7128, -74.006);
INSERT INTO crimes (id, type, description, location, suspect_name, date_time, latitude, longitude) VALUES (2, 'Asylum Escape', 'Joker again', 'Arkham Asylum', 'Joker', '2024-02-12 03:00:00.123456', 40.7306, -73.9352);
INSERT INTO crimes (id, type, description, location, suspect_name, date_time, latitude, longitude) VALUES (3, 'Fraud', 'Riddles on the ledger', 'Wayne Tower', NULL, NULL, NULL, NULL);
INSERT INTO crimes (id, type, description, location, suspect_name, date_time, latitude, longitude) VALUES (4, 'ROBBERY', 'Late-night hold-up', 'Crime Alley', 'Joe Chill', '2024-02-12 23:59:59.999999', 40.7101, -74.0012);
INSERT INTO crimes (id, type, description, location, suspect_name, date_time, latitude, longitude) VALUES (5, 'Vandalism', 'Bat-signal painted over', 'GCPD Rooftop', NULL, '2024-02-13 00:00:00.000000', -33.8688, 151.2093);
INSERT INTO users (id, username, hashed_password) VALUES (1, 'batman', '$2b$12$0HWEOlf69dvM.XDEWpPOt.2wy3g0vHZvNVVPhSGKOmdt74XypgCum');
INSERT INTO users (id, username, hashed_password) VALUES (2, 'robin', '$2a$10$89QwnnCn5iyz8FXA7d9p3u8kDLE96uWdjTmftQh7qSASXZ.BFCh1u');
INSERT INTO users (id, username, hashed_password) VALUES (3, 'gordon', '$2y$08$73FmsCihAtopt9tYFPGAfuhTFDn/mZZSVjKjN6UO/poMHBppCUJ76');
INSERT INTO users (id, username, hashed_password) VALUES (4, 'lucius', '$2b$06$JfO4UcYbKE7zjh21zvH3auIM.XMshalS/1mR3sHkNtxJoB3lK0RHG');
INSERT INTO users (id, username, hashed_password) VALUES (5, 'Barbara.Gordon', '$2b$05$dayHFrAzQw1MU5j3G3UcDuG73CoYaiS5bQ/US.FMvsiurWg3ib74e');
