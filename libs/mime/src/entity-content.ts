import { decodeText } from './charset';
import { entityBody, type MimeEntity } from './mime-entity';
import { decodeTransferEncoding } from './transfer-encoding';

/** A part's bytes with the transfer encoding removed; a multipart's body as it is. */
export function entityContent(entity: MimeEntity): Buffer {
  const body = entityBody(entity);
  return entity.contentType.startsWith('multipart/') ? body : decodeTransferEncoding(body, entity.transferEncoding);
}

/** A text part's content as a string, line breaks as "\n". */
export function entityText(entity: MimeEntity): string {
  return decodeText(entityContent(entity), entity.contentTypeParams.charset).replace(/\r\n?/g, '\n');
}
