package baton.engine.http;

import baton.engine.executor.Ending;
import baton.engine.executor.Executor;
import baton.engine.executor.Executors;
import baton.engine.executor.Handle;
import baton.engine.executor.JobSpec;
import baton.engine.executor.Running;
import baton.engine.executor.Watch;
import baton.model.AttemptRecord;
import baton.model.PhaseDef;
import baton.model.RunId;

import java.time.Instant;
import java.util.List;

/**
 * Callback phases behind the executor seam: the call is the attempt, its handle the callback
 * token. A dead Baton leaves nothing to end: its listener, and so every token, died with it.
 */
public final class HttpExecutor implements Executor {
    private final HttpPhases http;

    public HttpExecutor(HttpPhases http) {
        this.http = http;
    }

    @Override
    public String name() {
        return Executors.HTTP;
    }

    @Override
    public String refuses(PhaseDef phase) {
        return phase.http() == null ? "it has no 'http' call" : null;
    }

    @Override
    public void start(JobSpec job, Watch watch) {
        HttpPhases.Pending call = http.start(job.phase().http(), job.run(), job.job(), job.attempt(), job.params(), job.env(), job.input(),
                job.attemptDir(), job.log(), job.logCap(), watch::ended);
        watch.started(new Call(call), Instant.now());
    }

    @Override
    public List<String> endOrphans(String instance, RunId run, List<AttemptRecord> attempts) {
        return List.of();
    }

    private record Call(HttpPhases.Pending call) implements Running {
        @Override
        public Handle handle() {
            // the token itself stays secret (it would end the job): its start names the call well enough
            return new Handle(Executors.HTTP, call.token() == null ? "call" : call.token().substring(0, 8));
        }

        @Override
        public void note(String text) {
            call.note(text);
        }

        @Override
        public void end(Ending why, String reason) {
            call.cancel(switch (why) {
                case TIMEOUT -> reason + " waiting for the phase server";
                case CANCEL -> reason + ": the phase server is not told";
            });
        }
    }
}
