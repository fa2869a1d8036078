import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError } from '@gw/contracts';
import { LOGGER, Logger } from '@gw/nats-bus';
import { MAILBOX_CONFIG } from '../infrastructure/tokens';
import { MailboxConfig } from '../infrastructure/config';
import { DirectoryCommands } from './directory-commands';
import { DirectoryAggregate } from './directory.aggregate';
import { findCos, findDomain, isAdminAccount } from './domain/directory-state';
import { parseAddress } from './domain/addresses';
import { generatePassword, hashPassword } from './passwords';

const SYSTEM_ACTOR = { id: 'system', name: 'system', isAdmin: true, tokenId: '' };

/** Zimbra's default class of service, which every account falls back to. */
const DEFAULT_COS_ATTRS = {
  description: ['The default COS'],
  zimbraAuthTokenLifetime: ['2d'],
  zimbraAdminAuthTokenLifetime: ['12h'],
  zimbraPasswordMinLength: ['6'],
  zimbraPasswordMaxLength: ['64'],
  zimbraMailQuota: ['0'],
  zimbraFeatureMailEnabled: ['TRUE'],
  zimbraFeatureContactsEnabled: ['TRUE'],
  zimbraFeatureCalendarEnabled: ['TRUE'],
  zimbraFeatureIMEnabled: ['TRUE'],
  zimbraFeatureMobileSyncEnabled: ['TRUE'],
  zimbraPrefLocale: ['en_US'],
  zimbraPrefTimeZoneId: ['UTC'],
  zimbraPrefMailPollingInterval: ['5m'],
};

/**
 * First start: with no admin account in the directory, create one (and its domain and the
 * default class of service) from ADMIN_EMAIL/ADMIN_PASSWORD; with no password configured,
 * generate one and print it once. There is no built-in default password.
 */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  constructor(
    private readonly aggregate: DirectoryAggregate,
    private readonly commands: DirectoryCommands,
    @Inject(MAILBOX_CONFIG) private readonly config: MailboxConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const state = () => this.aggregate.current;
    const run = (command: Parameters<DirectoryCommands['run']>[0]) =>
      this.commands.run(command, { id: randomUUID(), principal: SYSTEM_ACTOR, payload: {} }).catch((err) => {
        // Another instance bootstrapping at the same moment wins; its entry is as good as ours.
        if (!(err instanceof DomainError) || !/EXISTS$/.test(err.code)) throw err;
      });

    if (!findCos(state(), 'name', 'default')) await run({ type: 'CreateCos', name: 'default', attrs: DEFAULT_COS_ATTRS });
    if ([...state().accounts.values()].some(isAdminAccount)) return;

    const email = this.config.adminEmail ?? 'admin@groupware.test';
    const { domain } = parseAddress(email, 'ADMIN_EMAIL');
    if (!findDomain(state(), 'name', domain)) await run({ type: 'CreateDomain', name: domain, attrs: {} });
    const generated = !this.config.adminPassword;
    const password = this.config.adminPassword ?? generatePassword();
    await run({
      type: 'CreateAccount',
      name: email,
      password: { plain: password, hash: await hashPassword(password) },
      attrs: { zimbraIsAdminAccount: ['TRUE'], displayName: ['Administrator'] },
    });
    this.logger.info({ admin: email }, 'created the first admin account');
    if (generated) {
      // Printed once, on the console only; it is not kept anywhere in clear.
      process.stdout.write(`\n*** First admin account: ${email}  password: ${password}  (shown once; change it with SetPassword) ***\n\n`);
    }
  }
}
