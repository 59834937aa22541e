package baton.cli;

import baton.engine.DataDirs;
import baton.engine.LogFile;
import baton.engine.RunRefused;
import baton.format.LoadException;
import baton.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;

/**
 * What an exception out of a verb becomes on stderr, for every verb. The expected ones are said
 * in their own words with exit 2: a run the engine refuses, a file with problems (one
 * {@code file:line:col: message} line each), a store that cannot be used. Anything else is an
 * internal error, logged with its cause in the log file that the message names.
 */
final class VerbErrors implements CommandLine.IExecutionExceptionHandler {
    private final String[] args;

    VerbErrors(String[] args) {
        this.args = args;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine verb, CommandLine.ParseResult parsed) {
        PrintWriter err = verb.getErr();
        switch (ex) {
            case RunRefused refused -> err.println("baton: " + refused.getMessage());
            case LoadException problems -> problems.problems().forEach(err::println);
            case StoreException store -> err.println("baton: " + store.getMessage());
            case baton.client.ServiceUnavailable service -> err.println("baton: " + service.getMessage());
            default -> {
                logInDataDir(verb);
                err.println("baton: " + BatonCli.internalError("in 'baton " + String.join(" ", args) + "'", ex));
            }
        }
        err.flush();
        return BatonCli.USAGE;
    }

    /**
     * The log goes to the verb's data directory: already so when the verb opened the engine; a
     * verb that did not (validate, plan, examples, completion) opens it now, so the details have a
     * place the message can name.
     */
    private static void logInDataDir(CommandLine verb) {
        CommandSpec spec = verb.getCommandSpec();
        DataDir option = spec.mixins().values().stream().map(CommandSpec::userObject)
                .filter(DataDir.class::isInstance).map(DataDir.class::cast).findFirst().orElse(null);
        try {
            LogFile.useDataDir(option != null ? option.path() : DataDirs.resolve(null, ((BatonCli) spec.root().userObject()).env));
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            // no usable data directory (a bad --data-dir, no home folder): the log stays where it
            // is, and with none open the logger's default handler prints the details on stderr
        }
    }
}
