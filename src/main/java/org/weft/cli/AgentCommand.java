package org.weft.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code weft agent}: the agents, one subcommand each. */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description = "Runs one of Weft's agents.",
        subcommands = {
            OvsAgentCommand.class,
            L3AgentCommand.class,
            MetadataAgentCommand.class,
            DhcpAgentCommand.class
        })
public final class AgentCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
