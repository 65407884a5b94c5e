package org.weft.dataplane.openflow;

import java.util.List;

/**
 * The switch refused one or more messages (OpenFlow 1.4 §7.4.4): each error with its type and code
 * names, and what Weft had asked for.
 */
public class OpenFlowErrorException extends OpenFlowException {
    private final List<SwitchError> errors;

    public OpenFlowErrorException(String what, List<SwitchError> errors) {
        super(what + " failed: " + describe(errors));
        this.errors = List.copyOf(errors);
    }

    private static String describe(List<SwitchError> errors) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < errors.size() && i < 5; i++) {
            text.append(i == 0 ? "" : "; ").append(errors.get(i));
        }
        if (errors.size() > 5) {
            text.append("; and ").append(errors.size() - 5).append(" more");
        }
        return text.toString();
    }

    public List<SwitchError> errors() {
        return errors;
    }

    /** One error message of the switch: its type and code, and the request it answered. */
    public record SwitchError(String type, String code, String request) {
        @Override
        public String toString() {
            return type + "/" + code + " for " + request;
        }
    }
}
