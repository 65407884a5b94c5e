package org.weft.lab.nova;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.weft.agent.metadata.Instance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft lab nova-metadata}: runs the Nova metadata stand-in in the foreground until it is
 * stopped, as the lab's controller runs it for the demo.
 */
@Command(
        name = "nova-metadata",
        mixinStandardHelpOptions = true,
        description =
                "A stand-in for Nova's metadata server that checks X-Instance-ID-Signature as Nova"
                        + " does and answers for the instances it knows.")
public final class NovaMetadataCommand implements Callable<Integer> {
    @Option(
            names = "--bind",
            paramLabel = "ADDRESS:PORT",
            defaultValue = "127.0.0.1:8775",
            description = "Where to listen (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(
            names = "--secret",
            required = true,
            paramLabel = "SECRET",
            description = "Nova's [neutron] metadata_proxy_shared_secret.")
    String secret;

    @Option(
            names = "--instance",
            paramLabel = "INSTANCE_ID:PROJECT_ID",
            description = "An instance Nova knows; repeat for several.")
    List<String> instances = new ArrayList<>();

    @Option(
            names = "--registry",
            paramLabel = "FILE",
            description =
                    "A file of known instances, one '<instance id> <project id>' a line, read again"
                            + " whenever it changes.")
    Path registry;

    @Override
    public Integer call() throws InterruptedException {
        int colon = bind.lastIndexOf(':');
        InetSocketAddress address =
                new InetSocketAddress(
                        bind.substring(0, colon), Integer.parseInt(bind.substring(colon + 1)));
        NovaMetadataStandIn standIn =
                NovaMetadataStandIn.start(address, secret, Optional.ofNullable(registry));
        for (String instance : instances) {
            String[] parts = instance.split(":", 2);
            if (parts.length != 2) {
                throw new picocli.CommandLine.ParameterException(
                        new picocli.CommandLine(this),
                        "--instance must be INSTANCE_ID:PROJECT_ID: " + instance);
            }
            standIn.register(new Instance(parts[0], parts[1]));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    standIn.close();
                                    stopped.countDown();
                                }));
        stopped.await();
        return 0;
    }
}
