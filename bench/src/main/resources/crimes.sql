-- ${COUNT} crimes with every column filled the way the legacy app fills it (some NULLs, as in real rows).
INSERT INTO crimes (type, description, location, suspect_name, date_time, latitude, longitude)
SELECT (ARRAY['robbery', 'burglary', 'assault', 'fraud', 'arson', 'vandalism'])[1 + g % 6],
       'Reported incident number ' || g || ', see the attached statement',
       (g % 500) || ' Gotham Avenue, district ' || (g % 12),
       CASE WHEN g % 3 = 0 THEN NULL ELSE 'Suspect ' || (g % 1000) END,
       timestamp '2024-01-01 00:00:00' + make_interval(mins => g, secs => ((g % 1000) / 1000.0)::double precision),
       40.7 + (g % 1000) / 10000.0,
       -74.0 - (g % 997) / 10000.0
FROM generate_series(1, ${COUNT}) g;
ANALYZE crimes;
