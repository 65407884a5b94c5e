/**
 * How an OVSDB client talks: the session's event loop and state machine, and OVSDB values as Java
 * values.
 */
package org.weft.dataplane.ovsdb.internal;
