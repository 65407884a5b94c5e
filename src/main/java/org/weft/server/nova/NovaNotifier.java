package org.weft.server.nova;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.config.Config;
import org.weft.server.nova.internal.NovaClient;
import org.weft.server.nova.internal.NovaUnavailableException;
import org.weft.server.service.Change;
import org.weft.server.service.ChangeListener;
import org.weft.server.service.FloatingIp;
import org.weft.server.service.Port;
import org.weft.server.service.StandardResource;

/**
 * Tells Nova what became of its instances' ports, as Neutron's notifier does: the events of each
 * committed change are queued (the port's update never waits for Nova), and every {@code
 * send_events_interval} seconds the queued ones go in one request. A batch Nova or Keystone does
 * not take is tried again at the next intervals, {@link #ATTEMPTS} times in all, then dropped with
 * a WARN: Nova then learns of the port's state only when it asks.
 */
public final class NovaNotifier implements ChangeListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NovaNotifier.class);
    static final int ATTEMPTS = 3;

    private final NovaClient client;
    private final boolean statusChanges;
    private final boolean dataChanges;
    private final ConcurrentLinkedQueue<NovaEvent> queued = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService sender =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread thread = new Thread(r, "nova-notifier");
                        thread.setDaemon(true);
                        return thread;
                    });
    private List<NovaEvent> retrying = List.of();
    private int attempts;

    private NovaNotifier(
            NovaClient client, boolean statusChanges, boolean dataChanges, Duration interval) {
        this.client = client;
        this.statusChanges = statusChanges;
        this.dataChanges = dataChanges;
        sender.scheduleWithFixedDelay(
                this::sendQueued, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The notifier {@code config} asks for: none when both notify settings are off or {@code [nova]
     * auth_url} is unset (logged, as a server without Nova is a normal setup).
     */
    public static Optional<NovaNotifier> of(Config config) {
        boolean status = config.get(NovaOptions.NOTIFY_ON_PORT_STATUS_CHANGES);
        boolean data = config.get(NovaOptions.NOTIFY_ON_PORT_DATA_CHANGES);
        Optional<String> authUrl = config.find(NovaOptions.AUTH_URL);
        if (!status && !data) {
            return Optional.empty();
        }
        if (authUrl.isEmpty()) {
            log.info("not notifying Nova of port changes: [nova] auth_url is not set");
            return Optional.empty();
        }
        config.get(NovaOptions.AUTH_TYPE);
        NovaClient.Settings settings =
                new NovaClient.Settings(
                        URI.create(authUrl.get()),
                        config.find(NovaOptions.USERNAME).orElse(""),
                        config.find(NovaOptions.PASSWORD).orElse(""),
                        config.find(NovaOptions.PROJECT_NAME).orElse(""),
                        config.get(NovaOptions.USER_DOMAIN_NAME),
                        config.get(NovaOptions.PROJECT_DOMAIN_NAME),
                        config.find(NovaOptions.REGION_NAME),
                        config.get(NovaOptions.ENDPOINT_TYPE));
        Duration interval = Duration.ofSeconds(config.get(NovaOptions.SEND_EVENTS_INTERVAL));
        log.info(
                "notifying Nova of port changes status={} data={} interval={}s {}",
                status,
                data,
                interval.toSeconds(),
                settings);
        return Optional.of(new NovaNotifier(new NovaClient(settings), status, data, interval));
    }

    @Override
    public void portChanged(Change<Port> change) {
        queue(NovaEvent.of(change, statusChanges, dataChanges));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void resourceChanged(String resource, Change<? extends StandardResource> change) {
        if (dataChanges && resource.equals("floatingip")) {
            queue(NovaEvent.of((Change<FloatingIp>) change));
        }
    }

    private void queue(List<NovaEvent> events) {
        for (NovaEvent event : events) {
            log.debug("queued for Nova event={}", event);
            queued.add(event);
        }
    }

    /** One interval's batch: the one being retried, else everything queued. */
    private void sendQueued() {
        if (retrying.isEmpty()) {
            List<NovaEvent> batch = new ArrayList<>();
            for (NovaEvent event = queued.poll(); event != null; event = queued.poll()) {
                batch.add(event);
            }
            if (batch.isEmpty()) {
                return;
            }
            retrying = batch;
            attempts = 0;
        }
        attempts++;
        try {
            client.send(retrying);
            log.info("sent Nova events={}", retrying);
            retrying = List.of();
        } catch (NovaUnavailableException | IllegalArgumentException e) {
            if (attempts >= ATTEMPTS) {
                log.warn(
                        "dropped Nova events after {} attempts events={}: {}",
                        attempts,
                        retrying,
                        e.getMessage());
                retrying = List.of();
            } else {
                log.warn(
                        "Nova did not take events, will retry attempt={} of {} events={}: {}",
                        attempts,
                        ATTEMPTS,
                        retrying.size(),
                        e.getMessage());
            }
        } catch (RuntimeException e) {
            log.warn("dropped Nova events events={}", retrying, e);
            retrying = List.of();
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
