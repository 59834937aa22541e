package baton.engine.run;

import baton.engine.plan.FanOut;
import baton.engine.plan.PlannedJob;
import baton.format.LoadException;
import baton.format.PipelineLoader;
import baton.format.PipelineValidator;
import baton.format.SpawnedPhase;
import baton.format.Suggest;
import baton.model.Need;
import baton.model.NeedCycles;
import baton.model.PhaseDef;
import baton.model.PipelineDef;
import baton.model.RunId;
import baton.store.Change;
import baton.store.NewJob;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes in the phases a job spawns (its BATON_SPAWN file, SPEC 2) once it has ended: ids
 * prefixed with the spawner's job id, needs on phases of the same file rewritten, and every
 * phase that needed the spawner made to wait for them too. Checks the whole file first (ids,
 * needs, cycles, {@code max_spawn}), so a refused file adds nothing. A restarted run gets its
 * spawned phases back from the store, through the same path.
 */
final class SpawnIntake {
    /** A spawned phase's id holds its spawner's: bounded so nested spawns fit the store's id columns (1000). */
    static final int MAX_SPAWNED_ID_LENGTH = 500;
    private static final long MAX_FILE_SIZE = 1 << 20;

    private final RunId runId;
    private final PipelineDef def;
    private final Map<String, String> params;
    private final JobTable table;
    private int spawnedJobs;
    /**
     * The lines of the spawn file each job's phases came from. A retried job runs again and
     * usually writes the same file: those phases are in the run already, and nothing is added.
     */
    private final Map<String, List<String>> spawnedBy = new java.util.HashMap<>();

    SpawnIntake(RunId runId, PipelineDef def, Map<String, String> params, JobTable table) {
        this.runId = runId;
        this.def = def;
        this.params = params;
        this.table = table;
    }

    /**
     * Adds again, in the order they were taken in, the phases spawned earlier in this run (their
     * jobs come back with the run's other jobs). A file that no longer loads is left out, and said.
     */
    void restore(List<baton.store.SpawnFile> spawns, List<PlannedJob> planned) {
        Map<String, String> phaseOfJob = new LinkedHashMap<>();
        for (PlannedJob j : planned) phaseOfJob.put(j.id(), j.phaseId());
        for (baton.store.SpawnFile s : spawns) {
            try {
                List<SpawnedPhase> defs = PipelineLoader.parseSpawnLines("BATON_SPAWN", s.text(), def);
                String refused = add(s.spawnerJob(), phaseOfJob.getOrDefault(s.spawnerJob(), s.spawnerJob()), defs, null);
                if (refused == null) spawnedBy.put(s.spawnerJob(), lines(s.text()));
                if (refused != null) {
                    System.getLogger("baton.engine").log(System.Logger.Level.WARNING, "run " + runId + ": the spawn file of " + s.spawnerJob()
                            + " no longer fits the run and is left out: " + refused);
                }
            } catch (LoadException e) {
                // it loaded when it was taken in; a newer Baton reading it differently skips it, and says so
                System.getLogger("baton.engine").log(System.Logger.Level.WARNING, "run " + runId + ": the spawn file of " + s.spawnerJob()
                        + " no longer loads and is left out: " + e.getMessage());
            }
        }
    }

    /** Takes in the BATON_SPAWN file of the attempt in {@code attemptDir}, if the job wrote one; returns why it was refused, or null. */
    String take(JobState js, Path attemptDir, Step step) {
        Path file = attemptDir.resolve("spawn");
        String text;
        try {
            if (!Files.isRegularFile(file)) return null;
            if (Files.size(file) > MAX_FILE_SIZE) return "BATON_SPAWN: the file is over 1 MB; spawn fewer, larger phases";
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "BATON_SPAWN: cannot read " + file + ": " + e.getMessage();
        }
        if (text.isBlank()) return null;
        List<SpawnedPhase> defs;
        try {
            defs = PipelineLoader.parseSpawnLines("BATON_SPAWN", text, def);
        } catch (LoadException e) {
            int line = e.problems().getFirst().line();
            List<String> msgs = e.problems().stream().filter(pr -> pr.line() == line).map(pr -> pr.message()).toList();
            return "BATON_SPAWN line " + line + ": " + String.join("; ", msgs) + " (nothing from this file was spawned)";
        }
        List<String> earlier = spawnedBy.get(js.job.id());
        if (earlier != null) {
            // a job run again (a retry) that spawned before: the same file again adds nothing; another is refused
            if (earlier.equals(lines(text))) return null;
            String prefix = js.job.id() + "/";
            List<String> ids = table.phaseIds().stream().filter(id -> id.startsWith(prefix) && id.indexOf('/', prefix.length()) < 0).toList();
            return "BATON_SPAWN: an earlier run of " + js.job.id() + " spawned '" + String.join("', '", ids) + "', and this run wrote a different"
                    + " file; a job run again may only spawn the same phases again (nothing from this file was spawned). To run what it"
                    + " spawned again: baton retry " + runId + " " + String.join(" ", ids);
        }
        String error = add(js.job.id(), js.job.phaseId(), defs, step);
        if (error == null) {
            step.change(new Change.PhasesSpawned(runId, js.job.id(), text));
            spawnedBy.put(js.job.id(), lines(text));
        }
        return error == null ? null : "BATON_SPAWN: " + error + " (nothing from this file was spawned)";
    }

    /** A spawn file's lines as compared between two runs of one job: blank lines and surrounding blanks left out. */
    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /**
     * Adds spawned phases to the run, and with a {@code step} (not when restoring) their jobs;
     * returns why the file is refused, or null.
     */
    private String add(String spawnerJob, String spawnerPhase, List<SpawnedPhase> spawned, Step step) {
        String prefix = spawnerJob + "/";
        List<PhaseDef> defs = spawned.stream().map(SpawnedPhase::def).toList();
        String superseding = spawned.stream().filter(SpawnedPhase::supersedes).map(sp -> prefix + sp.def().id()).findFirst().orElse(null);
        PhaseState spawnerState = table.phaseState(spawnerPhase);
        if (superseding != null && spawnerState != null && spawnerState.def.foreach() != null) {
            return "'supersedes' replaces a phase of one job; " + spawnerPhase + " has one job per item";
        }
        Map<String, String> local = new LinkedHashMap<>();
        for (PhaseDef d : defs) {
            String why = PipelineValidator.idProblem("phase", d.id());
            if (why != null) return why;
            if ((prefix + d.id()).length() > MAX_SPAWNED_ID_LENGTH) {
                return "phase '" + d.id() + "' would get the id '" + prefix.substring(0, 40) + "…" + d.id() + "', " + (prefix + d.id()).length()
                        + " characters long; spawned ids are limited to " + MAX_SPAWNED_ID_LENGTH + ": spawn less deeply or use shorter ids";
            }
            if (local.put(d.id(), prefix + d.id()) != null) return "phase '" + d.id() + "' appears twice";
            if (table.hasPhase(prefix + d.id())) return "phase '" + prefix + d.id() + "' is already in the run";
        }
        List<PhaseDef> renamed = new ArrayList<>();
        int newJobs = 0;
        for (PhaseDef d : defs) {
            List<Need> needs = new ArrayList<>();
            for (Need n : d.needs()) {
                String target = local.containsKey(n.phase()) ? local.get(n.phase()) : table.hasPhase(n.phase()) ? n.phase() : null;
                if (target == null) {
                    List<String> known = new ArrayList<>(local.keySet());
                    known.addAll(table.phaseIds());
                    known.remove(d.id()); // never "did you mean" itself
                    return "phase '" + d.id() + "' needs unknown phase '" + n.phase() + "'" + Suggest.hint(n.phase(), known);
                }
                if (target.equals(prefix + d.id())) return "phase '" + d.id() + "' needs itself";
                needs.add(new Need(target, n.when(), n.pos()));
            }
            renamed.add(d.renamed(prefix + d.id(), needs));
            newJobs += FanOut.jobsAtStart(d, params, 0).size();
        }
        Optional<NeedCycles.Cycle> cycle = NeedCycles.first(renamed);
        if (cycle.isPresent()) return "cycle in needs: " + cycle.get();
        if (step != null && spawnedJobs + newJobs > def.maxSpawn()) {
            return "max_spawn (" + def.maxSpawn() + ") reached: this run has spawned " + spawnedJobs + " job(s) and this file asks for "
                    + newJobs + " more";
        }
        spawnedJobs += newJobs;
        // taken before the spawned phases are linked: one of them may need the spawner's phase too
        List<PhaseState.Link> waiting = spawnerState == null ? List.of() : List.copyOf(spawnerState.downstream);
        List<PhaseState> added = addPhases(renamed);
        waitForSpawned(waiting, added, superseding);
        if (superseding != null) table.supersede(spawnerJob, superseding);
        if (step == null) return null;
        List<NewJob> newJobList = new ArrayList<>();
        for (PhaseDef d : renamed) {
            for (PlannedJob job : FanOut.jobsAtStart(d, params, table.nextSeq())) newJobList.add(table.addNew(job));
        }
        if (!newJobList.isEmpty()) table.recordAdded(newJobList, step);
        return null;
    }

    /** Adds the checked phases, then links each to its needs (one of them may need a phase listed after it). */
    private List<PhaseState> addPhases(List<PhaseDef> renamed) {
        List<PhaseState> added = new ArrayList<>();
        for (PhaseDef d : renamed) added.add(table.addPhase(d, false));
        for (PhaseState ps : added) {
            table.linkNeeds(ps);
            ps.recountNeeds();
            table.markTouched(ps);
            table.markDirty(ps);
        }
        return added;
    }

    /**
     * What needed the spawner waits for what it spawned; with a superseding phase, it stops
     * waiting for the spawner and asks of that phase what it asked of the spawner.
     */
    private void waitForSpawned(List<PhaseState.Link> waiting, List<PhaseState> added, String superseding) {
        for (PhaseState.Link l : waiting) {
            for (PhaseState ps : added) {
                boolean replaces = ps.def.id().equals(superseding);
                Need need = replaces ? new Need(ps.def.id(), l.need().when(), l.need().pos()) : Need.success(ps.def.id());
                table.link(need, ps, l.down());
            }
            if (superseding != null) table.unlink(l);
            l.down().recountNeeds();
            table.markDirty(l.down());
        }
    }
}
