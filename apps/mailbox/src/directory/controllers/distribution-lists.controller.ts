import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { commandSubject, directoryCommands as c, directoryQueries as q, querySubject } from '@gw/contracts';
import { createdId, DirectoryCommands } from '../directory-commands';
import { DirectoryReadModel } from '../directory.read-model';

/** Distribution list administration. */
@Controller()
export class DistributionListsController {
  constructor(
    private readonly commands: DirectoryCommands,
    private readonly readModel: DirectoryReadModel,
  ) {}

  private list = (id: string) => this.readModel.require('dl', { by: 'id', value: id });

  @MessagePattern(commandSubject('mailbox', 'CreateDistributionList'))
  create(@Payload() raw: unknown) {
    return this.commands.adminCommand(raw, c.CreateDistributionList, (p) => ({ type: 'CreateDistributionList', ...p }), (_, o) => this.list(createdId(o)));
  }

  @MessagePattern(commandSubject('mailbox', 'ModifyDistributionList'))
  modify(@Payload() raw: unknown) {
    return this.commands.adminCommand(raw, c.ModifyDistributionList, (p) => ({ type: 'ModifyDistributionList', ...p }), (p) => this.list(p.id));
  }

  @MessagePattern(commandSubject('mailbox', 'RenameDistributionList'))
  rename(@Payload() raw: unknown) {
    return this.commands.adminCommand(raw, c.RenameDistributionList, (p) => ({ type: 'RenameDistributionList', ...p }), (p) => this.list(p.id));
  }

  @MessagePattern(commandSubject('mailbox', 'DeleteDistributionList'))
  delete(@Payload() raw: unknown) {
    return this.commands.adminCommand(raw, c.DeleteDistributionList, (p) => ({ type: 'DeleteDistributionList', ...p }), () => ({}));
  }

  @MessagePattern(commandSubject('mailbox', 'AddDistributionListMember'))
  addMembers(@Payload() raw: unknown) {
    return this.commands.adminCommand(raw, c.AddDistributionListMember, (p) => ({ type: 'AddDistributionListMember', ...p }), () => ({}));
  }

  @MessagePattern(commandSubject('mailbox', 'RemoveDistributionListMember'))
  removeMembers(@Payload() raw: unknown) {
    return this.commands.adminCommand(raw, c.RemoveDistributionListMember, (p) => ({ type: 'RemoveDistributionListMember', ...p }), () => ({}));
  }

  @MessagePattern(commandSubject('mailbox', 'AddDistributionListAlias'))
  addAlias(@Payload() raw: unknown) {
    return this.commands.adminCommand(raw, c.AddDistributionListAlias, (p) => ({ type: 'AddDistributionListAlias', ...p }), () => ({}));
  }

  @MessagePattern(commandSubject('mailbox', 'RemoveDistributionListAlias'))
  removeAlias(@Payload() raw: unknown) {
    return this.commands.adminCommand(raw, c.RemoveDistributionListAlias, (p) => ({ type: 'RemoveDistributionListAlias', ...p }), () => ({}));
  }

  /** Members are paged with limit/offset; `total` and `more` describe the whole list. */
  @MessagePattern(querySubject('mailbox', 'GetDistributionList'))
  get(@Payload() raw: unknown) {
    return this.commands.adminQuery(raw, q.GetDistributionList, async (p) => {
      const dl = await this.readModel.require('dl', p.dl);
      const sorted = [...(dl.members ?? [])].sort();
      if (!p.sortAscending) sorted.reverse();
      const page = p.limit > 0 ? sorted.slice(p.offset, p.offset + p.limit) : sorted.slice(p.offset);
      return { dl: { ...dl, members: page }, total: sorted.length, more: p.offset + page.length < sorted.length };
    });
  }

  @MessagePattern(querySubject('mailbox', 'GetAllDistributionLists'))
  getAll(@Payload() raw: unknown) {
    return this.commands.adminQuery(raw, q.GetAllDistributionLists, async (p) => {
      const domain = p.domain ? await this.readModel.require('domain', p.domain) : undefined;
      return this.readModel.all('dl', domain?.id);
    });
  }
}
