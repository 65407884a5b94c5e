package org.weft.cli;

import org.weft.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code weft} command: one launcher for the server, the agents, the lab and the tools. */
@Command(
        name = "weft",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Networking for clouds: a Neutron-compatible API server and its agents.",
        subcommands = {
            CommandLine.HelpCommand.class,
            ServerCommand.class,
            DemoCommand.class,
            AllInOneCommand.class,
            AgentCommand.class,
            BenchCommand.class,
            DoctorCommand.class,
            CleanupCommand.class,
            org.weft.lab.LabCommand.class,
            org.weft.agent.vif.VifCommand.class
        })
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree, with every subcommand registered. */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new Main());
        line.setExecutionExceptionHandler(new ErrorHandler());
        return line;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"weft " + (version == null ? "(development)" : version)};
        }
    }
}
