package org.weft.lab;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * Logs in to a broker as the guide's agents do ({@code rabbit_host} only, so {@code guest} on the
 * default port) and prints the broker's product name; run inside a lab host by the tests.
 */
public final class AmqpProbe {
    private AmqpProbe() {}

    public static void main(String[] args) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(args[0]);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setConnectionTimeout(10_000);
        try (Connection connection = factory.newConnection()) {
            System.out.println("logged in to " + connection.getServerProperties().get("product"));
        }
    }
}
