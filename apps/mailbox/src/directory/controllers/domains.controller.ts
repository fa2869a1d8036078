import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { commandSubject, directoryCommands as c, directoryQueries as q, querySubject } from '@gw/contracts';
import { createdId, DirectoryCommands } from '../directory-commands';
import { DirectoryReadModel, selectAttrs } from '../directory.read-model';

/** Domain administration. */
@Controller()
export class DomainsController {
  constructor(
    private readonly commands: DirectoryCommands,
    private readonly readModel: DirectoryReadModel,
  ) {}

  private domain = (id: string) => this.readModel.require('domain', { by: 'id', value: id });

  @MessagePattern(commandSubject('mailbox', 'CreateDomain'))
  create(@Payload() raw: unknown) {
    return this.commands.adminCommand(raw, c.CreateDomain, (p) => ({ type: 'CreateDomain', ...p }), (_, o) => this.domain(createdId(o)));
  }

  @MessagePattern(commandSubject('mailbox', 'ModifyDomain'))
  modify(@Payload() raw: unknown) {
    return this.commands.adminCommand(raw, c.ModifyDomain, (p) => ({ type: 'ModifyDomain', ...p }), (p) => this.domain(p.id));
  }

  @MessagePattern(commandSubject('mailbox', 'DeleteDomain'))
  delete(@Payload() raw: unknown) {
    return this.commands.adminCommand(raw, c.DeleteDomain, (p) => ({ type: 'DeleteDomain', ...p }), () => ({}));
  }

  @MessagePattern(querySubject('mailbox', 'GetDomain'))
  get(@Payload() raw: unknown) {
    return this.commands.adminQuery(raw, q.GetDomain, async (p) => selectAttrs(await this.readModel.require('domain', p.domain), p.attrs));
  }

  @MessagePattern(querySubject('mailbox', 'GetAllDomains'))
  getAll(@Payload() raw: unknown) {
    return this.commands.adminQuery(raw, q.GetAllDomains, () => this.readModel.all('domain'));
  }
}
