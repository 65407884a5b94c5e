package org.weft.bus.rabbit;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * Logs in as {@code guest} to the broker at {@code host port} and exits 0 when admitted, 3 when
 * refused, 1 otherwise. Run inside a namespace by {@link RabbitMqServerTest}, to log in from an
 * address that is not loopback.
 */
public final class GuestLoginProbe {
    private GuestLoginProbe() {}

    public static void main(String[] args) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(args[0]);
        factory.setPort(Integer.parseInt(args[1]));
        try (Connection connection = factory.newConnection("guest-probe")) {
            System.out.println("admitted " + connection.getAddress());
            System.exit(0);
        } catch (AuthenticationFailureException e) {
            System.out.println("refused: " + e.getMessage());
            System.exit(3);
        } catch (Exception e) {
            System.out.println("failed: " + e);
            System.exit(1);
        }
    }
}
