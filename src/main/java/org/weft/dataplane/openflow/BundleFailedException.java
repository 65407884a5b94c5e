package org.weft.dataplane.openflow;

import java.util.List;

/**
 * A bundle the switch did not commit: nothing in it was applied (OpenFlow 1.4 §7.3.9, atomic
 * bundles). The errors say which message made it fail.
 */
public final class BundleFailedException extends OpenFlowErrorException {
    public BundleFailedException(String what, List<SwitchError> errors) {
        super(what, errors);
    }
}
