package org.gotham.keycloak.legacy.migration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.gotham.keycloak.legacy.password.PasslibScheme;
import org.gotham.keycloak.legacy.password.PasswordSchemes;
import org.gotham.keycloak.legacy.store.LegacyUser;
import org.gotham.keycloak.legacy.store.LegacyUserRepository;

/**
 * Where a migration stands, for an admin: the legacy rows, the users already in Keycloak (imported, lazily migrated),
 * the rows left, the rows that cannot be imported and why, and the hashes by prefix and cost. Built from a few
 * aggregate queries over each side; no hash and no per-row query.
 */
final class LegacyMigrationReport {

    /** A bcrypt hash's first seven characters as this provider verifies them: {@code $2a$}, {@code $2b$} or {@code $2y$} and a cost. */
    private static final Pattern BCRYPT_PREFIX = Pattern.compile("\\$2[aby]\\$\\d\\d\\$");
    /** The old {@code $2$} and a cost: seven characters with the salt's first, and one character shorter. */
    private static final Pattern OLD_BCRYPT_PREFIX = Pattern.compile("\\$2\\$\\d\\d\\$.");

    private LegacyMigrationReport() {}

    /**
     * The report; a hash of another scheme than bcrypt counts as usable when an accepted scheme's prefix fits its
     * first seven characters (the dry run parses each).
     */
    static Map<String, Object> of(
            LegacyUserRepository legacy,
            KeycloakUserIndex keycloak,
            Map<String, Object> latestImport,
            PasswordSchemes schemes) {
        long rows = legacy.countRows();
        long withoutUsername = legacy.countWithoutUsername();
        List<LegacyUser> caseDuplicates = legacy.caseDuplicates();
        long unusable = 0;
        Map<String, Long> byPrefix = new TreeMap<>();
        for (LegacyUserRepository.HashGroup group : legacy.hashSummary()) {
            String prefix = group.prefix();
            boolean usable = prefix != null
                    && ((schemes.accepts(PasslibScheme.BCRYPT)
                                    && group.bcryptLength()
                                    && BCRYPT_PREFIX.matcher(prefix).matches())
                            || (schemes.accepts(PasslibScheme.BCRYPT)
                                    && OLD_BCRYPT_PREFIX.matcher(prefix).matches())
                            || otherAcceptedScheme(prefix, schemes));
            String key = prefix == null ? "NULL" : usable ? prefix : "unusable";
            byPrefix.merge(key, group.count(), Long::sum);
            if (!usable) {
                unusable += group.count();
            }
        }
        long inKeycloak = keycloak.countWithLegacyId();
        long lazily = keycloak.countLazilyMigrated();

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("legacyRows", rows);
        Map<String, Object> migrated = new LinkedHashMap<>();
        migrated.put("total", inKeycloak);
        migrated.put("imported", inKeycloak - lazily);
        migrated.put("lazilyMigrated", lazily);
        report.put("inKeycloak", migrated);
        report.put("left", Math.max(0, rows - withoutUsername - inKeycloak));
        Map<String, Object> cannot = new LinkedHashMap<>();
        cannot.put("withoutUsername", withoutUsername);
        cannot.put("unusableHash", unusable);
        List<Long> duplicateIds = new ArrayList<>();
        caseDuplicates.stream()
                .limit(ImportProgress.SAMPLES_PER_REASON * 5L)
                .forEach(row -> duplicateIds.add(row.id()));
        Map<String, Object> duplicates = new LinkedHashMap<>();
        duplicates.put("rows", caseDuplicates.size());
        duplicates.put("ids", duplicateIds);
        cannot.put("usernameDiffersOnlyByCase", duplicates);
        report.put("cannotImport", cannot);
        report.put("hashesByPrefixAndCost", byPrefix);
        report.put("latestImport", latestImport);
        return report;
    }

    private static boolean otherAcceptedScheme(String prefix, PasswordSchemes schemes) {
        return PasslibScheme.agreeingWith(prefix).stream()
                .anyMatch(scheme -> scheme != PasslibScheme.BCRYPT && schemes.accepts(scheme));
    }
}
