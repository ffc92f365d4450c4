import { describe, expect, it } from 'vitest';
import { buildCliArgs, userMessageLine } from './args.js';
import { buildChildEnv } from './child-env.js';

describe('buildCliArgs', () => {
  it('builds stream-json flags, --continue after the first turn, options as single tokens', () => {
    const args = buildCliArgs(
      { model: 'opus', permissionMode: 'acceptEdits', allowedTools: ['Write', 'Bash(git log:*)'], appendSystemPrompt: '-be brief', maxTurns: 2 },
      { continueConversation: true, partialMessages: true },
    );
    expect(args).toEqual([
      '-p', '--output-format', 'stream-json', '--verbose', '--input-format', 'stream-json', '--continue',
      '--include-partial-messages', '--model', 'opus', '--permission-mode', 'acceptEdits',
      '--allowedTools=Write,Bash(git log:*)', '--append-system-prompt=-be brief', '--max-turns', '2',
    ]);
  });

  it('puts the prompt in one stdin JSON line', () => {
    const line = userMessageLine('--help\nsecond line');
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line).message.content[0].text).toBe('--help\nsecond line');
  });
});

describe('buildChildEnv', () => {
  it('passes what the CLI needs and nothing else', () => {
    const env = buildChildEnv({ PATH: '/bin', HOME: '/h', ANTHROPIC_API_KEY: 'k', CLAUDE_CONFIG_DIR: '/c', API_KEYS: 's', DATABASE_URL: 'x' });
    expect(env).toEqual({ PATH: '/bin', HOME: '/h', ANTHROPIC_API_KEY: 'k', CLAUDE_CONFIG_DIR: '/c' });
  });
});
