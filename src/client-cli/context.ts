import type { Invocation } from './args.js';
import type { Api } from './http.js';
import type { Output } from './output.js';

/** What every command gets: the parsed invocation, the API, where to write, and stdin. */
export interface Context {
  inv: Invocation;
  api: Api;
  out: Output;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Exit code of a turn that ended but did not complete (failed, interrupted). */
export const EXIT_TURN = 4;
