package org.weft.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LoggingTest {
    @AfterEach
    void consoleAgain() {
        Logging.configure(Config.fromText("weft.conf", ""), "test");
    }

    @Test
    void useJsonWritesOneJsonObjectPerLineWithTheMessageFilledIn(@TempDir Path dir)
            throws Exception {
        Config config =
                Config.fromText("weft.conf", "[DEFAULT]\nuse_json = true\nlog_dir = " + dir + "\n");
        Logging.configure(config, "ovs-agent");

        LoggerFactory.getLogger("org.weft.test").info("port={} wired bridge={}", "p1", "br-int");

        List<String> lines = Files.readAllLines(dir.resolve("ovs-agent.log"));
        JsonNode line = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("loggerName").asText()).isEqualTo("org.weft.test");
        assertThat(line.path("formattedMessage").asText()).isEqualTo("port=p1 wired bridge=br-int");
    }

    @Test
    void plainLinesByDefault(@TempDir Path dir) throws Exception {
        Logging.configure(Config.fromText("weft.conf", "[DEFAULT]\nlog_dir = " + dir + "\n"), "l3");

        LoggerFactory.getLogger("org.weft.test").info("router={} ready", "r1");

        assertThat(Files.readString(dir.resolve("l3.log")))
                .contains("INFO ")
                .contains("router=r1 ready")
                .doesNotContain("{");
    }
}
