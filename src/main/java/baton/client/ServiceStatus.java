package baton.client;

import baton.model.RunId;

import java.time.Instant;
import java.util.List;

/** What {@code baton service status} shows: who the service is and what it is doing; {@code maxJobs} 0: no cap across runs. */
public record ServiceStatus(long pid, String version, int protocol, String dataDir, Instant startedAt, List<RunId> liveRuns,
                            int clients, int maxJobs, int slotsInUse) {}
