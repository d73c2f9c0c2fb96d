package org.gotham.systemtest.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/** Requests prepared one per node (pages opened, say), then sent at the same moment: a race across the cluster. */
final class AtOnce {

    private AtOnce() {}

    /** Prepares one request per node, sends them all at once and returns the answers in the nodes' order. */
    static <T> List<T> race(List<ClusterNode> nodes, Function<ClusterNode, Supplier<T>> prepare) {
        List<Supplier<T>> requests = nodes.stream().map(prepare).toList();
        // a thread per request: the common pool has one thread on a two-core machine, which would run them in turn
        ExecutorService threads = Executors.newFixedThreadPool(requests.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<T>> answers = requests.stream()
                    .map(request -> CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    start.await();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    throw new IllegalStateException(e);
                                }
                                return request.get();
                            },
                            threads))
                    .toList();
            start.countDown();
            return answers.stream().map(CompletableFuture::join).toList();
        } finally {
            threads.shutdownNow();
        }
    }
}
