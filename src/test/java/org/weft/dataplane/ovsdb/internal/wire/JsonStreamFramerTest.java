package org.weft.dataplane.ovsdb.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class JsonStreamFramerTest {
    private static final String STREAM =
            "{\"id\":1,\"result\":[{\"uuid\":[\"uuid\",\"x\"]}],\"error\":null}\n"
                + "{\"method\":\"update\",\"params\":[\"weft\",{\"s\":\"}{\\\"]\"}],\"id\":null}"
                + "{\"method\":\"echo\",\"params\":[\"é€\"],\"id\":\"echo\"}";

    @Test
    void messagesBackToBackAreCutAtTheirOutermostBrace() {
        assertThat(frames(STREAM, STREAM.length()))
                .containsExactly(
                        "{\"id\":1,\"result\":[{\"uuid\":[\"uuid\",\"x\"]}],\"error\":null}",
                        "{\"method\":\"update\",\"params\":[\"weft\",{\"s\":\"}{\\\"]\"}],\"id\":null}",
                        "{\"method\":\"echo\",\"params\":[\"é€\"],\"id\":\"echo\"}");
    }

    @Property
    void whereTheStreamIsSplitDoesNotMatter(@ForAll @IntRange(min = 1, max = 40) int chunk) {
        assertThat(frames(STREAM, chunk)).isEqualTo(frames(STREAM, STREAM.length()));
    }

    @Test
    void garbageBetweenMessagesBreaksTheStream() {
        assertThatThrownBy(() -> frames("{}x{}", 10))
                .isInstanceOf(FramingException.class)
                .hasMessageContaining("0x78");
    }

    private static List<String> frames(String stream, int chunk) {
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        JsonStreamFramer framer = new JsonStreamFramer();
        List<String> frames = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += chunk) {
            ByteBuffer piece = ByteBuffer.wrap(bytes, at, Math.min(chunk, bytes.length - at));
            framer.feed(
                    piece,
                    frame ->
                            frames.add(
                                    new String(
                                            frame.bytes(),
                                            frame.offset(),
                                            frame.length(),
                                            StandardCharsets.UTF_8)));
        }
        return frames;
    }
}
