package org.weft.doctor;

/** The outcome of one check: OK, FAIL with what to do, or SKIP with why it did not run. */
public record CheckResult(Status status, String name, String detail, String remedy) {

    /** How a check came out. */
    public enum Status {
        OK,
        FAIL,
        SKIP
    }

    public static CheckResult ok(String name, String detail) {
        return new CheckResult(Status.OK, name, detail, "");
    }

    public static CheckResult fail(String name, String detail, String remedy) {
        return new CheckResult(Status.FAIL, name, detail, remedy);
    }

    public static CheckResult skip(String name, String why) {
        return new CheckResult(Status.SKIP, name, why, "");
    }

    public boolean failed() {
        return status == Status.FAIL;
    }

    /** {@code OK name: detail}, and for a failure a second line with what to do. */
    public String render() {
        String line = String.format("%-5s %s: %s", status, name, detail);
        return remedy.isEmpty()
                ? line
                : line + System.lineSeparator() + "      what to do: " + remedy;
    }
}
