/**
 * The window's trust (docs/security.md): {@code TrustFingerprints} makes a file's fingerprint
 * (path, content, the scripts its commands name, found by {@code CommandFiles}); {@code Trust}
 * compares it with what was trusted.
 *
 * <p>May use: {@code plan} ({@code JobEnvironment}), the engine's {@code TrustCheck},
 * {@code model}, {@code format}, {@code store}.
 */
package baton.engine.trust;
