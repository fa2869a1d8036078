import type { AddressObject, EmailAddress } from 'mailparser';
import type { Address } from './types';

/** mailparser's address header(s) as a flat list: group members in place of their group, unnamed parts dropped. */
export function toAddresses(header: AddressObject | AddressObject[] | undefined): Address[] {
  const objects = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return objects.flatMap((object) => object.value.flatMap(flattenGroup));
}

function flattenGroup(entry: EmailAddress): Address[] {
  if (entry.group) return entry.group.flatMap(flattenGroup);
  if (!entry.address) return [];
  return entry.name ? [{ address: entry.address, name: entry.name }] : [{ address: entry.address }];
}
