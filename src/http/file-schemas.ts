import { z } from 'zod';
import type { Config } from '../config.js';

// Query schemas of the workspace files routes. A path's content is checked by the files domain
// (one authority for what a safe path is); here only its type and size.

const queryBool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const filePath = z.string().max(4096).meta({
  description: 'Relative to the workspace, `/`-separated; `..`, absolute paths, NUL and backslashes are refused (400 INVALID_PATH), as is the empty path (the root) where a file is needed.',
});

export function makeFileSchemas(config: Config) {
  return {
    list: z.strictObject({
      path: filePath.optional(),
      recursive: queryBool.optional(),
      limit: z.coerce.number().int().min(1).max(config.maxListEntries).optional(),
      cursor: z.string().min(1).max(8192).optional().meta({ description: "A previous page's `nextCursor`, as given; anything else is 400 VALIDATION_FAILED." }),
    }),
    file: z.strictObject({ path: filePath }),
    remove: z.strictObject({ path: filePath, recursive: queryBool.optional() }),
    upload: z.strictObject({ dir: filePath.optional() }),
    dir: z.strictObject({ path: filePath.optional() }),
  };
}

export type FileSchemas = ReturnType<typeof makeFileSchemas>;
