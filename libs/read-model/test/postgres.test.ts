import { after, before } from 'node:test';
import { postgresBackend } from './support/backends';
import { databaseSuite } from './support/database-suite';
import { projectionSuite } from './support/projection-suite';

// The same suites as pglite.test.ts, on a throwaway PostgreSQL (or TEST_DATABASE_URL), one
// schema per test.
const backend = postgresBackend();
before(() => backend.setup());
after(() => backend.teardown());

databaseSuite(backend);
projectionSuite(backend);
