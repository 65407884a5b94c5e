package org.weft.server;

/**
 * A request that cannot be carried out, as the API reports it: an HTTP status, a Neutron error type
 * (the {@code type} of {@code NeutronError}, such as {@code NetworkNotFound}) and a message for
 * people. Every layer of the server raises these; the API turns them into responses and the bus
 * into error replies.
 */
public abstract class ApiException extends RuntimeException {
    private final int status;
    private final String type;

    protected ApiException(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }
}
