package org.gotham.systemtest.faults;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic hostile input: strings made of SQL metacharacters and injections, quotes, search and LIKE
 * wildcards, control characters and NUL, Unicode that case mapping or normalisation could bend, and 10 KB
 * strings; and malformed JSON. The same seed gives the same sequence on every run.
 */
final class HostileInput {

    /** Each holds at least one character that is in no legacy username ({@code [A-Za-z0-9.]}). */
    private static final List<String> FRAGMENTS = List.of(
            "'",
            "''",
            "\"",
            "`",
            ";",
            "--",
            "/*",
            "*/",
            "#",
            "%",
            "_",
            "\\",
            "\\\\",
            "!",
            "!%",
            "[a-z]",
            "^",
            "$",
            "(",
            ")",
            "=",
            "<",
            ">",
            "&",
            "|",
            "~",
            "?",
            "{",
            "}",
            ",",
            ":",
            "@",
            "+",
            "/",
            "%_%",
            "!_",
            "\\%",
            "' OR '1'='1",
            "\" OR \"\"=\"",
            "') OR ('a'='a",
            "'; DROP TABLE users; --",
            "'||(SELECT 1)||'",
            "' UNION SELECT id, username, hashed_password FROM users --",
            "1; SELECT pg_sleep(10)",
            "' AND SLEEP(10)#",
            "%00",
            "\u0000",
            "\n",
            "\r\n",
            "\t",
            "\u000b",
            "\u001b[31m",
            "\u007f",
            "\u00f6",
            "\u00df",
            "\u0130",
            "\u0131",
            "\u01c5",
            "\u202e",
            "\u200d",
            "\ufeff",
            "\ud83e\udd87",
            "\uff42\uff41\uff54",
            "\u0431\u044d\u0442\u043c\u0435\u043d",
            "a\u0301",
            "\u216b",
            "\ufb00",
            "\u65e5\u672c",
            "${jndi:ldap://127.0.0.1:1/x}",
            "{{7*7}}",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "%s%n%x",
            "\\u0000",
            "\\x27",
            "&#39;",
            "%27",
            "%2527");

    private static final List<String> NAME_PIECES = List.of(
            "bat",
            "man",
            "batman",
            "witness",
            "witness0",
            "gordon",
            "barbara.",
            "robin",
            "r",
            "0",
            "1",
            ".",
            "selina",
            "*",
            "\"",
            " ");
    private static final int LONG = 10 * 1024;

    private final Random random;

    HostileInput(long seed) {
        this.random = new Random(seed);
    }

    /** Hostile strings, about one in fifty of them 10 KB long. */
    List<String> strings(int count) {
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            strings.add(next());
        }
        return strings;
    }

    String next() {
        if (random.nextInt(50) == 0) {
            return longString();
        }
        StringBuilder s = new StringBuilder();
        int parts = 1 + random.nextInt(4);
        boolean hostile = false;
        for (int i = 0; i < parts; i++) {
            if (random.nextBoolean()) {
                s.append(pick(FRAGMENTS));
                hostile = true;
            } else {
                s.append(pick(NAME_PIECES));
            }
        }
        if (!hostile) {
            s.insert(random.nextInt(s.length() + 1), pick(FRAGMENTS));
        }
        return s.toString();
    }

    /** Strings for numeric query parameters: numbers out of range, not numbers, numbers in disguise. */
    String number() {
        List<String> numbers = List.of(
                "-1",
                "0",
                "1000",
                "1001",
                "2147483648",
                "-2147483649",
                "99999999999999999999999",
                "1e3",
                "0x10",
                "010",
                " 5",
                "5 ",
                "+5",
                "5.0",
                "NaN",
                "Infinity",
                "\u0661\u0662",
                "\uff15",
                "",
                " ",
                "1,2",
                "1;1",
                "' OR 1=1");
        return random.nextInt(3) == 0 ? next() : pick(numbers);
    }

    /**
     * A body that a strict reader refuses. {@code mayBeAccepted} marks the two that RFC 8259 leaves to the reader: a
     * leading byte order mark ("MAY ignore") and duplicate member names ("SHOULD be unique").
     */
    record Body(byte[] bytes, boolean mayBeAccepted) {}

    /** A request body that is not the JSON object crime-api expects, in one of many ways. */
    Body malformedJson() {
        int kind = random.nextInt(16);
        return new Body(malformedJson(kind), kind == 3 || kind == 7);
    }

    private byte[] malformedJson(int kind) {
        String valid = "{\"type\": \"Fuzz\", \"location\": \"Gotham\", \"date_time\": \"2024-01-01T00:00:00\"}";
        return switch (kind) {
            case 0 -> valid.substring(0, random.nextInt(valid.length())).getBytes(StandardCharsets.UTF_8);
            case 1 -> (valid + pick(List.of("}", "]", ",", "x", "{}", "\u0000"))).getBytes(StandardCharsets.UTF_8);
            case 2 -> new byte[] {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
            case 3 -> ("\ufeff" + valid).getBytes(StandardCharsets.UTF_8);
            case 4 -> "[".repeat(5000).getBytes(StandardCharsets.UTF_8);
            case 5 -> "{\"type\": \"x\", \"latitude\": 1e999999}".getBytes(StandardCharsets.UTF_8);
            case 6 -> "{\"type\": \"x\", \"latitude\": NaN}".getBytes(StandardCharsets.UTF_8);
            case 7 -> "{\"type\": \"a\", \"type\": \"b\"}".getBytes(StandardCharsets.UTF_8);
            case 8 ->
                pick(List.of("[]", "\"crime\"", "42", "null", "true", "", " ")).getBytes(StandardCharsets.UTF_8);
            case 9 ->
                ("{\"type\": " + pick(List.of("1", "true", "[]", "{}", "1.5")) + "}").getBytes(StandardCharsets.UTF_8);
            case 10 ->
                ("{\"type\": \"x\", \"date_time\": \"" + jsonEscape(next()) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 11 -> ("{\"type\": \"x\", \"" + jsonEscape(next()) + "\": 1}").getBytes(StandardCharsets.UTF_8);
            case 12 ->
                ("{\"type\": \"x\", \"latitude\": " + pick(List.of("91", "-90.0000001", "\"1\"", "1e2", "[1]")) + "}")
                        .getBytes(StandardCharsets.UTF_8);
            case 13 -> ("{\"type\": \"" + "x".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 14 -> {
                byte[] garbage = new byte[1 + random.nextInt(200)];
                random.nextBytes(garbage);
                yield garbage;
            }
            default -> ("{\"type\": \"" + jsonEscape(next()) + "\"").getBytes(StandardCharsets.UTF_8);
        };
    }

    /** A header value as an HTTP client can send it: the hostile string's printable ASCII, quoted. */
    String quotedHeaderValue() {
        String ascii = next().chars()
                .filter(c -> c > 0x20 && c < 0x7f && c != '"')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return "\"" + ascii + "\"";
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** The string as a JSON string's content: quotes, backslashes and control characters escaped. */
    static String jsonEscape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * Whether no username can match this search under Keycloak's search syntax: after what Keycloak and SQL may
     * strip from the ends (whitespace, control characters, {@code *} and {@code "}), something is left that
     * appears in no username.
     */
    static boolean matchesNoUsername(String search) {
        String core = search;
        String previous;
        do {
            previous = core;
            core = core.strip().trim();
            while (!core.isEmpty() && (core.charAt(0) == '*' || core.charAt(0) == '"')) {
                core = core.substring(1);
            }
            while (!core.isEmpty()
                    && (core.charAt(core.length() - 1) == '*' || core.charAt(core.length() - 1) == '"')) {
                core = core.substring(0, core.length() - 1);
            }
        } while (!core.equals(previous));
        return core.chars().anyMatch(c -> !(c < 128 && (Character.isLetterOrDigit(c) || c == '.')) && c != '*');
    }

    private String longString() {
        StringBuilder s = new StringBuilder(LONG);
        while (s.length() < LONG) {
            s.append(pick(FRAGMENTS));
        }
        return s.substring(0, LONG);
    }

    private String pick(List<String> list) {
        return list.get(random.nextInt(list.size()));
    }
}
