package org.weft.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentilesTest {
    @Test
    void percentilesInterpolateBetweenRanksAsTheReferencesLoadScriptDoes() {
        Percentiles p = new Percentiles(new double[] {40, 10, 30, 20});

        assertThat(p.at(50)).isEqualTo(25.0);
        assertThat(p.at(90)).isEqualTo(37.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(p.at(0)).isEqualTo(10.0);
        assertThat(p.max()).isEqualTo(40.0);
        assertThat(p.mean()).isEqualTo(25.0);
    }

    @Test
    void noValuesGiveNoFigures() {
        assertThat(new Percentiles(new double[0]).at(50)).isNaN();
    }
}
