package org.weft.dataplane.openflow;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Where a bridge listens for OpenFlow: its management socket {@code <rundir>/<bridge>.mgmt} (the
 * {@code punix:} listener every Open vSwitch bridge opens), or a {@code ptcp:} listener.
 *
 * <p>Weft connects to the bridge rather than having the bridge connect to it: the management socket
 * exists for every bridge without configuration, so no controller row, no TCP port and no fail-mode
 * fallback come into play, the file's permissions are the access control, and the same path works
 * from any network namespace.
 */
public sealed interface OpenFlowTarget {

    SocketChannel open() throws IOException;

    SocketAddress address();

    /** The management socket of {@code bridge} in Open vSwitch's run directory. */
    static OpenFlowTarget managementSocket(Path runDirectory, String bridge) {
        return new Unix(runDirectory.resolve(bridge + ".mgmt"));
    }

    static OpenFlowTarget parse(String text) {
        if (text.startsWith("unix:")) {
            return new Unix(Path.of(text.substring("unix:".length())));
        }
        if (text.startsWith("tcp:")) {
            String rest = text.substring("tcp:".length());
            int colon = rest.lastIndexOf(':');
            return new Tcp(rest.substring(0, colon), Integer.parseInt(rest.substring(colon + 1)));
        }
        throw new IllegalArgumentException(
                "OpenFlow target '" + text + "' is neither unix:FILE nor tcp:HOST:PORT");
    }

    /** A unix socket such as {@code /var/run/openvswitch/br-int.mgmt}. */
    record Unix(Path socket) implements OpenFlowTarget {
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

    /** A TCP listener of the bridge ({@code ovs-vsctl set-controller br ptcp:PORT:127.0.0.1}). */
    record Tcp(String host, int port) implements OpenFlowTarget {
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
            return "tcp:" + host + ":" + port;
        }
    }
}
