package org.gotham.systemtest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape in Prometheus' text format: series and values. */
public record MetricsScrape(String text) {

    /** Keycloak's {@code /metrics} on its management port now; fails unless it answers 200 within 10 s. */
    public static MetricsScrape of(KeycloakServer keycloak) {
        URI uri = keycloak.managementUri("/metrics");
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(10))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(uri + " answered " + response.statusCode());
            }
            return new MetricsScrape(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The lines of series whose names start with {@code prefix}, for a failure message. */
    public String lines(String prefix) {
        StringBuilder found = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix) && !line.contains("_bucket{")) {
                found.append(line).append('\n');
            }
        }
        return found.toString();
    }

    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (String line : text.split("\n")) {
            Matcher series = SERIES.matcher(line);
            if (!line.startsWith("#") && series.find()) {
                names.add(series.group(1));
            }
        }
        return names;
    }

    /** The sum of every series of this name whose labels include {@code labels}; NaN if there is none. */
    public double value(String name, Map<String, String> labels) {
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            Matcher series = SERIES.matcher(line);
            if (line.startsWith("#") || !series.find() || !series.group(1).equals(name)) {
                continue;
            }
            Map<String, String> has = new LinkedHashMap<>();
            Matcher label = LABEL.matcher(series.group(2) == null ? "" : series.group(2));
            while (label.find()) {
                has.put(label.group(1), label.group(2));
            }
            if (has.entrySet().containsAll(labels.entrySet())) {
                double value = Double.parseDouble(series.group(3));
                if (Double.isNaN(value)) {
                    return Double.NaN;
                }
                sum += value;
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }

    /** How much a counter grew since {@code before} (a series that did not exist before counts from 0). */
    public double moved(MetricsScrape before, String name, Map<String, String> labels) {
        double now = value(name, labels);
        double then = before.value(name, labels);
        return (Double.isNaN(now) ? 0 : now) - (Double.isNaN(then) ? 0 : then);
    }
}
