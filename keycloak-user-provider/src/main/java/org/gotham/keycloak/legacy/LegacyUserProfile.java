package org.gotham.keycloak.legacy;

import java.util.ArrayList;
import java.util.List;
import org.gotham.keycloak.legacy.store.LegacyStoreConfig;
import org.gotham.keycloak.legacy.store.OptionalColumn;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.userprofile.AttributeGroupMetadata;
import org.keycloak.userprofile.AttributeMetadata;
import org.keycloak.userprofile.UserProfileMetadata;
import org.keycloak.userprofile.UserProfileUtil;

/** What Keycloak's user profile asks of and shows about a legacy user. */
final class LegacyUserProfile {

    private LegacyUserProfile() {}

    /**
     * Called by Keycloak's user profile for users of this component only. The legacy table may have no email and no
     * names, so requiring them (the realm default) would stop every legacy user at sign-in with "Account is not
     * fully set up": for legacy users they are optional. The legacy id and original username are shown to admins,
     * read-only, in the user's "User metadata" group (as Keycloak's LDAP provider shows its LDAP_ID).
     *
     * <p>Where the table has an e-mail or name column and the component does not write to the table (any edit mode
     * but WRITABLE), that attribute is read-only too, as the values of a read-only LDAP are.
     */
    static List<AttributeMetadata> decorate(
            KeycloakSession session, ComponentModel model, LegacyStoreConfig config, UserProfileMetadata metadata) {
        List<AttributeMetadata> decorated = new ArrayList<>();
        for (String name : List.of(UserModel.EMAIL, UserModel.FIRST_NAME, UserModel.LAST_NAME)) {
            OptionalColumn column = OptionalColumn.forTextAttribute(name);
            boolean readOnly = config != null && config.has(column) && !config.isWritable();
            for (AttributeMetadata attribute : metadata.getAttribute(name)) {
                AttributeMetadata optional = attribute.clone().setRequired(AttributeMetadata.ALWAYS_FALSE);
                decorated.add(readOnly ? optional.addWriteCondition(AttributeMetadata.ALWAYS_FALSE) : optional);
            }
        }
        int guiOrder = (int) metadata.getAttributes().stream()
                .map(AttributeMetadata::getName)
                .distinct()
                .count();
        AttributeGroupMetadata group = UserProfileUtil.lookupUserMetadataGroup(session);
        addAdminView(decorated, metadata, group, model, LegacyUserAdapter.LEGACY_ID_ATTRIBUTE, "Legacy id", guiOrder);
        addAdminView(
                decorated,
                metadata,
                group,
                model,
                LegacyUserAdapter.LEGACY_USERNAME_ATTRIBUTE,
                "Legacy username",
                guiOrder + 1);
        return decorated;
    }

    /** Adds an admin-only, read-only, optional attribute, unless the realm's user profile already declares it. */
    private static void addAdminView(
            List<AttributeMetadata> decorated,
            UserProfileMetadata metadata,
            AttributeGroupMetadata group,
            ComponentModel model,
            String name,
            String displayName,
            int guiOrder) {
        AttributeMetadata attribute =
                UserProfileUtil.createAttributeMetadata(name, metadata, group, guiOrder, model.getName());
        if (attribute != null) {
            decorated.add(attribute.setAttributeDisplayName(displayName));
        }
    }
}
