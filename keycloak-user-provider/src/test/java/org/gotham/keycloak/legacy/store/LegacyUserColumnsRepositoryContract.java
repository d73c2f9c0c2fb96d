package org.gotham.keycloak.legacy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gotham.keycloak.legacy.LegacyUserStorageProviderFactory;
import org.gotham.keycloak.legacy.store.LegacyUserQuery.Field;
import org.gotham.keycloak.legacy.testsupport.LegacyDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.UserModel;

/**
 * The optional columns on every supported database, against a real one made with the legacy DDL and then given the
 * columns a wider legacy table has, in each database's own types: a boolean, a number and text for the enabled flag;
 * a timestamp, an epoch number and text for the creation time. Each database runs this as a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LegacyUserColumnsRepositoryContract {

    static final String HASH = LegacyUserRepositoryContract.HASH;
    /** 2024-05-01 12:30:00 UTC. */
    static final long MAY_FIRST = Instant.parse("2024-05-01T12:30:00Z").toEpochMilli();
    /** The row the write tests change; no other test reads it. */
    static final long SCRATCH = 7;

    LegacyDatabase database;

    abstract LegacyDatabase createDatabase() throws Exception;

    /** The database's boolean type as a legacy table would declare it. */
    abstract String booleanType();

    /** The database's type for a time without a zone (SQLAlchemy's DateTime). */
    abstract String timestampType();

    @BeforeAll
    void createLegacyTable() throws Exception {
        database = createDatabase();
        for (String column : List.of(
                "email VARCHAR(255)",
                "first_name VARCHAR(255)",
                "last_name VARCHAR(255)",
                "active " + booleanType(),
                "active_num INTEGER",
                "active_text VARCHAR(10)",
                "created_at " + timestampType(),
                "created_epoch BIGINT",
                "created_text VARCHAR(40)")) {
            database.execute("ALTER TABLE users ADD " + column);
        }
        row(
                1,
                "batman",
                "'Bruce@Wayne.example'",
                "'Bruce'",
                "'Wayne'",
                "TRUE",
                "1",
                "'yes'",
                "'2024-05-01 12:30:00.000000'",
                "1714566600",
                "'2024-05-01T12:30:00Z'");
        row(
                2,
                "robin",
                "'robin@wayne.example'",
                "'Dick'",
                "'Grayson'",
                "FALSE",
                "0",
                "'no'",
                "NULL",
                "1714566600000",
                "'not a time'");
        row(3, "joker", "'shared@arkham.example'", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL");
        row(4, "harley", "'SHARED@Arkham.example'", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL");
        row(5, "gordon", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL");
        row(6, null, "'ghost@nowhere.example'", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL");
        row(SCRATCH, "alfred", "NULL", "NULL", "NULL", "TRUE", "1", "'true'", "NULL", "NULL", "NULL");
    }

    private void row(long id, String username, String... values) {
        database.insertUser(id, username, HASH);
        database.execute("UPDATE users SET email = " + values[0] + ", first_name = " + values[1] + ", last_name = "
                + values[2] + ", active = " + values[3] + ", active_num = " + values[4] + ", active_text = "
                + values[5] + ", created_at = " + values[6] + ", created_epoch = " + values[7] + ", created_text = "
                + values[8] + " WHERE id = " + id);
    }

    @AfterAll
    void dropLegacyTable() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    /** A store with these optional columns; close it after use. */
    LegacyStore store(String enabled, String created) {
        Map<String, List<String>> config = database.config();
        config.put(LegacyStoreConfig.EMAIL_COLUMN, List.of("email"));
        config.put(LegacyStoreConfig.FIRST_NAME_COLUMN, List.of("first_name"));
        config.put(LegacyStoreConfig.LAST_NAME_COLUMN, List.of("last_name"));
        config.put(LegacyStoreConfig.ENABLED_COLUMN, List.of(enabled));
        config.put(LegacyStoreConfig.CREATED_COLUMN, List.of(created));
        validate(config);
        return LegacyStore.open("columns-test", LegacyStoreConfig.from(config));
    }

    @Test
    void rowsCarryTheirEmailNamesFlagAndTimeInTheDatabasesOwnTypes() {
        try (LegacyStore store = store("active", "created_at")) {
            LegacyUserRepository repository = store.repository();
            assertThat(repository.findById(1).orElseThrow().details())
                    .isEqualTo(new LegacyUserDetails("Bruce@Wayne.example", "Bruce", "Wayne", true, MAY_FIRST));
            assertThat(repository.findByUsernameIgnoreCase("ROBIN", 10).get(0).details())
                    .isEqualTo(new LegacyUserDetails("robin@wayne.example", "Dick", "Grayson", false, null));
            assertThat(repository.findById(5).orElseThrow().details())
                    .as("NULLs are absent; a NULL flag is enabled")
                    .isEqualTo(LegacyUserDetails.NONE);
            assertThat(repository.findById(5).orElseThrow().details().disabled())
                    .isFalse();
        }
    }

    @Test
    void numbersAndTextAreFlagsAndEpochsAndTextAreTimes() {
        try (LegacyStore store = store("active_num", "created_epoch")) {
            LegacyUserRepository repository = store.repository();
            assertThat(repository.findById(1).orElseThrow().details().enabled()).isTrue();
            assertThat(repository.findById(1).orElseThrow().details().createdTimestamp())
                    .as("epoch seconds")
                    .isEqualTo(MAY_FIRST);
            assertThat(repository.findById(2).orElseThrow().details().enabled()).isFalse();
            assertThat(repository.findById(2).orElseThrow().details().createdTimestamp())
                    .as("epoch milliseconds")
                    .isEqualTo(MAY_FIRST);
        }
        try (LegacyStore store = store("active_text", "created_text")) {
            LegacyUserRepository repository = store.repository();
            assertThat(repository.findById(1).orElseThrow().details().enabled()).isTrue();
            assertThat(repository.findById(1).orElseThrow().details().createdTimestamp())
                    .isEqualTo(MAY_FIRST);
            assertThat(repository.findById(2).orElseThrow().details().enabled()).isFalse();
            assertThat(repository.findById(2).orElseThrow().details().createdTimestamp())
                    .as("an unreadable time is no time, not an error")
                    .isNull();
        }
    }

    @Test
    void emailLookupIgnoresCaseAndFindsEveryRowThatSharesIt() {
        try (LegacyStore store = store("active", "created_at")) {
            LegacyUserRepository repository = store.repository();
            assertThat(repository.findByEmailIgnoreCase(" bruce@WAYNE.example ", 10))
                    .singleElement()
                    .satisfies(user -> {
                        assertThat(user.id()).isEqualTo(1);
                        assertThat(user.passwordHash()).isEqualTo(HASH);
                    });
            assertThat(repository.findByEmailIgnoreCase("shared@arkham.example", 10))
                    .extracting(LegacyUser::id)
                    .containsExactly(3L, 4L);
            assertThat(repository.findByEmailIgnoreCase("ghost@nowhere.example", 10))
                    .as("a row without a username is nobody")
                    .isEmpty();
            assertThat(repository.findByEmailIgnoreCase("bruce@wayne", 10)).isEmpty();
            assertThat(repository.findByEmailIgnoreCase("", 10)).isEmpty();
            assertThat(repository.findByEmailIgnoreCase("a\0b", 10)).isEmpty();
            assertThat(repository.sharedEmails()).containsExactly("shared@arkham.example");
        }
        try (LegacyStore store = LegacyStore.open("no-columns", LegacyStoreConfig.from(database.config()))) {
            assertThat(store.repository().findByEmailIgnoreCase("bruce@wayne.example", 10))
                    .as("without an e-mail column nobody has an e-mail")
                    .isEmpty();
            assertThat(store.repository().sharedEmails()).isEmpty();
            assertThat(store.repository().findById(1).orElseThrow().details()).isEqualTo(LegacyUserDetails.NONE);
        }
    }

    @Test
    void searchComparesUsernameEmailAndNamesAndListsTheirValues() {
        try (LegacyStore store = store("active", "created_at")) {
            LegacyUserRepository repository = store.repository();
            Set<Field> searchable = EnumSet.allOf(Field.class);
            assertThat(repository.search(LegacyUserQuery.fromSearch("BRUCE", searchable), 0, 10))
                    .singleElement()
                    .satisfies(user -> {
                        assertThat(user.id()).isEqualTo(1);
                        assertThat(user.passwordHash()).isNull();
                        assertThat(user.details().email()).isEqualTo("Bruce@Wayne.example");
                        assertThat(user.details().createdTimestamp()).isEqualTo(MAY_FIRST);
                    });
            assertThat(repository.search(LegacyUserQuery.fromSearch("*grayson*", searchable), 0, 10))
                    .extracting(LegacyUser::id)
                    .containsExactly(2L);
            LegacyUserQuery shared = LegacyUserQuery.fromSearch("shared@", searchable);
            assertThat(repository.search(shared, 0, 10))
                    .extracting(LegacyUser::id)
                    .containsExactly(3L, 4L);
            assertThat(repository.count(shared)).isEqualTo(2);
            LegacyUserQuery exactEmail = LegacyUserQuery.fromParams(
                    Map.of(UserModel.EMAIL, "ROBIN@wayne.example", UserModel.EXACT, "true"), searchable);
            assertThat(repository.search(exactEmail, 0, 10))
                    .extracting(LegacyUser::id)
                    .containsExactly(2L);
            assertThat(repository.search(LegacyUserQuery.fromSearch("bruce"), 0, 10))
                    .as("a search over usernames alone")
                    .isEmpty();
        }
    }

    @Test
    void writeBackChangesTextAndTheFlagInTheColumnsOwnType() {
        for (String flag : List.of("active", "active_num", "active_text")) {
            try (LegacyStore store = store(flag, "created_at")) {
                LegacyUserRepository repository = store.repository();
                assertThat(repository.updateDetail(SCRATCH, OptionalColumn.ENABLED, false))
                        .isTrue();
                assertThat(repository.findById(SCRATCH).orElseThrow().details().enabled())
                        .as(flag)
                        .isFalse();
                assertThat(repository.updateDetail(SCRATCH, OptionalColumn.ENABLED, true))
                        .isTrue();
                assertThat(repository.findById(SCRATCH).orElseThrow().details().enabled())
                        .as(flag)
                        .isTrue();
            }
        }
        assertThat(database.queryString("SELECT active_text FROM users WHERE id = " + SCRATCH))
                .isEqualTo("true");
        try (LegacyStore store = store("active", "created_at")) {
            LegacyUserRepository repository = store.repository();
            assertThat(repository.updateDetail(SCRATCH, OptionalColumn.EMAIL, "alfred@wayne.example"))
                    .isTrue();
            assertThat(repository.updateDetail(SCRATCH, OptionalColumn.FIRST_NAME, "Alfred"))
                    .isTrue();
            assertThat(repository.findByEmailIgnoreCase("Alfred@Wayne.example", 10))
                    .singleElement()
                    .satisfies(user -> assertThat(user.details().firstName()).isEqualTo("Alfred"));
            assertThat(repository.updateDetail(SCRATCH, OptionalColumn.EMAIL, null))
                    .isTrue();
            assertThat(repository.findById(SCRATCH).orElseThrow().details().email())
                    .isNull();
            assertThat(repository.updateDetail(999, OptionalColumn.EMAIL, "x@y.example"))
                    .isFalse();
            assertThatThrownBy(() -> repository.updateDetail(SCRATCH, OptionalColumn.CREATED, 1L))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aMissingColumnOrOneOfAnUnreadableTypeIsRefusedOnSave() {
        Map<String, List<String>> config = database.config();
        config.put(LegacyStoreConfig.EMAIL_COLUMN, List.of("mail"));
        assertThatThrownBy(() -> validate(config))
                .satisfies(e -> assertThat(adminMessage(e))
                        .isEqualTo("Column 'mail' (e-mail column) not found in table 'users'"));

        config.put(LegacyStoreConfig.EMAIL_COLUMN, List.of("active_num"));
        assertThatThrownBy(() -> validate(config))
                .satisfies(e -> assertThat(adminMessage(e))
                        .startsWith("Column 'active_num' of table 'users' has type ")
                        .endsWith("; the e-mail column needs a text type (VARCHAR, TEXT)"));

        config.put(LegacyStoreConfig.EMAIL_COLUMN, List.of("email"));
        config.put(LegacyStoreConfig.ENABLED_COLUMN, List.of("created_at"));
        assertThatThrownBy(() -> validate(config))
                .satisfies(e -> assertThat(adminMessage(e))
                        .startsWith("Column 'created_at' of table 'users' has type ")
                        .contains("the enabled column needs a boolean"));
    }

    void validate(Map<String, List<String>> config) {
        new LegacyUserStorageProviderFactory().validateConfiguration(null, null, database.component("v", config));
    }

    static String adminMessage(Throwable e) {
        return ValidationErrors.message((ComponentValidationException) e);
    }
}
