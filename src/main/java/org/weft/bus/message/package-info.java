/**
 * The records the bus carries, grouped by the part that speaks them. Field names go on the wire in
 * snake_case. To add a field: add the record component (nullable, or a list that the compact
 * constructor turns from null into empty), raise the method's minor version in {@link
 * org.weft.bus.Topics}; older peers ignore it, and messages of older peers arrive without it.
 */
package org.weft.bus.message;
