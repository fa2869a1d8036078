import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { commandSubject, directoryCommands as c, directoryQueries as q, querySubject } from '@gw/contracts';
import { DirectoryCommands } from '../directory-commands';
import { DirectoryReadModel, selectAttrs } from '../directory.read-model';

/** SearchDirectory and GrantRight. */
@Controller()
export class SearchAndRightsController {
  constructor(
    private readonly commands: DirectoryCommands,
    private readonly readModel: DirectoryReadModel,
  ) {}

  @MessagePattern(querySubject('mailbox', 'SearchDirectory'))
  search(@Payload() raw: unknown) {
    return this.commands.adminQuery(raw, q.SearchDirectory, async (p) => {
      const found = await this.readModel.search(p);
      return { ...found, entries: found.entries.map((e) => ('attrs' in e ? selectAttrs(e, p.attrs) : e)) };
    });
  }

  @MessagePattern(commandSubject('mailbox', 'GrantRight'))
  grant(@Payload() raw: unknown) {
    return this.commands.adminCommand(raw, c.GrantRight, (p) => ({ type: 'GrantRight', ...p }), () => ({}));
  }
}
