/**
 * How an append's expected revision is checked.
 *
 * - `subject`: `Nats-Expected-Last-Subject-Sequence` alone. Exact on a single server, where every
 *   check runs in log order.
 * - `fenced`: on replicated streams, nats-server before 2.9.21 checks that header only on the
 *   leader, against what is already stored, so concurrent appends carrying the same expectation
 *   can all be accepted (nats-io/nats-server#4320). The stream-wide `Nats-Expected-Last-Sequence`
 *   is checked when the message is applied, in log order, on every replica. Pinning it to the
 *   head read just before publishing means the leader's subject check saw exactly that head, so
 *   the pair is exact again, at the price of a head lookup per append and a retry whenever any
 *   other stream was written meanwhile. `'no_stream'` (expected 0) is checked at apply time by
 *   those servers already and needs no fence.
 */
export type RevisionCheck = 'subject' | 'fenced';

const FIRST_FIXED_VERSION = [2, 9, 21];

export function revisionCheckFor(serverVersion: string | undefined, replicas: number): RevisionCheck {
  if (replicas <= 1) return 'subject';
  // Unknown versions are treated as affected: fencing is slower, never wrong.
  return serverVersion !== undefined && versionAtLeast(serverVersion, FIRST_FIXED_VERSION) ? 'subject' : 'fenced';
}

function versionAtLeast(version: string, minimum: number[]): boolean {
  const parts = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version)?.slice(1).map(Number);
  if (!parts) return false;
  for (let i = 0; i < minimum.length; i++) {
    if (parts[i] !== minimum[i]) return parts[i] > minimum[i];
  }
  return true;
}
