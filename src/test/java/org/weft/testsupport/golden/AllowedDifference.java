package org.weft.testsupport.golden;

/**
 * A difference the compatibility test accepts, with the reason why. {@code file} is a golden file
 * name or {@code *}; {@code where} is a path as {@link Difference} writes them, {@code [*]}
 * standing for any index; it covers the path itself and everything below it.
 */
public record AllowedDifference(String file, String where, String reason) {
    public boolean covers(Difference difference) {
        if (!file.equals("*") && !file.equals(difference.file())) {
            return false;
        }
        String path = difference.where().replaceAll("\\[\\d+]", "[*]");
        return path.equals(where) || path.startsWith(where + ".") || path.startsWith(where + "[");
    }
}
