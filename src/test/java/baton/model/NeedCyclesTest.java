package baton.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one search for cycles in needs, which the validator and spawned phases share. */
class NeedCyclesTest {
    private static PhaseDef phase(String id, String... needs) {
        return new PhaseDef(id, null, "true", null, null, List.of(needs).stream().map(Need::success).toList(), false, true, null, true, null,
                null, null, null, null, null, null, null);
    }

    @Test
    void aCycleIsPrintedInRunOrderFromWhereTheSearchMetIt() {
        var cycle = NeedCycles.first(List.of(phase("a", "c"), phase("b", "a"), phase("c", "b")));
        assertThat(cycle).isPresent();
        assertThat(cycle.get().phases()).containsExactly("a", "b", "c", "a");
        assertThat(cycle.get().closing().phase()).isEqualTo("a");
        assertThat(cycle.get()).hasToString("a -> b -> c -> a");
    }

    @Test
    void needsOnPhasesOutsideTheSetAndOnItselfAreNotFollowed() {
        assertThat(NeedCycles.first(List.of(phase("a", "outside"), phase("b", "a", "b")))).isEmpty();
    }
}
