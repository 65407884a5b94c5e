/**
 * What both bus implementations share: the JSON envelope of requests and replies ({@link
 * org.weft.bus.internal.MessageCodec}) and the dispatch of a received message to its handler, where
 * malformed messages are dropped ({@link org.weft.bus.internal.Dispatcher}).
 */
package org.weft.bus.internal;
