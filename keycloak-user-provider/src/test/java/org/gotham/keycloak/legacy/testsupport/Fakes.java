package org.gotham.keycloak.legacy.testsupport;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.representations.userprofile.config.UPGroup;
import org.keycloak.storage.federated.UserFederatedStorageProvider;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.UserProfileUtil;

/**
 * Just enough of Keycloak for unit tests of the provider: a realm with roles and clients, and a session whose
 * federated storage is empty. Any other method answers an empty value for its return type.
 */
public final class Fakes {

    private Fakes() {}

    /** A role in the given container (a realm or client fake, or null). */
    public static RoleModel role(String name, Object container) {
        return fake(
                RoleModel.class,
                "role " + name,
                Map.of(
                        "getName", args -> name,
                        "getId", args -> "role-" + name,
                        "getContainer", args -> container,
                        "getContainerId", args -> container == null ? null : container.toString(),
                        "isClientRole", args -> container instanceof ClientModel,
                        "hasRole", args -> args[0] == null ? false : name.equals(((RoleModel) args[0]).getName())));
    }

    /** A client with these roles; find them with {@code getRole(name)}. */
    public static ClientModel client(String clientId, String... roleNames) {
        Map<String, RoleModel> byName = new HashMap<>();
        ClientModel client = fake(
                ClientModel.class,
                "client " + clientId,
                Map.of(
                        "getClientId", args -> clientId,
                        "getId", args -> "client-" + clientId,
                        "getRole", args -> byName.get((String) args[0])));
        for (String roleName : roleNames) {
            byName.put(roleName, role(roleName, client));
        }
        return client;
    }

    /** A realm with these realm roles (find them with {@code getRole(name)}) and clients. */
    public static RealmModel realm(List<String> realmRoleNames, List<ClientModel> clients) {
        Map<String, RoleModel> byName = new HashMap<>();
        RoleModel[] defaultRole = new RoleModel[1];
        RealmModel realm = fake(
                RealmModel.class,
                "realm gotham",
                Map.of(
                        "getId", args -> "gotham-id",
                        "getName", args -> "gotham",
                        "getDefaultRole", args -> defaultRole[0],
                        "getRole", args -> byName.get((String) args[0]),
                        "getClientByClientId",
                                args -> clients.stream()
                                        .filter(c -> c.getClientId().equals(args[0]))
                                        .findFirst()
                                        .orElse(null)));
        defaultRole[0] = role("default-roles-gotham", realm);
        for (String roleName : realmRoleNames) {
            byName.put(roleName, role(roleName, realm));
        }
        return realm;
    }

    /**
     * A session whose federated storage holds nothing (no attributes, role mappings, groups) and whose user profile
     * has only the default "user-metadata" group.
     */
    public static KeycloakSession session() {
        UserFederatedStorageProvider storage = fake(
                UserFederatedStorageProvider.class,
                "federated storage",
                Map.of("getAttributes", args -> new MultivaluedHashMap<String, String>()));
        UPConfig profileConfig = new UPConfig();
        profileConfig.setGroups(new ArrayList<>(List.of(new UPGroup(UserProfileUtil.USER_METADATA_GROUP))));
        UserProfileProvider profile =
                fake(UserProfileProvider.class, "user profile", Map.of("getConfiguration", args -> profileConfig));
        return session(Map.of(UserFederatedStorageProvider.class, storage, UserProfileProvider.class, profile));
    }

    /** A session whose {@code getProvider} answers with the provider of that type here, or null. */
    public static KeycloakSession session(Map<Class<?>, Object> providers) {
        return fake(KeycloakSession.class, "session", Map.of("getProvider", args -> providers.get((Class<?>) args[0])));
    }

    @SuppressWarnings("unchecked")
    public static <T> T fake(Class<T> type, String name, Map<String, Function<Object[], Object>> answers) {
        return (T) Proxy.newProxyInstance(
                Fakes.class.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "equals":
                            return proxy == args[0];
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "toString":
                            return name;
                        default:
                            break;
                    }
                    Function<Object[], Object> answer = answers.get(method.getName());
                    if (answer != null) {
                        return answer.apply(args == null ? new Object[0] : args);
                    }
                    return empty(method.getReturnType());
                });
    }

    private static Object empty(Class<?> type) {
        if (type == boolean.class) {
            return false;
        } else if (type == int.class || type == long.class || type == short.class || type == byte.class) {
            return type == long.class ? 0L : 0;
        } else if (Stream.class.isAssignableFrom(type)) {
            return Stream.empty();
        } else if (Set.class.isAssignableFrom(type)) {
            return Set.of();
        } else if (List.class.isAssignableFrom(type) || Collection.class == type) {
            return List.of();
        } else if (MultivaluedHashMap.class.isAssignableFrom(type)) {
            return new MultivaluedHashMap<>();
        } else if (Map.class.isAssignableFrom(type)) {
            return Map.of();
        }
        return null;
    }
}
