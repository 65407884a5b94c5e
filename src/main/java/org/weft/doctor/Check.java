package org.weft.doctor;

/** One thing {@code weft doctor} looks at on this host. */
public interface Check {
    /** What is checked, as the report names it: {@code Open vSwitch}, {@code Clock}. */
    String name();

    CheckResult run(DoctorContext context);
}
