import path from 'node:path';

export const SHIPPED_KNOWLEDGE_DIR = path.resolve('knowledge');
/** Where the tests keep the index of the shipped knowledge (built once by test/global-setup.ts); read-only for tests. */
export const SHIPPED_DATA_DIR = path.resolve('node_modules/.cache/yg-test-data');
