import http from 'node:http';
import type { Express } from 'express';

// What the middleware gives each request and response while it is served (Express, its router,
// body-parser, express-session, passport, csrf-sync, compression, src/http/*). Express swaps their
// prototype for its own on every request, and V8 then builds a new hidden class for each property
// added afterwards, copying the object's property descriptors: the eight properties passport adds
// cost 11 KB of allocation per request (npx tsx on a bare Express app, heap sampling). Objects
// born with these fields only store into them. A name missing here costs allocation, not
// correctness; tests/integration/http-server.test.ts fails when a page adds one.
const REQUEST_FIELDS: Record<string, unknown> = {
  // Express and its router, body-parser.
  res: undefined,
  next: undefined,
  baseUrl: undefined,
  originalUrl: undefined,
  _parsedUrl: undefined,
  _parsedOriginalUrl: undefined,
  params: undefined,
  route: undefined,
  body: undefined,
  // The stream's listener count, 0 on EventEmitter's prototype until the first listener.
  _eventsCount: 0,
  // src/http/request-log.ts, tenant.ts, authz/request-ability.ts.
  id: undefined,
  district: undefined,
  databaseDown: undefined,
  ability: undefined,
  // express-session, passport, csrf-sync.
  session: undefined,
  sessionID: undefined,
  sessionStore: undefined,
  user: undefined,
  login: undefined,
  logIn: undefined,
  logout: undefined,
  logOut: undefined,
  isAuthenticated: undefined,
  isUnauthenticated: undefined,
  _sessionManager: undefined,
  _passport: undefined,
  csrfToken: undefined,
};

/** The response's: Express's locals, and what compression, on-headers and the page cache wrap (their own values). */
function responseFields(app: Express): Record<string, unknown> {
  const inherited = (name: string) => (app.response as unknown as Record<string, unknown>)[name];
  return {
    locals: undefined,
    flush: undefined,
    statusCode: 200,
    statusMessage: undefined,
    write: inherited('write'),
    end: inherited('end'),
    on: inherited('on'),
    writeHead: inherited('writeHead'),
    send: inherited('send'),
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript's mixin constructor signature
function bornWith<T extends new (...args: any[]) => object>(base: T, fields: Record<string, unknown>): T {
  const names = Object.keys(fields);
  const values = names.map((n) => fields[n]);
  return class extends base {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
    constructor(...args: any[]) {
      super(...args);
      const self = this as unknown as Record<string, unknown>;
      for (let i = 0; i < names.length; i++) self[names[i]] = values[i];
    }
  };
}

/** The app's HTTP server (src/startup/serve.ts, the benchmarks): requests and responses born with their fields. */
export function httpServer(app: Express): http.Server {
  return http.createServer(
    {
      IncomingMessage: bornWith(http.IncomingMessage, REQUEST_FIELDS),
      ServerResponse: bornWith(http.ServerResponse, responseFields(app)) as typeof http.ServerResponse,
    },
    app,
  );
}
