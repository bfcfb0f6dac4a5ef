import type { Retriever } from './retriever.js';

/** A retriever, or a live reference to one that a knowledge rebuild replaces between requests. */
export type RetrieverRef = Retriever | { readonly current: Retriever };

/** The retriever to use for this request. */
export const currentRetriever = (ref: RetrieverRef): Retriever => ('current' in ref ? ref.current : ref);
