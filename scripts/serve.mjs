// A tiny static file server for the built web app (node's http module only).
//
// As a module:  import { serve } from './serve.mjs';
//               const { url, close } = await serve({ root: 'build/web/app', port: 0 });
// As a command: node scripts/serve.mjs [ROOT]     (PORT=8080 and HOST=127.0.0.1 by default)
//
// It serves files under ROOT only (no directory listings, no path escapes), with the MIME
// types a WebAssembly page needs (application/wasm lets browsers compile while streaming)
// and no caching, so a rebuilt app is what the next reload shows.
import { createServer } from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.data': 'application/octet-stream',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.toml': 'text/plain; charset=utf-8',
};

/** Maps a request path to a file under root, or null if it would leave root. */
function resolveInside(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  if (decoded.endsWith('/')) decoded += 'index.html';
  const file = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text + '\n');
}

/**
 * Starts serving `root` on host:port (port 0 picks a free port).
 * Resolves to { server, url, port, close() } once listening; rejects if the port is taken.
 */
export function serve({ root, host = '127.0.0.1', port = 8080 } = {}) {
  const absRoot = path.resolve(root);
  const server = createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, 'method not allowed');
    }
    const file = resolveInside(absRoot, req.url || '/');
    if (!file) return send(res, 403, 'forbidden');
    let stat;
    try {
      stat = await fs.stat(file);
    } catch {
      return send(res, 404, 'not found: ' + req.url);
    }
    if (!stat.isFile()) return send(res, 404, 'not found: ' + req.url);
    res.writeHead(200, {
      'Content-Type': MIME_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
      'Content-Length': stat.size,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const actual = server.address().port;
      resolve({
        server,
        port: actual,
        url: `http://${host}:${actual}/`,
        close: () => new Promise((done) => { server.closeAllConnections?.(); server.close(() => done()); }),
      });
    });
  });
}

// Command-line use: node scripts/serve.mjs [ROOT]
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] || 'build/web/app';
  const port = Number(process.env.PORT ?? 8080);
  const host = process.env.HOST || '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: PORT=${process.env.PORT} is not a port number (0-65535).`);
    process.exit(2);
  }
  try {
    await fs.access(path.join(root, 'index.html'));
  } catch {
    console.error(`serve: ${root}/index.html is missing: build the web preset first (scripts/run does).`);
    process.exit(1);
  }
  try {
    const { url } = await serve({ root, host, port });
    console.log(`cmwq-lab is served at ${url}  (Ctrl+C stops the server)`);
  } catch (e) {
    const why = e.code === 'EADDRINUSE' ? `port ${port} is already in use: set PORT to another one`
              : e.message;
    console.error(`serve: cannot listen on ${host}:${port}: ${why}.`);
    process.exit(1);
  }
  const stop = () => process.exit(0);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
