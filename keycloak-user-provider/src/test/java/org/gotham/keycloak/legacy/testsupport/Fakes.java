package org.gotham.keycloak.legacy.testsupport;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.cluster.ExecutionResult;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.cache.UserCache;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.representations.userprofile.config.UPGroup;
import org.keycloak.storage.federated.UserFederatedStorageProvider;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.UserProfileUtil;

/**
 * Just enough of Keycloak for unit tests of the provider: a realm with roles and clients, and a session whose
 * federated storage is empty. A fake answers only the methods mapped for it and throws for any other call, as the stubs
 * of Keycloak's own LDAP tests do, so that code that starts to use something new fails its tests loudly instead of
 * getting an empty answer.
 */
public final class Fakes {

    private Fakes() {}

    /** A role in the given container (a realm or client fake, or null), without composites. */
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
                        "getCompositesStream", args -> Stream.empty(),
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

    /**
     * A realm with these realm roles (find them with {@code getRole(name)}) and clients, no default groups and no
     * password policy.
     */
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
                        "getPasswordPolicy", args -> PasswordPolicy.empty(),
                        "getDefaultGroupsStream", args -> Stream.empty(),
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

    /** What {@link #session(Map)} answers for a provider the session has none of: Keycloak's {@code null}. */
    /**
     * Keycloak's cluster-wide task lock as its Infinispan provider keeps it: a task runs only if its key is absent from
     * {@code held} (shared by the fakes of several nodes), which holds the key while the task runs.
     */
    public static ClusterProvider cluster(ConcurrentMap<String, Object> held) {
        return fake(ClusterProvider.class, "cluster", Map.of("executeIfNotExecuted", args -> {
            String key = (String) args[0];
            Object mine = new Object();
            if (held.putIfAbsent(key, mine) != null) {
                return ExecutionResult.notExecuted();
            }
            try {
                return ExecutionResult.executed(((Callable<?>) args[2]).call());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                held.remove(key, mine);
            }
        }));
    }

    public static final Object NONE = new Object();

    /**
     * A session whose federated storage holds nothing (no attributes, role mappings, groups or passwords) and takes
     * what is written to it, whose user profile has only the default "user-metadata" group, whose password hashing is
     * a fake default algorithm, and which has no user cache.
     */
    public static KeycloakSession session() {
        UPConfig profileConfig = new UPConfig();
        profileConfig.setGroups(new ArrayList<>(List.of(new UPGroup(UserProfileUtil.USER_METADATA_GROUP))));
        UserProfileProvider profile =
                fake(UserProfileProvider.class, "user profile", Map.of("getConfiguration", args -> profileConfig));
        return session(Map.of(
                UserFederatedStorageProvider.class,
                emptyFederatedStorage(),
                UserProfileProvider.class,
                profile,
                PasswordHashProvider.class,
                passwordHashing(),
                UserCache.class,
                NONE));
    }

    /**
     * Federated storage that holds nothing for anyone: no attributes, role mappings, groups or passwords. Attributes
     * written to it are taken and not kept.
     */
    public static UserFederatedStorageProvider emptyFederatedStorage() {
        return fake(
                UserFederatedStorageProvider.class,
                "federated storage",
                Map.of(
                        "getAttributes", args -> new MultivaluedHashMap<String, String>(),
                        "setSingleAttribute", args -> null,
                        "getRoleMappingsStream", args -> Stream.empty(),
                        "getGroupsStream", args -> Stream.empty(),
                        "getStoredCredentialsByTypeStream", args -> Stream.empty()));
    }

    /** The realm's default password hashing (a fake algorithm): what Keycloak spends on a password of its own. */
    public static PasswordHashProvider passwordHashing() {
        return fake(
                PasswordHashProvider.class,
                "default password hashing",
                Map.of(
                        "encodedCredential",
                        args -> PasswordCredentialModel.createFromValues("fake", new byte[0], (Integer) args[1], "")));
    }

    /**
     * A session whose {@code getProvider(type)} answers with the provider of that type here ({@code null} for {@link
     * #NONE}); a type not here fails the test, as any other call does.
     */
    public static KeycloakSession session(Map<Class<?>, Object> providers) {
        return fake(KeycloakSession.class, "session", Map.of("getProvider", args -> {
            Class<?> type = (Class<?>) args[0];
            Object provider = args.length == 1 ? providers.get(type) : null;
            if (provider == null) {
                String call = "KeycloakSession.getProvider(" + type.getSimpleName()
                        + (args.length == 1 ? "" : ", " + args[1]) + ")";
                throw new UnsupportedOperationException(call + " is not faked (session)");
            }
            return provider == NONE ? null : provider;
        }));
    }

    /** A fake of {@code type} answering the mapped methods by name; any other call fails the test at once. */
    @SuppressWarnings("unchecked")
    public static <T> T fake(Class<T> type, String name, Map<String, Function<Object[], Object>> answers) {
        return (T) fake(name, answers, type);
    }

    /**
     * A fake of all these interfaces answering the mapped methods by name. Any other call throws an {@link
     * UnsupportedOperationException} naming the interface and the method, so that a test fails loudly when the code
     * under test starts to use something of Keycloak that the test did not set up.
     */
    public static Object fake(String name, Map<String, Function<Object[], Object>> answers, Class<?>... types) {
        return Proxy.newProxyInstance(Fakes.class.getClassLoader(), types, (proxy, method, args) -> {
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
            if (answer == null) {
                String call = method.getDeclaringClass().getSimpleName() + "." + method.getName();
                throw new UnsupportedOperationException(call + " is not faked (" + name + ")");
            }
            return answer.apply(args == null ? new Object[0] : args);
        });
    }
}
