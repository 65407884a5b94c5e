package org.weft.dataplane.openflow.internal;

import com.google.common.hash.PrimitiveSink;
import io.netty.buffer.ByteBuf;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.Masked;
import org.projectfloodlight.openflow.types.OFValueType;

/**
 * A Weft {@link org.weft.dataplane.openflow.Match} in the shape openflowj's flow-mods take, written
 * as an OpenFlow 1.4 {@code ofp_match} (§7.2.3.1):
 *
 * <pre>
 *   type=1 (OXM):16  length:16 (4 + TLVs, without padding)  OXM TLVs...  zero padding to 8
 * </pre>
 *
 * openflowj's own matches know neither registers 8-15 nor {@code conj_id}; only writing is
 * supported.
 */
final class EncodedMatch implements Match {
    private final byte[] tlvs;

    EncodedMatch(byte[] tlvs) {
        this.tlvs = tlvs;
    }

    @Override
    public void writeTo(ByteBuf buffer) {
        int length = 4 + tlvs.length;
        buffer.writeShort(1).writeShort(length).writeBytes(tlvs);
        buffer.writeZero((length + 7) / 8 * 8 - length);
    }

    @Override
    public OFVersion getVersion() {
        return OFVersion.OF_14;
    }

    @Override
    public void putTo(PrimitiveSink sink) {
        sink.putBytes(tlvs);
    }

    @Override
    public <F extends OFValueType<F>> F get(MatchField<F> field) {
        throw unsupported();
    }

    @Override
    public <F extends OFValueType<F>> Masked<F> getMasked(MatchField<F> field) {
        throw unsupported();
    }

    @Override
    public boolean supports(MatchField<?> field) {
        throw unsupported();
    }

    @Override
    public boolean supportsMasked(MatchField<?> field) {
        throw unsupported();
    }

    @Override
    public boolean isExact(MatchField<?> field) {
        throw unsupported();
    }

    @Override
    public boolean isFullyWildcarded(MatchField<?> field) {
        throw unsupported();
    }

    @Override
    public boolean isPartiallyMasked(MatchField<?> field) {
        throw unsupported();
    }

    @Override
    public Iterable<MatchField<?>> getMatchFields() {
        throw unsupported();
    }

    @Override
    public Match.Builder createBuilder() {
        throw unsupported();
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("an encoded match can only be written");
    }
}
