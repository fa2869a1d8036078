import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { commandSubject, directoryCommands as c, directoryQueries as q, querySubject } from '@gw/contracts';
import { createdId, DirectoryCommands } from '../directory-commands';
import { DirectoryReadModel, selectAttrs } from '../directory.read-model';
import { hashPassword } from '../passwords';

/** Account administration (urn:zimbraAdmin *Account*, SetPassword, aliases). */
@Controller()
export class AccountsController {
  constructor(
    private readonly commands: DirectoryCommands,
    private readonly readModel: DirectoryReadModel,
  ) {}

  private account = (id: string) => this.readModel.require('account', { by: 'id', value: id });

  @MessagePattern(commandSubject('mailbox', 'CreateAccount'))
  create(@Payload() raw: unknown) {
    return this.commands.adminCommand(
      raw,
      c.CreateAccount,
      async (p) => ({
        type: 'CreateAccount',
        name: p.name,
        attrs: p.attrs,
        password: p.password ? { plain: p.password, hash: await hashPassword(p.password) } : undefined,
      }),
      (_, outcome) => this.account(createdId(outcome)),
    );
  }

  @MessagePattern(commandSubject('mailbox', 'ModifyAccount'))
  modify(@Payload() raw: unknown) {
    return this.commands.adminCommand(raw, c.ModifyAccount, (p) => ({ type: 'ModifyAccount', ...p }), (p) => this.account(p.id));
  }

  @MessagePattern(commandSubject('mailbox', 'RenameAccount'))
  rename(@Payload() raw: unknown) {
    return this.commands.adminCommand(raw, c.RenameAccount, (p) => ({ type: 'RenameAccount', ...p }), (p) => this.account(p.id));
  }

  @MessagePattern(commandSubject('mailbox', 'DeleteAccount'))
  delete(@Payload() raw: unknown) {
    return this.commands.adminCommand(raw, c.DeleteAccount, (p) => ({ type: 'DeleteAccount', ...p }), () => ({}));
  }

  @MessagePattern(commandSubject('mailbox', 'SetPassword'))
  setPassword(@Payload() raw: unknown) {
    return this.commands.adminCommand(
      raw,
      c.SetPassword,
      async (p) => ({ type: 'SetPassword', id: p.id, by: 'admin', password: { plain: p.newPassword, hash: await hashPassword(p.newPassword) } }),
      () => ({}),
    );
  }

  @MessagePattern(commandSubject('mailbox', 'AddAccountAlias'))
  addAlias(@Payload() raw: unknown) {
    return this.commands.adminCommand(raw, c.AddAccountAlias, (p) => ({ type: 'AddAccountAlias', ...p }), () => ({}));
  }

  @MessagePattern(commandSubject('mailbox', 'RemoveAccountAlias'))
  removeAlias(@Payload() raw: unknown) {
    return this.commands.adminCommand(raw, c.RemoveAccountAlias, (p) => ({ type: 'RemoveAccountAlias', ...p }), () => ({}));
  }

  @MessagePattern(querySubject('mailbox', 'GetAccount'))
  get(@Payload() raw: unknown) {
    return this.commands.adminQuery(raw, q.GetAccount, async (p) => {
      const account = await this.readModel.require('account', p.account);
      return selectAttrs(p.applyCos ? await this.readModel.withCos(account) : account, p.attrs);
    });
  }

  @MessagePattern(querySubject('mailbox', 'GetAllAccounts'))
  getAll(@Payload() raw: unknown) {
    return this.commands.adminQuery(raw, q.GetAllAccounts, async (p) => {
      const domain = p.domain ? await this.readModel.require('domain', p.domain) : undefined;
      return this.readModel.all('account', domain?.id);
    });
  }

  @MessagePattern(querySubject('mailbox', 'GetAllAdminAccounts'))
  getAllAdmins(@Payload() raw: unknown) {
    return this.commands.adminQuery(raw, q.GetAllAdminAccounts, async (p) => {
      const admins = await this.readModel.admins();
      return p.applyCos ? Promise.all(admins.map((a) => this.readModel.withCos(a))) : admins;
    });
  }
}
