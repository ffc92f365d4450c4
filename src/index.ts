// The package's public surface: embed the API in a Hono app or a Node http server, or start it standalone.
export { createClaudeCodeApi, type ClaudeCodeApi } from './embed/claude-code-api.js';
export { configFromOptions, OptionsError, OptionsSchema, type ClaudeCodeApiOptions } from './config/options.js';
export { ConfigError, loadConfig, type Config } from './config.js';
export { startServer, type RunningServer } from './server.js';
export { createLogger } from './logging/logger.js';
