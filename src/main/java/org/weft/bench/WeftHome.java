package org.weft.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/** The Weft checkout this code runs from: the parent of {@code target/}, else the working dir. */
final class WeftHome {
    private WeftHome() {}

    static Path locate() {
        CodeSource source = WeftHome.class.getProtectionDomain().getCodeSource();
        if (source != null) {
            try {
                // target/classes or target/weft.jar
                Path target = Path.of(source.getLocation().toURI()).getParent();
                if (target != null
                        && target.getFileName().toString().equals("target")
                        && Files.exists(target.resolveSibling("pom.xml"))) {
                    return target.getParent();
                }
            } catch (URISyntaxException e) {
                // an unusual class path: the working directory is the best guess left
            }
        }
        return Path.of("").toAbsolutePath();
    }
}
