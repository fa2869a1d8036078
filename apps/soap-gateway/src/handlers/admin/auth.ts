import { AuthResult, commandSubject } from '@gw/contracts';
import { SoapElement, SoapFault, attr, attrEl, child, text, textEl } from '@gw/soap';
import { SoapCallContext } from '../../soap/soap-handler';
import { adminHandler, response, selectorFrom } from '../directory-elements';

const authResponse = (request: SoapElement, auth: AuthResult) =>
  response(request, [textEl('authToken', auth.authToken), attrEl('lifetime', auth.lifetimeMs)]);

/** AuthRequest on the admin port: `<name>` or `<account by>`, and `<password>`; or an `<authToken>` to check. */
async function authenticate(request: SoapElement, ctx: SoapCallContext) {
  const name = attr(request, 'name');
  const account = child(request, 'account') ? selectorFrom(request, 'account') : name ? { by: 'name' as const, value: name } : undefined;
  const password = attr(request, 'password');
  if (account && password !== undefined) {
    return authResponse(request, await ctx.call<AuthResult>(commandSubject('mailbox', 'Authenticate'), { account, password, admin: true }));
  }
  const token = child(request, 'authToken') ? text(child(request, 'authToken')!) : undefined;
  if (token) return authResponse(request, await ctx.call<AuthResult>(commandSubject('mailbox', 'ValidateToken'), { authToken: token, admin: true }));
  throw SoapFault.invalidRequest(account ? 'missing required attribute: password' : 'must specify name or account');
}

export const adminAuthHandlers = [
  adminHandler('AuthRequest', authenticate, 'none'),
  adminHandler('DelegateAuthRequest', async (request, ctx) => {
    const duration = attr(request, 'duration');
    const seconds = duration === undefined ? undefined : Number(duration);
    if (seconds !== undefined && (!Number.isInteger(seconds) || seconds <= 0)) throw SoapFault.invalidRequest(`invalid duration: ${duration}`);
    const auth = await ctx.call<AuthResult>(commandSubject('mailbox', 'DelegateAuth'), {
      account: selectorFrom(request, 'account'),
      ...(seconds ? { durationSeconds: seconds } : {}),
    });
    return authResponse(request, auth);
  }),
  adminHandler('NoOpRequest', async (request) => response(request)),
];
