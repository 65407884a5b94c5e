/**
 * {@code weft doctor}: the checks an operator runs on a host before starting Weft's agents there,
 * each reported OK, FAIL with what to do, or SKIP with why. {@link org.weft.doctor.HostChecks}
 * lists them in order; a new check implements {@link org.weft.doctor.Check} and joins that list.
 */
package org.weft.doctor;
