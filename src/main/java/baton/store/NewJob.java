package baton.store;

/** A job to create in PENDING state. */
public record NewJob(String id, String phaseId, int seq, String item, Integer index, String lane) {}
