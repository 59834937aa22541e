package baton.format;

import baton.model.PhaseDef;

/**
 * One line of a job's BATON_SPAWN file: a phase to add to the run, and whether it supersedes
 * the job that spawned it ({@code "supersedes": true}): then what needed the spawner follows
 * this phase's outcome instead of the spawner's (a failed test that spawned a fix and a re-test
 * is judged by the re-test).
 */
public record SpawnedPhase(PhaseDef def, boolean supersedes) {}
