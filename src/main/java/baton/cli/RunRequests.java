package baton.cli;

import baton.client.BatonClient;
import baton.engine.RunRefused;
import baton.model.RunRecord;
import baton.model.RunRequest;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Sends requests to a live run (which any Baton process may own) and waits for their answer:
 * what {@code cancel}, {@code approve} and {@code skip} share.
 */
final class RunRequests {
    /** How long a verb waits for the run's owner to take a request in before saying it is still pending. */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

    private RunRequests() {}

    /**
     * One request per job (or one for the whole run when {@code jobs} is empty); the exit code.
     * A request the run cannot take (it is not live) ends the verb with {@link RunRefused}.
     */
    static int ask(BatonClient client, RunRecord run, List<String> jobs, RunRequest.Kind kind, CommandSpec spec) throws InterruptedException, RunRefused {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        String by = System.getProperty("user.name");
        int code = BatonCli.OK;
        for (String job : jobs.isEmpty() ? java.util.Collections.<String>singletonList(null) : jobs) {
            long id = client.request(run.id(), job, kind, by);
            Optional<String> answer = awaitAnswer(client, id);
            String what = job == null ? "run " + run.id() : run.id() + " " + job;
            if (answer.isPresent()) {
                out.println(what + ": " + answer.get());
                if (answer.get().startsWith("nothing") || answer.get().startsWith("no job")) code = BatonCli.FAILED;
            } else {
                err.println("baton: " + what + ": asked; the Baton process running it has not answered within "
                        + ANSWER_WITHIN.toSeconds() + " s (it takes the request in when it next looks: check with 'baton show " + run.id() + "')");
                code = BatonCli.FAILED;
            }
        }
        out.flush();
        err.flush();
        return code;
    }

    private static Optional<String> awaitAnswer(BatonClient client, long id) throws InterruptedException {
        long until = System.nanoTime() + ANSWER_WITHIN.toNanos();
        while (System.nanoTime() < until) {
            Optional<String> answer = client.requestOutcome(id);
            if (answer.isPresent()) return answer;
            Thread.sleep(100);
        }
        return Optional.empty();
    }
}
