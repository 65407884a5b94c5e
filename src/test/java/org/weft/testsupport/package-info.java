/** What tests share: Weft servers started as child processes, the real OpenStack clients. */
package org.weft.testsupport;
