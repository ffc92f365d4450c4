import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

// Every JSON response a test receives is checked against the server's own OpenAPI document:
// a handler that drifts from its documented schema fails the suite, not a client in the field.

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

export class ResponseValidator {
  private readonly ajv: Ajv2020;
  private readonly routes: Array<{ method: string; pattern: RegExp; template: string; op: Operation }> = [];
  private readonly compiled = new Map<string, ValidateFunction | null>();

  constructor(doc: Document) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    (addFormats as unknown as (a: Ajv2020) => void)(this.ajv);
    // The document's components, addressable as "#/components/schemas/X" from any schema.
    this.ajv.addSchema({ $id: 'doc', components: doc.components ?? {} });
    for (const [template, item] of Object.entries(doc.paths)) {
      const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const [method, op] of Object.entries(item)) this.routes.push({ method: method.toUpperCase(), pattern, template, op });
    }
  }

  /** Problems of one JSON response (empty when it is documented and valid). */
  check(method: string, apiPath: string, status: number, body: unknown): string[] {
    const route = this.routes.find((r) => r.method === method && r.pattern.test(apiPath));
    if (!route) return status === 404 || status === 405 ? [] : [`${method} ${apiPath}: no such operation in the document`];
    const key = `${method} ${route.template} ${status}`;
    let validate = this.compiled.get(key);
    if (validate === undefined) {
      const responses = route.op.responses ?? {};
      const response = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
      if (!response) return [`${key}: status not documented`];
      const schema = response.content?.['application/json']?.schema;
      validate = schema ? this.ajv.compile(rebase(schema) as object) : null;
      this.compiled.set(key, validate);
    }
    if (!validate || validate(body)) return [];
    return (validate.errors ?? []).slice(0, 5).map((e) => `${key}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  }
}

// "#/components/..." inside a response schema points into the document, registered as "doc".
function rebase(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\/components\//g, '"$ref":"doc#/components/'));
}
