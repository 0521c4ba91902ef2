package dev.mnc.prune;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The widths a group may shrink to. */
class PlannerTest {

    @Test
    void multiplesOfTheChannelMultipleDownToTheMinimum() {
        assertThat(Planner.widths(40, 8, 8)).containsExactly(32, 24, 16, 8);
        assertThat(Planner.widths(36, 8, 8)).containsExactly(32, 24, 16, 8);
        assertThat(Planner.widths(12, 8, 8)).containsExactly(8);
        assertThat(Planner.widths(40, 16, 8)).containsExactly(32, 24, 16);
    }

    @Test
    void groupsAtOrBelowTheMinimumStayWhole() {
        assertThat(Planner.widths(8, 8, 8)).isEmpty();
        assertThat(Planner.widths(6, 8, 8)).isEmpty();
    }

    @Test
    void withoutAFittingMultipleEveryWidthDownToTheMinimum() {
        assertThat(Planner.widths(14, 12, 8)).containsExactly(13, 12);
        assertThat(Planner.widths(5, 3, 1)).containsExactly(4, 3);
    }
}
