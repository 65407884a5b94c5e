package org.weft.bus.internal.amqp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An oslo.messaging transport URL: {@code
 * driver://[user:pass@]host[:port][,[user:pass@]host[:port]]* /[virtual_host][?query]}, as {@code
 * transport_url} holds it. Several hosts make a cluster; a host without credentials or port takes
 * them from the settings given as defaults.
 */
public record TransportUrl(String driver, List<BrokerAddress> brokers, String virtualHost) {

    /**
     * Parses {@code text}, filling what a host leaves out from {@code defaults}.
     *
     * @throws IllegalArgumentException naming what is wrong, never the password
     */
    public static TransportUrl parse(String text, BrokerAddress defaults) {
        String trimmed = text.strip();
        int schemeEnd = trimmed.indexOf("://");
        if (schemeEnd <= 0) {
            throw new IllegalArgumentException("not a transport URL (driver://hosts/vhost)");
        }
        String driver = trimmed.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        String rest = trimmed.substring(schemeEnd + 3);
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        int slash = rest.indexOf('/');
        String hosts = slash < 0 ? rest : rest.substring(0, slash);
        String virtualHost = slash < 0 ? "" : decode(rest.substring(slash + 1));
        List<BrokerAddress> brokers = new ArrayList<>();
        for (String host : hosts.split(",")) {
            if (!host.isBlank()) {
                brokers.add(parseHost(host.strip(), defaults));
            }
        }
        return new TransportUrl(driver, brokers, virtualHost.isEmpty() ? "/" : virtualHost);
    }

    private static BrokerAddress parseHost(String text, BrokerAddress defaults) {
        String user = defaults.userId();
        String password = defaults.password();
        String hostPort = text;
        int at = text.lastIndexOf('@');
        if (at >= 0) {
            String credentials = text.substring(0, at);
            hostPort = text.substring(at + 1);
            int colon = credentials.indexOf(':');
            user = decode(colon < 0 ? credentials : credentials.substring(0, colon));
            password = colon < 0 ? password : decode(credentials.substring(colon + 1));
        }
        String host;
        String port = "";
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '[' in host '" + hostPort + "'");
            }
            host = hostPort.substring(1, close);
            port = hostPort.substring(close + 1).replaceFirst("^:", "");
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? "" : hostPort.substring(colon + 1);
        }
        if (host.isEmpty()) {
            host = defaults.host();
        }
        return new BrokerAddress(
                host, port.isEmpty() ? defaults.port() : portOf(port), user, password);
    }

    private static int portOf(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port '" + text + "'");
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
