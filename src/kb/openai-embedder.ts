import { OpenAIEmbeddings } from '@langchain/openai';
import { l2normalize, type Embedder } from './embedder.js';

/** Embeddings from any OpenAI-compatible service (OpenAI, DeepSeek, Qwen, a local Ollama). */
export class OpenAIEmbedder implements Embedder {
  readonly id: string;
  private readonly client: OpenAIEmbeddings;

  constructor(opts: { model: string; apiKey: string; baseURL?: string }) {
    this.id = `openai:${opts.model}`;
    this.client = new OpenAIEmbeddings({
      model: opts.model,
      apiKey: opts.apiKey,
      // Plain floats: every compatible server speaks them; base64 is an OpenAI optimisation.
      encodingFormat: 'float',
      batchSize: 256,
      configuration: opts.baseURL ? { baseURL: opts.baseURL } : undefined,
    });
  }

  async embedDocuments(texts: string[]): Promise<Float32Array[]> {
    const vectors = await this.client.embedDocuments(texts);
    return vectors.map((v) => l2normalize(Float32Array.from(v)));
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return l2normalize(Float32Array.from(await this.client.embedQuery(text)));
  }
}
