/**
 * Schema, table and column names end up spliced into SQL text (they cannot be bind
 * parameters), so only plain lower-case identifiers are accepted. Lower case matters:
 * quoting `Mail` would address a different table than the unquoted `CREATE TABLE Mail`
 * in a migration, which PostgreSQL folds to `mail`.
 */
const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Returns the name double-quoted (so reserved words such as `user` work), or throws. */
export function quoteIdentifier(name: string, what = 'identifier'): string {
  if (!PLAIN_IDENTIFIER.test(name)) {
    throw new Error(`invalid ${what} ${JSON.stringify(name)}: use lower-case letters, digits and _ (max 63)`);
  }
  return `"${name}"`;
}
