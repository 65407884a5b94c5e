/** How the metadata agent serves its unix socket and speaks to Nova; not an API. */
package org.weft.agent.metadata.internal;
