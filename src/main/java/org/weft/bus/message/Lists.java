package org.weft.bus.message;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Missing lists and maps of a message from an older peer arrive empty, never null. */
final class Lists {
    private Lists() {}

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        // Values may be JSON nulls (an agent's configurations), which Map.copyOf refuses.
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
