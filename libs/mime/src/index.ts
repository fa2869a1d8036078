export type { Address, BodyContent, HeaderField, MimePart, ParsedMessage, PartContent } from './types';
export { parseMessage } from './parse-message';
export { bodyContent, getPartContent } from './part-content';
export { bodyParts, hasAttachment, textBodyPart, type BodyPreference } from './body-parts';
export { normalizeSubject, subjectWithoutPrefixes } from './subject';
export { composeMessage, type ComposeAttachment, type ComposeInput } from './compose-message';
export { BODY_TEXT_MAX_BYTES, FRAGMENT_LENGTH } from './text-summary';
