package org.weft.cli;

import java.util.ArrayList;
import java.util.List;
import org.weft.bus.BusOptions;
import org.weft.config.CommonOptions;
import org.weft.config.KnownOptions;
import org.weft.config.Option;

/** The options of every part of Weft, gathered so that unknown keys can be told apart. */
final class AllOptions {
    private AllOptions() {}

    static KnownOptions known() {
        List<Option<?>> all = new ArrayList<>();
        all.addAll(CommonOptions.all());
        all.addAll(BusOptions.all());
        return new KnownOptions(all);
    }
}
