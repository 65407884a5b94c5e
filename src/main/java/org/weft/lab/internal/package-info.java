/**
 * How the lab is built and torn down: the state file, host namespaces, the fabric that joins the
 * hosts, the hosts' switches and configuration files, the processes the lab starts and the sweep
 * that finds every process left in its namespaces.
 */
package org.weft.lab.internal;
