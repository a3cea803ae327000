import zlib from "node:zlib";
import { errors as undiciErrors, type Dispatcher } from "undici";
import { OutboundError } from "./outbound-error";
import { describeUrl } from "@/lib/oauth/redact";

/**
 * One request and its answer on an undici pool, through the pool's handler interface: the answer's bytes
 * are collected as the parser hands them over, with no stream, promise or async resource per response in
 * between (undici's `request()` makes all three, and they were a visible share of the invoke path).
 */

export type Hop = { url: URL; method: string; headers: Record<string, string>; body: string | Uint8Array | undefined };

/** A hop's answer: a redirect to follow has no body (it is never read). */
export type HopAnswer = { status: number; headers: Record<string, string>; body: Buffer | undefined; decoded: boolean };

/** What a request is doing now: the hop being sent (for error messages) and how the deadline cuts off the one in flight. */
export type RequestState = { url: URL | undefined; hasExpired: boolean; cancel: (() => void) | undefined };

export interface HopLimits {
  maxBytes: number;
  /** Whether a redirect's answer is handed back without its body, to be followed. */
  followRedirects: boolean;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * A pooled connection the server closed before any answer to this request: the server never saw it, so an
 * idempotent request may be sent again. Its message is the connection's own.
 */
export class StaleConnectionError extends Error {}

function isRedirect(status: number, headers: Record<string, string>): boolean {
  return REDIRECT_STATUSES.has(status) && headers.location !== undefined;
}

/** Sends a hop on `pool` and collects its answer, decoded, failing as soon as the body grows past the cap. */
export function exchangeHop(pool: Dispatcher, hop: Hop, limits: HopLimits, state: RequestState): Promise<HopAnswer> {
  return new Promise((resolve, reject) => {
    const handler = new HopHandler(hop, limits, resolve, reject);
    state.cancel = () => handler.fail(new Error("deadline expired"));
    pool.dispatch(
      {
        origin: hop.url.origin,
        path: hop.url.pathname + hop.url.search,
        method: hop.method as Dispatcher.HttpMethod,
        headers: hop.headers,
        body: hop.body,
      },
      handler,
    );
  });
}

/**
 * undici's handler callbacks for one hop. It uses the callbacks undici's connection calls itself
 * (`onConnect`, `onHeaders` with the raw header bytes, `onData`, `onComplete`, `onError`), so no adapter
 * parses the headers a second time.
 */
class HopHandler implements Dispatcher.DispatchHandler {
  private isSettled = false;
  private abortRequest: ((reason?: Error) => void) | undefined;
  private status = 0;
  private headers: Record<string, string> = {};
  private sink: BodySink | undefined;

  constructor(
    private readonly hop: Hop,
    private readonly limits: HopLimits,
    private readonly resolve: (answer: HopAnswer) => void,
    private readonly reject: (error: Error) => void,
  ) {}

  /** Ends the hop with an error: undici stops the request (closing its connection) if it is still running. */
  fail(error: Error): void {
    if (this.isSettled) return;
    this.isSettled = true;
    this.sink?.destroy();
    this.abortRequest?.(error);
    this.reject(error);
  }

  onConnect(abort: (reason?: Error) => void): void {
    // A deadline that expired while the connection was being made ends the request as soon as it can be.
    if (this.isSettled) abort(new Error("deadline expired"));
    else this.abortRequest = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    if (statusCode < 200 || this.isSettled) return true;
    this.status = statusCode;
    this.headers = collectHeaders(rawHeaders);
    if (this.limits.followRedirects && isRedirect(statusCode, this.headers)) {
      // A redirect's body is never read, and draining an unbounded one would outlive the deadline.
      this.isSettled = true;
      this.resolve({ status: statusCode, headers: this.headers, body: undefined, decoded: false });
      this.abortRequest?.(new Error("redirected"));
      return false;
    }
    this.sink = new BodySink(statusCode, this.headers, this.hop, this.limits.maxBytes, (error) => this.fail(error));
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.sink?.write(chunk);
    return true;
  }

  onComplete(): void {
    const sink = this.sink;
    if (this.isSettled || !sink) return;
    sink.end((body) => {
      if (this.isSettled) return;
      this.isSettled = true;
      this.resolve({ status: this.status, headers: this.headers, body, decoded: sink.isDecoded });
    });
  }

  onError(error: Error): void {
    // Closed by the other side after carrying an earlier answer (it came from the pool), and before any of
    // this one: once the answer has begun, the server has seen the request.
    const isStale = this.status === 0 && error instanceof undiciErrors.SocketError && (error.socket?.bytesRead ?? 0) > 0;
    this.fail(isStale ? new StaleConnectionError(error.message, { cause: error }) : error);
  }
}

/**
 * Collects a body's bytes, decoding them when the answer says they are compressed, and enforces the cap on
 * what it keeps and, for a compressed body, on what arrives (a body of empty compressed blocks decodes to
 * nothing while it grows without end).
 */
class BodySink {
  readonly isDecoded: boolean;
  private readonly decoder: zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined;
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private arrivedBytes = 0;
  private hasFailed = false;

  constructor(
    status: number,
    headers: Record<string, string>,
    private readonly hop: Hop,
    private readonly maxBytes: number,
    private readonly onFailure: (error: Error) => void,
  ) {
    // These answers have no body, whatever their Content-Encoding and Content-Length say (a HEAD response
    // announces the body a GET would get).
    const hasNoBody = hop.method === "HEAD" || status === 204 || status === 304;
    this.decoder = hasNoBody ? undefined : createDecoder(headers["content-encoding"]);
    this.isDecoded = this.decoder !== undefined;
    const declaredLength = hasNoBody ? 0 : Number(headers["content-length"]);
    if (!this.decoder && declaredLength > maxBytes) {
      this.fail(this.tooLarge());
      return;
    }
    this.decoder?.on("data", (chunk: Buffer) => this.keep(chunk));
    this.decoder?.on("error", (error: Error) => this.fail(error));
  }

  write(chunk: Buffer): void {
    if (this.hasFailed) return;
    if (!this.decoder) return this.keep(chunk);
    this.arrivedBytes += chunk.length;
    if (this.arrivedBytes > this.maxBytes) this.fail(this.tooLarge());
    else this.decoder.write(chunk);
  }

  /** Calls back with the whole body once the last byte is decoded. */
  end(onBody: (body: Buffer) => void): void {
    const finish = () => onBody(this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size));
    if (!this.decoder) return finish();
    if (this.arrivedBytes === 0) {
      // An empty body labelled as compressed: there is nothing to decode (zlib would call it truncated).
      this.decoder.destroy();
      return finish();
    }
    this.decoder.once("end", finish);
    this.decoder.end();
  }

  destroy(): void {
    this.hasFailed = true;
    this.decoder?.destroy();
  }

  private keep(chunk: Buffer): void {
    if (this.hasFailed) return;
    this.size += chunk.length;
    if (this.size > this.maxBytes) this.fail(this.tooLarge());
    else this.chunks.push(chunk);
  }

  private fail(error: Error): void {
    if (this.hasFailed) return;
    this.destroy();
    this.onFailure(error);
  }

  private tooLarge(): OutboundError {
    return new OutboundError("too_large", `Response from ${describeUrl(this.hop.url)} exceeded the limit of ${this.maxBytes} bytes`);
  }
}

function createDecoder(contentEncoding: string | undefined): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  switch (contentEncoding?.trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return zlib.createGunzip();
    case "deflate":
      return zlib.createInflate();
    case "br":
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

/** Header names lower-cased and values read as Latin-1, as HTTP carries them; repeated ones joined. */
function collectHeaders(rawHeaders: Buffer[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index]!.toString("latin1").toLowerCase();
    if (name === "__proto__") continue;
    const value = rawHeaders[index + 1]!.toString("latin1");
    const previous = headers[name];
    // Cookie attributes contain commas (Expires=Wed, 21 Oct …), so set-cookie values need another separator.
    headers[name] = previous === undefined ? value : `${previous}${name === "set-cookie" ? "\n" : ", "}${value}`;
  }
  return headers;
}
