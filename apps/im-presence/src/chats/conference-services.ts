import { createHash } from 'node:crypto';
import { DomainError, ImErrorCode } from '@gw/contracts';
import { refuse } from '../domain/refusals';

/**
 * The conference (XEP-0045 MUC) services a user may use: `conference.<domain>` of their own
 * domain, and of every domain in IM_CONFERENCE_DOMAINS.
 */
export function conferenceServices(callerName: string, conferenceDomains: readonly string[]): string[] {
  const own = callerName.toLowerCase().split('@')[1];
  return [...new Set([...(own ? [own] : []), ...conferenceDomains])].map((domain) => `conference.${domain}`);
}

/** A room's local part: no separators of an address, no blanks. */
const ROOM_NAME = /^[^\s@/"&'<>:]{1,128}$/;

/**
 * A room address as typed, canonical (lower case; a bare room name is on the caller's own
 * service). Malformed: im.INVALID_ADDRESS.
 */
export function roomAddress(addr: string, callerName: string): { addr: string; service: string } {
  let room = addr.trim().toLowerCase();
  if (!room.includes('@')) room = `${room}@${conferenceServices(callerName, [])[0]}`;
  const [name, service, ...rest] = room.split('@');
  if (rest.length || !ROOM_NAME.test(name) || !service || !/^[a-z0-9.-]+$/.test(service)) throw refuse.invalidAddress(addr);
  return { addr: room, service };
}

/** A room's thread: derived from its address, so every joiner lands on the same stream and creation is decided once. */
export function roomThread(addr: string): string {
  return `room-${createHash('sha256').update(addr.toLowerCase()).digest('hex').slice(0, 32)}`;
}

export const notAConferenceService = (svc: string) =>
  new DomainError(ImErrorCode.NOT_A_CONFERENCE_SERVICE, `not a conference service: ${svc}`, { svc });
