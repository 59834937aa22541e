package baton.cli;

import baton.format.LoadException;
import baton.format.LoadedPipeline;
import baton.format.PipelineLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true, footerHeading = BatonCli.EXAMPLE, footer = {"  baton validate examples/course/course.baton.yaml"}, description = "Check a pipeline file; errors are printed as file:line:col: message.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the file to check: a YAML/JSON pipeline, a CASCADE.md or ROADMAP.md, a script, or a folder of numbered scripts") Path file;
    @Mixin DataDir dataDir; // accepted for symmetry; validate touches no data
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws LoadException {
        LoadedPipeline p = PipelineLoader.load(file);
        printNotes(spec, p);
        int optional = (int) p.definition().phases().stream().filter(ph -> ph.optional()).count();
        spec.commandLine().getOut().println(file + ": ok: pipeline '" + p.definition().id() + "', "
                + p.definition().phases().size() + " phases" + (optional > 0 ? " (" + optional + " optional)" : ""));
        return BatonCli.OK;
    }

    /** What loading said beyond problems (a folder's scripts left out, the file a folder stands for), on stderr. */
    static void printNotes(CommandSpec spec, LoadedPipeline p) {
        for (String note : p.notes()) spec.commandLine().getErr().println("baton: " + note);
        spec.commandLine().getErr().flush();
    }
}
