import { DEFAULT_PRIVACY_LIST, PrivacyItem, PrivacyList } from '@gw/contracts';

/**
 * soap-im.txt privacy lists: entries in increasing `order`, the first whose address matches
 * decides; an entry's address is a full address or a whole domain; no match allows.
 */
export function privacyAllows(list: PrivacyList | undefined, addr: string): boolean {
  if (!list) return true;
  const who = addr.toLowerCase();
  const domain = who.slice(who.indexOf('@') + 1);
  for (const item of list.items) {
    const target = item.addr.toLowerCase();
    const matches = target.includes('@') ? target === who : target === domain;
    if (matches) return item.action === 'allow';
  }
  return true;
}

/** The list as stored: canonical addresses, sorted by order; a missing name is the default list. */
export function normalisePrivacyList(name: string | undefined, items: readonly PrivacyItem[]): PrivacyList {
  return {
    name: name ?? DEFAULT_PRIVACY_LIST,
    items: [...items].map((i) => ({ ...i, addr: i.addr.trim().toLowerCase() })).sort((a, b) => a.order - b.order),
  };
}
