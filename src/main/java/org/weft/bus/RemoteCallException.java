package org.weft.bus;

/**
 * The server that handled an RPC call failed: its handler threw, or it could not read the request.
 * Carries the failure's type and message as the server reported them.
 */
public final class RemoteCallException extends BusException {
    private final String remoteType;
    private final String remoteMessage;

    public RemoteCallException(String method, String remoteType, String remoteMessage) {
        super(method + " failed on the server: " + remoteType + ": " + remoteMessage);
        this.remoteType = remoteType;
        this.remoteMessage = remoteMessage;
    }

    /** The simple name of the exception the server's handler threw, or the bus's error kind. */
    public String remoteType() {
        return remoteType;
    }

    public String remoteMessage() {
        return remoteMessage;
    }
}
