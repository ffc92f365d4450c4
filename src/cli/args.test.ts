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
      '--output-format', 'stream-json', '--verbose', '--input-format', 'stream-json', '--continue',
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
    const env = buildChildEnv({
      PATH: '/bin', HOME: '/h', LANG: 'C.UTF-8', ANTHROPIC_MODEL: 'm', API_KEYS: 's', DATABASE_URL: 'x', XDG_CONFIG_HOME: '/h/.config',
      // Credentials stay with the gateway; the private dirs come from the launcher.
      ANTHROPIC_API_KEY: 'k', ANTHROPIC_AUTH_TOKEN: 't', CLAUDE_CODE_OAUTH_TOKEN: 'o', ANTHROPIC_BASE_URL: 'http://x', CLAUDE_CONFIG_DIR: '/c',
      AWS_SECRET_ACCESS_KEY: 'a', ANTHROPIC_CUSTOM_HEADERS: 'X-Key: v',
    });
    expect(env).toEqual({ PATH: '/bin', LANG: 'C.UTF-8', ANTHROPIC_MODEL: 'm' });
  });
});
