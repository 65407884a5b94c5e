package org.weft.dataplane.openflow.internal;

/**
 * Keeps Netty's buffers (which openflowj writes into) off {@code sun.misc.Unsafe}: from Java 24 on,
 * its use prints a warning on the console of every Weft process, and plain heap buffers are all
 * OpenFlow encoding needs. Must run before Netty's classes load; an explicit setting wins.
 */
final class NettyQuiet {
    private NettyQuiet() {}

    static void apply() {
        if (System.getProperty("io.netty.noUnsafe") == null) {
            System.setProperty("io.netty.noUnsafe", "true");
        }
    }
}
