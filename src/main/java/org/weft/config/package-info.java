/**
 * Configuration as oslo.config reads it: INI files given with {@code --config-file} and {@code
 * --config-dir}, options with the Grizzly era's names and today's, the stock class paths as
 * aliases, and logging set up from them.
 */
package org.weft.config;
