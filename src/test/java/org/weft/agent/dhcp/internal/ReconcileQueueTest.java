package org.weft.agent.dhcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReconcileQueueTest {

    @Test
    void burstOfMarksWhileAPassRunsBecomesOneMorePass() throws Exception {
        CountDownLatch firstPassStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger passes = new AtomicInteger();
        try (ReconcileQueue queue =
                new ReconcileQueue(
                        "test",
                        4,
                        key -> {
                            if (passes.incrementAndGet() == 1) {
                                firstPassStarted.countDown();
                                await(release);
                            }
                        })) {
            queue.mark("net-1");
            assertThat(firstPassStarted.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 100; i++) {
                queue.mark("net-1");
            }
            release.countDown();

            assertThat(queue.awaitIdle(Duration.ofSeconds(5))).isTrue();
            assertThat(passes.get()).isEqualTo(2);
        }
    }

    @Test
    void oneKeyIsNeverWorkedOnTwiceAtOnceWhileOthersRunAlongside() throws Exception {
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        AtomicInteger maxKeysAtOnce = new AtomicInteger();
        try (ReconcileQueue queue =
                new ReconcileQueue(
                        "test",
                        4,
                        key -> {
                            if (running.computeIfAbsent(key, k -> new AtomicInteger())
                                            .incrementAndGet()
                                    > 1) {
                                overlaps.add(key);
                            }
                            maxKeysAtOnce.accumulateAndGet(
                                    (int)
                                            running.values().stream()
                                                    .filter(count -> count.get() > 0)
                                                    .count(),
                                    Math::max);
                            sleep(20);
                            running.get(key).decrementAndGet();
                        })) {
            for (int round = 0; round < 20; round++) {
                for (String key : List.of("a", "b", "c", "d")) {
                    queue.mark(key);
                }
                sleep(5);
            }

            assertThat(queue.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(overlaps).isEmpty();
            assertThat(maxKeysAtOnce.get()).isGreaterThan(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
