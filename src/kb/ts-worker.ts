import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running one of our TypeScript files. Worker threads do not inherit tsx's loader, so the
 * worker registers it first, then imports the file.
 */
export function startTsWorker(file: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(file.href)}); })`, { ...options, eval: true });
}
