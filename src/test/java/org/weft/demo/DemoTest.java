package org.weft.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.lab.Lab;
import org.weft.lab.LabSpec;

/**
 * The demo's scenario, end to end, as {@code weft demo} runs it: the guide's cloud on a lab of the
 * test's own name, every step passing, and nothing of the lab left afterwards.
 */
@Tag("lab")
class DemoTest {

    @Test
    void theGuidesCloudPassesEveryStepAndLeavesNothingBehind() {
        LabSpec spec = LabSpec.of("wdemo", LabSpec.defaultRunDirectory("wdemo"));
        Lab.down(spec);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<Step> steps =
                new Demo(spec, false, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

        String shown = printed.toString(StandardCharsets.UTF_8) + Demo.table(steps);
        assertThat(steps).as(shown).allMatch(Step::passed);
        assertThat(steps)
                .extracting(Step::name)
                .as(shown)
                .anyMatch(name -> name.startsWith("floating IP: TCP 22 answers"))
                .anyMatch(name -> name.startsWith("metadata"));
        assertThat(spec.runDirectory()).doesNotExist();
    }
}
