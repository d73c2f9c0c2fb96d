package org.gotham.keycloak.legacy.migration;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gotham.keycloak.legacy.LegacyStoreUnavailableAnswer;
import org.gotham.keycloak.legacy.LegacyUserStorageProviderFactory;
import org.gotham.keycloak.legacy.store.LegacyStoreUnavailableException;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.storage.UserStorageProvider;

/**
 * The migration's admin REST resource, under {@code /admin/realms/{realm}/legacy-migration/{component id}}, for an
 * admin token with {@code view-users}:
 *
 * <ul>
 *   <li>{@code GET .../import}: the latest import on this node (state, counts, rows/s, refusals with row ids);
 *   <li>{@code GET .../report}: where the migration stands ({@link LegacyMigrationReport});
 *   <li>{@code GET .../dry-run}: what an import would add, update and refuse now, without writing anything.
 * </ul>
 *
 * The import itself is started as Keycloak's own "Sync all users" ({@code POST
 * /admin/realms/{realm}/user-storage/{component id}/sync?action=triggerFullSync}).
 */
public class LegacyMigrationResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    LegacyMigrationResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Path("{componentId}/import")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> importStatus(@PathParam("componentId") String componentId) {
        ComponentModel model = component(componentId);
        Map<String, Object> status = factory().importStatus(model);
        if (status != null) {
            return status;
        }
        Map<String, Object> none = new LinkedHashMap<>();
        none.put("state", "NONE");
        return none;
    }

    @GET
    @Path("{componentId}/report")
    @Produces(MediaType.APPLICATION_JSON)
    public Response report(@PathParam("componentId") String componentId) {
        ComponentModel model = component(componentId);
        try {
            return Response.ok(factory().report(session, realm, model)).build();
        } catch (LegacyStoreUnavailableException e) {
            return unavailable(model);
        }
    }

    @GET
    @Path("{componentId}/dry-run")
    @Produces(MediaType.APPLICATION_JSON)
    public Response dryRun(@PathParam("componentId") String componentId) {
        ComponentModel model = component(componentId);
        try {
            return Response.ok(factory().dryRun(session.getKeycloakSessionFactory(), realm.getId(), model))
                    .build();
        } catch (LegacyStoreUnavailableException e) {
            return unavailable(model);
        }
    }

    /** 503, as the admin console shows it; the cause is in the server log, not in the answer. */
    private static Response unavailable(ComponentModel model) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of(
                        "errorMessage",
                        LegacyStoreUnavailableAnswer.message(model.getName()),
                        "error_description",
                        "The legacy database does not answer; try again when it does."))
                .build();
    }

    /** The realm's component of our provider with this id; 404 for any other (checked after the permission). */
    private ComponentModel component(String componentId) {
        auth.users().requireView();
        ComponentModel model = realm.getComponent(componentId);
        if (model == null
                || !LegacyUserStorageProviderFactory.PROVIDER_ID.equals(model.getProviderId())
                || !UserStorageProvider.class.getName().equals(model.getProviderType())) {
            throw new NotFoundException("No legacy user store with this id in this realm");
        }
        return model;
    }

    private LegacyUserStorageProviderFactory factory() {
        return (LegacyUserStorageProviderFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(UserStorageProvider.class, LegacyUserStorageProviderFactory.PROVIDER_ID);
    }
}
