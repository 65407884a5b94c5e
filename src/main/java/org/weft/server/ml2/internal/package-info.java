/** The tables of segments, tunnel endpoints and port hosts. */
package org.weft.server.ml2.internal;
