// Preloaded into the server process (NODE_OPTIONS=--import=<this file>) by bench/support/stack.ts.
//
// tests/support/server-process.ts `spawnServer()` learns the server's URL from the
// `"url":"…"` of the `listening` log line, which pino prints at level info only. The
// benchmark runs the server with LOG_LEVEL=warn (per-request log lines are not what it
// measures), so this prints an equivalent line itself when the HTTP server starts
// listening (not the model gateway's plain sockets, which listen first), then puts
// net.Server.prototype.listen back: nothing of it remains on any request path.
import http from 'node:http';
import net from 'node:net';

const original = net.Server.prototype.listen;
net.Server.prototype.listen = function listen(...args) {
  if (!(this instanceof http.Server)) return original.apply(this, args);
  net.Server.prototype.listen = original;
  this.once('listening', () => {
    const a = this.address();
    if (a && typeof a === 'object') {
      const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
      process.stdout.write(`${JSON.stringify({ msg: 'bench: listening', url: `http://${host}:${a.port}` })}\n`);
    }
  });
  return original.apply(this, args);
};
