package org.weft.server.ml2;

/** An inclusive range of segmentation ids, written {@code min:max} in the configuration. */
public record IdRange(int min, int max) {
    public IdRange {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException(
                    "range " + min + ":" + max + " is not min:max with 1 <= min <= max");
        }
    }

    /** Parses {@code min:max}. */
    public static IdRange parse(String text) {
        String[] parts = text.strip().split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("'" + text + "' is not min:max");
        }
        try {
            return new IdRange(
                    Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not min:max of integers");
        }
    }

    public boolean contains(long id) {
        return id >= min && id <= max;
    }

    @Override
    public String toString() {
        return min + ":" + max;
    }
}
