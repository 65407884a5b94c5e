/**
 * The demo: the install guide's four-node cloud on the lab, driven with the real {@code openstack}
 * and {@code neutron} clients inside the controller as the guide's operator would, each check shown
 * with its time, and a table at the end.
 */
package org.weft.demo;
