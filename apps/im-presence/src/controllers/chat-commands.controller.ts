import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { imChatCommands as c, imChatCommandSubject } from '@gw/contracts';
import { ChatCommands } from '../chats/chat-commands.service';

/** The chat requests of a user (the SOAP edge relays them): messages, rooms, chat changes. */
@Controller()
export class ChatCommandsController {
  constructor(private readonly chats: ChatCommands) {}

  @MessagePattern(imChatCommandSubject('IMSendMessage'))
  sendMessage(@Payload() raw: unknown) {
    return this.chats.handle(raw, c.IMSendMessage, (p, principal, at, id) => this.chats.sendMessage(p, principal, at, id));
  }

  @MessagePattern(imChatCommandSubject('IMJoinConferenceRoom'))
  joinConferenceRoom(@Payload() raw: unknown) {
    return this.chats.handle(raw, c.IMJoinConferenceRoom, (p, principal, at, id) => this.chats.joinRoom(p, principal, at, id));
  }

  @MessagePattern(imChatCommandSubject('IMModifyChat'))
  modifyChat(@Payload() raw: unknown) {
    return this.chats.handle(raw, c.IMModifyChat, (p, principal, at, id) => this.chats.modifyChat(p, principal, at, id));
  }
}
