package org.weft.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a database URL as oslo.db and SQLAlchemy write it, {@code
 * dialect[+driver]://user:password@host:port/database?key=value}, and turns it into JDBC: the
 * install guide's {@code mysql://quantumUser:quantumPass@10.10.10.51/quantum}, {@code
 * mysql+pymysql://…}, {@code postgresql://…} and {@code postgresql+psycopg2://…}. The Python driver
 * named after {@code +} has no meaning for Java and is ignored.
 */
final class ConnectionUrl {
    private static final Logger log = LoggerFactory.getLogger(ConnectionUrl.class);

    private ConnectionUrl() {}

    static Database parse(String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd <= 0) {
            throw new IllegalArgumentException(
                    "not a database URL (expected dialect://user:password@host/database)");
        }
        String dialectName = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        int plus = dialectName.indexOf('+');
        String family = plus < 0 ? dialectName : dialectName.substring(0, plus);
        Dialect dialect =
                switch (family) {
                    case "mysql", "mariadb" -> Dialect.MARIADB;
                    case "postgresql", "postgres" -> Dialect.POSTGRESQL;
                    default ->
                            throw new IllegalArgumentException(
                                    "unknown database '"
                                            + family
                                            + "', expected mysql://, postgresql:// or sqlite://");
                };
        return parts(url.substring(schemeEnd + 3), dialect);
    }

    private static Database parts(String rest, Dialect dialect) {
        Map<String, String> query = new LinkedHashMap<>();
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = query(rest.substring(question + 1));
            rest = rest.substring(0, question);
        }
        String user = "";
        String password = "";
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String credentials = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = credentials.indexOf(':');
            user = decode(colon < 0 ? credentials : credentials.substring(0, colon));
            password = colon < 0 ? "" : decode(credentials.substring(colon + 1));
        }
        int slash = rest.indexOf('/');
        String hostPort = slash < 0 ? rest : rest.substring(0, slash);
        String name = slash < 0 ? "" : decode(rest.substring(slash + 1));
        if (name.isEmpty()) {
            throw new IllegalArgumentException("the URL names no database (…/database)");
        }
        String jdbc = jdbcUrl(dialect, hostPort, name, query);
        return new Database(jdbc, user, password, dialect);
    }

    private static String jdbcUrl(
            Dialect dialect, String hostPort, String name, Map<String, String> query) {
        String host = hostPort.isEmpty() ? "localhost" : hostPort;
        String scheme = dialect == Dialect.MARIADB ? "jdbc:mariadb://" : "jdbc:postgresql://";
        List<String> properties =
                dialect == Dialect.MARIADB ? mariaDbProperties(query) : postgreSqlProperties(query);
        return scheme
                + host
                + "/"
                + encodePath(name)
                + (properties.isEmpty() ? "" : "?" + String.join("&", properties));
    }

    /**
     * MySQL's parameters: {@code unix_socket} is the driver's {@code localSocket}; {@code charset}
     * is always utf8mb4 for the Java driver; the rest (SSL files of the Python drivers) have no
     * equivalent and are named at WARN.
     */
    private static List<String> mariaDbProperties(Map<String, String> query) {
        List<String> properties = new ArrayList<>();
        for (Map.Entry<String, String> entry : query.entrySet()) {
            switch (entry.getKey()) {
                case "unix_socket" -> properties.add("localSocket=" + entry.getValue());
                case "charset", "use_unicode", "read_default_file", "read_default_group" -> {}
                default ->
                        log.warn(
                                "database URL parameter ignored parameter={}: the Java driver has"
                                        + " no equivalent",
                                entry.getKey());
            }
        }
        return properties;
    }

    /**
     * PostgreSQL's parameters are libpq's; the JDBC driver reads the common ones ({@code sslmode},
     * {@code connect_timeout}, {@code application_name}) under the same names. A {@code host}
     * parameter naming a socket directory cannot be served: the driver speaks TCP only.
     */
    private static List<String> postgreSqlProperties(Map<String, String> query) {
        List<String> properties = new ArrayList<>();
        for (Map.Entry<String, String> entry : query.entrySet()) {
            if (entry.getKey().equals("host") && entry.getValue().startsWith("/")) {
                throw new IllegalArgumentException(
                        "a PostgreSQL Unix socket ("
                                + entry.getValue()
                                + ") is not supported; name a TCP host such as 127.0.0.1");
            }
            String key =
                    entry.getKey().equals("connect_timeout") ? "connectTimeout" : entry.getKey();
            properties.add(key + "=" + entry.getValue());
        }
        return properties;
    }

    private static Map<String, String> query(String text) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = decode(equals < 0 ? pair : pair.substring(0, equals));
            query.put(key, equals < 0 ? "" : decode(pair.substring(equals + 1)));
        }
        return query;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String encodePath(String name) {
        return name.replace("%", "%25").replace("/", "%2F").replace("?", "%3F");
    }
}
