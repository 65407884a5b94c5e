package org.weft.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.weft.config.Config;
import org.weft.config.Logging;
import picocli.CommandLine.Option;

/**
 * The {@code --config-file} and {@code --config-dir} options every process takes, as oslo's
 * services do: files in the order given, later ones winning, then the {@code *.conf} files of each
 * directory. Given neither, a process reads its files from {@code /etc/weft}, {@code /etc/neutron}
 * or {@code /etc/quantum}: see {@link DefaultConfigFiles}.
 */
public final class ConfigFiles {
    @Option(
            names = "--config-file",
            paramLabel = "FILE",
            description = "A configuration file; repeat for several (later ones win).")
    List<Path> files = new ArrayList<>();

    @Option(
            names = "--config-dir",
            paramLabel = "DIR",
            description = "A directory whose *.conf files are read after the --config-file ones.")
    List<Path> dirs = new ArrayList<>();

    /** Reads the files, sets up logging for {@code processName}, and warns about unknown keys. */
    public Config load(String processName) {
        Config config =
                files.isEmpty() && dirs.isEmpty()
                        ? Config.load(
                                DefaultConfigFiles.of(
                                        processName, DefaultConfigFiles.SYSTEM_DIRECTORIES),
                                List.of())
                        : Config.load(files, dirs);
        Logging.configure(config, processName);
        AllOptions.known().warnAboutUnknown(config);
        return config;
    }
}
