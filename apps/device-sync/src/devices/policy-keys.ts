import { randomInt } from 'node:crypto';

/**
 * A new policy key: MS-ASPROV keys are unsigned 32-bit numbers, 0 meaning "none". Random rather
 * than counted, so a key says nothing about other devices and cannot be guessed from an old one.
 */
export const newPolicyKey = (): string => String(randomInt(1, 2 ** 32));
