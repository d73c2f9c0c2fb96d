package org.gotham.keycloak.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gotham.keycloak.legacy.store.LegacyStoreConfig;
import org.gotham.keycloak.legacy.testsupport.Fakes;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.userprofile.AttributeContext;
import org.keycloak.userprofile.AttributeMetadata;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileMetadata;
import org.keycloak.userprofile.UserProfileUtil;

/** What Keycloak's user profile asks of and shows about a legacy user. */
class LegacyUserProfileTest {

    @Test
    void legacyUsersNeedNoEmailOrNamesAndAdminsSeeTheirLegacyIdReadOnly() {
        UserProfileMetadata metadata = new UserProfileMetadata(UserProfileContext.USER_API);
        for (String name : List.of(UserModel.USERNAME, UserModel.EMAIL, UserModel.FIRST_NAME, UserModel.LAST_NAME)) {
            metadata.addAttribute(name, 1).setRequired(AttributeMetadata.ALWAYS_TRUE);
        }
        List<AttributeMetadata> decorated = LegacyUserProfile.decorate(Fakes.session(), component(), null, metadata);

        AttributeContext admin = new AttributeContext(UserProfileContext.USER_API, null, null, null, null, null);
        AttributeContext account = new AttributeContext(UserProfileContext.ACCOUNT, null, null, null, null, null);
        Map<String, AttributeMetadata> byName =
                decorated.stream().collect(Collectors.toMap(AttributeMetadata::getName, attribute -> attribute));
        assertThat(byName.keySet())
                .containsExactlyInAnyOrder(
                        UserModel.EMAIL,
                        UserModel.FIRST_NAME,
                        UserModel.LAST_NAME,
                        LegacyUserAdapter.LEGACY_ID_ATTRIBUTE,
                        LegacyUserAdapter.LEGACY_USERNAME_ATTRIBUTE);
        assertThat(decorated)
                .allSatisfy(attribute -> assertThat(attribute.isRequired(admin)).isFalse());
        assertThat(metadata.getAttribute(UserModel.EMAIL).get(0).isRequired(admin))
                .as("the realm's own metadata is untouched")
                .isTrue();
        AttributeMetadata legacyId = byName.get(LegacyUserAdapter.LEGACY_ID_ATTRIBUTE);
        assertThat(legacyId.canView(admin)).isTrue();
        assertThat(legacyId.canEdit(admin)).isFalse();
        assertThat(legacyId.canView(account)).isFalse();
        assertThat(legacyId.getAttributeGroupMetadata().getName()).isEqualTo(UserProfileUtil.USER_METADATA_GROUP);
    }

    @Test
    void emailAndNamesFromColumnsAreReadOnlyUnlessTheStoreWritesBack() {
        AttributeContext admin = new AttributeContext(UserProfileContext.USER_API, null, null, null, null, null);
        Map<String, List<String>> raw = new HashMap<>();
        raw.put(LegacyStoreConfig.JDBC_URL, List.of("jdbc:sqlite:/tmp/none.db"));
        raw.put(LegacyStoreConfig.EMAIL_COLUMN, List.of("email"));
        raw.put(LegacyStoreConfig.LAST_NAME_COLUMN, List.of("surname"));
        raw.put(LegacyStoreConfig.EDIT_MODE, List.of("READ_ONLY"));
        Map<String, AttributeMetadata> readOnly = decorated(LegacyStoreConfig.from(raw));
        assertThat(readOnly.get(UserModel.EMAIL).canEdit(admin)).isFalse();
        assertThat(readOnly.get(UserModel.LAST_NAME).canEdit(admin)).isFalse();
        assertThat(readOnly.get(UserModel.FIRST_NAME).canEdit(admin))
                .as("no column: Keycloak keeps it, editable")
                .isTrue();

        raw.put(LegacyStoreConfig.EDIT_MODE, List.of("WRITABLE"));
        Map<String, AttributeMetadata> writable = decorated(LegacyStoreConfig.from(raw));
        assertThat(writable.get(UserModel.EMAIL).canEdit(admin)).isTrue();
        assertThat(writable.get(UserModel.LAST_NAME).canEdit(admin)).isTrue();
        assertThat(writable.get(UserModel.EMAIL).isRequired(admin)).isFalse();
    }

    private static Map<String, AttributeMetadata> decorated(LegacyStoreConfig config) {
        UserProfileMetadata metadata = new UserProfileMetadata(UserProfileContext.USER_API);
        for (String name : List.of(UserModel.USERNAME, UserModel.EMAIL, UserModel.FIRST_NAME, UserModel.LAST_NAME)) {
            metadata.addAttribute(name, 1).setRequired(AttributeMetadata.ALWAYS_TRUE);
        }
        return LegacyUserProfile.decorate(Fakes.session(), component(), config, metadata).stream()
                .collect(Collectors.toMap(AttributeMetadata::getName, attribute -> attribute));
    }

    private static ComponentModel component() {
        ComponentModel model = new ComponentModel();
        model.setId("legacy-profile");
        model.setName("legacy SQLite");
        model.setProviderId(LegacyUserStorageProviderFactory.PROVIDER_ID);
        model.setProviderType(UserStorageProvider.class.getName());
        return model;
    }
}
