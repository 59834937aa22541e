package baton.engine.plan;

import baton.format.PipelineLoader;
import baton.model.PhaseDef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The one reading of foreach: which jobs a phase makes, before and during the run. */
class FanOutTest {
    private static PhaseDef phase(String yaml) throws Exception {
        return PipelineLoader.parse("p.yaml", "pipeline: p\nparams:\n  langs: fr, de\nphases:\n" + yaml, null).definition().phases().getLast();
    }

    @Test
    void aPhaseMakesOneJobOrOnePerItemOrNoneUntilItsUpstreamOutputIsKnown() throws Exception {
        assertThat(FanOut.jobsAtStart(phase("  - id: a\n    run: \"true\"\n"), Map.of(), 7))
                .containsExactly(new PlannedJob("a", "a", null, null, 7));
        assertThat(FanOut.jobsAtStart(phase("  - id: a\n    foreach: [x, y]\n    run: \"true\"\n"), Map.of(), 0))
                .containsExactly(new PlannedJob("a[0]", "a", "x", 0, 0), new PlannedJob("a[1]", "a", "y", 1, 1));
        assertThat(FanOut.jobsAtStart(phase("  - id: a\n    foreach: {param: langs}\n    run: \"true\"\n"), Map.of("langs", "en"), 3))
                .containsExactly(new PlannedJob("a[0]", "a", "en", 0, 3));
        assertThat(FanOut.jobsAtStart(phase("  - id: up\n    run: \"true\"\n  - id: a\n    needs: [up]\n    foreach: {output: up.items}\n    run: \"true\"\n"),
                Map.of(), 0)).isEmpty();
    }

    @Test
    void itemsAreAJsonArrayOrACommaSeparatedList() {
        assertThat(FanOut.parse("[\"a, b\", 2, {\"k\": 1}]")).containsExactly("a, b", "2", "{\"k\":1}");
        assertThat(FanOut.parse(" x, ,y ,")).containsExactly("x", "y");
        assertThat(FanOut.parse("[not json")).containsExactly("[not json");
        assertThat(FanOut.itemsOf("items", List.of(Map.of("items", "a,b"), Map.of(), Map.of("items", "[\"c\"]")))).containsExactly("a", "b", "c");
    }
}
