/**
 * The {@code weft} command line: one subcommand per process (server, agents, all-in-one) and per
 * tool (lab, demo, doctor, bench, vif), each taking oslo-style configuration files.
 */
package org.weft.cli;
