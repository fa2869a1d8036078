import { DomainError, ErrorCode } from '@gw/contracts';

/**
 * SearchRequest's sortBy values for messages (Zimbra's SortBy, matched case-insensitively like
 * SortBy.of), each with the column it orders by. The read model has no priority or relevance,
 * so priorityAsc/Desc and relevanceAsc/Desc are refused rather than silently reordered.
 */
const SORT_KEYS: Record<string, [column: string, direction: 'ASC' | 'DESC']> = {
  dateasc: ['m.date', 'ASC'],
  datedesc: ['m.date', 'DESC'],
  subjasc: ['m.sort_subject', 'ASC'],
  subjdesc: ['m.sort_subject', 'DESC'],
  nameasc: ['m.sort_sender', 'ASC'],
  namedesc: ['m.sort_sender', 'DESC'],
  rcptasc: ['lower(m.to_addrs)', 'ASC'],
  rcptdesc: ['lower(m.to_addrs)', 'DESC'],
  sizeasc: ['m.size', 'ASC'],
  sizedesc: ['m.size', 'DESC'],
  attachasc: ['m.has_attachment', 'ASC'],
  attachdesc: ['m.has_attachment', 'DESC'],
  flagasc: [`(strpos(m.flags, 'f') > 0)`, 'ASC'],
  flagdesc: [`(strpos(m.flags, 'f') > 0)`, 'DESC'],
};

/**
 * The ORDER BY for a sortBy (default dateDesc). Ties are broken by id in the same direction,
 * so pages never overlap or skip. "none" promises no order; we still give id order.
 */
export function sortClause(sortBy?: string): string {
  const key = (sortBy ?? '').trim().toLowerCase() || 'datedesc';
  if (key === 'none') return 'ORDER BY m.id ASC';
  const found = SORT_KEYS[key];
  if (!found) throw new DomainError(ErrorCode.INVALID_REQUEST, `invalid request: unknown sortBy ${JSON.stringify(sortBy)}`);
  const [column, direction] = found;
  return `ORDER BY ${column} ${direction}, m.id ${direction}`;
}
