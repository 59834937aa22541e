package baton.format;

import java.util.List;
import java.util.stream.Collectors;

/** A file could not be loaded; carries every located problem found, in file order. */
public final class LoadException extends Exception {
    private final List<Problem> problems;

    public LoadException(List<Problem> problems) {
        super(problems.stream().sorted().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = problems.stream().sorted().toList();
    }

    public LoadException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }
}
