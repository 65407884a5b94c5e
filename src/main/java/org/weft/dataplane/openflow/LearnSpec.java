package org.weft.dataplane.openflow;

/**
 * One part of the flow a {@link Action.Learn} adds: a match on a field (taken from the packet, or a
 * constant), a load into a field, or an output to the port a field names.
 */
public sealed interface LearnSpec {

    /**
     * {@code NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[]}: match the learned field on this packet's value.
     */
    static LearnSpec matchFromField(Field destination, Field source) {
        return new MatchField(
                destination, 0, source, 0, Math.min(destination.bits(), source.bits()));
    }

    /** {@code NXM_OF_VLAN_TCI[0..11]}: match the same bits of the same field as this packet. */
    static LearnSpec matchSameBits(Field field, int offset, int bits) {
        return new MatchField(field, offset, field, offset, bits);
    }

    /** {@code load:NXM_NX_TUN_ID[]->NXM_NX_TUN_ID[]}. */
    static LearnSpec loadFromField(Field destination, Field source) {
        return new LoadField(
                destination, 0, source, 0, Math.min(destination.bits(), source.bits()));
    }

    /** {@code load:0->NXM_OF_VLAN_TCI[]}. */
    static LearnSpec loadValue(Field destination, int offset, int bits, long value) {
        return new LoadValue(destination, offset, bits, value);
    }

    /** {@code output:NXM_OF_IN_PORT[]}. */
    static LearnSpec outputTo(Field source) {
        return new Output(source, 0, source.bits());
    }

    /** Matches {@code destination} bits against {@code source} bits of the packet. */
    record MatchField(
            Field destination, int destinationOffset, Field source, int sourceOffset, int bits)
            implements LearnSpec {}

    /** Loads {@code source} bits of the packet into {@code destination}. */
    record LoadField(
            Field destination, int destinationOffset, Field source, int sourceOffset, int bits)
            implements LearnSpec {}

    /** Loads a constant into bits of {@code destination}. */
    record LoadValue(Field destination, int offset, int bits, long value) implements LearnSpec {}

    /** Outputs to the port {@code source} bits of the packet name. */
    record Output(Field source, int offset, int bits) implements LearnSpec {}
}
