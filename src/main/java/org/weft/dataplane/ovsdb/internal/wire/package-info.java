/**
 * The OVSDB wire: JSON-RPC 1.0 messages (RFC 7047 §4) framed back to back on a byte stream, encoded
 * and decoded with Jackson. Knows nothing of databases or sessions.
 */
package org.weft.dataplane.ovsdb.internal.wire;
