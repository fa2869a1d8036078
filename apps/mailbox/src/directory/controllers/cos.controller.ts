import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { commandSubject, directoryCommands as c, directoryQueries as q, querySubject } from '@gw/contracts';
import { createdId, DirectoryCommands } from '../directory-commands';
import { DirectoryReadModel, selectAttrs } from '../directory.read-model';

/** Class-of-service administration. */
@Controller()
export class CosController {
  constructor(
    private readonly commands: DirectoryCommands,
    private readonly readModel: DirectoryReadModel,
  ) {}

  private cos = (id: string) => this.readModel.require('cos', { by: 'id', value: id });

  @MessagePattern(commandSubject('mailbox', 'CreateCos'))
  create(@Payload() raw: unknown) {
    return this.commands.adminCommand(raw, c.CreateCos, (p) => ({ type: 'CreateCos', ...p }), (_, o) => this.cos(createdId(o)));
  }

  @MessagePattern(commandSubject('mailbox', 'ModifyCos'))
  modify(@Payload() raw: unknown) {
    return this.commands.adminCommand(raw, c.ModifyCos, (p) => ({ type: 'ModifyCos', ...p }), (p) => this.cos(p.id));
  }

  @MessagePattern(commandSubject('mailbox', 'RenameCos'))
  rename(@Payload() raw: unknown) {
    return this.commands.adminCommand(raw, c.RenameCos, (p) => ({ type: 'RenameCos', ...p }), (p) => this.cos(p.id));
  }

  @MessagePattern(commandSubject('mailbox', 'DeleteCos'))
  delete(@Payload() raw: unknown) {
    return this.commands.adminCommand(raw, c.DeleteCos, (p) => ({ type: 'DeleteCos', ...p }), () => ({}));
  }

  @MessagePattern(querySubject('mailbox', 'GetCos'))
  get(@Payload() raw: unknown) {
    return this.commands.adminQuery(raw, q.GetCos, async (p) => selectAttrs(await this.readModel.require('cos', p.cos), p.attrs));
  }

  @MessagePattern(querySubject('mailbox', 'GetAllCos'))
  getAll(@Payload() raw: unknown) {
    return this.commands.adminQuery(raw, q.GetAllCos, () => this.readModel.all('cos'));
  }
}
