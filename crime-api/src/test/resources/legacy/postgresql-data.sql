-- Rows written by the old app into PostgreSQL (legacy_app.py init + 2 add-crime),
-- dumped with pg_dump --data-only --inserts. Regenerate with make-legacy-test-data.sh.

-- Data for Name: crimes; Type: TABLE DATA; Schema: public; Owner: -

INSERT INTO public.crimes VALUES (1, 'Robbery', 'First National Bank vault emptied', 'Gotham Downtown', 'Selina Kyle', '2024-03-01 22:15:00', 40.7128, -74.006);
INSERT INTO public.crimes VALUES (2, 'Asylum Escape', 'Joker again', 'Arkham Asylum', 'Joker', '2024-02-12 03:00:00.123456', 40.7306, -73.9352);
INSERT INTO public.crimes VALUES (3, 'Fraud', 'Riddles on the ledger', 'Wayne Tower', NULL, NULL, NULL, NULL);
INSERT INTO public.crimes VALUES (4, 'ROBBERY', 'Late-night hold-up', 'Crime Alley', 'Joe Chill', '2024-02-12 23:59:59.999999', 40.7101, -74.0012);
INSERT INTO public.crimes VALUES (5, 'Vandalism', 'Bat-signal painted over', 'GCPD Rooftop', NULL, '2024-02-13 00:00:00', -33.8688, 151.2093);

-- Data for Name: users; Type: TABLE DATA; Schema: public; Owner: -

INSERT INTO public.users VALUES (1, 'batman', '$2b$12$hjDbfS7p9rKtYUWnIpHArutecIzyCbTO.ssSGrY2HjXV0nf6xImDi');
INSERT INTO public.users VALUES (2, 'robin', '$2a$10$qwVLOWgx.B9ZfccB9aDyLurFdjl9rOSQhC8UHFGKULEO1Ioj2UDOm');
INSERT INTO public.users VALUES (3, 'gordon', '$2y$08$n4vi5UrQMxATHYn9xKwtDeH.ZUMyc6yUMemQL9YCADMJ1vdx1pqNS');
INSERT INTO public.users VALUES (4, 'lucius', '$2b$06$ROML4WJ0YCzkC5Rjeoq6tu0eoUvKwz8Goip9wy0abSfSNRVEkx1Ra');
INSERT INTO public.users VALUES (5, 'Barbara.Gordon', '$2b$05$EmgcsENsrWxhg6suQWRr0uTuu3h245F2Nm1Naq.ZQ7V8dZrRjvcoW');

-- Name: crimes_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -

SELECT pg_catalog.setval('public.crimes_id_seq', 5, true);

-- Name: users_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -

SELECT pg_catalog.setval('public.users_id_seq', 5, true);

