package baton.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** Prints the bash completion script of the real command line (picocli writes it from the spec). */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print the shell completion script for bash (zsh loads it too, after 'autoload -U +X bashcompinit && bashcompinit').",
                "The .deb installs it; from a checkout, load it in the current shell with: source <(baton completion)"},
        footerHeading = BatonCli.EXAMPLE,
        footer = {"  source <(baton completion)", "  baton completion > ~/.local/share/bash-completion/completions/baton"})
final class CompletionCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.print(script());
        out.flush();
        return BatonCli.OK;
    }

    /** The bash script for the command line {@link BatonCli#commandLine} builds. */
    static String script() {
        return AutoComplete.bash("baton", BatonCli.commandLine(java.util.Map.of()));
    }
}
