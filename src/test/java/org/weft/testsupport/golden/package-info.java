/**
 * Replaying the reference Neutron's golden request/response files against a server and comparing
 * its answers with the reference's: status line, headers clients read, JSON structure, field names
 * and values, error types, with run-dependent values (ids, MACs, timestamps, request ids, addresses
 * allocated at random) matched by shape and consistency instead of by value.
 */
package org.weft.testsupport.golden;
