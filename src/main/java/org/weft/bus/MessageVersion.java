package org.weft.bus;

/**
 * The version of a method's messages, {@code major.minor}. A minor step adds optional fields (the
 * receiver ignores what it does not know, the sender's missing fields arrive as nulls); a major
 * step changes their meaning, and a receiver of another major version refuses the message.
 */
public record MessageVersion(int major, int minor) {
    public MessageVersion {
        if (major < 1 || minor < 0) {
            throw new IllegalArgumentException("invalid message version " + major + "." + minor);
        }
    }

    /** Parses {@code "1.2"}; a bare {@code "1"} is {@code 1.0}. */
    public static MessageVersion parse(String text) {
        String[] parts = text.strip().split("\\.", -1);
        try {
            if (parts.length == 1) {
                return new MessageVersion(Integer.parseInt(parts[0]), 0);
            }
            if (parts.length == 2) {
                return new MessageVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (NumberFormatException e) {
            // reported below with the text
        }
        throw new IllegalArgumentException("invalid message version '" + text + "'");
    }

    /** Whether a receiver of this version can handle a message of {@code sent}. */
    public boolean accepts(MessageVersion sent) {
        return sent.major == major;
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
