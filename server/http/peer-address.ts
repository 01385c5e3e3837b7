import "server-only";
// The TCP peer's address of a request, which Next does not give route handlers (no req.ip since
// Next 15). Next's own X-Forwarded-For cannot stand in for it: base-server.js only fills that
// header when the request has none (`??=`), so a client that sends one hides its real address.
//
// So at start (instrumentation.ts) the console wraps http.Server's "request" event, which every
// request passes through before Next sees it, and writes the socket's address into PEER_HEADER,
// overwriting anything a client sent under that name. Route handlers, server components and the
// proxy all read request headers built from those of the Node request, so they all see it.
// Requests that reach a handler without it (one built in a test, or in the moments before the
// hook is installed) have no known peer, and forwarded headers are not believed for them.
import { type IncomingMessage, Server } from "node:http";

export const PEER_HEADER = "x-pitcrew-peer-address";

const installed = Symbol.for("pitcrew.peerAddressHook");

export function installPeerAddressHook(): void {
  const proto = Server.prototype as Server & { [installed]?: true };
  if (proto[installed]) return;
  proto[installed] = true;
  const emit = proto.emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
  proto.emit = function emitWithPeer(this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as IncomingMessage;
      const peer = req.socket?.remoteAddress;
      if (peer) req.headers[PEER_HEADER] = peer;
      else delete req.headers[PEER_HEADER];
    }
    return emit.call(this, event, ...args);
  } as Server["emit"];
}
