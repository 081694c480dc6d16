/**
 * Authenticated commands: a controller signs each command with a shared key (HMAC-SHA256 over the body
 * and its CloudEvents headers), and a trainer accepts only commands signed by a key of its ring, issued
 * within a window around its clock, and not seen before.
 *
 * <p>{@link dev.firstpass.core.protocol.signing.CommandSigner} signs,
 * {@link dev.firstpass.core.protocol.signing.CommandVerifier} verifies, and
 * {@link dev.firstpass.core.protocol.signing.CommandKeyRing} reads keys from files and environment
 * variables. docs/security.md describes the format, rotation and what a refusal looks like.
 */
package dev.firstpass.core.protocol.signing;
