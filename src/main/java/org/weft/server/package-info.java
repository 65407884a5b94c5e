/**
 * The Networking API server: its settings, its start and stop, and the errors every layer of it
 * raises (each carries the HTTP status and the Neutron error type clients expect). Its parts are
 * the service layer ({@code service}), the HTTP API ({@code api}), address management ({@code
 * ipam}) and who may do what ({@code policy}).
 */
package org.weft.server;
