package org.weft.agent.l2.firewall.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.config.StartRefusedException;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.CommandFailedException;
import org.weft.dataplane.linux.Placement;

/**
 * The driver's address sets ({@code ipset}, type {@code hash:net}) in one network namespace, made
 * to be as wanted by one {@code ipset restore} per change that adds and deletes only the entries
 * that differ, so a set is never empty on its way from one content to the next. Sets must exist
 * before a rule names them and can go only once no rule does: {@link #ensure} makes and fills them
 * before the chains change, {@link #removeUnwanted} destroys the ones left over after.
 */
public final class Ipsets {
    private static final Logger log = LoggerFactory.getLogger(Ipsets.class);
    private static final String PREFIX = "weft";

    private final Placement placement;
    private final Map<String, Set<String>> applied = new HashMap<>();
    private final Set<String> wanted = new LinkedHashSet<>();

    /**
     * Reads the sets of the driver's prefix an earlier run left, with their entries.
     *
     * @throws StartRefusedException when this host has no {@code ipset}
     */
    public Ipsets(Placement placement) {
        this.placement = placement;
        String saved;
        try {
            saved = Command.of("ipset", "save").in(placement).run();
        } catch (CommandFailedException | java.io.UncheckedIOException e) {
            throw new StartRefusedException(
                    "firewall_driver = iptables_hybrid matches remote groups with ipset, which"
                            + " does not work here ("
                            + e.getMessage()
                            + "): install the ipset package");
        }
        for (String line : saved.lines().toList()) {
            String[] words = line.split(" ");
            if (words.length >= 3 && words[1].startsWith(PREFIX)) {
                switch (words[0]) {
                    case "create" -> applied.put(words[1], new LinkedHashSet<>());
                    case "add" -> applied.get(words[1]).add(Prefix.parse(words[2]).toString());
                    default -> {}
                }
            }
        }
    }

    /**
     * Makes every set of {@code sets} exist with exactly its entries; returns whether any changed.
     */
    public boolean ensure(Map<String, Set<Prefix>> sets) {
        StringBuilder input = new StringBuilder();
        Map<String, Set<String>> now = new HashMap<>();
        for (Map.Entry<String, Set<Prefix>> set : sets.entrySet()) {
            String name = set.getKey();
            Set<String> entries = new LinkedHashSet<>();
            set.getValue().forEach(prefix -> entries.addAll(entries(prefix)));
            now.put(name, entries);
            Set<String> before = applied.get(name);
            if (entries.equals(before)) {
                continue;
            }
            if (before == null) {
                String family = name.startsWith(PREFIX + "6") ? "inet6" : "inet";
                input.append("create " + name + " hash:net family " + family + "\n");
                before = Set.of();
            }
            for (String entry : entries) {
                if (!before.contains(entry)) {
                    input.append("add " + name + " " + entry + "\n");
                }
            }
            for (String entry : before) {
                if (!entries.contains(entry)) {
                    input.append("del " + name + " " + entry + "\n");
                }
            }
        }
        wanted.clear();
        wanted.addAll(sets.keySet());
        if (input.isEmpty()) {
            return false;
        }
        Command.of("ipset", "restore", "-exist").withInput(input.toString()).in(placement).run();
        applied.putAll(now);
        log.info("ipsets applied sets={}", sets.size());
        return true;
    }

    /** Destroys the driver's sets that the last {@link #ensure} did not want. */
    public void removeUnwanted() {
        List<String> gone = new ArrayList<>();
        for (String name : applied.keySet()) {
            if (!wanted.contains(name)) {
                gone.add(name);
            }
        }
        for (String name : gone) {
            Command.Result result = Command.of("ipset", "destroy", name).in(placement).execute();
            if (result.succeeded()) {
                applied.remove(name);
            } else {
                log.warn("ipset not destroyed set={} error={}", name, result.stderr().strip());
            }
        }
    }

    /**
     * What {@code hash:net} holds for a prefix: the prefix itself, or its two halves for a whole
     * address family, which a {@code hash:net} set cannot hold as one entry.
     */
    static List<String> entries(Prefix prefix) {
        if (!prefix.isAny()) {
            return List.of(prefix.toString());
        }
        byte[] upper = prefix.address().getAddress().clone();
        upper[0] = (byte) 0x80;
        try {
            return List.of(
                    new Prefix(prefix.address(), 1).toString(),
                    new Prefix(InetAddress.getByAddress(upper), 1).toString());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
