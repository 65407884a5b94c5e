package org.weft.dataplane.openflow;

/**
 * An OpenFlow port number: the {@code ofport} Open vSwitch gives an interface, or one of the
 * reserved ports of OpenFlow 1.4 §7.2.1 ({@code NORMAL}, {@code IN_PORT}, {@code LOCAL}, …).
 */
public record OfPort(int number) {
    public static final OfPort IN_PORT = new OfPort(0xfffffff8);
    public static final OfPort TABLE = new OfPort(0xfffffff9);
    public static final OfPort NORMAL = new OfPort(0xfffffffa);
    public static final OfPort FLOOD = new OfPort(0xfffffffb);
    public static final OfPort ALL = new OfPort(0xfffffffc);
    public static final OfPort CONTROLLER = new OfPort(0xfffffffd);
    public static final OfPort LOCAL = new OfPort(0xfffffffe);
    public static final OfPort ANY = new OfPort(0xffffffff);

    public static OfPort of(int number) {
        if (number <= 0 || (number > 0xff00 && number < 0xfffffff8)) {
            throw new IllegalArgumentException("ofport " + number + " is not a port number");
        }
        return new OfPort(number);
    }

    /** The reserved ports as the 16-bit numbers of Nicira actions ({@code OFPP_IN_PORT} 0xfff8). */
    int asNicira() {
        return Integer.compareUnsigned(number, 0xffffff00) >= 0 ? (number & 0xffff) : number;
    }

    @Override
    public String toString() {
        return switch (number) {
            case 0xfffffff8 -> "IN_PORT";
            case 0xfffffff9 -> "TABLE";
            case 0xfffffffa -> "NORMAL";
            case 0xfffffffb -> "FLOOD";
            case 0xfffffffc -> "ALL";
            case 0xfffffffd -> "CONTROLLER";
            case 0xfffffffe -> "LOCAL";
            case 0xffffffff -> "ANY";
            default -> Integer.toString(number);
        };
    }
}
