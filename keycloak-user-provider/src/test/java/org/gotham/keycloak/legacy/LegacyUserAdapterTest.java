package org.gotham.keycloak.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.gotham.keycloak.legacy.store.LegacyUser;
import org.gotham.keycloak.legacy.testsupport.Fakes;
import org.gotham.keycloak.legacy.testsupport.PasslibVectors;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.ReadOnlyException;
import org.keycloak.storage.UserStorageProvider;

/**
 * A legacy row as Keycloak sees it: its id, names and attributes come from the row, and what comes from the row is
 * read-only.
 */
class LegacyUserAdapterTest {

    static final String COMPONENT = "legacy-adapter";
    static final String HASH = PasslibVectors.hash("2y cost 4");

    final RealmModel realm = Fakes.realm(List.of(), List.of());
    final ComponentModel model = component();

    @Test
    void adapterCarriesLegacyIdOriginalNameAndFederationLink() {
        UserModel user = adapter(new LegacyUser(2, "Barbara.Gordon", HASH));
        assertThat(user.getId()).isEqualTo("f:" + COMPONENT + ":2");
        assertThat(user.getFederationLink()).isEqualTo(COMPONENT);
        assertThat(user.getFirstAttribute(LegacyUserAdapter.LEGACY_USERNAME_ATTRIBUTE))
                .isEqualTo("Barbara.Gordon");
        assertThat(user.getFirstAttribute(LegacyUserAdapter.LEGACY_ID_ATTRIBUTE))
                .isEqualTo("2");
        assertThat(user.getAttributeStream(LegacyUserAdapter.LEGACY_ID_ATTRIBUTE))
                .containsExactly("2");
        assertThat(user.getFirstAttribute(UserModel.USERNAME)).isEqualTo("barbara.gordon");
        assertThat(user.getAttributes())
                .containsEntry(LegacyUserAdapter.LEGACY_USERNAME_ATTRIBUTE, List.of("Barbara.Gordon"))
                .containsEntry(LegacyUserAdapter.LEGACY_ID_ATTRIBUTE, List.of("2"))
                .containsEntry(UserModel.USERNAME, List.of("barbara.gordon"));
        assertThat(user.isEnabled()).isTrue();
        assertThat(user)
                .as("the same row read again (by id, say) is the same user")
                .isEqualTo(adapter(new LegacyUser(2, "Barbara.Gordon", HASH)));
    }

    @Test
    void legacyAttributesAndUsernameAreReadOnly() {
        UserModel user = adapter(new LegacyUser(1, "batman", HASH));
        user.setSingleAttribute(LegacyUserAdapter.LEGACY_ID_ATTRIBUTE, "999");
        user.setAttribute(LegacyUserAdapter.LEGACY_USERNAME_ATTRIBUTE, List.of("Joker"));
        user.removeAttribute(LegacyUserAdapter.LEGACY_ID_ATTRIBUTE);
        assertThat(user.getFirstAttribute(LegacyUserAdapter.LEGACY_ID_ATTRIBUTE))
                .isEqualTo("1");
        user.setUsername("BATMAN"); // the same name: not a change
        assertThatThrownBy(() -> user.setUsername("joker")).isInstanceOf(ReadOnlyException.class);
    }

    private LegacyUserAdapter adapter(LegacyUser row) {
        return new LegacyUserAdapter(Fakes.session(), realm, model, row, Set::of);
    }

    private static ComponentModel component() {
        ComponentModel model = new ComponentModel();
        model.setId(COMPONENT);
        model.setName("legacy SQLite");
        model.setProviderId(LegacyUserStorageProviderFactory.PROVIDER_ID);
        model.setProviderType(UserStorageProvider.class.getName());
        return model;
    }
}
