package org.gotham.keycloak.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gotham.keycloak.legacy.store.LegacyUser;
import org.gotham.keycloak.legacy.store.LegacyUserDetails;
import org.gotham.keycloak.legacy.store.OptionalColumn;
import org.gotham.keycloak.legacy.testsupport.Fakes;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.cache.UserCache;
import org.keycloak.storage.ReadOnlyException;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.adapter.AbstractUserAdapterFederatedStorage;
import org.keycloak.storage.federated.UserFederatedStorageProvider;

/**
 * A legacy row with optional columns as Keycloak sees it: e-mail, names, enabled and creation time from the row, the
 * same through the getters and the attributes; written back only through the row writer (WRITABLE), refused without.
 */
class LegacyUserAdapterColumnsTest {

    static final Set<OptionalColumn> ALL = EnumSet.allOf(OptionalColumn.class);
    static final long CREATED = 1_714_566_600_000L;

    final RealmModel realm = Fakes.realm(List.of(), List.of());
    /** What Keycloak keeps for the user in its federated storage, kept here. */
    final MultivaluedHashMap<String, String> federated = new MultivaluedHashMap<>();

    final List<String> written = new ArrayList<>();
    final LegacyUserAdapter.RowWriter writer = (column, value) -> written.add(column + "=" + value);

    static LegacyUser bruce(Boolean enabled) {
        return new LegacyUser(
                1, "Batman", null, new LegacyUserDetails("Bruce@Wayne.Example", "Bruce", "Wayne", enabled, CREATED));
    }

    @Test
    void theRowsValuesAreTheUsersThroughGettersAndAttributes() {
        UserModel user = adapter(bruce(null), ALL, null);
        assertThat(user.getEmail()).as("lower case, as Keycloak shows e-mails").isEqualTo("bruce@wayne.example");
        assertThat(user.getFirstName()).isEqualTo("Bruce");
        assertThat(user.getLastName()).isEqualTo("Wayne");
        assertThat(user.isEnabled()).as("NULL is enabled").isTrue();
        assertThat(user.getCreatedTimestamp()).isEqualTo(CREATED);
        assertThat(user.getFirstAttribute(UserModel.EMAIL)).isEqualTo("bruce@wayne.example");
        assertThat(user.getAttributeStream(UserModel.LAST_NAME)).containsExactly("Wayne");
        assertThat(user.getAttributes())
                .containsEntry(UserModel.EMAIL, List.of("bruce@wayne.example"))
                .containsEntry(UserModel.FIRST_NAME, List.of("Bruce"))
                .containsEntry(UserModel.LAST_NAME, List.of("Wayne"))
                .containsEntry(UserModel.USERNAME, List.of("batman"));
    }

    @Test
    void nullColumnsAreAbsentAndWithoutColumnsKeycloakKeepsTheValues() {
        LegacyUser empty = new LegacyUser(2, "robin", null, LegacyUserDetails.NONE);
        UserModel user = adapter(empty, ALL, null);
        assertThat(user.getEmail()).isNull();
        assertThat(user.getFirstName()).isNull();
        assertThat(user.getAttributes()).doesNotContainKeys(UserModel.EMAIL, UserModel.FIRST_NAME);
        assertThat(user.isEnabled()).isTrue();
        assertThat(user.getCreatedTimestamp()).isNull();

        federated.putSingle(AbstractUserAdapterFederatedStorage.EMAIL_ATTRIBUTE, "robin@keycloak.example");
        federated.putSingle(AbstractUserAdapterFederatedStorage.CREATED_TIMESTAMP_ATTRIBUTE, "42");
        UserModel noColumns = adapter(empty, Set.of(), null);
        assertThat(noColumns.getEmail()).isEqualTo("robin@keycloak.example");
        assertThat(noColumns.getCreatedTimestamp()).isEqualTo(42L);
        assertThat(adapter(empty, ALL, null).getEmail())
                .as("with a column, the row's NULL wins over what Keycloak stored")
                .isNull();
        assertThat(adapter(empty, ALL, null).getCreatedTimestamp())
                .as("without a time in the row, Keycloak's own")
                .isEqualTo(42L);
    }

    @Test
    void aRowTheTableDisablesIsDisabledWhateverKeycloakStored() {
        UserModel user = adapter(bruce(false), ALL, null);
        assertThat(user.isEnabled()).isFalse();
        user.setEnabled(false); // the console saves what it shows: not a change
        assertThatThrownBy(() -> user.setEnabled(true))
                .isInstanceOf(ReadOnlyException.class)
                .hasMessageContaining("enable it there");
        assertThat(adapter(bruce(false), EnumSet.of(OptionalColumn.EMAIL), null).isEnabled())
                .as("without an enabled column the row's flag is not read")
                .isTrue();
    }

    @Test
    void withoutWriteBackAnAdminMayStillDisableAnEnabledRowInKeycloak() {
        UserModel user = adapter(bruce(true), ALL, null);
        user.setEnabled(false);
        assertThat(federated.getFirst(AbstractUserAdapterFederatedStorage.ENABLED_ATTRIBUTE))
                .isEqualTo("false");
        assertThat(adapter(bruce(true), ALL, null).isEnabled()).isFalse();
    }

    @Test
    void withoutWriteBackTheColumnsAreReadOnly() {
        UserModel user = adapter(bruce(true), ALL, null);
        user.setEmail("BRUCE@wayne.example"); // the same e-mail, ignoring case
        user.setAttribute(UserModel.FIRST_NAME, List.of("Bruce"));
        assertThatThrownBy(() -> user.setEmail("joker@arkham.example")).isInstanceOf(ReadOnlyException.class);
        assertThatThrownBy(() -> user.setLastName("Joker"))
                .isInstanceOf(ReadOnlyException.class)
                .hasMessageContaining("last name");
        assertThatThrownBy(() -> user.removeAttribute(UserModel.FIRST_NAME)).isInstanceOf(ReadOnlyException.class);
        assertThat(federated).isEmpty();
    }

    @Test
    void writeBackWritesChangedValuesToTheRowOnly() {
        UserModel user = adapter(bruce(true), ALL, writer);
        user.setEmail("Batman@Wayne.Example");
        user.setSingleAttribute(UserModel.FIRST_NAME, "Bruce"); // unchanged: nothing written
        user.setAttribute(UserModel.LAST_NAME, List.of(" "));
        user.setEnabled(false);
        user.setEnabled(false);
        assertThat(written).containsExactly("EMAIL=batman@wayne.example", "LAST_NAME=null", "ENABLED=false");
        assertThat(user.getEmail()).isEqualTo("batman@wayne.example");
        assertThat(user.getLastName()).isNull();
        assertThat(user.isEnabled()).isFalse();
        assertThat(federated)
                .as("nothing of it in Keycloak's federated storage")
                .isEmpty();
    }

    @Test
    void writeBackEnablesTheRowAndDropsAFlagKeycloakStoredBefore() {
        federated.putSingle(AbstractUserAdapterFederatedStorage.ENABLED_ATTRIBUTE, "false");
        UserModel user = adapter(bruce(false), ALL, writer);
        assertThat(user.isEnabled()).isFalse();
        user.setEnabled(true);
        assertThat(written).containsExactly("ENABLED=true");
        assertThat(user.isEnabled()).isTrue();
    }

    private LegacyUserAdapter adapter(
            LegacyUser row, Set<OptionalColumn> columns, LegacyUserAdapter.RowWriter rowWriter) {
        return new LegacyUserAdapter(session(), realm, component(), row, Set::of, columns, rowWriter);
    }

    private KeycloakSession session() {
        UserFederatedStorageProvider storage = Fakes.fake(
                UserFederatedStorageProvider.class,
                "federated storage",
                Map.of(
                        "getAttributes", args -> federated,
                        "setSingleAttribute",
                                args -> {
                                    federated.putSingle((String) args[2], (String) args[3]);
                                    return null;
                                },
                        "removeAttribute",
                                args -> {
                                    federated.remove((String) args[2]);
                                    return null;
                                }));
        return Fakes.session(Map.of(
                UserFederatedStorageProvider.class,
                storage,
                PasswordHashProvider.class,
                Fakes.passwordHashing(),
                UserCache.class,
                Fakes.NONE));
    }

    private static ComponentModel component() {
        ComponentModel model = new ComponentModel();
        model.setId("legacy-columns");
        model.setName("legacy SQLite");
        model.setProviderId(LegacyUserStorageProviderFactory.PROVIDER_ID);
        model.setProviderType(UserStorageProvider.class.getName());
        return model;
    }
}
