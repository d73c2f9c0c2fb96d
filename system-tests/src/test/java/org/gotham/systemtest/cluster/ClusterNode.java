package org.gotham.systemtest.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gotham.systemtest.support.Await;
import org.gotham.systemtest.support.KeycloakForms;
import org.gotham.systemtest.support.KeycloakServer;
import org.gotham.systemtest.support.TokenEndpoint;
import org.gotham.testsupport.KeycloakProcess;
import org.keycloak.admin.client.Keycloak;

/**
 * One node of a {@link KeycloakCluster}, reached on its own port as a load balancer would reach it. Pages and tokens
 * name the cluster's one hostname ({@link KeycloakProcess#baseUrl()}); requests go to {@link #url()}.
 */
final class ClusterNode {

    /** Infinispan's "Received new cluster view" ({@code ISPN000094}) or a merged one ({@code ISPN000093}). */
    private static final Pattern VIEW = Pattern.compile(
            "ISPN00009[34]: Received new(?:, MERGED)? cluster view for channel \\S+: \\S+ \\((\\d+)\\) \\[([^]]*)]");

    private final String name;
    private final KeycloakProcess process;

    ClusterNode(String name, KeycloakProcess process) {
        this.name = name;
        this.process = process;
    }

    /** Where this node answers: {@code http://localhost:<its port>}. */
    String url() {
        return process.nodeUrl();
    }

    /** The cluster's one front-end URL, which tokens and pages name whichever node served them. */
    String hostname() {
        return process.baseUrl();
    }

    TokenEndpoint tokens(String realm) {
        return new TokenEndpoint(url() + "/realms/" + realm);
    }

    /** A fresh admin client of the master admin on this node; close it after use. */
    Keycloak admin() {
        return Keycloak.getInstance(
                url(), "master", KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD, "admin-cli");
    }

    /** A browser of its own on this node's login and registration pages of {@code realm}. */
    KeycloakForms forms(String realm, String crimeWebUrl) {
        return new KeycloakForms(url() + "/realms/" + realm, crimeWebUrl);
    }

    /**
     * A form action as this node's page wrote it (on the one hostname, which is the other node's port here), sent to
     * this node instead: what a load balancer without sticky sessions may do.
     */
    String onThisNode(String action) {
        return action.startsWith(hostname())
                ? url() + action.substring(hostname().length())
                : action;
    }

    /** Everything this node has logged, across restarts. */
    String log() {
        return process.log();
    }

    /** The log's length now: where {@link #awaitView} starts to look after a restart or another node's loss. */
    int logLength() {
        return log().length();
    }

    /** The members of the latest cluster view logged since {@code from}, or an empty list if none was. */
    List<String> view(int from) {
        String log = log();
        Matcher view = VIEW.matcher(log.substring(Math.min(from, log.length())));
        List<String> members = List.of();
        while (view.find()) {
            members = List.of(view.group(2).split(",\\s*"));
        }
        return members;
    }

    /** Waits until the latest cluster view logged since {@code from} has {@code size} members. */
    void awaitView(int size, int from, Duration timeout) {
        Await.until(
                name + "'s cluster view of " + size, timeout, () -> view(from).size() == size);
    }

    /**
     * The local ports of this node's established TCP connections to {@code remotePort} on this machine (Linux's
     * {@code /proc}): how a database server's {@code pg_stat_activity.client_port} tells this node's connections
     * from the other's.
     */
    Set<Integer> localPortsTo(int remotePort) {
        Set<String> sockets = new HashSet<>();
        try (Stream<Path> fds =
                Files.list(Path.of("/proc", Long.toString(process.jvm().pid()), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        sockets.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed since the listing
                }
            }
            Set<Integer> ports = new HashSet<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    int local = Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16);
                    int remote = Integer.parseInt(f[2].substring(f[2].lastIndexOf(':') + 1), 16);
                    boolean established = f[3].equals("01");
                    if (established && remote == remotePort && sockets.contains(f[9])) {
                        ports.add(local);
                    }
                }
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void kill() {
        process.kill();
    }

    /** Starts the process again, on the same ports, and waits until it is ready. */
    void restart() {
        process.startProcess();
    }

    void stop() {
        process.stopProcess();
    }

    @Override
    public String toString() {
        return name + " on " + url() + " (" + process.logFile() + ")";
    }
}
