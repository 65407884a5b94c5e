package org.weft.agent.l3.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.Placement;

/**
 * Announces an address that just appeared on a gateway device with gratuitous ARP ({@code arping
 * -U}), so that neighbours on the external network that cached another MAC for it (the address was
 * on another router a moment ago) learn the new one at once. The announcements run in the
 * background: a router change does not wait the seconds they take.
 */
public final class ArpAnnouncer {
    private static final Logger log = LoggerFactory.getLogger(ArpAnnouncer.class);
    private static final Semaphore RUNNING = new Semaphore(16);

    private final int count;

    /**
     * @param count how many announcements per address ({@code send_arp_for_ha}); 0 sends none
     */
    public ArpAnnouncer(int count) {
        this.count = count;
    }

    public void announce(Placement namespace, String device, List<String> addresses) {
        if (count == 0) {
            return;
        }
        for (String address : addresses) {
            Thread.ofVirtual()
                    .name("arping-" + address)
                    .start(() -> send(namespace, device, address));
        }
    }

    private void send(Placement namespace, String device, String address) {
        RUNNING.acquireUninterruptibly();
        try {
            Command.Result result =
                    Command.of(
                                    "arping",
                                    "-U",
                                    "-q",
                                    "-c",
                                    Integer.toString(count),
                                    "-w",
                                    Integer.toString(count + 1),
                                    "-I",
                                    device,
                                    address)
                            .in(namespace)
                            .withTimeout(Duration.ofSeconds(count + 5L))
                            .execute();
            // arping -U expects no reply, and says so with status 1; only a failure to send,
            // which it reports on standard error, matters.
            if (result.stderr().contains("Network is down")
                    || result.stderr().contains("No such device")
                    || result.stderr().contains("Cannot open network namespace")) {
                // The router or its gateway went away while the announcement was under way.
                log.debug(
                        "announcement of address={} device={} ended: {}",
                        address,
                        device,
                        result.stderr().strip());
            } else if (!result.stderr().isBlank()) {
                log.warn(
                        "gratuitous ARP for address={} device={} failed: {}",
                        address,
                        device,
                        result.stderr().strip());
            } else {
                log.debug("announced address={} device={}", address, device);
            }
        } finally {
            RUNNING.release();
        }
    }
}
