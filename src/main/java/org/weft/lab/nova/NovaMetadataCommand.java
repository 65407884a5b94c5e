package org.weft.lab.nova;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.weft.agent.metadata.Instance;
import org.weft.agent.metadata.MetadataAgentOptions;
import org.weft.cli.ConfigFiles;
import org.weft.config.CommonOptions;
import org.weft.config.Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code weft lab nova-metadata}: runs the Nova metadata stand-in in the foreground until it is
 * stopped, as the lab's controller runs it for the demo. Given the guide's {@code
 * metadata_agent.ini} ({@code --config-file}), it listens where that file says Nova is ({@code
 * nova_metadata_ip}:{@code nova_metadata_port}) with its {@code metadata_proxy_shared_secret}, and
 * reads known instances from {@code $state_path/nova-instances}; the options override the file.
 */
@Command(
        name = "nova-metadata",
        mixinStandardHelpOptions = true,
        description =
                "A stand-in for Nova's metadata server that checks X-Instance-ID-Signature as Nova"
                        + " does and answers for the instances it knows.")
public final class NovaMetadataCommand implements Callable<Integer> {
    @Mixin ConfigFiles configFiles;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS:PORT",
            description = "Where to listen (default: nova_metadata_ip:nova_metadata_port).")
    String bind;

    @Option(
            names = "--secret",
            paramLabel = "SECRET",
            description =
                    "Nova's [neutron] metadata_proxy_shared_secret (default: the configuration's).")
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
                            + " whenever it changes (default: $state_path/nova-instances).")
    Path registry;

    @Override
    public Integer call() throws InterruptedException {
        Config config = configFiles.load("nova-metadata");
        if (bind == null) {
            bind =
                    config.get(MetadataAgentOptions.NOVA_METADATA_HOST)
                            + ":"
                            + config.get(MetadataAgentOptions.NOVA_METADATA_PORT);
        }
        if (secret == null) {
            secret = config.get(MetadataAgentOptions.METADATA_PROXY_SHARED_SECRET);
        }
        if (registry == null) {
            registry = Path.of(config.get(CommonOptions.STATE_PATH), "nova-instances");
        }
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
