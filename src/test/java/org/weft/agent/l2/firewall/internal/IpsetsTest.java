package org.weft.agent.l2.firewall.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.Placement;

/** The driver's address sets against the real {@code ipset}, in a namespace of the test's own. */
@Tag("netns")
class IpsetsTest {
    private static final String NAMESPACE =
            "wips" + ThreadLocalRandom.current().nextInt(1000, 10000);
    private static final Placement HOST = Placement.netns(NAMESPACE);

    @BeforeEach
    void createNamespace() {
        Command.of("ip", "netns", "delete", NAMESPACE).execute();
        Command.of("ip", "netns", "add", NAMESPACE).run();
    }

    @AfterEach
    void deleteNamespace() {
        Command.of("ip", "netns", "delete", NAMESPACE).execute();
    }

    @Test
    void setsAreMadeThenChangedEntryByEntry() {
        Ipsets sets = new Ipsets(HOST);

        sets.ensure(Map.of("weft4-db", Set.of(prefix("10.0.0.8"), prefix("10.0.0.9"))));
        sets.ensure(Map.of("weft4-db", Set.of(prefix("10.0.0.9"), prefix("10.0.1.0/24"))));

        assertThat(entries("weft4-db")).containsExactlyInAnyOrder("10.0.0.9", "10.0.1.0/24");
    }

    @Test
    void unchangedSetsAreNotWrittenAgain() {
        Ipsets sets = new Ipsets(HOST);
        Map<String, Set<Prefix>> wanted = Map.of("weft6-db", Set.of(prefix("fd00::8")));

        assertThat(sets.ensure(wanted)).isTrue();
        assertThat(sets.ensure(wanted)).isFalse();
        assertThat(entries("weft6-db")).containsExactly("fd00::8");
    }

    @Test
    void setsOfAnEarlierRunAreAdoptedAndThoseNoLongerWantedDestroyed() {
        new Ipsets(HOST)
                .ensure(
                        Map.of(
                                "weft4-db", Set.of(prefix("10.0.0.8")),
                                "weft4-old", Set.of(prefix("0.0.0.0/0"))));
        Command.of("ipset", "create", "other", "hash:ip").in(HOST).run();

        Ipsets restarted = new Ipsets(HOST);
        boolean changed = restarted.ensure(Map.of("weft4-db", Set.of(prefix("10.0.0.8"))));
        restarted.removeUnwanted();

        assertThat(changed).isFalse();
        assertThat(Command.of("ipset", "list", "-n").in(HOST).run().lines())
                .containsExactlyInAnyOrder("weft4-db", "other");
    }

    @Test
    void wholeFamilyIsHeldAsItsTwoHalves() {
        new Ipsets(HOST).ensure(Map.of("weft4-any", Set.of(prefix("0.0.0.0/0"))));

        assertThat(entries("weft4-any")).containsExactlyInAnyOrder("0.0.0.0/1", "128.0.0.0/1");
        assertThat(Ipsets.entries(prefix("::/0")))
                .containsExactly("0:0:0:0:0:0:0:0/1", "8000:0:0:0:0:0:0:0/1");
    }

    private static Prefix prefix(String text) {
        return Prefix.parse(text);
    }

    private static java.util.List<String> entries(String set) {
        return Command.of("ipset", "list", set, "-o", "save")
                .in(HOST)
                .run()
                .lines()
                .filter(line -> line.startsWith("add "))
                .map(line -> line.split(" ")[2])
                .toList();
    }
}
