/**
 * What a job says back (SPEC 2): {@code JobResults} reads an ended attempt's outputs, metrics,
 * artifacts and contract; {@code LiveMetrics} and {@code MetricsTail} follow a running attempt's
 * metrics file off the coordinator's thread.
 *
 * <p>May use: {@code model}, Jackson, the JSON Schema validator. Knows nothing of runs.
 */
package baton.engine.results;
