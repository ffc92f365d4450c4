// Shared by the logger and the access log's own formatter: both must write the same lines.
export const LOG_BASE = { service: 'claude-code-api' } as const;
export const LOG_MESSAGE_KEY = 'msg';
