/**
 * Who is asking and what they may do: the caller of a request (its project and roles, from the
 * noauth headers today and from a Keystone token later) and Neutron's default policy on which
 * resources and attributes a caller sees and may change.
 */
package org.weft.server.policy;
