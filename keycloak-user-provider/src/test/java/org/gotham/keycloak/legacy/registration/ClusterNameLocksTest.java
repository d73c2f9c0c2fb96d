package org.gotham.keycloak.legacy.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.gotham.keycloak.legacy.testsupport.Fakes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.cluster.ClusterProvider;

/** Two nodes, each with its own holders, over one cluster lock (Keycloak's, faked as its Infinispan provider works). */
class ClusterNameLocksTest {

    private final ConcurrentMap<String, Object> cluster = new ConcurrentHashMap<>();
    private final ClusterProvider clusterProvider = Fakes.cluster(cluster);
    private final ClusterNameLocks nodeOne = new ClusterNameLocks(4, 60);
    private final ClusterNameLocks nodeTwo = new ClusterNameLocks(4, 60);

    @AfterEach
    void stopHolders() {
        nodeOne.close();
        nodeTwo.close();
    }

    @Test
    void aNameHeldOnOneNodeIsHadOnTheOtherOnlyAfterItIsLetGo() throws Exception {
        ClusterNameLocks.Held first = nodeOne.tryLock(clusterProvider, "gotham\0joker", 1_000);
        assertThat(first).isNotNull();
        assertThat(cluster).containsKey("gotham\0joker");

        CompletableFuture<ClusterNameLocks.Held> second = CompletableFuture.supplyAsync(() -> {
            try {
                return nodeTwo.tryLock(clusterProvider, "gotham\0joker", 10_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(nodeTwo.tryLock(clusterProvider, "gotham\0joker", 100))
                .as("not had while the first node holds it")
                .isNull();
        assertThat(second).isNotDone();

        first.close();

        ClusterNameLocks.Held had = second.get(5, TimeUnit.SECONDS);
        assertThat(had).as("had by the waiting node once let go").isNotNull();
        had.close();
    }

    @Test
    void otherNamesAreNotHeldUp() throws InterruptedException {
        ClusterNameLocks.Held joker = nodeOne.tryLock(clusterProvider, "gotham\0joker", 1_000);
        ClusterNameLocks.Held riddler = nodeTwo.tryLock(clusterProvider, "gotham\0riddler", 1_000);

        assertThat(joker).isNotNull();
        assertThat(riddler).isNotNull();
        joker.close();
        riddler.close();
    }

    @Test
    void aNameLetGoIsGoneFromTheClusterAndClosingTwiceDoesNothing() throws Exception {
        ClusterNameLocks.Held held = nodeOne.tryLock(clusterProvider, "gotham\0joker", 1_000);
        held.close();
        held.close();

        ClusterNameLocks.Held again = nodeTwo.tryLock(clusterProvider, "gotham\0joker", 5_000);
        assertThat(again).isNotNull();
        again.close();
    }

    @Test
    void whenEveryHolderIsBusyTheNameIsNotHeld() throws InterruptedException {
        ClusterNameLocks oneHolder = new ClusterNameLocks(1, 60);
        try {
            ClusterNameLocks.Held busy = oneHolder.tryLock(clusterProvider, "gotham\0joker", 1_000);

            assertThat(oneHolder.tryLock(clusterProvider, "gotham\0riddler", 1_000))
                    .as("no holder thread left")
                    .isNull();
            busy.close();
        } finally {
            oneHolder.close();
        }
    }

    @Test
    void aFailingClusterLockSaysSo() {
        ClusterProvider broken =
                Fakes.fake(ClusterProvider.class, "broken cluster", Map.of("executeIfNotExecuted", args -> {
                    throw new IllegalStateException("no coordinator");
                }));

        assertThatThrownBy(() -> nodeOne.tryLock(broken, "gotham\0joker", 1_000))
                .isInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("no coordinator");
    }
}
