import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AccountInfo, Attrs, commandSubject, directoryCommands as c, directoryQueries as q, querySubject } from '@gw/contracts';
import { handleBusRequest, LOGGER, Logger } from '@gw/nats-bus';
import { ReadModelSet } from '@gw/service-infra';
import { DirectoryCommands, requirePrincipal } from '../directory-commands';
import { DirectoryReadModel } from '../directory.read-model';
import { isPrefName } from '../domain/attributes';

/** Account attributes a user's own client may see (Zimbra: zimbraAccountClientAttrs and the like). */
const CLIENT_ATTRS = /^(displayName|cn|sn|givenName|initials|zimbraId|zimbraMailQuota|zimbraMailAlias|zimbraAccountStatus|zimbraIsAdminAccount|zimbraFeature.*|zimbraPasswordMinLength|zimbraPasswordMaxLength|zimbraPresencePublished)$/;

function split(attrs: Attrs): { prefs: Attrs; client: Attrs } {
  const prefs: Attrs = {};
  const client: Attrs = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (isPrefName(k)) prefs[k] = v;
    // zimbraPresencePublished is both: a preference, and in GetInfo's attrs as before.
    if (CLIENT_ATTRS.test(k)) client[k] = v;
  }
  return { prefs, client };
}

/** What a signed-in user asks about their own account: GetInfo, GetPrefs, ModifyPrefs. */
@Controller()
export class SelfServiceController {
  constructor(
    private readonly commands: DirectoryCommands,
    private readonly readModel: DirectoryReadModel,
    private readonly runner: ReadModelSet,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @MessagePattern(querySubject('mailbox', 'GetInfo'))
  getInfo(@Payload() raw: unknown) {
    return handleBusRequest(raw, q.GetInfo, this.logger, async ({ request }) => {
      const principal = requirePrincipal(request);
      await this.runner.waitFor(request.minPosition);
      const own = await this.readModel.require('account', { by: 'id', value: principal.id });
      const account = await this.readModel.withCos(own);
      const cos = await this.readModel.cosOf(own);
      const { prefs, client } = split(account.attrs);
      const info: AccountInfo = {
        id: account.id,
        name: account.name,
        attrs: client,
        prefs,
        lifetimeMs: Math.max(0, (principal.expiresAt ?? Date.now()) - Date.now()),
        adminDelegated: Boolean(principal.delegatedBy),
        ...(cos ? { cos: { id: cos.id, name: cos.name } } : {}),
      };
      return { result: info };
    });
  }

  @MessagePattern(querySubject('mailbox', 'GetPrefs'))
  getPrefs(@Payload() raw: unknown) {
    return handleBusRequest(raw, q.GetPrefs, this.logger, async ({ request, payload }) => {
      const principal = requirePrincipal(request);
      await this.runner.waitFor(request.minPosition);
      const account = await this.readModel.withCos(await this.readModel.require('account', { by: 'id', value: principal.id }));
      const { prefs } = split(account.attrs);
      if (!payload.names?.length) return { result: prefs };
      const wanted: Attrs = {};
      for (const name of payload.names) if (prefs[name]) wanted[name] = prefs[name];
      return { result: wanted };
    });
  }

  @MessagePattern(commandSubject('mailbox', 'ModifyPrefs'))
  modifyPrefs(@Payload() raw: unknown) {
    return handleBusRequest(raw, c.ModifyPrefs, this.logger, async ({ request, payload }) => {
      const principal = requirePrincipal(request);
      const outcome = await this.commands.run({ type: 'ModifyPrefs', accountId: principal.id, prefs: payload.prefs }, request);
      return { result: {}, position: outcome.position ?? undefined };
    });
  }
}
