package org.weft.dataplane.openflow.internal;

import com.google.common.hash.PrimitiveSink;
import io.netty.buffer.ByteBuf;
import org.projectfloodlight.openflow.protocol.OFActionType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;

/**
 * An action openflowj cannot write (or writes without the padding Open vSwitch expects), carried as
 * the bytes Weft encoded, so that it sits in an openflowj instruction like any other action. Only
 * writing is supported: such actions are never read back through openflowj.
 */
final class EncodedAction implements OFAction {
    private final OFActionType type;
    private final byte[] bytes;

    EncodedAction(OFActionType type, byte[] bytes) {
        if (bytes.length % 8 != 0) {
            throw new IllegalArgumentException(
                    "action of " + bytes.length + " bytes is not padded to 8");
        }
        this.type = type;
        this.bytes = bytes;
    }

    @Override
    public OFActionType getType() {
        return type;
    }

    @Override
    public OFVersion getVersion() {
        return OFVersion.OF_14;
    }

    @Override
    public void writeTo(ByteBuf buffer) {
        buffer.writeBytes(bytes);
    }

    @Override
    public OFAction.Builder createBuilder() {
        throw new UnsupportedOperationException("an encoded action has no builder");
    }

    @Override
    public void putTo(PrimitiveSink sink) {
        sink.putBytes(bytes);
    }
}
