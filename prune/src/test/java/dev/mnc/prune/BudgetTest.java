package dev.mnc.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.ir.MncException;
import org.junit.jupiter.api.Test;

/** {@link Budget#oneOf}: the selection the command line and the Maven plugin share. */
class BudgetTest {
    private static RuntimeException tooMany() {
        return new IllegalStateException("front end's words");
    }

    @Test
    void eachSettingGivesItsOwnBudget() {
        assertThat(Budget.oneOf(0.3, null, null, null, BudgetTest::tooMany)).isEqualTo(new Budget.PruneRatio(0.3));
        assertThat(Budget.oneOf(null, 5L, null, null, BudgetTest::tooMany)).isEqualTo(new Budget.TargetMacs(5));
        assertThat(Budget.oneOf(null, null, 7L, null, BudgetTest::tooMany)).isEqualTo(new Budget.TargetParams(7));
        assertThat(Budget.oneOf(null, null, null, 0.5, BudgetTest::tooMany))
                .isEqualTo(new Budget.WidthMultiplier(0.5));
    }

    @Test
    void noSettingIsNoBudget() {
        assertThat(Budget.oneOf(null, null, null, null, BudgetTest::tooMany)).isNull();
    }

    @Test
    void twoSettingsThrowTheFrontEndsError() {
        assertThatThrownBy(() -> Budget.oneOf(0.3, null, 7L, null, BudgetTest::tooMany))
                .isInstanceOf(IllegalStateException.class).hasMessage("front end's words");
        assertThatThrownBy(() -> Budget.oneOf(null, 5L, null, 0.5, BudgetTest::tooMany))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anOutOfRangeValueIsStillRefused() {
        assertThatThrownBy(() -> Budget.oneOf(1.5, null, null, null, BudgetTest::tooMany))
                .isInstanceOf(MncException.class).hasMessageContaining("--prune-ratio");
        assertThatThrownBy(() -> Budget.oneOf(null, null, null, 0.0, BudgetTest::tooMany))
                .isInstanceOf(MncException.class).hasMessageContaining("--width-multiplier");
    }
}
