import { z } from 'zod';
import { AccountInfo, AuthResult, commandSubject, Principal, querySubject } from '@gw/contracts';
import { text } from '../expresso/codec';
import { ExpressoError } from '../expresso/errors';
import { ExpressoContext, resource } from '../expresso/resource';
import { decodeAuth, encodeAuth } from '../expresso/session-auth';

/** Passwords are taken as typed: no trimming. */
const password = z.union([z.string(), z.number()]).transform(String).optional();

/**
 * Login's `profile`: the seed's contactID is an LDAP uidNumber, which accounts here do not have;
 * the account id is the stable identifier that stands in for it.
 */
function profileOf(info: AccountInfo) {
  const first = (name: string) => info.attrs[name]?.[0];
  return {
    contactID: info.id,
    contactMails: [info.name, ...(info.attrs.zimbraMailAlias ?? [])],
    contactPhones: info.attrs.telephoneNumber ?? [],
    contactFullName: first('displayName') ?? first('cn') ?? info.name,
  };
}

async function sessionOf(token: string, ctx: ExpressoContext) {
  const principal = await ctx.call<Principal>(querySubject('mailbox', 'VerifyToken'), { authToken: token });
  const info = await ctx.call<AccountInfo>(querySubject('mailbox', 'GetInfo'), {}, principal);
  return { auth: encodeAuth(token), profile: [profileOf(info)] };
}

export const loginResources = [
  /** With user and password a new session; with only an `auth` already held, that session again. */
  resource('Login', 'none', z.object({ user: text, password }), async (p, ctx) => {
    if (p.user && p.password) {
      const auth = await ctx.call<AuthResult>(commandSubject('mailbox', 'Authenticate'), {
        account: { by: 'name', value: p.user },
        password: p.password,
        admin: false,
      });
      return sessionOf(auth.authToken, ctx);
    }
    if (ctx.auth) {
      const token = decodeAuth(ctx.auth);
      if (!token) throw new ExpressoError('LOGIN_AUTH_INVALID');
      return sessionOf(token, ctx);
    }
    throw new ExpressoError('LOGIN_BADLOGIN');
  }),
  /** Ends the session named by `auth`: its token is void from now on, on every gateway. */
  resource('Logout', 'session', z.object({}), async (_, ctx) => {
    await ctx.call(commandSubject('mailbox', 'EndSession'), {});
    return { hasLogout: 1 };
  }),
];
