package org.weft.server.api;

import java.util.OptionalLong;
import org.weft.server.policy.Caller;
import org.weft.server.service.Attributes;
import org.weft.server.service.StandardResource;

/** The service calls behind a {@link ResourceCollection}: what create, update and delete do. */
public interface ResourceOperations<T extends StandardResource> {
    T create(Caller caller, Attributes attributes);

    T update(Caller caller, String id, Attributes changes, OptionalLong ifMatch);

    void delete(Caller caller, String id, OptionalLong ifMatch);
}
