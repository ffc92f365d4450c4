// Colour only for a person at a terminal: never in pipes, files, or with NO_COLOR set.

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39], magenta: [35, 39] } as const;
export type StyleName = keyof typeof CODES;

export function makeStyle(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv) {
  const on = Boolean(stream.isTTY) && !env.NO_COLOR;
  return (name: StyleName, text: string) => (on ? `\x1b[${CODES[name][0]}m${text}\x1b[${CODES[name][1]}m` : text);
}

export type Style = ReturnType<typeof makeStyle>;
