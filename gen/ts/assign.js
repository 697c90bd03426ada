// @ts-check
// Release assignment, as the server assigns (internal/release/assign): a subject's bucket is
// the first 4 bytes of SHA-256(salt + ":" + subject), big-endian, modulo 10,000; buckets
// below percent × 100 get the release's candidate. No subject: the current version.
import { createHash } from "node:crypto";

/** The number of buckets subjects fall into. */
export const BUCKETS = 10_000;

/**
 * bucket is subject's bucket in a release of salt, in [0, BUCKETS).
 * @param {string} salt
 * @param {string} subject
 */
export function bucket(salt, subject) {
  return createHash("sha256").update(salt + ":" + subject, "utf8").digest().readUInt32BE(0) % BUCKETS;
}

/**
 * threshold is the number of buckets on the candidate at percent (0–100).
 * @param {number} percent
 */
export function threshold(percent) {
  // Go's math.Round: halves away from zero (the value is never negative here).
  return Math.floor(Math.max(0, Math.min(100, percent)) * BUCKETS / 100 + 0.5);
}

/**
 * variant is the variant subject gets: "candidate" or "current".
 * @param {string} salt
 * @param {string} subject
 * @param {number} percent
 * @returns {"current" | "candidate"}
 */
export function variant(salt, subject, percent) {
  return subject === "" || bucket(salt, subject) >= threshold(percent) ? "current" : "candidate";
}
