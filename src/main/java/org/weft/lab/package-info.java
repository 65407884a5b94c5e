/**
 * The lab: the install guide's four-node deployment (controller, network node, compute nodes, and
 * an upstream host playing the internet) built from namespaces on one machine, for the demo, the
 * end-to-end tests and people. {@link org.weft.lab.Lab} is the API ({@code up}, {@code start},
 * {@code exec}, {@code createVm}, {@code down}); {@code weft lab} is its command line. Each host is
 * a network namespace with a persistent private mount namespace (its own {@code /run/netns}), its
 * own userspace Open vSwitch and its own files under the lab's run directory; everything made is
 * recorded in a state file first, so that {@code down} removes it even after a crash.
 */
package org.weft.lab;
