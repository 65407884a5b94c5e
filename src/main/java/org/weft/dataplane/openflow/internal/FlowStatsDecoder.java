package org.weft.dataplane.openflow.internal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.weft.dataplane.openflow.InstalledFlow;
import org.weft.dataplane.openflow.Match;

/**
 * Reads the parts of a flow statistics reply (OpenFlow 1.4 §7.3.5.2) without openflowj, whose
 * reader refuses the Nicira actions it does not know. Each entry's instructions are kept as the
 * switch encoded them.
 *
 * <pre>
 *   multipart reply: header:8 type=1:16 flags:16 pad:32, then entries
 *   entry: length:16 table:8 pad:8 duration_sec:32 duration_nsec:32 priority:16 idle:16 hard:16
 *          flags:16 importance:16 pad:16 cookie:64 packets:64 bytes:64   (48 bytes)
 *          match: type:16 length:16 TLVs, padded to 8; then instructions to the entry's end
 * </pre>
 */
public final class FlowStatsDecoder {
    private static final int MULTIPART_HEADER = 16;
    private static final int ENTRY_HEADER = 48;

    private FlowStatsDecoder() {}

    public static List<InstalledFlow> decode(List<byte[]> parts) {
        List<InstalledFlow> flows = new ArrayList<>();
        for (byte[] part : parts) {
            ByteBuffer body =
                    ByteBuffer.wrap(part, MULTIPART_HEADER, part.length - MULTIPART_HEADER).slice();
            while (body.remaining() >= ENTRY_HEADER) {
                flows.add(entry(body));
            }
        }
        return flows;
    }

    private static InstalledFlow entry(ByteBuffer body) {
        int start = body.position();
        int length = body.getShort(start) & 0xffff;
        int table = body.get(start + 2) & 0xff;
        long seconds = body.getInt(start + 4) & 0xffffffffL;
        long nanos = body.getInt(start + 8) & 0xffffffffL;
        int priority = body.getShort(start + 12) & 0xffff;
        int idle = body.getShort(start + 14) & 0xffff;
        int hard = body.getShort(start + 16) & 0xffff;
        long cookie = body.getLong(start + 24);
        long packets = body.getLong(start + 32);
        long bytes = body.getLong(start + 40);

        int matchStart = start + ENTRY_HEADER;
        int matchLength = body.getShort(matchStart + 2) & 0xffff;
        ByteBuffer tlvs =
                body.duplicate().position(matchStart + 4).limit(matchStart + matchLength).slice();
        Match match = Match.fromOxm(tlvs);

        int instructionsStart = matchStart + (matchLength + 7) / 8 * 8;
        byte[] instructions = new byte[start + length - instructionsStart];
        body.get(instructionsStart, instructions);
        body.position(start + length);
        return new InstalledFlow(
                table,
                priority,
                match,
                cookie,
                idle,
                hard,
                packets,
                bytes,
                Duration.ofSeconds(seconds, nanos),
                instructions);
    }
}
