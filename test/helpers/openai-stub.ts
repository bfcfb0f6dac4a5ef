import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OpenAI-compatible server for tests: real HTTP on 127.0.0.1, never the internet.
 *
 *   const stub = await startOpenAIStub();
 *   stub.reply = (req) => ({ content: '{"text": "…"}' });   // scripted per test
 *   new ChatOpenAI({ apiKey: 'test', configuration: { baseURL: stub.baseURL } });
 *   stub.chatRequests[0].messages                              // what the client sent
 *
 * Implements POST /v1/chat/completions (plain JSON and SSE streaming, honouring
 * `stream_options.include_usage`) and POST /v1/embeddings (`encoding_format` float or base64 float32).
 */

export interface ChatMessage {
  role: string;
  content: unknown;
  [key: string]: unknown;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: { type: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface EmbeddingsRequest {
  model: string;
  input: string | string[] | number[] | number[][];
  encoding_format?: 'float' | 'base64';
  dimensions?: number;
  [key: string]: unknown;
}

/** What the stub answers to one chat request. A bare string is the assistant's content. */
export type ChatReply =
  | string
  | {
      content: string;
      /** Wait this long before answering (before the first byte when streaming). */
      delayMs?: number;
      /** Characters per SSE chunk when streaming (default 4). */
      chunkSize?: number;
      /** Pause between SSE chunks. */
      chunkDelayMs?: number;
      finishReason?: string;
    }
  | {
      /** An HTTP error: status and an OpenAI-style error body. */
      status: number;
      message?: string;
      delayMs?: number;
    }
  | {
      /** Accept the request and never answer: the client has to time out. */
      hang: true;
    };

export type ChatScript = (req: ChatRequest, index: number) => ChatReply | Promise<ChatReply>;

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface OpenAIStub {
  /** e.g. http://127.0.0.1:54321/v1 — pass as `configuration.baseURL`. */
  readonly baseURL: string;
  /** Every request received, in order, with its parsed JSON body. */
  readonly requests: RecordedRequest[];
  /** The bodies of the chat-completion requests, in order. */
  readonly chatRequests: ChatRequest[];
  readonly embeddingRequests: EmbeddingsRequest[];
  /** The chat script; default: an empty JSON object as content. */
  reply: ChatScript;
  /** The vector for one input text; default: a deterministic, deliberately non-unit vector of `dimensions`. */
  embed: (text: string, dimensions: number) => number[];
  /** Dimension of the default embedding (a request's `dimensions` wins). */
  dimensions: number;
  /** Forget recorded requests and restore the default scripts. */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_DIMENSIONS = 16;

/** A deterministic vector from a text's hash, with length ≠ 1 so callers must normalise. */
export function hashVector(text: string, dimensions: number): number[] {
  const out: number[] = [];
  let block = 0;
  while (out.length < dimensions) {
    const h = createHash('sha256').update(`${block++}\0${text}`).digest();
    for (let i = 0; i + 1 < h.length && out.length < dimensions; i += 2) out.push((h.readUInt16BE(i) / 65535 - 0.5) * 6);
  }
  return out;
}

function float32Base64(v: number[]): string {
  return Buffer.from(Float32Array.from(v).buffer).toString('base64');
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** Rough token count for the usage block: one per character of text sent or received. */
function countChars(messages: ChatMessage[]): number {
  return messages.reduce((n, m) => n + (typeof m.content === 'string' ? m.content.length : JSON.stringify(m.content ?? '').length), 0);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startOpenAIStub(): Promise<OpenAIStub> {
  const requests: RecordedRequest[] = [];
  const chatRequests: ChatRequest[] = [];
  const embeddingRequests: EmbeddingsRequest[] = [];
  const defaultReply: ChatScript = () => '{}';
  let counter = 0;

  async function chat(body: ChatRequest, res: http.ServerResponse, gone: AbortSignal): Promise<void> {
    const index = chatRequests.length;
    chatRequests.push(body);
    const reply = await stub.reply(body, index);
    const r = typeof reply === 'string' ? { content: reply } : reply;
    if ('hang' in r) return; // the client's timeout (or close()) ends it
    await sleep(r.delayMs ?? 0, gone);
    if (gone.aborted) return;
    if ('status' in r) {
      sendJson(res, r.status, {
        error: { message: r.message ?? `stub error ${r.status}`, type: r.status >= 500 ? 'server_error' : 'invalid_request_error', param: null, code: null },
      });
      return;
    }
    const id = `chatcmpl-stub-${++counter}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model;
    const usage = { prompt_tokens: countChars(body.messages), completion_tokens: r.content.length, total_tokens: countChars(body.messages) + r.content.length };
    const finish = r.finishReason ?? 'stop';
    if (!body.stream) {
      sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: r.content, refusal: null }, logprobs: null, finish_reason: finish }],
        usage,
      });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const withUsage = body.stream_options?.include_usage === true;
    const base = { id, object: 'chat.completion.chunk', created, model, system_fingerprint: null };
    const send = (chunk: object) => res.write(`data: ${JSON.stringify(withUsage ? { usage: null, ...chunk } : chunk)}\n\n`);
    send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }] });
    const size = Math.max(1, r.chunkSize ?? 4);
    const chars = [...r.content];
    for (let i = 0; i < chars.length; i += size) {
      if (gone.aborted) return;
      send({ ...base, choices: [{ index: 0, delta: { content: chars.slice(i, i + size).join('') }, logprobs: null, finish_reason: null }] });
      await sleep(r.chunkDelayMs ?? 0, gone);
    }
    if (gone.aborted) return;
    send({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: finish }] });
    // With include_usage, OpenAI sends one more chunk: empty choices and the usage.
    if (withUsage) res.write(`data: ${JSON.stringify({ ...base, choices: [], usage })}\n\n`);
    res.write('data: [DONE]\n\n');
    res.end();
  }

  function embeddings(body: EmbeddingsRequest, res: http.ServerResponse): void {
    embeddingRequests.push(body);
    const inputs = (Array.isArray(body.input) ? body.input : [body.input]).map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
    const dims = body.dimensions ?? stub.dimensions;
    const b64 = body.encoding_format === 'base64';
    sendJson(res, 200, {
      object: 'list',
      data: inputs.map((text, index) => {
        const v = stub.embed(text, dims);
        return { object: 'embedding', index, embedding: b64 ? float32Base64(v) : v };
      }),
      model: body.model,
      usage: { prompt_tokens: inputs.join('').length, total_tokens: inputs.join('').length },
    });
  }

  const server = http.createServer(async (req, res) => {
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    try {
      const raw = await readBody(req);
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        // recorded as text
      }
      const path = (req.url ?? '/').split('?')[0]!;
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
      if (req.method === 'POST' && path === '/v1/chat/completions') return await chat(body as ChatRequest, res, gone.signal);
      if (req.method === 'POST' && path === '/v1/embeddings') return embeddings(body as EmbeddingsRequest, res);
      sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
    } catch (e) {
      if (!res.headersSent) sendJson(res, 500, { error: { message: `stub failure: ${String(e)}`, type: 'server_error' } });
      else res.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const stub: OpenAIStub = {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests,
    embeddingRequests,
    reply: defaultReply,
    embed: hashVector,
    dimensions: DEFAULT_DIMENSIONS,
    reset() {
      requests.length = 0;
      chatRequests.length = 0;
      embeddingRequests.length = 0;
      stub.reply = defaultReply;
      stub.embed = hashVector;
      stub.dimensions = DEFAULT_DIMENSIONS;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
  return stub;
}

/** One stub for the whole test file: started before the tests, reset before each one, closed after. */
export function useOpenAIStub(): () => OpenAIStub {
  let stub: OpenAIStub | undefined;
  beforeAll(async () => {
    stub = await startOpenAIStub();
  });
  afterAll(async () => {
    await stub?.close();
  });
  beforeEach(() => stub?.reset());
  return () => {
    if (!stub) throw new Error('the OpenAI stub is not started yet');
    return stub;
  };
}
