import { OpenAIEmbeddings } from '@langchain/openai';
import { describe, expect, it } from 'vitest';
import { OpenAIEmbedder } from '../../src/kb/openai-embedder.js';
import { hashVector, useOpenAIStub } from '../helpers/openai-stub.js';

const stubOf = useOpenAIStub();

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));
const unit = (v: number[]) => v.map((x) => x / norm(v));

describe('OpenAIEmbedder against an OpenAI-compatible service', () => {
  it('embeds documents and queries as unit vectors of the service dimension', async () => {
    stubOf().dimensions = 24;
    const embedder = new OpenAIEmbedder({ model: 'stub-embed', apiKey: 'sk-test', baseURL: stubOf().baseURL });
    expect(embedder.id).toBe('openai:stub-embed');
    const texts = ['经济补偿按劳动者在本单位工作的年限支付', '加班费', '试用期最长不得超过六个月'];
    const docs = await embedder.embedDocuments(texts);
    expect(docs).toHaveLength(3);
    docs.forEach((v, i) => {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toHaveLength(24);
      expect(norm(v)).toBeCloseTo(1, 5);
      // The service's vector, in its direction: nothing was shuffled between inputs.
      unit(hashVector(texts[i]!, 24)).forEach((x, j) => expect(v[j]).toBeCloseTo(x, 5));
    });
    // The raw vectors were not unit length: the embedder normalised them.
    expect(Math.abs(norm(hashVector(texts[0]!, 24)) - 1)).toBeGreaterThan(0.1);

    const q = await embedder.embedQuery('加班费');
    expect(q).toHaveLength(24);
    expect(norm(q)).toBeCloseTo(1, 5);
    Array.from(q).forEach((x, j) => expect(x).toBeCloseTo(docs[1]![j]!, 5));

    const reqs = stubOf().embeddingRequests;
    expect(reqs.length).toBeGreaterThanOrEqual(2);
    expect(reqs.every((r) => r.model === 'stub-embed' && r.encoding_format === 'float')).toBe(true);
    expect(reqs[0]!.input).toEqual(texts);
    expect(stubOf().requests.every((r) => r.path === '/v1/embeddings' && r.headers.authorization === 'Bearer sk-test')).toBe(true);
  });

  it('keeps a zero vector at zero (no division by zero)', async () => {
    stubOf().embed = (_t, d) => new Array(d).fill(0);
    const embedder = new OpenAIEmbedder({ model: 'stub-embed', apiKey: 'sk-test', baseURL: stubOf().baseURL });
    const v = await embedder.embedQuery('？？？');
    expect(Array.from(v).every((x) => x === 0)).toBe(true);
  });

  it('the stub also answers base64 float32, as OpenAIEmbeddings asks by default', async () => {
    stubOf().dimensions = 8;
    const client = new OpenAIEmbeddings({ model: 'stub-embed', apiKey: 'sk-test', configuration: { baseURL: stubOf().baseURL } });
    const [v] = await client.embedDocuments(['工资支付']);
    expect(stubOf().embeddingRequests[0]!.encoding_format).toBe('base64');
    expect(v).toHaveLength(8);
    hashVector('工资支付', 8).forEach((x, j) => expect(v![j]).toBeCloseTo(Math.fround(x), 5));
  });
});
