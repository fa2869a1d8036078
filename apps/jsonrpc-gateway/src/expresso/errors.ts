import { ErrorCode, ErrorInfo } from '@gw/contracts';

/**
 * The error table of the Expresso API (seed 002, "7. Tabela com Código de Erros"): name, code
 * and message, `%1` filled in from the call. Codes travel as strings: the reference server
 * writes `"code" => "".$e->getCode()`.
 */
export const EXPRESSO_ERRORS = {
  E_PARSE_ERROR: [-32700, 'Parse error'],
  E_INVALID_REQUEST: [-32600, 'Invalid Request'],
  E_METHOD_NOT_FOUND: [-32601, 'Method not found'],
  E_INVALID_PARAMS: [-32602, 'Invalid params'],
  E_INTERNAL_ERROR: [-32603, 'Internal error'],
  /** -32000..-32099 are "reserved for implementation-defined server-errors": a service is down. */
  E_SERVER_UNAVAILABLE: [-32000, 'Server error: service temporarily unavailable'],
  E_HTTP_NOT_FOUND: [404, "A resource matching URI '%1' was not found"],
  E_UNKNOWN_ERROR: [500, 'HTTP Unknown error'],
  LOGIN_SUCCESS_LOGOUT: [1, 'You have been successfully logged out'],
  LOGIN_SESSION_EXPIRED: [2, 'Sorry, your login has expired'],
  LOGIN_NOT_LOGGED_IN: [3, 'You are not logged in'],
  LOGIN_COOKIES_REQUIRED: [4, 'Cookies are required to login to this site.'],
  LOGIN_BADLOGIN: [5, 'bad login or password'],
  LOGIN_PASSWORD_EXPIRED: [6, 'Your password has expired, and you do not have access to change it'],
  LOGIN_AUTH_INVALID: [7, 'Your auth is invalid'],
  LOGIN_SESSION_NOT_VERIFIED: [10, 'Your session could not be verified.'],
  LOGIN_ACCOUNT_EXPIRED: [98, 'Account is expired'],
  LOGIN_LOGIN_BLOCKED: [99, 'Blocked, too many attempts'],
  LOGIN_INVALID_LOGIN: [200, 'Bad login or password'],
  CATALOG_MIN_ARGUMENT_SEARCH: [1001, 'Your search argument must be longer than %1 characters.'],
  MAIL_NOT_SENT: [1002, 'Your mail could not be sent.'],
  MAIL_TRASH_NOT_CLEANED: [1003, 'Your trash folder could not be cleaned.'],
  MAIL_MESSAGE_NOT_FOUND: [1004, 'Message not found in folder %1.'],
  MAIL_INVALID_NEW_FOLDER_NAME: [1005, 'Invalid folder name.'],
  MAIL_INVALID_OLD_FOLDER: [1006, 'Invalid old folder.'],
  MAIL_INVALID_FOLDER: [1007, 'Invalid folder.'],
  MAIL_CANNOT_DEL_DEFAULT_FOLDER: [1008, 'Cannot delete a default folder.'],
  MAIL_FOLDER_NOT_EMPTY: [1009, 'The folder is not empty.'],
  MAIL_FOLDER_NOT_RENAMED: [1010, 'The folder could not be renamed.'],
  MAIL_FOLDER_NOT_ADDED: [1011, 'The folder could not be added.'],
  MAIL_FOLDER_NOT_DELETED: [1012, 'The folder could not be deleted.'],
  MAIL_FOLDER_LIMIT_REACHED: [1013, 'Folder limit has been reached.'],
  CALENDAR_INVALID_START_DATE: [1014, 'Invalid start date.'],
  CALENDAR_INVALID_END_DATE: [1015, 'Invalid end date.'],
  MAIL_INVALID_MESSAGE: [1016, 'Message does not exists.'],
  MAIL_TRASH_FOLDER_NOT_EXISTS: [1017, 'Trash folder does not exists.'],
  MAIL_NOT_SENT_LIMIT_EXCEEDED: [1018, 'The size of this message has exceeded the limit (%1B).'],
} as const satisfies Record<string, readonly [number, string]>;

export type ExpressoErrorName = keyof typeof EXPRESSO_ERRORS;

/** A refusal in Expresso's terms; the dispatcher renders it as `{"error":{"code","message"}}`. */
export class ExpressoError extends Error {
  readonly code: string;

  constructor(
    readonly errorName: ExpressoErrorName,
    arg?: string,
    /** Replaces the table's text when the caller needs more than the generic message. */
    detail?: string,
  ) {
    const [code, text] = EXPRESSO_ERRORS[errorName];
    super(detail ?? text.replace('%1', arg ?? ''));
    this.code = String(code);
    this.name = 'ExpressoError';
  }
}

/**
 * Bus error codes (Zimbra's) to Expresso errors: the first row whose code and resource match
 * wins, so the rows for one resource come before the general ones. `mail.*` matches every
 * mail.* code. Evidence for the resource-specific rows is the Expresso reference server
 * (expressolivre prototype/rest): RenameFolder answers MAIL_INVALID_OLD_FOLDER for a missing or
 * default folder, DelFolder MAIL_CANNOT_DEL_DEFAULT_FOLDER for a default one, DelMessage
 * MAIL_INVALID_MESSAGE for a missing message, CleanTrash only ever fails with
 * MAIL_TRASH_NOT_CLEANED and Send/SendSupportFeedback with MAIL_NOT_SENT (seed: "ou erro 1003",
 * "ou erro 1002"); a failed session check is LOGIN_AUTH_INVALID whatever the cause
 * (ExpressoAdapter::isLoggedIn), so an expired or ended token is too.
 */
const FROM_BUS: [code: string, resource: string, error: ExpressoErrorName][] = [
  [ErrorCode.NO_SUCH_FOLDER, 'Mail/RenameFolder', 'MAIL_INVALID_OLD_FOLDER'],
  [ErrorCode.IMMUTABLE_OBJECT, 'Mail/RenameFolder', 'MAIL_INVALID_OLD_FOLDER'],
  [ErrorCode.ALREADY_EXISTS, 'Mail/RenameFolder', 'MAIL_FOLDER_NOT_RENAMED'],
  [ErrorCode.CANNOT_CONTAIN, 'Mail/RenameFolder', 'MAIL_FOLDER_NOT_RENAMED'],
  [ErrorCode.ALREADY_EXISTS, 'Mail/AddFolder', 'MAIL_FOLDER_NOT_ADDED'],
  [ErrorCode.CANNOT_CONTAIN, 'Mail/AddFolder', 'MAIL_FOLDER_NOT_ADDED'],
  [ErrorCode.IMMUTABLE_OBJECT, 'Mail/DelFolder', 'MAIL_CANNOT_DEL_DEFAULT_FOLDER'],
  [ErrorCode.NO_SUCH_MSG, 'Mail/DelMessage', 'MAIL_INVALID_MESSAGE'],
  [ErrorCode.NO_SUCH_ITEM, 'Mail/DelMessage', 'MAIL_INVALID_MESSAGE'],
  [ErrorCode.QUOTA_EXCEEDED, 'Mail/Send', 'MAIL_NOT_SENT_LIMIT_EXCEEDED'],
  [ErrorCode.QUOTA_EXCEEDED, 'Mail/SaveAsDraft', 'MAIL_NOT_SENT_LIMIT_EXCEEDED'],
  ['mail.*', 'Mail/CleanTrash', 'MAIL_TRASH_NOT_CLEANED'],
  ['mail.*', 'Mail/Send', 'MAIL_NOT_SENT'],
  ['mail.*', 'Mail/SaveAsDraft', 'MAIL_NOT_SENT'],
  ['mail.*', 'Mail/SendSupportFeedback', 'MAIL_NOT_SENT'],
  [ErrorCode.PERM_DENIED, 'Mail/Send', 'MAIL_NOT_SENT'],
  [ErrorCode.AUTH_FAILED, '*', 'LOGIN_BADLOGIN'],
  [ErrorCode.NO_SUCH_ACCOUNT, 'Login', 'LOGIN_BADLOGIN'],
  [ErrorCode.ACCOUNT_INACTIVE, '*', 'LOGIN_ACCOUNT_EXPIRED'],
  [ErrorCode.MAINTENANCE_MODE, '*', 'LOGIN_LOGIN_BLOCKED'],
  [ErrorCode.AUTH_REQUIRED, '*', 'LOGIN_AUTH_INVALID'],
  [ErrorCode.AUTH_EXPIRED, '*', 'LOGIN_AUTH_INVALID'],
  [ErrorCode.NO_SUCH_FOLDER, '*', 'MAIL_INVALID_FOLDER'],
  [ErrorCode.CANNOT_CONTAIN, '*', 'MAIL_INVALID_FOLDER'],
  [ErrorCode.IMMUTABLE_OBJECT, '*', 'MAIL_INVALID_FOLDER'],
  [ErrorCode.INVALID_NAME, '*', 'MAIL_INVALID_NEW_FOLDER_NAME'],
  [ErrorCode.NO_SUCH_MSG, '*', 'MAIL_MESSAGE_NOT_FOUND'],
  [ErrorCode.NO_SUCH_ITEM, '*', 'MAIL_MESSAGE_NOT_FOUND'],
  [ErrorCode.NO_SUCH_PART, '*', 'MAIL_MESSAGE_NOT_FOUND'],
  [ErrorCode.SEND_FAILURE, '*', 'MAIL_NOT_SENT'],
  [ErrorCode.QUOTA_EXCEEDED, '*', 'MAIL_NOT_SENT_LIMIT_EXCEEDED'],
  [ErrorCode.INVALID_REQUEST, '*', 'E_INVALID_PARAMS'],
  [ErrorCode.QUERY_PARSE_ERROR, '*', 'E_INVALID_PARAMS'],
  [ErrorCode.PARSE_ERROR, '*', 'E_PARSE_ERROR'],
  [ErrorCode.TEMPORARILY_UNAVAILABLE, '*', 'E_SERVER_UNAVAILABLE'],
];

/** The Expresso error for a bus error raised while serving `resource`. */
export function fromBusError(error: ErrorInfo, resource: string, context: { folderID?: string } = {}): ExpressoError {
  const row = FROM_BUS.find(([code, res]) => (code === error.code || (code.endsWith('.*') && error.code.startsWith(code.slice(0, -1)))) && (res === '*' || res === resource));
  if (!row) return new ExpressoError('E_INTERNAL_ERROR', undefined, `Internal error: ${error.code}`);
  const name = row[2];
  switch (name) {
    case 'MAIL_MESSAGE_NOT_FOUND':
      return new ExpressoError(name, context.folderID ?? '');
    case 'MAIL_NOT_SENT_LIMIT_EXCEEDED':
      return new ExpressoError(name, error.args?.quota ?? '');
    // The bus message says which parameter or service; it names no account or content.
    case 'E_INVALID_PARAMS':
      return new ExpressoError(name, undefined, `Invalid params: ${error.message}`);
    case 'E_SERVER_UNAVAILABLE':
      return new ExpressoError(name, undefined, `Server error: ${error.message}`);
    default:
      return new ExpressoError(name);
  }
}
