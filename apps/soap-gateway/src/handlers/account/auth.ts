import { AuthResult, commandSubject } from '@gw/contracts';
import { SoapElement, SoapFault, attr, attrEl, child, text, textEl } from '@gw/soap';
import { SoapCallContext } from '../../soap/soap-handler';
import { ACCOUNT_NS, handler, response, selectorFrom } from '../directory-elements';

const accountHandler = (name: string, auth: 'none' | 'user', handle: (r: SoapElement, c: SoapCallContext) => Promise<SoapElement>) =>
  handler('user', ACCOUNT_NS, name, auth, handle);

const authResponse = (request: SoapElement, auth: AuthResult) =>
  response(request, [textEl('authToken', auth.authToken), attrEl('lifetime', auth.lifetimeMs), textEl('skin', 'harmony')]);

export const accountAuthHandlers = [
  /** By name or alias (or id) with a password, or an existing `<authToken>` to validate. */
  accountHandler('AuthRequest', 'none', async (request, ctx) => {
    const password = attr(request, 'password');
    if (child(request, 'account') && password !== undefined) {
      const auth = await ctx.call<AuthResult>(commandSubject('mailbox', 'Authenticate'), {
        account: selectorFrom(request, 'account'),
        password,
        admin: false,
      });
      return authResponse(request, auth);
    }
    const token = child(request, 'authToken');
    if (token && text(token).trim()) {
      return authResponse(request, await ctx.call<AuthResult>(commandSubject('mailbox', 'ValidateToken'), { authToken: text(token).trim(), admin: false }));
    }
    throw SoapFault.invalidRequest(child(request, 'account') ? 'missing required attribute: password' : 'missing required element: account');
  }),
  /** Returns a new token: the old ones are void once the password changed. */
  accountHandler('ChangePasswordRequest', 'none', async (request, ctx) => {
    const oldPassword = attr(request, 'oldPassword');
    const password = attr(request, 'password');
    if (oldPassword === undefined || password === undefined) throw SoapFault.invalidRequest('missing required attribute: oldPassword and password');
    const auth = await ctx.call<AuthResult>(commandSubject('mailbox', 'ChangePassword'), {
      account: selectorFrom(request, 'account'),
      oldPassword,
      password,
    });
    return response(request, [textEl('authToken', auth.authToken), attrEl('lifetime', auth.lifetimeMs)]);
  }),
  accountHandler('EndSessionRequest', 'user', async (request, ctx) => {
    await ctx.call(commandSubject('mailbox', 'EndSession'), {});
    return response(request);
  }),
];
