package org.weft.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The reference Neutron's folder ({@code shared/reference/neutron}: golden files, clients check,
 * start and stop scripts): the system property {@code weft.reference.dir}, else {@code
 * ../shared/reference/neutron} beside the checkout, as the issues name it.
 */
public final class ReferenceFolder {
    private ReferenceFolder() {}

    public static Path path() {
        Path dir =
                Path.of(System.getProperty("weft.reference.dir", "../shared/reference/neutron"))
                        .toAbsolutePath()
                        .normalize();
        if (!Files.isDirectory(dir.resolve("golden"))) {
            throw new IllegalStateException(
                    "the reference folder with golden/ is not at "
                            + dir
                            + " (set -Dweft.reference.dir=DIR)");
        }
        return dir;
    }

    public static Path golden() {
        return path().resolve("golden");
    }
}
