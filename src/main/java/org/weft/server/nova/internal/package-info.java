/** Keystone's token and catalog for the service user, and Nova's events endpoint over HTTP. */
package org.weft.server.nova.internal;
