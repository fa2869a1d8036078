import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { mailQueries as q, querySubject } from '@gw/contracts';
import { MailCommands } from '../mail-commands';
import { MailSearch } from '../mail-search.service';

@Controller()
export class SearchController {
  constructor(
    private readonly mail: MailCommands,
    private readonly searcher: MailSearch,
  ) {}

  @MessagePattern(querySubject('mailbox', 'Search'))
  search(@Payload() raw: unknown) {
    return this.mail.query(raw, q.Search, (p, principal) => this.searcher.search(principal.id, p));
  }
}
