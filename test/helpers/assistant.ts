import { Assistant, type AssistantDeps } from '../../src/assistant/index.js';
import { openTestLedger, type TestLedger } from '../ledger/backends.js';
import { offlineAnswerer } from './answerer.js';

/**
 * The real engine over the offline answerer and a fresh PostgreSQL schema (one per call): what every
 * channel test drives. PostgreSQL is required, as in the ledger suites.
 */
export async function openTestAssistant(deps: Partial<AssistantDeps> = {}): Promise<{ assistant: Assistant; test: TestLedger }> {
  const [test, answerer] = await Promise.all([openTestLedger('postgres'), offlineAnswerer()]);
  const assistant = new Assistant({ answerer, ledger: test.ledger, rateLimitPerMinute: 10_000, ...deps });
  return { assistant, test };
}
