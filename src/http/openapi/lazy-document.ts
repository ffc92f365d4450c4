import type { DocumentInput, OpenApiDocument } from './document.js';

/** The document built on first request, then kept for the app's life. */
export function lazyDocument(input: DocumentInput): () => Promise<OpenApiDocument> {
  let doc: Promise<OpenApiDocument> | undefined;
  // The generator and the docs' own schemas load only here: ~2 MiB of heap an idle server never uses.
  return () =>
    (doc ??= import('./document.js')
      .then((m) => m.buildOpenApiDocument(input))
      .catch((err: unknown) => {
        doc = undefined; // a failed build is tried again on the next request
        throw err;
      }));
}
