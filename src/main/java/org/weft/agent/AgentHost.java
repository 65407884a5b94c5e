package org.weft.agent;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.weft.config.CommonOptions;
import org.weft.config.Config;

/** The name an agent reports and is addressed by: {@code [DEFAULT] host}, or the machine's. */
public final class AgentHost {
    private AgentHost() {}

    public static String of(Config config) {
        return config.find(CommonOptions.HOST)
                .orElseGet(
                        () -> {
                            try {
                                return InetAddress.getLocalHost().getHostName();
                            } catch (UnknownHostException e) {
                                return "localhost";
                            }
                        });
    }
}
