import { ChatConfigVar, ChatMessage, ChatText, ImChat, ImChatCommandPayload, ImModifyChatResult, ImSendMessageResult, imChatCommandSubject, imChatQuerySubject } from '@gw/contracts';
import { SoapElement, SoapFault, attr, attrBool, child, childrenNamed, el, text, textEl } from '@gw/soap';
import { response } from '../directory-elements';
import { imHandler, optionalCount, optionalElement, participantsElement, requiredAttr } from './im-elements';

type SendPayload = ImChatCommandPayload<'IMSendMessage'>;

/** `<subject|body [lang]>text</subject|body>`; blank text is no text at all. */
function chatText(e: SoapElement | undefined, content = e && text(e)): ChatText | undefined {
  if (!e || content === undefined || content.trim() === '') return undefined;
  const lang = attr(e, 'lang')?.trim();
  return { text: content, ...(lang ? { lang } : {}) };
}

/** `<typing/>` (or `"typing": true` in JSON) on an element. */
const typingOn = (e: SoapElement | undefined) => Boolean(e && (child(e, 'typing') || (e.attrs.typing !== undefined && attrBool(e, 'typing', true))));

/**
 * IMSendMessageRequest's `<message thread|addr>`: a subject (the first), and a body in either of
 * soap-im.txt's styles — new: `<body><text>plain</text>[<html>xhtml</html>]</body>` (as in Zimbra,
 * `<html>` needs its `<text>`); old: `<body>text</body>`. `<typing/>` in the message or the body.
 */
export function sendMessageOf(request: SoapElement): SendPayload {
  const message = child(request, 'message');
  if (!message) throw SoapFault.invalidRequest('missing required element: message');
  const thread = attr(message, 'thread')?.trim() || undefined;
  const addr = attr(message, 'addr')?.trim() || undefined;
  if (!thread && !addr) throw SoapFault.invalidRequest('a message needs a thread or an addr');

  const subject = chatText(optionalElement(message, 'subject'));
  const bodyEl = optionalElement(message, 'body');
  let body: ChatText | undefined;
  let html: string | undefined;
  if (bodyEl) {
    const textPart = optionalElement(bodyEl, 'text');
    const htmlPart = optionalElement(bodyEl, 'html');
    if (textPart || htmlPart) {
      if (!textPart) throw SoapFault.invalidRequest('IMSendMessage: plaintext <text> element is required even if <html> is sent');
      body = chatText(bodyEl, text(textPart));
      html = htmlPart && text(htmlPart).trim() ? text(htmlPart) : undefined;
    } else {
      body = chatText(bodyEl);
    }
  }
  return {
    ...(thread ? { thread } : {}),
    ...(addr ? { addr } : {}),
    ...(subject ? { subject } : {}),
    ...(body ? { body } : {}),
    ...(html !== undefined ? { html } : {}),
    typing: typingOn(message) || typingOn(bodyEl),
  };
}

/** IMModifyChat `op`: soap-im.txt's close, adduser and configure; kick and ban are extensions. */
const MODIFY_OPS = ['close', 'adduser', 'configure', 'kick', 'ban'] as const;
type ModifyOp = (typeof MODIFY_OPS)[number];

/**
 * Configuration variables, `<var name>value</var>` and `<var name multi="1"><value>v</value>…</var>`,
 * trimmed as Zimbra reads them; empty multi values are dropped.
 */
export function configVarsOf(parent: SoapElement): ChatConfigVar[] {
  return childrenNamed(parent, 'var').map((v) => {
    const name = requiredAttr(v, 'name').trim();
    if (!attrBool(v, 'multi', false)) return { name, value: text(v).trim() };
    return { name, values: childrenNamed(v, 'value').map((x) => text(x).trim()).filter(Boolean) };
  });
}

/** `<var name>` elements for a chat's configuration (IMGetChatConfiguration). */
export function configVarElements(vars: ChatConfigVar[]): SoapElement[] {
  return vars.map((v) =>
    v.values !== undefined ? el('var', { name: v.name, multi: true }, v.values.map((x) => textEl('value', x))) : textEl('var', v.value ?? '', { name: v.name }),
  );
}

/** IMModifyChatRequest → the IMModifyChat command. */
export function modifyChatOf(request: SoapElement): ImChatCommandPayload<'IMModifyChat'> {
  const thread = requiredAttr(request, 'thread').trim();
  const op = requiredAttr(request, 'op').trim().toLowerCase() as ModifyOp;
  if (!MODIFY_OPS.includes(op)) throw SoapFault.invalidRequest(`unknown op: ${attr(request, 'op')}`);
  // adduser: the text is the invitation; kick/ban: the reason.
  const message = text(request).trim();
  const needsAddr = op === 'adduser' || op === 'kick' || op === 'ban';
  return {
    thread,
    op,
    ...(needsAddr ? { addr: requiredAttr(request, 'addr').trim() } : {}),
    ...(needsAddr && message ? { message } : {}),
    vars: op === 'configure' ? configVarsOf(request) : [],
  };
}

/** `<message seq ts from>` with subject, body and html (IMGetChat). */
function chatMessageElement(m: ChatMessage): SoapElement {
  const parts = [
    ...(m.subject ? [textEl('subject', m.subject.text, { lang: m.subject.lang })] : []),
    ...(m.body ? [textEl('body', m.body.text, { lang: m.body.lang })] : []),
    ...(m.html !== undefined ? [textEl('html', m.html)] : []),
  ];
  return el('message', { seq: m.seq, ts: m.ts, from: m.from }, parts);
}

/** `<chat thread><pcps/><messages/></chat>` (IMGetChat.chatToXml). */
export function chatElement(chat: ImChat): SoapElement {
  return el('chat', { thread: chat.thread }, [participantsElement(chat.participants), el('messages', {}, chat.messages.map(chatMessageElement))]);
}

/** Sending, reading and changing chats (soap-im.txt IMSendMessage, IMGetChat, IMModifyChat). */
export const chatHandlers = [
  imHandler('IMSendMessageRequest', async (request, ctx) => {
    const result = await ctx.call<ImSendMessageResult>(imChatCommandSubject('IMSendMessage'), sendMessageOf(request));
    return response(request, [], { thread: result.thread });
  }),
  imHandler('IMGetChatRequest', async (request, ctx) => {
    const thread = requiredAttr(request, 'thread').trim();
    const seq = optionalCount(request, 'seq');
    const chat = await ctx.call<ImChat | null>(imChatQuerySubject('IMGetChat'), { thread, ...(seq !== undefined ? { seq } : {}) });
    // An unknown chat, or one the caller is not in: not_found, never someone else's history.
    if (!chat) return response(request, [], { thread, error: 'not_found' });
    return response(request, [chatElement(chat)], { thread });
  }),
  imHandler('IMModifyChatRequest', async (request, ctx) => {
    const result = await ctx.call<ImModifyChatResult>(imChatCommandSubject('IMModifyChat'), modifyChatOf(request));
    return response(request, [], { thread: result.thread, error: result.error });
  }),
];
