package baton.store;

/** A spawn file (BATON_SPAWN) a job wrote, as its run took it in: {@code text} is read again on retry and resume. */
public record SpawnFile(String spawnerJob, String text) {}
