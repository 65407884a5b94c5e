package org.weft.dataplane.ovsdb;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Where an OVSDB server listens, written as Open vSwitch writes it: {@code unix:FILE} or {@code
 * tcp:HOST:PORT} (the {@code [ovs] ovsdb_connection} setting). SSL is not supported.
 */
public sealed interface OvsdbTarget {

    /** Opens a non-blocking channel of the right family, not yet connected. */
    SocketChannel open() throws IOException;

    SocketAddress address();

    static OvsdbTarget parse(String text) {
        String target = text.strip();
        if (target.startsWith("unix:")) {
            return new Unix(Path.of(target.substring("unix:".length())));
        }
        if (target.startsWith("tcp:")) {
            String rest = target.substring("tcp:".length());
            int colon = rest.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("OVSDB target '" + text + "' has no port");
            }
            String host = rest.substring(0, colon).replace("[", "").replace("]", "");
            return new Tcp(host, Integer.parseInt(rest.substring(colon + 1)));
        }
        throw new IllegalArgumentException(
                "OVSDB target '" + text + "' is neither unix:FILE nor tcp:HOST:PORT");
    }

    static OvsdbTarget unix(Path socket) {
        return new Unix(socket);
    }

    /** A unix domain socket, such as ovsdb-server's {@code db.sock}. */
    record Unix(Path socket) implements OvsdbTarget {
        @Override
        public SocketChannel open() throws IOException {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.configureBlocking(false);
            return channel;
        }

        @Override
        public SocketAddress address() {
            return UnixDomainSocketAddress.of(socket);
        }

        @Override
        public String toString() {
            return "unix:" + socket;
        }
    }

    /** A TCP listener ({@code ptcp:} on the server's side). */
    record Tcp(String host, int port) implements OvsdbTarget {
        @Override
        public SocketChannel open() throws IOException {
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.socket().setTcpNoDelay(true);
            return channel;
        }

        @Override
        public SocketAddress address() {
            return new InetSocketAddress(host, port);
        }

        @Override
        public String toString() {
            return "tcp:" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
