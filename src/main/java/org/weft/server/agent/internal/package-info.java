/** The registry's table and its HTTP collection. */
package org.weft.server.agent.internal;
