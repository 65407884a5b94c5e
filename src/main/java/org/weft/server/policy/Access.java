package org.weft.server.policy;

/**
 * Who may read or write an attribute under Neutron's default policy, relative to the resource (and,
 * for ports and subnets, to the network they are on).
 */
public enum Access {
    /** Whoever may see the resource. */
    ANYONE,
    /** Administrators and the owner of the network the resource is on. */
    NETWORK_OWNER,
    /** Administrators only. */
    ADMIN;

    public boolean allows(Caller caller, boolean callerOwnsNetwork) {
        return switch (this) {
            case ANYONE -> true;
            case NETWORK_OWNER -> caller.admin() || callerOwnsNetwork;
            case ADMIN -> caller.admin();
        };
    }
}
