import type { Projection } from '@gw/read-model';
import { insertRows } from '@gw/read-model';

/**
 * Logs every applied commit and nothing else. Without any unique key, a commit applied twice
 * shows up as a duplicate row; a unique key would turn it into a failed batch that the runner's
 * retry quietly repairs, hiding the bug these tests look for.
 */
export function commitLogProjection(name = 'commit_log'): Projection {
  return {
    name,
    tables: ['applied_commits'],
    migrations: ['CREATE TABLE applied_commits (position bigint NOT NULL, stream text NOT NULL)'],
    async apply(tx, commits) {
      await insertRows(tx, 'applied_commits', ['position', 'stream'], commits.map((commit) => [commit.position, commit.stream]));
    },
  };
}
