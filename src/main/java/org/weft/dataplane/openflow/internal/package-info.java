/**
 * How OpenFlow is spoken: the session's event loop and handshake, the encoding of flows into
 * openflowj messages with Weft's own encoders for the Nicira actions and matches openflowj lacks,
 * and the decoding of flow statistics.
 */
package org.weft.dataplane.openflow.internal;
