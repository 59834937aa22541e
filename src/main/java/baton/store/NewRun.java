package baton.store;

import baton.model.RunOwner;

import java.time.Instant;
import java.util.Map;

public record NewRun(long pipelineRef, String pipelineId, Map<String, String> params, Map<String, Boolean> switches,
                     String input, int concurrency, Instant startedAt, String startedBy, RunOwner owner) {}
