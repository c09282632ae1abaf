/** The part of express's API scripts/scimmy-target.ts uses (express ships no types; scimmy-routers names these). */
declare module 'express' {
  import type { IncomingMessage, Server, ServerResponse } from 'node:http';
  namespace express {
    interface Request extends IncomingMessage {
      header(name: string): string | undefined;
    }
    interface Response extends ServerResponse {
      json(body: unknown): Response;
    }
    type Handler = (request: Request, response: Response, next: () => void) => void;
    interface Application {
      use(pathOrHandler: string | Handler, handler?: unknown): Application;
      get(path: string, handler: Handler): Application;
      listen(port: number, host: string, callback: () => void): Server;
    }
    class Router {}
  }
  function express(): express.Application;
  export { Router };
  const Router: typeof express.Router;
  export default express;
}
