/**
 * The Zimbra search query language over the mail read model: parseQuery turns the text into a
 * tree, compileQuery the tree into a WHERE condition on `mail_messages m`, sortClause the
 * sortBy into an ORDER BY. A caller searching messages does, in effect:
 *
 *   const node = parseQuery(query);
 *   const where = compileQuery(node, { folders, tags, now, timeZone, paramOffset: 1 });
 *   const excluded = defaultExcludedFolderIds(node, folders);   // Trash/Junk unless asked for
 *   SELECT ... FROM mail_messages m
 *   WHERE m.account_id = $1 AND (where.sql) [AND m.folder_id <> ALL($k::int[])]
 *   sortClause(sortBy) LIMIT ... OFFSET ...
 */
export { parseQuery } from './query-parser';
export { compileQuery } from './query-compiler';
export type { CompiledQuery, SearchContext } from './query-compiler';
export { defaultExcludedFolderIds, includesTrashOrJunk, mentionsFolders, SYSTEM_FOLDER_IDS } from './folder-scope';
export type { FolderRef } from './folder-scope';
export { sortClause } from './sort-order';
export { QUERY_PARSE_ERROR } from './parse-error';
export type {
  DateRelation,
  DateSpec,
  DateUnit,
  FlagLetter,
  FolderTerm,
  QueryNode,
  TextField,
  TextMatch,
} from './query-ast';
