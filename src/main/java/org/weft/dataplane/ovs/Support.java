package org.weft.dataplane.ovs;

/** Whether a feature of Open vSwitch works here, and if not, what went wrong. */
public record Support(boolean works, String problem) {
    public static Support yes() {
        return new Support(true, "");
    }

    public static Support no(String problem) {
        return new Support(false, problem);
    }

    @Override
    public String toString() {
        return works ? "yes" : "no (" + problem + ")";
    }
}
