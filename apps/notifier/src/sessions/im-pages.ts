import type { ImNotification, ImNotifications } from '@gw/contracts';
import type { SourceReach } from './session';

/** One GetImNotifications call: the page after `since`, or null when im-presence did not answer. */
export type ImPageFetch = (since: bigint, limit: number) => Promise<ImNotifications | null>;

export interface ImPageLimits {
  /** Notifications asked for per GetImNotifications call. */
  pageSize: number;
  /** At most this many in one notify block; the next turn goes on from where the block stops. */
  perBlock: number;
}

export const IM_PAGE_LIMITS: ImPageLimits = { pageSize: 500, perBlock: 2000 };

/**
 * The IM half of a notify block: the account's IM notifications after `since`, page by page up
 * to the block's cap. Complete when im-presence said there is no more; then the IM stream is
 * covered up to `imRevision` (the last IM commit the notifier saw) even where that commit
 * notified nothing. Cut short by the cap or by a page that did not come, it reaches only as far
 * as the notifications it holds, so the rest stays unacknowledged.
 */
export async function imNotificationsSince(fetch: ImPageFetch, since: bigint, imRevision: bigint, limits: ImPageLimits = IM_PAGE_LIMITS): Promise<{ notifications: ImNotification[]; reach: SourceReach }> {
  const notifications: ImNotification[] = [];
  let cursor = since;
  for (;;) {
    const room = limits.perBlock - notifications.length;
    if (room <= 0) return { notifications, reach: { revision: cursor, complete: false } };
    const page = await fetch(cursor, Math.min(limits.pageSize, room));
    if (!page) return { notifications, reach: { revision: cursor, complete: false } };
    notifications.push(...page.notifications);
    const reached = BigInt(page.revision);
    if (!page.truncated) return { notifications, reach: { revision: reached > imRevision ? reached : imRevision, complete: true } };
    // A truncated page that does not move on would be asked for forever.
    if (reached <= cursor) return { notifications, reach: { revision: cursor, complete: false } };
    cursor = reached;
  }
}
