// Generated from the OpenAPI document by `npm run gen:client` (scripts/gen-client.ts): do not edit.

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Health
         * @description Public. 503 with `status: shutting_down` while the server stops.
         */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List models */
        get: operations["listModels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This OpenAPI document */
        get: operations["openapi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * API reference page
         * @description Public. Every asset is served by the service (no CDN).
         */
        get: operations["docsPage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs/assets/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An asset of the reference page */
        get: operations["docsAsset"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Needs `Authorization: Bearer <METRICS_TOKEN>` or an admin API key.
         */
        get: operations["metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List sessions
         * @description The caller's sessions (an admin key sees all), paginated: pass `nextCursor` as `cursor`.
         */
        get: operations["listSessions"];
        put?: never;
        /**
         * Create a session
         * @description All fields are optional. With `initialPrompt` (or `initial_prompt`) the first turn runs and its reply is included. `archive` seeds the workspace from a base64 .tar.gz; `resumeClaudeSessionId` continues an existing CLI conversation.
         */
        post: operations["createSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a session */
        get: operations["getSession"];
        put?: never;
        post?: never;
        /**
         * Delete a session
         * @description Kills a running turn; removes the workspace unless `keepWorkspace=true`.
         */
        delete: operations["deleteSession"];
        options?: never;
        head?: never;
        /**
         * Rename a session
         * @description Allowed while a turn runs: the name is the only thing it changes.
         */
        patch: operations["renameSession"];
        trace?: never;
    };
    "/sessions/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read the conversation
         * @description Turn by turn: prompt, text, tool uses and results, result, status, cost. Paginated by turn number.
         */
        get: operations["getConversation"];
        put?: never;
        /**
         * Send a message
         * @description Runs one turn. Without `stream` the reply is the whole turn once it ended; with `stream: true` it is an SSE stream of its events (`partial: true` adds token deltas). A client that disconnects does not end its turn unless `cancelOnDisconnect` is set.
         */
        post: operations["sendMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/{id}/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stream a turn
         * @description Starts a turn with the prompt in the query and streams its events (what `EventSource` can open).
         */
        get: operations["streamTurn"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/{id}/interrupt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Interrupt the running turn
         * @description SIGINT, like Ctrl-C: the partial text is kept; the process tree is killed after `KILL_GRACE_MS`.
         */
        post: operations["interruptTurn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Follow the session's events
         * @description Replays the events after `Last-Event-ID` (or `after`), then follows live turns. A client that lost its connection reconnects with the last id it saw and misses nothing. Without either, only new events. With several replicas, whichever one the client reaches answers it from Redis (`x-cca-served-by` names it), so a reconnect anywhere resumes and the stream outlives the owner.
         */
        get: operations["followEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/{id}/permissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List pending permission requests */
        get: operations["listPermissions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/{id}/permissions/{requestId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Allow or deny a tool call
         * @description `remember: "session"` allows the tool for the rest of the session.
         */
        post: operations["answerPermission"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/{id}/permission-mode": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change the permission mode
         * @description For later turns, and for the running one while its CLI listens.
         */
        post: operations["setPermissionMode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/{id}/ws-ticket": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Get a WebSocket ticket
         * @description A browser cannot set headers on a WebSocket: a ticket, passed as `?ticket=`, is worth one connection to this session.
         */
        post: operations["issueWsTicket"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/{id}/ws": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open a WebSocket to the session
         * @description Server frames: the SessionEvents (same ids as SSE), `ack`, `pong`, `error`. Client frames: `message` {prompt, partial?, permissionPolicy?}, `interrupt`, `permission` {requestId, decision, …}, `ping`. Subprotocol `claude-code-api`; a key may ride as `bearer.<key>`.
         */
        get: operations["sessionWebSocket"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/{id}/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List workspace files
         * @description Hidden files included; depth-first, siblings by name; paginated with `cursor`.
         */
        get: operations["listFiles"];
        put?: never;
        /**
         * Upload several files
         * @description multipart/form-data (with its `boundary` parameter: a body without one, or that is not multipart, is 400 VALIDATION_FAILED): the field name is the path; under a field named `file`/`files` the part's filename is. `dir` is the base.
         */
        post: operations["uploadFiles"];
        /**
         * Delete a file or directory
         * @description A link is removed, never its target; a directory needs `recursive=true`.
         */
        delete: operations["deleteFile"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/{id}/files/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a file
         * @description Streamed, with `ETag`, `Last-Modified`, one `Range` (206) and `If-None-Match` (304).
         */
        get: operations["downloadFile"];
        /**
         * Upload one file
         * @description The raw body becomes the file; parent directories are created. Refused while a turn runs.
         */
        put: operations["putFile"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/{id}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download the workspace as .tar.gz
         * @description The workspace, or the directory `path`, streamed. Links pointing outside are left out.
         */
        get: operations["downloadArchive"];
        put?: never;
        /**
         * Unpack a .tar.gz into the workspace
         * @description All or nothing: an unsafe entry refuses the whole archive.
         */
        post: operations["uploadArchive"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/{id}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Usage of a session
         * @description Totals, the remaining `maxBudgetUsd`, and each turn's cost and tokens as the CLI reported them.
         */
        get: operations["getSessionUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Usage by key and day
         * @description The caller's own key; an admin key sees every key. With `KEY_BUDGET_USD`, each key's budget for the current period.
         */
        get: operations["getUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openai/v1/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List models (OpenAI shape) */
        get: operations["openaiListModels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openai/v1/models/{model}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a model (OpenAI shape) */
        get: operations["openaiRetrieveModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openai/v1/chat/completions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Chat completion: one turn of a Claude Code session
         * @description A conversation is one session: `session_id` (extra body field; a session id or a completion id) continues it, else `user` names it, else a new session is made (its id in `x-session-id` and in the completion id). The last user message is the prompt; for a new session earlier messages are folded into it and system/developer messages become its appended system prompt. The tools the agent uses are Claude Code's own, not OpenAI function calls: `tools` is refused. With `stream: true`: `chat.completion.chunk` Server-Sent Events (role first, content deltas, `finish_reason`, a usage chunk with `stream_options.include_usage`), then `data: [DONE]`.
         */
        post: operations["openaiChatCompletion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List agents */
        get: operations["maListAgents"];
        put?: never;
        /** Create an agent */
        post: operations["maCreateAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents/{agentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve an agent (`version` for an older one) */
        get: operations["maRetrieveAgent"];
        put?: never;
        /**
         * Update an agent (a new version)
         * @description An update that changes nothing makes no version; `version` other than the current one answers 409. Sessions keep the version they started with.
         */
        post: operations["maUpdateAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents/{agentId}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Archive an agent */
        post: operations["maArchiveAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents/{agentId}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List an agent's versions */
        get: operations["maListAgentVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/environments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List environments */
        get: operations["maListEnvironments"];
        put?: never;
        /**
         * Create an environment
         * @description `cloud` networking `limited` → the sandbox may reach `allowed_hosts` (within SANDBOX_SESSION_DOMAINS); `unrestricted` → the operator's allow-list only. Packages cannot be installed; `scope: organization` needs an admin key.
         */
        post: operations["maCreateEnvironment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/environments/{envId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve an environment */
        get: operations["maRetrieveEnvironment"];
        put?: never;
        /** Update an environment */
        post: operations["maUpdateEnvironment"];
        /** Delete an environment */
        delete: operations["maDeleteEnvironment"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/environments/{envId}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Archive an environment */
        post: operations["maArchiveEnvironment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List sessions */
        get: operations["maListSessions"];
        put?: never;
        /**
         * Create a session
         * @description One of our sessions (same id, workspace and files API under /api/v1/sessions/{id}), running the agent's version with the environment's network allow-list. `budget` becomes the session's spend cap.
         */
        post: operations["maCreateSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a session */
        get: operations["maRetrieveSession"];
        put?: never;
        /** Update a session's title and metadata */
        post: operations["maUpdateSession"];
        /** Delete a session (its workspace too) */
        delete: operations["maDeleteSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Archive a session (status terminated; no more events) */
        post: operations["maArchiveSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the session's events
         * @description The history as Managed Agents events, through the same translator as the stream: the ids match.
         */
        get: operations["maListEvents"];
        put?: never;
        /**
         * Send events: user.message, user.interrupt, user.tool_confirmation
         * @description A user.message starts a turn (text content only; one per request; 409 while the session runs). A tool_confirmation answers the tool use named by `tool_use_id` (the agent.tool_use event id). The reply echoes the events with the ids they have in the history.
         */
        post: operations["maSendEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}/events/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stream the session's events (SSE)
         * @description `event: <type>`, `id: <position>`, JSON `data`. From now on; with `Last-Event-ID`, everything after that position first. `event_deltas=agent.message` adds `event_start` / `event_delta` previews. Stays open across turns.
         */
        get: operations["maStreamEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Health: {
            /** @enum {string} */
            status: "ok" | "shutting_down";
            /** @example 0.1.0 */
            version: string;
            /** @description `claude --version`, asked once at start-up. */
            cliVersion: string | null;
            uptimeSeconds: number;
            sessions: {
                total: number;
                activeTurns: number;
                queuedTurns: number;
            };
            /** @description The pre-started CLI pool. */
            prestart: {
                /** @description How many CLIs the pool keeps started ahead of their sessions (`PREWARM_PROCESSES`; 0 when off). */
                target: number;
                /** @description How many wait now with their start-up over: the next sessions created adopt them and their first turn skips the CLI start. */
                ready: number;
                /** @description How many are being launched or still starting up (0.6-1 s): a session adopts one only when none is ready, and its first turn waits out the rest of that start. */
                starting: number;
            };
            /** @description Shared mode: event streams this replica serves from Redis for sessions it does not run; null on a single node. */
            tailing: {
                /** @description Sessions run by other replicas whose event streams this replica tails (one blocking Redis connection for all). */
                sessions: number;
                /** @description Clients of this replica following those streams. */
                subscribers: number;
            } | null;
            limits: {
                maxSessions: number;
                maxConcurrentTurns: number;
            };
            /** @description How CLI processes are confined (null while the service starts). */
            sandbox: {
                /**
                 * @description What is in force: `bwrap` (every CLI in its own sandbox) or `none`.
                 * @enum {string}
                 */
                mode: "bwrap" | "none";
                /**
                 * @description The `SANDBOX` setting.
                 * @enum {string}
                 */
                requested: "auto" | "bwrap" | "none";
                /** @description Why no sandbox is in force, when none is. */
                reason: string | null;
                /**
                 * @description What a sandboxed CLI can reach: the model gateway only, or also `SANDBOX_ALLOW_DOMAINS`; `host`: unsandboxed.
                 * @enum {string}
                 */
                network: "gateway-only" | "allow-list" | "host";
                /**
                 * @description What joins a sandbox's loopback port to the gateway: `native` (native/build/cca-bridge) or `socat`; `SANDBOX_BRIDGE`. Null without a sandbox.
                 * @enum {string|null}
                 */
                bridge: "native" | "socat" | null;
                limits: {
                    /**
                     * @description The cgroup version used for per-sandbox limits; null: none in force.
                     * @enum {string|null}
                     */
                    version: "v1" | "v2" | null;
                    controllers: string[];
                    reason?: string;
                    maxProcesses: number | null;
                    memoryBytes: number | null;
                    cpus: number | null;
                };
            } | null;
            /**
             * @description Who starts CLIs: `helper` (native/build/cca-spawn, a small process that spawns them without copying the server) or `direct` (the server forks itself per CLI); `SPAWN_HELPER`. Null while the service starts.
             * @enum {string|null}
             */
            spawner: "helper" | "direct" | null;
            gateway: {
                /**
                 * @description The kind of Anthropic credential the service's gateway forwards with; CLIs never see it.
                 * @enum {string|null}
                 */
                credential: "api-key" | "bearer" | "oauth" | "host-login" | "none" | null;
            };
        };
        /** @description Every error response has this body. */
        Error: {
            error: {
                /**
                 * @description One closed set of codes; each maps to one HTTP status.
                 * @enum {string}
                 */
                code: "INVALID_JSON" | "VALIDATION_FAILED" | "UNAUTHENTICATED" | "RATE_LIMITED" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "SESSION_NOT_FOUND" | "CLAUDE_SESSION_NOT_FOUND" | "PERMISSION_NOT_FOUND" | "PERMISSION_WITHDRAWN" | "IMPORT_NOT_ALLOWED" | "SESSION_BUSY" | "NO_ACTIVE_TURN" | "PAYLOAD_TOO_LARGE" | "BUDGET_EXCEEDED" | "SESSION_LIMIT" | "QUEUE_FULL" | "SHUTTING_DOWN" | "API_DISABLED" | "CLI_FAILED" | "SANDBOX_FAILED" | "CLI_NOT_AUTHENTICATED" | "SANDBOX_UNAVAILABLE" | "TURN_TIMEOUT" | "INTERNAL" | "STORE_UNAVAILABLE" | "SESSION_UNAVAILABLE" | "INVALID_PATH" | "PATH_OUTSIDE_WORKSPACE" | "FILE_NOT_FOUND" | "NOT_A_FILE" | "NOT_A_DIRECTORY" | "PATH_CONFLICT" | "DIRECTORY_NOT_EMPTY" | "PRECONDITION_FAILED" | "RANGE_NOT_SATISFIABLE" | "WORKSPACE_FULL" | "INVALID_ARCHIVE" | "CONFLICT" | "FORBIDDEN";
                /** @description For people; may change between versions. */
                message: string;
                /** @description Echoed in the `X-Request-Id` header; quote it in bug reports. */
                requestId: string | null;
                /** @description Code-specific: `fields` for VALIDATION_FAILED, exit code and stderr for CLI_FAILED, … */
                details?: unknown;
            };
        };
        Models: {
            /** @example sonnet */
            default: string;
            models: {
                id: string;
                default: boolean;
            }[];
        };
        CreateSessionReply: {
            session: components["schemas"]["Session"];
            /** @description With an initial prompt: the first turn's final text. */
            response?: string;
            turn?: components["schemas"]["TurnReply"];
        };
        Session: {
            /** @example k3x9q2m8v7b1n4c6z0a5 */
            id: string;
            /**
             * @description The name of the API key that created it (`local` without auth).
             * @example alice
             */
            owner: string;
            name: string | null;
            /** @enum {string} */
            status: "idle" | "queued" | "running" | "waiting_permission";
            /** @example sonnet */
            model: string;
            /** @enum {string} */
            permissionMode: "default" | "acceptEdits" | "plan" | "bypassPermissions";
            allowedTools: string[];
            disallowedTools: string[];
            appendSystemPrompt: string | null;
            maxTurns: number | null;
            /** @description `deny`, `ask` (the API client decides), or the tools allowed without asking. */
            permissionPolicy: ("deny" | "ask") | string[];
            /** @description Tools the client allowed for the whole session (`remember: "session"`). */
            rememberedTools: string[];
            /** @description The session's spend cap, if any. */
            maxBudgetUsd: number | null;
            /** @description Domains this session's sandbox may reach through the egress proxy, besides the server's `SANDBOX_ALLOW_DOMAINS`. */
            allowedDomains: string[];
            /**
             * @description `warm`: one CLI process kept alive between turns (`WARM_IDLE_MS`, `MAX_WARM_PROCESSES`).
             * @enum {string}
             */
            processMode: "per-turn" | "warm";
            /** @description The session's directory on the server. */
            workspace: string;
            claudeSessionId: string | null;
            /** @example 2025-01-01T12:00:00.000Z */
            createdAt: string;
            /** @example 2025-01-01T12:00:00.000Z */
            lastActivityAt: string;
            /**
             * @description Null while a turn runs: a running session never expires.
             * @example 2025-01-01T12:00:00.000Z
             */
            expiresAt: string | null;
            turnCount: number;
            currentTurnId: string | null;
            lastTurn: {
                id: string;
                status: components["schemas"]["TurnStatus"];
                /** @example 2025-01-01T12:00:00.000Z */
                finishedAt: string;
                error: components["schemas"]["TurnError"];
            } | null;
            totals: {
                inputTokens: number;
                outputTokens: number;
                cacheCreationInputTokens: number;
                cacheReadInputTokens: number;
                costUsd: number;
            };
            lastEventId: number;
        };
        /**
         * @description `failed`: the CLI reported an error or the turn timed out; `interrupted`: stopped on request.
         * @enum {string}
         */
        TurnStatus: "completed" | "failed" | "interrupted";
        /** @description Why a turn failed (same codes as error responses). */
        TurnError: {
            /** @enum {string} */
            code: "INVALID_JSON" | "VALIDATION_FAILED" | "UNAUTHENTICATED" | "RATE_LIMITED" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "SESSION_NOT_FOUND" | "CLAUDE_SESSION_NOT_FOUND" | "PERMISSION_NOT_FOUND" | "PERMISSION_WITHDRAWN" | "IMPORT_NOT_ALLOWED" | "SESSION_BUSY" | "NO_ACTIVE_TURN" | "PAYLOAD_TOO_LARGE" | "BUDGET_EXCEEDED" | "SESSION_LIMIT" | "QUEUE_FULL" | "SHUTTING_DOWN" | "API_DISABLED" | "CLI_FAILED" | "SANDBOX_FAILED" | "CLI_NOT_AUTHENTICATED" | "SANDBOX_UNAVAILABLE" | "TURN_TIMEOUT" | "INTERNAL" | "STORE_UNAVAILABLE" | "SESSION_UNAVAILABLE" | "INVALID_PATH" | "PATH_OUTSIDE_WORKSPACE" | "FILE_NOT_FOUND" | "NOT_A_FILE" | "NOT_A_DIRECTORY" | "PATH_CONFLICT" | "DIRECTORY_NOT_EMPTY" | "PRECONDITION_FAILED" | "RANGE_NOT_SATISFIABLE" | "WORKSPACE_FULL" | "INVALID_ARCHIVE" | "CONFLICT" | "FORBIDDEN";
            message: string;
            details?: {
                [key: string]: unknown;
            };
        } | null;
        /** @description The whole turn, once it ended. */
        TurnReply: {
            sessionId: string;
            /** @example t_8f2k4m9x1c3v */
            turnId: string;
            status: components["schemas"]["TurnStatus"];
            /**
             * @description The final text (the Python design's `.json()["response"]`).
             * @example fixture: hello
             */
            response: string;
            result: components["schemas"]["ResultSummary"];
            error: components["schemas"]["TurnError"];
            /**
             * @description Why the turn ended early: interrupt, cancel, shutdown, timeout, idle, server_restart.
             * @example null
             */
            endReason: string | null;
            files: components["schemas"]["FileChanges"];
            durationMs: number;
            /** @description The turn's events without token deltas, at most `MAX_TURN_EVENTS`. */
            events: components["schemas"]["SessionEvent"][];
            eventsDropped: number;
        };
        /** @description The CLI's `result` line, summarized. */
        ResultSummary: {
            isError: boolean;
            /** @example success */
            subtype: string;
            text: string | null;
            /** @example 0.0123 */
            costUsd: number;
            usage: components["schemas"]["Usage"];
            durationMs: number | null;
            durationApiMs: number | null;
            numTurns: number | null;
            /** @description The CLI's conversation id (what `--continue` resumes). */
            claudeSessionId: string | null;
            apiErrorStatus: number | null;
        } | null;
        Usage: {
            inputTokens: number;
            outputTokens: number;
            cacheCreationInputTokens: number;
            cacheReadInputTokens: number;
        };
        /** @description What a turn changed in its workspace (a bounded before/after scan). */
        FileChanges: {
            created: string[];
            modified: string[];
            deleted: string[];
            /** @description The workspace had more entries than the scan reads: the lists may be incomplete. */
            truncated: boolean;
        } | null;
        /** @description One event of a session: SSE `data:`, a JSON reply's `events`, history. */
        SessionEvent: components["schemas"]["TurnStartedEvent"] | components["schemas"]["QueuedEvent"] | components["schemas"]["ProcessStartedEvent"] | components["schemas"]["SystemEvent"] | components["schemas"]["AssistantEvent"] | components["schemas"]["UserEvent"] | components["schemas"]["StreamEventEvent"] | components["schemas"]["ResultEvent"] | components["schemas"]["WarningEvent"] | components["schemas"]["ContextResetEvent"] | components["schemas"]["PermissionRequestEvent"] | components["schemas"]["PermissionResolvedEvent"] | components["schemas"]["PermissionModeChangedEvent"] | components["schemas"]["BudgetExceededEvent"] | components["schemas"]["ErrorEvent"] | components["schemas"]["TurnFinishedEvent"];
        /** @description A turn began (it may still wait for a slot). */
        TurnStartedEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "turn_started";
            /**
             * @description Per-session increasing id (the SSE `id:`; resume with `Last-Event-ID`).
             * @example 42
             */
            id: number;
            /** @example k3x9q2m8v7b1n4c6z0a5 */
            sessionId: string;
            /**
             * @description When it was published (ISO 8601).
             * @example 2025-01-01T12:00:00.000Z
             */
            at: string;
            /** @example t_8f2k4m9x1c3v */
            turnId: string;
            turnNumber: number;
            /** @description Runs with `--continue` (the session already has a conversation). */
            continued: boolean;
            prompt: string;
        };
        /** @description Waiting for a CLI slot (`MAX_CONCURRENT_TURNS`). */
        QueuedEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "queued";
            /**
             * @description Per-session increasing id (the SSE `id:`; resume with `Last-Event-ID`).
             * @example 42
             */
            id: number;
            /** @example k3x9q2m8v7b1n4c6z0a5 */
            sessionId: string;
            /**
             * @description When it was published (ISO 8601).
             * @example 2025-01-01T12:00:00.000Z
             */
            at: string;
            /** @example t_8f2k4m9x1c3v */
            turnId: string;
            position: number;
        };
        /** @description The CLI process started. */
        ProcessStartedEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "process_started";
            /**
             * @description Per-session increasing id (the SSE `id:`; resume with `Last-Event-ID`).
             * @example 42
             */
            id: number;
            /** @example k3x9q2m8v7b1n4c6z0a5 */
            sessionId: string;
            /**
             * @description When it was published (ISO 8601).
             * @example 2025-01-01T12:00:00.000Z
             */
            at: string;
            /** @example t_8f2k4m9x1c3v */
            turnId: string;
            pid: number | null;
        };
        /** @description The CLI's `system` line. */
        SystemEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "system";
            /**
             * @description Per-session increasing id (the SSE `id:`; resume with `Last-Event-ID`).
             * @example 42
             */
            id: number;
            /** @example k3x9q2m8v7b1n4c6z0a5 */
            sessionId: string;
            /**
             * @description When it was published (ISO 8601).
             * @example 2025-01-01T12:00:00.000Z
             */
            at: string;
            /** @example t_8f2k4m9x1c3v */
            turnId: string;
            message: components["schemas"]["CliSystemMessage"];
        };
        CliSystemMessage: {
            /** @enum {string} */
            type: "system";
            subtype: string;
            session_id?: string;
            model?: string;
            cwd?: string;
        } & {
            [key: string]: unknown;
        };
        /** @description What Claude said or which tool it called. */
        AssistantEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "assistant";
            /**
             * @description Per-session increasing id (the SSE `id:`; resume with `Last-Event-ID`).
             * @example 42
             */
            id: number;
            /** @example k3x9q2m8v7b1n4c6z0a5 */
            sessionId: string;
            /**
             * @description When it was published (ISO 8601).
             * @example 2025-01-01T12:00:00.000Z
             */
            at: string;
            /** @example t_8f2k4m9x1c3v */
            turnId: string;
            message: components["schemas"]["CliAssistantMessage"];
        };
        CliAssistantMessage: {
            /** @enum {string} */
            type: "assistant";
            message: {
                /** @default [] */
                content: ({
                    type: string;
                    text?: string;
                } & {
                    [key: string]: unknown;
                })[];
            } & {
                [key: string]: unknown;
            };
            session_id?: string;
        } & {
            [key: string]: unknown;
        };
        /** @description Tool results fed back to Claude. */
        UserEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "user";
            /**
             * @description Per-session increasing id (the SSE `id:`; resume with `Last-Event-ID`).
             * @example 42
             */
            id: number;
            /** @example k3x9q2m8v7b1n4c6z0a5 */
            sessionId: string;
            /**
             * @description When it was published (ISO 8601).
             * @example 2025-01-01T12:00:00.000Z
             */
            at: string;
            /** @example t_8f2k4m9x1c3v */
            turnId: string;
            message: components["schemas"]["CliUserMessage"];
        };
        CliUserMessage: {
            /** @enum {string} */
            type: "user";
            message: {
                content: string | ({
                    type: string;
                    text?: string;
                } & {
                    [key: string]: unknown;
                })[];
            } & {
                [key: string]: unknown;
            };
            session_id?: string;
        } & {
            [key: string]: unknown;
        };
        /** @description A token delta (only with `partial`). */
        StreamEventEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "stream_event";
            /**
             * @description Per-session increasing id (the SSE `id:`; resume with `Last-Event-ID`).
             * @example 42
             */
            id: number;
            /** @example k3x9q2m8v7b1n4c6z0a5 */
            sessionId: string;
            /**
             * @description When it was published (ISO 8601).
             * @example 2025-01-01T12:00:00.000Z
             */
            at: string;
            /** @example t_8f2k4m9x1c3v */
            turnId: string;
            message: components["schemas"]["CliStreamEventMessage"];
        };
        CliStreamEventMessage: {
            /** @enum {string} */
            type: "stream_event";
            event: {
                type: string;
            } & {
                [key: string]: unknown;
            };
        } & {
            [key: string]: unknown;
        };
        /** @description The CLI's final `result` line. */
        ResultEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "result";
            /**
             * @description Per-session increasing id (the SSE `id:`; resume with `Last-Event-ID`).
             * @example 42
             */
            id: number;
            /** @example k3x9q2m8v7b1n4c6z0a5 */
            sessionId: string;
            /**
             * @description When it was published (ISO 8601).
             * @example 2025-01-01T12:00:00.000Z
             */
            at: string;
            /** @example t_8f2k4m9x1c3v */
            turnId: string;
            message: components["schemas"]["CliResultMessage"];
        };
        CliResultMessage: {
            /** @enum {string} */
            type: "result";
            subtype: string;
            /** @default false */
            is_error: boolean;
            result?: string;
            session_id?: string;
            duration_ms?: number;
            duration_api_ms?: number;
            num_turns?: number;
            total_cost_usd?: number;
            usage?: {
                input_tokens?: number;
                output_tokens?: number;
                cache_creation_input_tokens?: number;
                cache_read_input_tokens?: number;
            } & {
                [key: string]: unknown;
            };
            api_error_status?: number | null;
        } & {
            [key: string]: unknown;
        };
        /** @description A line the service could not use. */
        WarningEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "warning";
            /**
             * @description Per-session increasing id (the SSE `id:`; resume with `Last-Event-ID`).
             * @example 42
             */
            id: number;
            /** @example k3x9q2m8v7b1n4c6z0a5 */
            sessionId: string;
            /**
             * @description When it was published (ISO 8601).
             * @example 2025-01-01T12:00:00.000Z
             */
            at: string;
            /** @example t_8f2k4m9x1c3v */
            turnId: string;
            /** @enum {string} */
            code: "INVALID_LINE" | "UNKNOWN_LINE" | "UNHANDLED_CONTROL" | "CONTEXT_RESET";
            message: string;
            data?: unknown;
        };
        /** @description A `--continue` turn reported another conversation id: the context was lost. */
        ContextResetEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "context_reset";
            /**
             * @description Per-session increasing id (the SSE `id:`; resume with `Last-Event-ID`).
             * @example 42
             */
            id: number;
            /** @example k3x9q2m8v7b1n4c6z0a5 */
            sessionId: string;
            /**
             * @description When it was published (ISO 8601).
             * @example 2025-01-01T12:00:00.000Z
             */
            at: string;
            /** @example t_8f2k4m9x1c3v */
            turnId: string;
            previousClaudeSessionId: string;
            claudeSessionId: string;
        };
        /** @description A tool waits for approval. */
        PermissionRequestEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "permission_request";
            /**
             * @description Per-session increasing id (the SSE `id:`; resume with `Last-Event-ID`).
             * @example 42
             */
            id: number;
            /** @example k3x9q2m8v7b1n4c6z0a5 */
            sessionId: string;
            /**
             * @description When it was published (ISO 8601).
             * @example 2025-01-01T12:00:00.000Z
             */
            at: string;
            /** @example t_8f2k4m9x1c3v */
            turnId: string;
            requestId: string;
            toolName: string;
            input: {
                [key: string]: unknown;
            };
            suggestions: unknown[];
            toolUseId: string | null;
            expiresAt: string;
        };
        /** @description A permission request was answered or withdrawn. */
        PermissionResolvedEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "permission_resolved";
            /**
             * @description Per-session increasing id (the SSE `id:`; resume with `Last-Event-ID`).
             * @example 42
             */
            id: number;
            /** @example k3x9q2m8v7b1n4c6z0a5 */
            sessionId: string;
            /**
             * @description When it was published (ISO 8601).
             * @example 2025-01-01T12:00:00.000Z
             */
            at: string;
            /** @example t_8f2k4m9x1c3v */
            turnId: string;
            requestId: string;
            toolName: string;
            /** @enum {string} */
            decision: "allow" | "deny" | "withdrawn";
            /** @enum {string} */
            by: "client" | "policy" | "timeout" | "cli" | "turn_ended";
            message: string | null;
        };
        /** @description The permission mode of the running turn changed. */
        PermissionModeChangedEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "permission_mode_changed";
            /**
             * @description Per-session increasing id (the SSE `id:`; resume with `Last-Event-ID`).
             * @example 42
             */
            id: number;
            /** @example k3x9q2m8v7b1n4c6z0a5 */
            sessionId: string;
            /**
             * @description When it was published (ISO 8601).
             * @example 2025-01-01T12:00:00.000Z
             */
            at: string;
            /** @example t_8f2k4m9x1c3v */
            turnId: string;
            mode: string;
        };
        /** @description The turn reached a spend cap (the session's maxBudgetUsd or the key's KEY_BUDGET_USD) and the CLI stopped it. */
        BudgetExceededEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "budget_exceeded";
            /**
             * @description Per-session increasing id (the SSE `id:`; resume with `Last-Event-ID`).
             * @example 42
             */
            id: number;
            /** @example k3x9q2m8v7b1n4c6z0a5 */
            sessionId: string;
            /**
             * @description When it was published (ISO 8601).
             * @example 2025-01-01T12:00:00.000Z
             */
            at: string;
            /** @example t_8f2k4m9x1c3v */
            turnId: string;
            /** @enum {string} */
            scope: "session" | "key";
            budgetUsd: number;
            spentUsd: number;
        };
        /** @description The turn failed. */
        ErrorEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "error";
            /**
             * @description Per-session increasing id (the SSE `id:`; resume with `Last-Event-ID`).
             * @example 42
             */
            id: number;
            /** @example k3x9q2m8v7b1n4c6z0a5 */
            sessionId: string;
            /**
             * @description When it was published (ISO 8601).
             * @example 2025-01-01T12:00:00.000Z
             */
            at: string;
            /** @example t_8f2k4m9x1c3v */
            turnId: string;
            /** @enum {string} */
            code: "INVALID_JSON" | "VALIDATION_FAILED" | "UNAUTHENTICATED" | "RATE_LIMITED" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "SESSION_NOT_FOUND" | "CLAUDE_SESSION_NOT_FOUND" | "PERMISSION_NOT_FOUND" | "PERMISSION_WITHDRAWN" | "IMPORT_NOT_ALLOWED" | "SESSION_BUSY" | "NO_ACTIVE_TURN" | "PAYLOAD_TOO_LARGE" | "BUDGET_EXCEEDED" | "SESSION_LIMIT" | "QUEUE_FULL" | "SHUTTING_DOWN" | "API_DISABLED" | "CLI_FAILED" | "SANDBOX_FAILED" | "CLI_NOT_AUTHENTICATED" | "SANDBOX_UNAVAILABLE" | "TURN_TIMEOUT" | "INTERNAL" | "STORE_UNAVAILABLE" | "SESSION_UNAVAILABLE" | "INVALID_PATH" | "PATH_OUTSIDE_WORKSPACE" | "FILE_NOT_FOUND" | "NOT_A_FILE" | "NOT_A_DIRECTORY" | "PATH_CONFLICT" | "DIRECTORY_NOT_EMPTY" | "PRECONDITION_FAILED" | "RANGE_NOT_SATISFIABLE" | "WORKSPACE_FULL" | "INVALID_ARCHIVE" | "CONFLICT" | "FORBIDDEN";
            message: string;
            details?: {
                [key: string]: unknown;
            };
        };
        /** @description Always the last event of a turn. */
        TurnFinishedEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "turn_finished";
            /**
             * @description Per-session increasing id (the SSE `id:`; resume with `Last-Event-ID`).
             * @example 42
             */
            id: number;
            /** @example k3x9q2m8v7b1n4c6z0a5 */
            sessionId: string;
            /**
             * @description When it was published (ISO 8601).
             * @example 2025-01-01T12:00:00.000Z
             */
            at: string;
            /** @example t_8f2k4m9x1c3v */
            turnId: string;
            status: components["schemas"]["TurnStatus"];
            text: string;
            result: components["schemas"]["ResultSummary"];
            error: components["schemas"]["TurnError"];
            /**
             * @description Why the turn ended early: interrupt, cancel, shutdown, timeout, idle, server_restart.
             * @example null
             */
            endReason: string | null;
            files: components["schemas"]["FileChanges"];
            durationMs: number;
        };
        SessionList: {
            sessions: components["schemas"]["Session"][];
            /** @description Pass as `cursor` for the next page. */
            nextCursor: string | null;
        };
        SessionReply: {
            session: components["schemas"]["Session"];
        };
        DeleteSessionReply: {
            id: string;
            /** @enum {boolean} */
            deleted: true;
            workspaceKept: boolean;
        };
        /** @description Each SSE message has `event: <type>`, `id: <event id>` and JSON `data` (a SessionEvent); keep-alive comments come every `SSE_KEEPALIVE_MS`; the stream ends with `event: done` (StreamDone) and closes. */
        SseData: components["schemas"]["TurnStartedEvent"] | components["schemas"]["QueuedEvent"] | components["schemas"]["ProcessStartedEvent"] | components["schemas"]["SystemEvent"] | components["schemas"]["AssistantEvent"] | components["schemas"]["UserEvent"] | components["schemas"]["StreamEventEvent"] | components["schemas"]["ResultEvent"] | components["schemas"]["WarningEvent"] | components["schemas"]["ContextResetEvent"] | components["schemas"]["PermissionRequestEvent"] | components["schemas"]["PermissionResolvedEvent"] | components["schemas"]["PermissionModeChangedEvent"] | components["schemas"]["BudgetExceededEvent"] | components["schemas"]["ErrorEvent"] | components["schemas"]["TurnFinishedEvent"] | components["schemas"]["StreamDone"];
        /** @description The data of the final `done` SSE message. */
        StreamDone: {
            /**
             * @description `overflow`: the client fell `SUBSCRIBER_BUFFER` events behind. `store_unavailable` (shared mode): the replica lost Redis while tailing; reconnect with Last-Event-ID.
             * @enum {string}
             */
            reason: "finished" | "overflow" | "closed" | "store_unavailable";
            lastEventId: number | null;
        };
        InterruptReply: {
            sessionId: string;
            turnId: string;
            status: components["schemas"]["TurnStatus"];
            /** @description The partial text. */
            response: string;
        };
        ConversationPage: {
            sessionId: string;
            turns: components["schemas"]["ConversationTurn"][];
            /** @description A turn number: pass as `cursor` for the next page. */
            nextCursor: number | null;
        };
        ConversationTurn: {
            turnId: string;
            number: number;
            prompt: string;
            /** @enum {string} */
            status: "completed" | "failed" | "interrupted" | "running";
            /** @example 2025-01-01T12:00:00.000Z */
            startedAt: string;
            /** @example 2025-01-01T12:00:00.000Z */
            finishedAt: string | null;
            durationMs: number | null;
            items: ({
                /** @enum {string} */
                kind: "text";
                text: string;
            } | {
                /** @enum {string} */
                kind: "tool_use";
                toolUseId: string;
                name: string;
                input?: unknown;
            } | {
                /** @enum {string} */
                kind: "tool_result";
                toolUseId: string;
                isError: boolean;
                content?: unknown;
            })[];
            response: string | null;
            result: components["schemas"]["ResultSummary"];
            error: components["schemas"]["TurnError"];
            /**
             * @description Why the turn ended early: interrupt, cancel, shutdown, timeout, idle, server_restart.
             * @example null
             */
            endReason: string | null;
            files: components["schemas"]["FileChanges"];
        };
        PermissionList: {
            sessionId: string;
            permissions: components["schemas"]["PendingPermission"][];
        };
        PendingPermission: {
            requestId: string;
            /** @example Bash */
            toolName: string;
            input: {
                [key: string]: unknown;
            };
            suggestions: unknown[];
            toolUseId: string | null;
            /** @description Denied by timeout after `PERMISSION_TIMEOUT_MS`. */
            expiresAt: string;
        };
        PermissionAnswered: {
            sessionId: string;
            requestId: string;
            /** @enum {string} */
            decision: "allow" | "deny";
            remembered: boolean;
        };
        PermissionModeReply: {
            sessionId: string;
            permissionMode: string;
            appliedToRunningTurn: boolean;
        };
        WsTicket: {
            sessionId: string;
            ticket: string;
            expiresAt: string;
        };
        /** @description Depth-first, siblings by name. */
        FileList: {
            path: string;
            entries: components["schemas"]["FileEntry"][];
            nextCursor: string | null;
        };
        FileEntry: {
            /**
             * @description Relative to the workspace.
             * @example src/app.py
             */
            path: string;
            /**
             * @description Links are never followed; `other` is a FIFO or socket.
             * @enum {string}
             */
            type: "file" | "dir" | "symlink" | "other";
            size: number;
            /** @example 2025-01-01T12:00:00.000Z */
            modifiedAt: string;
        };
        PutFileReply: {
            entry: components["schemas"]["WrittenEntry"];
        };
        WrittenEntry: {
            path: string;
            /** @enum {string} */
            type: "file" | "dir" | "symlink";
            size: number;
            modifiedAt: string;
            /** @example "1a2b-18c0f3e2a10" */
            etag: string | null;
        };
        UploadReply: {
            entries: components["schemas"]["WrittenEntry"][];
        };
        DeleteFileReply: {
            deleted: {
                path: string;
                /**
                 * @description Links are never followed; `other` is a FIFO or socket.
                 * @enum {string}
                 */
                type: "file" | "dir" | "symlink" | "other";
            };
        };
        ExtractReply: {
            count: number;
            /** @description At most `MAX_LIST_ENTRIES`. */
            entries: components["schemas"]["WrittenEntry"][];
            truncated: boolean;
        };
        SessionUsage: {
            sessionId: string;
            model: string;
            totals: {
                inputTokens: number;
                outputTokens: number;
                cacheCreationInputTokens: number;
                cacheReadInputTokens: number;
                costUsd: number;
            };
            budget: {
                maxBudgetUsd: number | null;
                remainingUsd: number | null;
            };
            turns: {
                turnId: string;
                number: number;
                status: components["schemas"]["TurnStatus"] | "running";
                finishedAt: string | null;
                costUsd: number;
                usage: components["schemas"]["Usage"] | null;
            }[];
        };
        UsageReport: {
            from: string | null;
            to: string | null;
            keys: {
                [key: string]: {
                    totals: components["schemas"]["UsageTotals"];
                    days: {
                        [key: string]: {
                            totals: components["schemas"]["UsageTotals"];
                            models: {
                                [key: string]: components["schemas"]["UsageTotals"];
                            };
                        };
                    };
                };
            };
            budgets: {
                [key: string]: {
                    limitUsd: number;
                    /** @enum {string} */
                    period: "day" | "month";
                    periodStart: string;
                    spentUsd: number;
                    remainingUsd: number;
                };
            } | null;
        };
        UsageTotals: {
            inputTokens: number;
            outputTokens: number;
            cacheCreationInputTokens: number;
            cacheReadInputTokens: number;
            costUsd: number;
            turns: number;
        };
        OpenAiModel: {
            id: string;
            /** @enum {string} */
            object: "model";
            created: number;
            owned_by: string;
        };
        OpenAiError: {
            error: {
                message: string;
                /** @example invalid_request_error */
                type: string;
                param: string | null;
                /** @description Our stable error code, lower-cased (e.g. `session_not_found`). */
                code: string;
            };
        };
        ChatCompletion: {
            /** @description `chatcmpl-<session id>-<turn id>`: pass it (or the session id) back as `session_id` to continue. */
            id: string;
            /** @enum {string} */
            object: "chat.completion";
            created: number;
            model: string;
            system_fingerprint: null;
            choices: {
                index: number;
                message: {
                    /** @enum {string} */
                    role: "assistant";
                    content: string;
                    refusal: null;
                };
                logprobs: null;
                /** @enum {string} */
                finish_reason: "stop" | "length";
            }[];
            usage: {
                prompt_tokens: number;
                completion_tokens: number;
                total_tokens: number;
                prompt_tokens_details: {
                    cached_tokens: number;
                };
            };
        };
        ManagedAgent: {
            id: string;
            /** @enum {string} */
            type: "agent";
            name: string;
            model: {
                id: string;
            };
            version: number;
            system: string | null;
            tools: {
                [key: string]: unknown;
            }[];
            mcp_servers: {
                [key: string]: unknown;
            }[];
        } & {
            [key: string]: unknown;
        };
        AnthropicError: {
            /** @enum {string} */
            type: "error";
            error: {
                /** @example not_found_error */
                type: string;
                message: string;
                /** @description Our stable error code (e.g. `SESSION_NOT_FOUND`). */
                code: string;
            };
            request_id: string | null;
        };
        ManagedEnvironment: {
            id: string;
            /** @enum {string} */
            type: "environment";
            name: string;
            config: {
                [key: string]: unknown;
            };
        } & {
            [key: string]: unknown;
        };
        ManagedSession: {
            id: string;
            /** @enum {string} */
            type: "session";
            /** @enum {string} */
            status: "idle" | "running" | "terminated";
            agent: {
                [key: string]: unknown;
            };
            environment_id: string;
            usage: {
                [key: string]: unknown;
            };
        } & {
            [key: string]: unknown;
        };
        /** @description A Managed Agents event (BetaManagedAgentsSessionEvent in the SDK). */
        ManagedEvent: {
            id: string;
            /** @example agent.message */
            type: string;
        } & {
            [key: string]: unknown;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Serving. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Shutting down. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    listModels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The models a session may use. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Models"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    openapi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OpenAPI 3.1. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    docsPage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An HTML page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    docsAsset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A script or stylesheet from the swagger-ui-dist package. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/javascript": string;
                    "text/css": string;
                };
            };
            /** @description `NOT_FOUND`: no such route */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The text exposition format. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listSessions: {
        parameters: {
            query?: {
                limit?: number;
                /** @description A previous page's `nextCursor`, as given; anything else is 400 VALIDATION_FAILED. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of sessions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionList"];
                };
            };
            /** @description `VALIDATION_FAILED`: a field or query parameter is wrong or unknown (`details.fields` lists them) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "name": "demo",
                 *       "model": "sonnet",
                 *       "initialPrompt": "Create hello.py that prints hello"
                 *     }
                 */
                "application/json": {
                    name?: string;
                    /** @description The Python design's name for `name`: give one or the other, not both (400). */
                    session_name?: string;
                    model?: string;
                    /** @enum {string} */
                    permissionMode?: "default" | "acceptEdits" | "plan";
                    initialPrompt?: string;
                    initial_prompt?: string;
                    allowedTools?: string[];
                    disallowedTools?: string[];
                    appendSystemPrompt?: string;
                    maxTurns?: number;
                    archive?: string;
                    permissionPolicy?: ("deny" | "ask") | string[];
                    maxBudgetUsd?: number;
                    /** @enum {string} */
                    processMode?: "per-turn" | "warm";
                    /** Format: uuid */
                    resumeClaudeSessionId?: string;
                    importWorkspace?: boolean;
                    allowedDomains?: string[];
                };
            };
        };
        responses: {
            /** @description Created (with the first turn when a prompt was given). */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreateSessionReply"];
                };
            };
            /** @description `INVALID_ARCHIVE`: not a readable .tar(.gz), or an unsafe entry; `VALIDATION_FAILED`: a field or query parameter is wrong or unknown (`details.fields` lists them); `INVALID_JSON`: the body is not JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `IMPORT_NOT_ALLOWED`: `importWorkspace` for a conversation that ran outside `RESUME_IMPORT_ROOTS` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `CLAUDE_SESSION_NOT_FOUND`: `resumeClaudeSessionId` names no conversation this key may resume */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `WORKSPACE_FULL`: the upload would take the workspace past `WORKSPACE_MAX_BYTES`; `PAYLOAD_TOO_LARGE`: the body is over `BODY_LIMIT_BYTES` (uploads: `MAX_UPLOAD_BYTES`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_LIMIT`: `MAX_SESSIONS` (or `MAX_SESSIONS_PER_KEY`) reached; `QUEUE_FULL`: `MAX_QUEUED_TURNS` turns already wait; `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `CLI_FAILED`: the CLI ended without a result (`details` has exit code, signal, stderr tail) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SHUTTING_DOWN`: the server is stopping */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `TURN_TIMEOUT`: the turn ran past `TURN_TIMEOUT_MS` or went silent for `TURN_IDLE_TIMEOUT_MS` */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A session id (a malformed one answers 404 like a missing one). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionReply"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_NOT_FOUND`: no such session, or another key's session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteSession: {
        parameters: {
            query?: {
                keepWorkspace?: "0" | "1" | "true" | "false";
            };
            header?: never;
            path: {
                /** @description A session id (a malformed one answers 404 like a missing one). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeleteSessionReply"];
                };
            };
            /** @description `VALIDATION_FAILED`: a field or query parameter is wrong or unknown (`details.fields` lists them) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_NOT_FOUND`: no such session, or another key's session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    renameSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A session id (a malformed one answers 404 like a missing one). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "refactor auth"
                 *     }
                 */
                "application/json": {
                    /** @description The new name; null removes it. */
                    name: string | null;
                };
            };
        };
        responses: {
            /** @description The renamed session. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionReply"];
                };
            };
            /** @description `VALIDATION_FAILED`: a field or query parameter is wrong or unknown (`details.fields` lists them); `INVALID_JSON`: the body is not JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_NOT_FOUND`: no such session, or another key's session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over `BODY_LIMIT_BYTES` (uploads: `MAX_UPLOAD_BYTES`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getConversation: {
        parameters: {
            query?: {
                order?: "asc" | "desc";
                limit?: number;
                cursor?: number | null;
            };
            header?: never;
            path: {
                /** @description A session id (a malformed one answers 404 like a missing one). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of turns. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationPage"];
                };
            };
            /** @description `VALIDATION_FAILED`: a field or query parameter is wrong or unknown (`details.fields` lists them) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_NOT_FOUND`: no such session, or another key's session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    sendMessage: {
        parameters: {
            query?: {
                cancelOnDisconnect?: "0" | "1" | "true" | "false";
            };
            header?: never;
            path: {
                /** @description A session id (a malformed one answers 404 like a missing one). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "prompt": "hello"
                 *     }
                 */
                "application/json": {
                    prompt: string;
                    stream?: boolean;
                    partial?: boolean;
                    cancelOnDisconnect?: boolean;
                    permissionPolicy?: ("deny" | "ask") | string[];
                };
            };
        };
        responses: {
            /** @description The turn (`completed`, `failed` with `error`, or `interrupted`), or its event stream when `stream` is true. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TurnReply"];
                    "text/event-stream": components["schemas"]["SseData"];
                };
            };
            /** @description `VALIDATION_FAILED`: a field or query parameter is wrong or unknown (`details.fields` lists them); `INVALID_JSON`: the body is not JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_NOT_FOUND`: no such session, or another key's session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_BUSY`: the session already has a turn queued or running */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over `BODY_LIMIT_BYTES` (uploads: `MAX_UPLOAD_BYTES`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `QUEUE_FULL`: `MAX_QUEUED_TURNS` turns already wait; `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `CLI_FAILED`: the CLI ended without a result (`details` has exit code, signal, stderr tail); `SANDBOX_FAILED`: the session's sandbox could not be set up or started (`details.reason`); the CLI never ran unsandboxed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SHUTTING_DOWN`: the server is stopping; `CLI_NOT_AUTHENTICATED`: the service has no Anthropic credential: the operator sets ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN, CLAUDE_CODE_OAUTH_TOKEN) or logs in with `claude` as the service's user */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `TURN_TIMEOUT`: the turn ran past `TURN_TIMEOUT_MS` or went silent for `TURN_IDLE_TIMEOUT_MS` */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    streamTurn: {
        parameters: {
            query: {
                prompt: string;
                permissionPolicy?: "deny" | "ask";
                partial?: "0" | "1" | "true" | "false";
                cancelOnDisconnect?: "0" | "1" | "true" | "false";
            };
            header?: never;
            path: {
                /** @description A session id (a malformed one answers 404 like a missing one). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The turn's events, then `done`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["SseData"];
                };
            };
            /** @description `VALIDATION_FAILED`: a field or query parameter is wrong or unknown (`details.fields` lists them) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_NOT_FOUND`: no such session, or another key's session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_BUSY`: the session already has a turn queued or running */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `QUEUE_FULL`: `MAX_QUEUED_TURNS` turns already wait; `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SHUTTING_DOWN`: the server is stopping */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    interruptTurn: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A session id (a malformed one answers 404 like a missing one). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The interrupted turn. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InterruptReply"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_NOT_FOUND`: no such session, or another key's session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NO_ACTIVE_TURN`: no turn is running */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    followEvents: {
        parameters: {
            query?: {
                after?: number | null;
            };
            header?: {
                /** @description The last event id seen. */
                "Last-Event-ID"?: string;
            };
            path: {
                /** @description A session id (a malformed one answers 404 like a missing one). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Replayed then live events; `done` when the server closes it. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["SseData"];
                };
            };
            /** @description `VALIDATION_FAILED`: a field or query parameter is wrong or unknown (`details.fields` lists them) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_NOT_FOUND`: no such session, or another key's session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listPermissions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A session id (a malformed one answers 404 like a missing one). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The requests the running turn waits on. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PermissionList"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_NOT_FOUND`: no such session, or another key's session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    answerPermission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A session id (a malformed one answers 404 like a missing one). */
                id: string;
                requestId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "decision": "allow"
                 *     }
                 */
                "application/json": {
                    /** @enum {string} */
                    decision: "allow" | "deny";
                    message?: string;
                    updatedInput?: {
                        [key: string]: unknown;
                    };
                    /** @enum {string} */
                    remember?: "session";
                };
            };
        };
        responses: {
            /** @description Answered. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PermissionAnswered"];
                };
            };
            /** @description `VALIDATION_FAILED`: a field or query parameter is wrong or unknown (`details.fields` lists them); `INVALID_JSON`: the body is not JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PERMISSION_NOT_FOUND`: no pending permission request with this id (unknown, or already answered); `SESSION_NOT_FOUND`: no such session, or another key's session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PERMISSION_WITHDRAWN`: the CLI withdrew this permission request before it was answered */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over `BODY_LIMIT_BYTES` (uploads: `MAX_UPLOAD_BYTES`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    setPermissionMode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A session id (a malformed one answers 404 like a missing one). */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "mode": "acceptEdits"
                 *     }
                 */
                "application/json": {
                    /** @enum {string} */
                    mode: "default" | "acceptEdits" | "plan";
                };
            };
        };
        responses: {
            /** @description Changed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PermissionModeReply"];
                };
            };
            /** @description `VALIDATION_FAILED`: a field or query parameter is wrong or unknown (`details.fields` lists them); `INVALID_JSON`: the body is not JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_NOT_FOUND`: no such session, or another key's session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over `BODY_LIMIT_BYTES` (uploads: `MAX_UPLOAD_BYTES`) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    issueWsTicket: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A session id (a malformed one answers 404 like a missing one). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Issued. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WsTicket"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_NOT_FOUND`: no such session, or another key's session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    sessionWebSocket: {
        parameters: {
            query?: {
                /** @description Replay the events after this id first. */
                lastEventId?: string;
                /** @description From POST …/ws-ticket, instead of a key. */
                ticket?: string;
            };
            header?: never;
            path: {
                /** @description A session id (a malformed one answers 404 like a missing one). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Switching protocols: the WebSocket is open. */
            101: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `VALIDATION_FAILED`: a field or query parameter is wrong or unknown (`details.fields` lists them) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_NOT_FOUND`: no such session, or another key's session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listFiles: {
        parameters: {
            query?: {
                /** @description Relative to the workspace, `/`-separated; `..`, absolute paths, NUL and backslashes are refused (400 INVALID_PATH), as is the empty path (the root) where a file is needed. */
                path?: string;
                recursive?: "0" | "1" | "true" | "false";
                limit?: number;
                /** @description A previous page's `nextCursor`, as given; anything else is 400 VALIDATION_FAILED. */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description A session id (a malformed one answers 404 like a missing one). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of entries. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FileList"];
                };
            };
            /** @description `INVALID_PATH`: a path is malformed, escapes lexically, or names the root where a file is needed; `NOT_A_DIRECTORY`: a file where a directory is needed; `VALIDATION_FAILED`: a field or query parameter is wrong or unknown (`details.fields` lists them) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PATH_OUTSIDE_WORKSPACE`: the path resolves outside the workspace through a symbolic link */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FILE_NOT_FOUND`: no such file or directory; `SESSION_NOT_FOUND`: no such session, or another key's session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    uploadFiles: {
        parameters: {
            query?: {
                /** @description Relative to the workspace, `/`-separated; `..`, absolute paths, NUL and backslashes are refused (400 INVALID_PATH), as is the empty path (the root) where a file is needed. */
                dir?: string;
            };
            header?: never;
            path: {
                /** @description A session id (a malformed one answers 404 like a missing one). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "multipart/form-data": {
                    [key: string]: string;
                };
            };
        };
        responses: {
            /** @description Written, all or nothing. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadReply"];
                };
            };
            /** @description `INVALID_PATH`: a path is malformed, escapes lexically, or names the root where a file is needed; `VALIDATION_FAILED`: a field or query parameter is wrong or unknown (`details.fields` lists them) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PATH_OUTSIDE_WORKSPACE`: the path resolves outside the workspace through a symbolic link */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_NOT_FOUND`: no such session, or another key's session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_BUSY`: the session already has a turn queued or running; `PATH_CONFLICT`: a file where a directory is needed (or the reverse), or a path uploaded twice */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PRECONDITION_FAILED`: `If-Match` / `If-None-Match` did not hold (`details.etag` is the current one) */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over `BODY_LIMIT_BYTES` (uploads: `MAX_UPLOAD_BYTES`); `WORKSPACE_FULL`: the upload would take the workspace past `WORKSPACE_MAX_BYTES` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteFile: {
        parameters: {
            query: {
                /** @description Relative to the workspace, `/`-separated; `..`, absolute paths, NUL and backslashes are refused (400 INVALID_PATH), as is the empty path (the root) where a file is needed. */
                path: string;
                recursive?: "0" | "1" | "true" | "false";
            };
            header?: never;
            path: {
                /** @description A session id (a malformed one answers 404 like a missing one). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeleteFileReply"];
                };
            };
            /** @description `INVALID_PATH`: a path is malformed, escapes lexically, or names the root where a file is needed; `VALIDATION_FAILED`: a field or query parameter is wrong or unknown (`details.fields` lists them) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PATH_OUTSIDE_WORKSPACE`: the path resolves outside the workspace through a symbolic link */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FILE_NOT_FOUND`: no such file or directory; `SESSION_NOT_FOUND`: no such session, or another key's session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_BUSY`: the session already has a turn queued or running; `DIRECTORY_NOT_EMPTY`: deleting a non-empty directory without `recursive=true` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    downloadFile: {
        parameters: {
            query: {
                /** @description Relative to the workspace, `/`-separated; `..`, absolute paths, NUL and backslashes are refused (400 INVALID_PATH), as is the empty path (the root) where a file is needed. */
                path: string;
            };
            header?: never;
            path: {
                /** @description A session id (a malformed one answers 404 like a missing one). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file (Content-Type by extension). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description The requested range. */
            206: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description Not modified since the given ETag. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `INVALID_PATH`: a path is malformed, escapes lexically, or names the root where a file is needed; `NOT_A_FILE`: a directory (or FIFO…) where a file is needed; `VALIDATION_FAILED`: a field or query parameter is wrong or unknown (`details.fields` lists them) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PATH_OUTSIDE_WORKSPACE`: the path resolves outside the workspace through a symbolic link */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FILE_NOT_FOUND`: no such file or directory; `SESSION_NOT_FOUND`: no such session, or another key's session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RANGE_NOT_SATISFIABLE`: the range starts past the end of the file */
            416: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putFile: {
        parameters: {
            query: {
                /** @description Relative to the workspace, `/`-separated; `..`, absolute paths, NUL and backslashes are refused (400 INVALID_PATH), as is the empty path (the root) where a file is needed. */
                path: string;
            };
            header?: {
                /** @description Write only if the file has this ETag. */
                "If-Match"?: string;
                /** @description `*`: create only. */
                "If-None-Match"?: string;
            };
            path: {
                /** @description A session id (a malformed one answers 404 like a missing one). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/octet-stream": string;
            };
        };
        responses: {
            /** @description Replaced. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PutFileReply"];
                };
            };
            /** @description Created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PutFileReply"];
                };
            };
            /** @description `INVALID_PATH`: a path is malformed, escapes lexically, or names the root where a file is needed; `NOT_A_FILE`: a directory (or FIFO…) where a file is needed; `VALIDATION_FAILED`: a field or query parameter is wrong or unknown (`details.fields` lists them) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PATH_OUTSIDE_WORKSPACE`: the path resolves outside the workspace through a symbolic link */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_NOT_FOUND`: no such session, or another key's session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_BUSY`: the session already has a turn queued or running; `PATH_CONFLICT`: a file where a directory is needed (or the reverse), or a path uploaded twice */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PRECONDITION_FAILED`: `If-Match` / `If-None-Match` did not hold (`details.etag` is the current one) */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over `BODY_LIMIT_BYTES` (uploads: `MAX_UPLOAD_BYTES`); `WORKSPACE_FULL`: the upload would take the workspace past `WORKSPACE_MAX_BYTES` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    downloadArchive: {
        parameters: {
            query?: {
                /** @description Relative to the workspace, `/`-separated; `..`, absolute paths, NUL and backslashes are refused (400 INVALID_PATH), as is the empty path (the root) where a file is needed. */
                path?: string;
            };
            header?: never;
            path: {
                /** @description A session id (a malformed one answers 404 like a missing one). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A gzipped tar. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/gzip": string;
                };
            };
            /** @description `INVALID_PATH`: a path is malformed, escapes lexically, or names the root where a file is needed; `NOT_A_DIRECTORY`: a file where a directory is needed; `VALIDATION_FAILED`: a field or query parameter is wrong or unknown (`details.fields` lists them) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PATH_OUTSIDE_WORKSPACE`: the path resolves outside the workspace through a symbolic link */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FILE_NOT_FOUND`: no such file or directory; `SESSION_NOT_FOUND`: no such session, or another key's session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    uploadArchive: {
        parameters: {
            query?: {
                /** @description Relative to the workspace, `/`-separated; `..`, absolute paths, NUL and backslashes are refused (400 INVALID_PATH), as is the empty path (the root) where a file is needed. */
                path?: string;
            };
            header?: never;
            path: {
                /** @description A session id (a malformed one answers 404 like a missing one). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/gzip": string;
            };
        };
        responses: {
            /** @description Unpacked. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExtractReply"];
                };
            };
            /** @description `INVALID_PATH`: a path is malformed, escapes lexically, or names the root where a file is needed; `INVALID_ARCHIVE`: not a readable .tar(.gz), or an unsafe entry; `VALIDATION_FAILED`: a field or query parameter is wrong or unknown (`details.fields` lists them) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PATH_OUTSIDE_WORKSPACE`: the path resolves outside the workspace through a symbolic link */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_NOT_FOUND`: no such session, or another key's session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_BUSY`: the session already has a turn queued or running; `PATH_CONFLICT`: a file where a directory is needed (or the reverse), or a path uploaded twice */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over `BODY_LIMIT_BYTES` (uploads: `MAX_UPLOAD_BYTES`); `WORKSPACE_FULL`: the upload would take the workspace past `WORKSPACE_MAX_BYTES` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSessionUsage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A session id (a malformed one answers 404 like a missing one). */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session usage. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionUsage"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `SESSION_NOT_FOUND`: no such session, or another key's session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getUsage: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Usage by key, day and model. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageReport"];
                };
            };
            /** @description `VALIDATION_FAILED`: a field or query parameter is wrong or unknown (`details.fields` lists them) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: missing or wrong API key (same answer for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: a rate-limit budget is spent (`Retry-After` says when to retry) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: report it with the request id */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    openaiListModels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The models this server allows. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["OpenAiModel"][];
                    };
                };
            };
            /** @description Missing or wrong API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAiError"];
                };
            };
            /** @description Rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAiError"];
                };
            };
        };
    };
    openaiRetrieveModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                model: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The model. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAiModel"];
                };
            };
            /** @description Missing or wrong API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAiError"];
                };
            };
            /** @description No such session or model. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAiError"];
                };
            };
            /** @description Rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAiError"];
                };
            };
        };
    };
    openaiChatCompletion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "model": "sonnet",
                 *       "messages": [
                 *         {
                 *           "role": "user",
                 *           "content": "List the files here"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    model: string;
                    messages: (({
                        /** @enum {string} */
                        role: "system";
                        content: string | ({
                            /** @enum {string} */
                            type: "text";
                            text: string;
                        } | ({
                            type: string;
                        } & {
                            [key: string]: unknown;
                        }))[];
                        name?: string;
                    } & {
                        [key: string]: unknown;
                    }) | ({
                        /** @enum {string} */
                        role: "developer";
                        content: string | ({
                            /** @enum {string} */
                            type: "text";
                            text: string;
                        } | ({
                            type: string;
                        } & {
                            [key: string]: unknown;
                        }))[];
                        name?: string;
                    } & {
                        [key: string]: unknown;
                    }) | ({
                        /** @enum {string} */
                        role: "user";
                        content: string | ({
                            /** @enum {string} */
                            type: "text";
                            text: string;
                        } | ({
                            type: string;
                        } & {
                            [key: string]: unknown;
                        }))[];
                        name?: string;
                    } & {
                        [key: string]: unknown;
                    }) | ({
                        /** @enum {string} */
                        role: "assistant";
                        content?: string | ({
                            /** @enum {string} */
                            type: "text";
                            text: string;
                        } | ({
                            type: string;
                        } & {
                            [key: string]: unknown;
                        }))[] | null;
                        name?: string;
                    } & {
                        [key: string]: unknown;
                    }) | ({
                        /** @enum {string} */
                        role: "tool";
                        content: string | ({
                            /** @enum {string} */
                            type: "text";
                            text: string;
                        } | ({
                            type: string;
                        } & {
                            [key: string]: unknown;
                        }))[];
                        tool_call_id: string;
                    } & {
                        [key: string]: unknown;
                    }))[];
                    stream?: boolean | null;
                    stream_options?: {
                        include_usage?: boolean;
                        include_obfuscation?: boolean;
                    } | null;
                    session_id?: string;
                    user?: string;
                    /** @enum {number|null} */
                    n?: 1 | null;
                    tools?: unknown[] | null;
                    functions?: unknown[] | null;
                    tool_choice?: "none" | "auto" | null;
                    temperature?: unknown;
                    top_p?: unknown;
                    max_tokens?: unknown;
                    max_completion_tokens?: unknown;
                    presence_penalty?: unknown;
                    frequency_penalty?: unknown;
                    logit_bias?: unknown;
                    logprobs?: unknown;
                    top_logprobs?: unknown;
                    seed?: unknown;
                    stop?: unknown;
                    metadata?: unknown;
                    store?: unknown;
                    parallel_tool_calls?: unknown;
                    reasoning_effort?: unknown;
                    response_format?: unknown;
                    service_tier?: unknown;
                    modalities?: unknown;
                    prediction?: unknown;
                    verbosity?: unknown;
                    prompt_cache_key?: unknown;
                    safety_identifier?: unknown;
                };
            };
        };
        responses: {
            /** @description The completion (JSON), or its chunks (`text/event-stream`) when `stream` is true. */
            200: {
                headers: {
                    /** @description The session this conversation runs in (also visible at /api/v1/sessions/{id}). */
                    "x-session-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatCompletion"];
                    "text/event-stream": string;
                };
            };
            /** @description Invalid body (unknown field, non-text content, OpenAI function tools, unknown model). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAiError"];
                };
            };
            /** @description Missing or wrong API key. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAiError"];
                };
            };
            /** @description No such session or model. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAiError"];
                };
            };
            /** @description The session already runs a turn. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAiError"];
                };
            };
            /** @description Rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAiError"];
                };
            };
            /** @description Internal error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAiError"];
                };
            };
            /** @description The model call failed (CLI_FAILED). */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAiError"];
                };
            };
            /** @description Shutting down, or no sandbox for a session that could run commands. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenAiError"];
                };
            };
        };
    };
    maListAgents: {
        parameters: {
            query?: {
                limit?: number;
                page?: string;
                include_archived?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Newest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ManagedAgent"][];
                        next_page: string | null;
                    };
                };
            };
            /** @description invalid_request_error: a field is wrong, unknown or not supported here (the message names it). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description authentication_error: missing or wrong API key (x-api-key or Authorization: Bearer). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description rate_limit_error: rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description api_error: internal error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
        };
    };
    maCreateAgent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    model: string | {
                        id: string;
                        /** @enum {string|null} */
                        speed?: "standard" | null;
                    };
                    description?: string | null;
                    system?: string | null;
                    tools?: ({
                        type: string;
                    } & {
                        [key: string]: unknown;
                    })[];
                    mcp_servers?: {
                        name: string;
                        /** @enum {string} */
                        type: "url";
                        /** Format: uri */
                        url: string;
                    }[];
                    metadata?: {
                        [key: string]: string;
                    };
                    skills?: unknown[];
                    execution_identity?: null;
                };
            };
        };
        responses: {
            /** @description The agent, version 1. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagedAgent"];
                };
            };
            /** @description invalid_request_error: a field is wrong, unknown or not supported here (the message names it). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description authentication_error: missing or wrong API key (x-api-key or Authorization: Bearer). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description rate_limit_error: rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description api_error: internal error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
        };
    };
    maRetrieveAgent: {
        parameters: {
            query?: {
                version?: number;
            };
            header?: never;
            path: {
                agentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The agent. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagedAgent"];
                };
            };
            /** @description invalid_request_error: a field is wrong, unknown or not supported here (the message names it). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description authentication_error: missing or wrong API key (x-api-key or Authorization: Bearer). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description not_found_error: no such agent, environment, session or tool use (or another key's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description rate_limit_error: rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description api_error: internal error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
        };
    };
    maUpdateAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agentId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The version being updated: a newer one answers 409. */
                    version?: number;
                    name?: string;
                    model?: string | {
                        id: string;
                        /** @enum {string|null} */
                        speed?: "standard" | null;
                    };
                    description?: string | null;
                    system?: string | null;
                    tools?: ({
                        type: string;
                    } & {
                        [key: string]: unknown;
                    })[] | null;
                    mcp_servers?: {
                        name: string;
                        /** @enum {string} */
                        type: "url";
                        /** Format: uri */
                        url: string;
                    }[] | null;
                    metadata?: {
                        [key: string]: string | null;
                    } | null;
                    skills?: unknown[] | null;
                    execution_identity?: null;
                };
            };
        };
        responses: {
            /** @description The agent at its new version. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagedAgent"];
                };
            };
            /** @description invalid_request_error: a field is wrong, unknown or not supported here (the message names it). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description authentication_error: missing or wrong API key (x-api-key or Authorization: Bearer). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description not_found_error: no such agent, environment, session or tool use (or another key's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description invalid_request_error: the session is running (or awaits a confirmation), or `version` is stale. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description rate_limit_error: rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description api_error: internal error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
        };
    };
    maArchiveAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Archived: no new sessions use it. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagedAgent"];
                };
            };
            /** @description authentication_error: missing or wrong API key (x-api-key or Authorization: Bearer). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description not_found_error: no such agent, environment, session or tool use (or another key's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description rate_limit_error: rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description api_error: internal error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
        };
    };
    maListAgentVersions: {
        parameters: {
            query?: {
                limit?: number;
                page?: string;
                include_archived?: "true" | "false";
            };
            header?: never;
            path: {
                agentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Newest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ManagedAgent"][];
                        next_page: string | null;
                    };
                };
            };
            /** @description invalid_request_error: a field is wrong, unknown or not supported here (the message names it). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description authentication_error: missing or wrong API key (x-api-key or Authorization: Bearer). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description not_found_error: no such agent, environment, session or tool use (or another key's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description rate_limit_error: rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description api_error: internal error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
        };
    };
    maListEnvironments: {
        parameters: {
            query?: {
                limit?: number;
                page?: string;
                include_archived?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Newest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ManagedEnvironment"][];
                        next_page: string | null;
                    };
                };
            };
            /** @description invalid_request_error: a field is wrong, unknown or not supported here (the message names it). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description authentication_error: missing or wrong API key (x-api-key or Authorization: Bearer). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description rate_limit_error: rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description api_error: internal error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
        };
    };
    maCreateEnvironment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    description?: string | null;
                    config?: {
                        /** @enum {string} */
                        type: "cloud";
                        networking?: {
                            /** @enum {string} */
                            type: "unrestricted";
                        } | {
                            /** @enum {string} */
                            type: "limited";
                            allowed_hosts?: string[] | null;
                            allow_mcp_servers?: boolean | null;
                            /** @enum {boolean|null} */
                            allow_package_managers?: false | null;
                        } | null;
                        /** @description Only empty lists: sessions run on this host, which installs nothing. */
                        packages?: {
                            /** @enum {string} */
                            type?: "packages";
                            apt?: unknown[] | null;
                            cargo?: unknown[] | null;
                            gem?: unknown[] | null;
                            go?: unknown[] | null;
                            npm?: unknown[] | null;
                            pip?: unknown[] | null;
                        } | null;
                    } | {
                        /** @enum {string} */
                        type: "self_hosted";
                    } | null;
                    metadata?: {
                        [key: string]: string;
                    };
                    /** @enum {string|null} */
                    scope?: "organization" | "account" | null;
                };
            };
        };
        responses: {
            /** @description The environment. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagedEnvironment"];
                };
            };
            /** @description invalid_request_error: a field is wrong, unknown or not supported here (the message names it). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description authentication_error: missing or wrong API key (x-api-key or Authorization: Bearer). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description permission_error: organization-wide environments are changed by admin keys only. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description rate_limit_error: rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description api_error: internal error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
        };
    };
    maRetrieveEnvironment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                envId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The environment. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagedEnvironment"];
                };
            };
            /** @description authentication_error: missing or wrong API key (x-api-key or Authorization: Bearer). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description not_found_error: no such agent, environment, session or tool use (or another key's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description rate_limit_error: rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description api_error: internal error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
        };
    };
    maUpdateEnvironment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                envId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string | null;
                    description?: string | null;
                    config?: {
                        /** @enum {string} */
                        type: "cloud";
                        networking?: {
                            /** @enum {string} */
                            type: "unrestricted";
                        } | {
                            /** @enum {string} */
                            type: "limited";
                            allowed_hosts?: string[] | null;
                            allow_mcp_servers?: boolean | null;
                            /** @enum {boolean|null} */
                            allow_package_managers?: false | null;
                        } | null;
                        /** @description Only empty lists: sessions run on this host, which installs nothing. */
                        packages?: {
                            /** @enum {string} */
                            type?: "packages";
                            apt?: unknown[] | null;
                            cargo?: unknown[] | null;
                            gem?: unknown[] | null;
                            go?: unknown[] | null;
                            npm?: unknown[] | null;
                            pip?: unknown[] | null;
                        } | null;
                    } | {
                        /** @enum {string} */
                        type: "self_hosted";
                    } | null;
                    metadata?: {
                        [key: string]: string | null;
                    };
                    /** @enum {string|null} */
                    scope?: "organization" | "account" | null;
                };
            };
        };
        responses: {
            /** @description Updated (for sessions created from now on). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagedEnvironment"];
                };
            };
            /** @description invalid_request_error: a field is wrong, unknown or not supported here (the message names it). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description authentication_error: missing or wrong API key (x-api-key or Authorization: Bearer). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description permission_error: organization-wide environments are changed by admin keys only. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description not_found_error: no such agent, environment, session or tool use (or another key's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description rate_limit_error: rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description api_error: internal error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
        };
    };
    maDeleteEnvironment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                envId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        type: "environment_deleted";
                    };
                };
            };
            /** @description authentication_error: missing or wrong API key (x-api-key or Authorization: Bearer). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description permission_error: organization-wide environments are changed by admin keys only. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description not_found_error: no such agent, environment, session or tool use (or another key's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description rate_limit_error: rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description api_error: internal error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
        };
    };
    maArchiveEnvironment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                envId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Archived. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagedEnvironment"];
                };
            };
            /** @description authentication_error: missing or wrong API key (x-api-key or Authorization: Bearer). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description permission_error: organization-wide environments are changed by admin keys only. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description not_found_error: no such agent, environment, session or tool use (or another key's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description rate_limit_error: rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description api_error: internal error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
        };
    };
    maListSessions: {
        parameters: {
            query?: {
                limit?: number;
                page?: string;
                include_archived?: "true" | "false";
                agent_id?: string;
                order?: "asc" | "desc";
                statuses?: ("rescheduling" | "running" | "idle" | "terminated")[];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Newest first unless `order=asc`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ManagedSession"][];
                        next_page: string | null;
                        prev_page: null;
                    };
                };
            };
            /** @description invalid_request_error: a field is wrong, unknown or not supported here (the message names it). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description authentication_error: missing or wrong API key (x-api-key or Authorization: Bearer). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description rate_limit_error: rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description api_error: internal error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
        };
    };
    maCreateSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    agent: string | {
                        /** @enum {string} */
                        type: "agent";
                        id: string;
                        version?: number;
                    } | {
                        /** @enum {string} */
                        type: "agent_with_overrides";
                        id: string;
                        version?: number;
                        model?: string | {
                            id: string;
                            /** @enum {string|null} */
                            speed?: "standard" | null;
                        };
                        system?: string | null;
                        tools?: ({
                            type: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        mcp_servers?: {
                            name: string;
                            /** @enum {string} */
                            type: "url";
                            /** Format: uri */
                            url: string;
                        }[];
                        skills?: unknown[];
                    };
                    environment_id: string;
                    title?: string | null;
                    metadata?: {
                        [key: string]: string;
                    };
                    initial_events?: {
                        /** @enum {string} */
                        type: "user.message";
                        content: ({
                            type: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                    }[];
                    budget?: {
                        /** @enum {string} */
                        type: "limit";
                        max_list_cost: {
                            amount: string;
                            /** @enum {string} */
                            currency: "USD";
                        };
                    };
                    resources?: unknown[];
                    vault_ids?: unknown[];
                };
            };
        };
        responses: {
            /** @description The session. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagedSession"];
                };
            };
            /** @description invalid_request_error: a field is wrong, unknown or not supported here (the message names it). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description authentication_error: missing or wrong API key (x-api-key or Authorization: Bearer). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description not_found_error: no such agent, environment, session or tool use (or another key's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description rate_limit_error: rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description api_error: internal error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description overloaded_error: shutting down, or no sandbox for a session that could run commands. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
        };
    };
    maRetrieveSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagedSession"];
                };
            };
            /** @description authentication_error: missing or wrong API key (x-api-key or Authorization: Bearer). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description not_found_error: no such agent, environment, session or tool use (or another key's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description rate_limit_error: rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description api_error: internal error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
        };
    };
    maUpdateSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    title?: string | null;
                    metadata?: {
                        [key: string]: string | null;
                    } | null;
                    vault_ids?: unknown[];
                };
            };
        };
        responses: {
            /** @description The session. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagedSession"];
                };
            };
            /** @description invalid_request_error: a field is wrong, unknown or not supported here (the message names it). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description authentication_error: missing or wrong API key (x-api-key or Authorization: Bearer). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description not_found_error: no such agent, environment, session or tool use (or another key's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description rate_limit_error: rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description api_error: internal error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
        };
    };
    maDeleteSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        type: "session_deleted";
                    };
                };
            };
            /** @description authentication_error: missing or wrong API key (x-api-key or Authorization: Bearer). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description not_found_error: no such agent, environment, session or tool use (or another key's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description rate_limit_error: rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description api_error: internal error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
        };
    };
    maArchiveSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Archived. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManagedSession"];
                };
            };
            /** @description authentication_error: missing or wrong API key (x-api-key or Authorization: Bearer). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description not_found_error: no such agent, environment, session or tool use (or another key's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description invalid_request_error: the session is running (or awaits a confirmation), or `version` is stale. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description rate_limit_error: rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description api_error: internal error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
        };
    };
    maListEvents: {
        parameters: {
            query?: {
                limit?: number;
                page?: string;
                order?: "asc" | "desc";
                types?: string[];
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Oldest first unless `order=desc`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ManagedEvent"][];
                        next_page: string | null;
                    };
                };
            };
            /** @description invalid_request_error: a field is wrong, unknown or not supported here (the message names it). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description authentication_error: missing or wrong API key (x-api-key or Authorization: Bearer). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description not_found_error: no such agent, environment, session or tool use (or another key's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description rate_limit_error: rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description api_error: internal error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
        };
    };
    maSendEvents: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    events: ({
                        type: string;
                    } & {
                        [key: string]: unknown;
                    })[];
                };
            };
        };
        responses: {
            /** @description The events as recorded. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ManagedEvent"][];
                    };
                };
            };
            /** @description invalid_request_error: a field is wrong, unknown or not supported here (the message names it). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description authentication_error: missing or wrong API key (x-api-key or Authorization: Bearer). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description not_found_error: no such agent, environment, session or tool use (or another key's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description invalid_request_error: the session is running (or awaits a confirmation), or `version` is stale. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description rate_limit_error: rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description api_error: internal error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
        };
    };
    maStreamEvents: {
        parameters: {
            query?: {
                event_deltas?: ("agent.message" | "agent.thinking")[];
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Server-Sent Events. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description invalid_request_error: a field is wrong, unknown or not supported here (the message names it). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description authentication_error: missing or wrong API key (x-api-key or Authorization: Bearer). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description not_found_error: no such agent, environment, session or tool use (or another key's). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description rate_limit_error: rate limit, session limit or queue full. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description api_error: internal error. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
        };
    };
}
