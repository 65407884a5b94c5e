package org.weft.server.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.weft.store.Transaction;

/**
 * Decides how a port is wired on its host ({@code binding:vif_type} and {@code
 * binding:vif_details}) whenever its {@code binding:host_id} is set or changes: where the L2
 * agents' knowledge (which hosts run an agent, with which firewall) plugs in.
 */
public interface PortBinder {
    /** The binding of {@code port} on its {@code binding:host_id} (which may be empty). */
    Binding bind(Transaction tx, Port port, Network network);

    /** A port's binding result. */
    record Binding(String vifType, ObjectNode vifDetails) {
        public static final String UNBOUND = "unbound";
        public static final String BINDING_FAILED = "binding_failed";

        public static Binding unbound() {
            return new Binding(UNBOUND, JsonNodeFactory.instance.objectNode());
        }

        public static Binding failed() {
            return new Binding(BINDING_FAILED, JsonNodeFactory.instance.objectNode());
        }
    }

    /**
     * Binds nothing: a port without a host is {@code unbound}; one with a host is {@code
     * binding_failed}, as Neutron answers when no agent runs on that host.
     */
    PortBinder NO_AGENTS =
            (tx, port, network) ->
                    port.bindingHost().isEmpty() ? Binding.unbound() : Binding.failed();
}
