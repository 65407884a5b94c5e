/**
 * A stand-in for Nova's metadata server, for the lab and the tests: Nova is outside Weft's job, but
 * what reaches it must pass the checks Nova makes.
 */
package org.weft.lab.nova;
