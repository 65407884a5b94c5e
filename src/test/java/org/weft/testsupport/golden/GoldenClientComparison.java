package org.weft.testsupport.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares what the {@code openstack} client printed for a resource ({@code -f json}) with the
 * resource of a golden answer, by the rules of {@link GoldenComparison}, with one mapping of ids
 * for a whole test. The client names some members its own way ({@code binding_host_id} for {@code
 * binding:host_id}, {@code security_group_ids} for {@code security_groups}); members it does not
 * print are not compared.
 */
public final class GoldenClientComparison {
    private static final Map<String, String> CLIENT_NAMES =
            Map.of(
                    "security_groups", "security_group_ids",
                    "security_group_rules", "rules",
                    "ethertype", "ether_type");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, GoldenExchange> golden = new HashMap<>();
    private final GoldenComparison comparison;

    public GoldenClientComparison(Path goldenDir, ComparisonRules rules) throws IOException {
        for (GoldenExchange exchange : GoldenExchange.readAll(goldenDir)) {
            golden.put(exchange.file(), exchange);
        }
        this.comparison =
                new GoldenComparison(
                        rules, new ValueMapping(), URI.create(GoldenComparison.GOLDEN_BASE));
    }

    /**
     * The golden answer's {@code key} member ({@code network} of a network create), or the node a
     * JSON pointer names ({@code /ports/0}).
     */
    public JsonNode goldenResource(String file, String key) {
        GoldenExchange exchange = golden.get(file);
        if (exchange == null) {
            throw new IllegalArgumentException("no golden file " + file);
        }
        try {
            JsonNode body = JSON.readTree(exchange.response().body());
            return key.startsWith("/") ? body.at(key) : body.path(key);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " has no JSON body", e);
        }
    }

    /**
     * How the client's {@code printed} resource differs from {@code file}'s {@code key} resource,
     * leaving out {@code notCompared} members (those the command itself chose, such as a name).
     */
    public List<Difference> differences(
            String file, String key, JsonNode printed, Set<String> notCompared) {
        JsonNode resource = goldenResource(file, key);
        ObjectNode expected = JSON.createObjectNode();
        ObjectNode actual = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = resource.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            Optional<String> shownAs = clientName(printed, member.getKey());
            if (notCompared.contains(member.getKey()) || shownAs.isEmpty()) {
                continue;
            }
            expected.set(member.getKey(), member.getValue());
            actual.set(member.getKey(), printed.get(shownAs.get()));
        }
        ObjectNode expectedDocument = JSON.createObjectNode().set(key, expected);
        ObjectNode actualDocument = JSON.createObjectNode().set(key, actual);
        return comparison.compareDocuments(file, expectedDocument, actualDocument).differences();
    }

    private static Optional<String> clientName(JsonNode printed, String member) {
        for (String name :
                List.of(
                        member,
                        member.replace(':', '_'),
                        CLIENT_NAMES.getOrDefault(member, member))) {
            if (printed.has(name)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** The {@code NeutronError} message of a golden error answer, in this run's ids. */
    public String errorMessage(String file) {
        return comparison.translate(goldenResource(file, "NeutronError").path("message").asText());
    }

    /** The id of this run that the golden run's {@code goldenId} stands for, once seen. */
    public Optional<String> actualFor(String goldenId) {
        return comparison.mappingFor(goldenId);
    }
}
