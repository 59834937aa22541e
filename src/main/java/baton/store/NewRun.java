package baton.store;

import baton.model.RunOwner;
import baton.model.RunPlan;

import java.time.Instant;
import java.util.Map;

public record NewRun(long pipelineRef, String pipelineId, RunPlan plan, Instant startedAt, String startedBy, RunOwner owner) {}
