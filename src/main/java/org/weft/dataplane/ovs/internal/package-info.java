/** How a private switch is cleaned up: leftover daemons, tap devices and runtime files. */
package org.weft.dataplane.ovs.internal;
