import { commandSubject, DirectoryEntry } from '@gw/contracts';
import { attr, requireAttr } from '@gw/soap';
import { SoapHandler } from '../../soap/soap-handler';
import { adminHandler, attrsFrom, entryElement, response } from '../directory-elements';

/**
 * Create/Modify/Rename/Delete are alike for every kind of directory entry: name or id, the
 * `<a n>` attributes, and the entry back as an ldapRecord. `kind` names the commands
 * (CreateAccount, ModifyCos…); `tag` is the response element (account, cos, domain, dl).
 */
export function entityWriteHandlers(kind: string, tag: string, ops: ('Create' | 'Modify' | 'Rename' | 'Delete')[]): SoapHandler[] {
  const handlers: SoapHandler[] = [];
  const entry = (e: DirectoryEntry) => [entryElement(tag, e)];
  if (ops.includes('Create')) {
    handlers.push(
      adminHandler(`Create${kind}Request`, async (request, ctx) => {
        const payload: Record<string, unknown> = { name: requireAttr(request, 'name'), attrs: attrsFrom(request) };
        if (kind === 'Account') {
          const password = attr(request, 'password');
          if (password !== undefined) payload.password = password;
        }
        return response(request, entry(await ctx.call<DirectoryEntry>(commandSubject('mailbox', `Create${kind}`), payload)));
      }),
    );
  }
  if (ops.includes('Modify')) {
    handlers.push(
      adminHandler(`Modify${kind}Request`, async (request, ctx) =>
        response(request, entry(await ctx.call<DirectoryEntry>(commandSubject('mailbox', `Modify${kind}`), { id: requireAttr(request, 'id'), attrs: attrsFrom(request) }))),
      ),
    );
  }
  if (ops.includes('Rename')) {
    handlers.push(
      adminHandler(`Rename${kind}Request`, async (request, ctx) =>
        response(
          request,
          entry(await ctx.call<DirectoryEntry>(commandSubject('mailbox', `Rename${kind}`), { id: requireAttr(request, 'id'), newName: requireAttr(request, 'newName') })),
        ),
      ),
    );
  }
  if (ops.includes('Delete')) {
    handlers.push(
      adminHandler(`Delete${kind}Request`, async (request, ctx) => {
        await ctx.call(commandSubject('mailbox', `Delete${kind}`), { id: requireAttr(request, 'id') });
        return response(request);
      }),
    );
  }
  return handlers;
}
