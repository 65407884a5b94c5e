/** The binding tables of the schedulers and the scheduler API's HTTP resources. */
package org.weft.server.scheduler.internal;
