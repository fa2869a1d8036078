import { after, before } from 'node:test';
import { pgliteBackend } from './support/backends';
import { databaseSuite } from './support/database-suite';
import { projectionSuite } from './support/projection-suite';

// The same suites as postgres.test.ts, on an in-memory PGlite database per test.
const backend = pgliteBackend();
before(() => backend.setup());
after(() => backend.teardown());

databaseSuite(backend);
projectionSuite(backend);
