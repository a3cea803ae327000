import type { Readable } from "node:stream";
import zlib from "node:zlib";
import { OutboundError } from "./outbound-error";
import { describeUrl } from "@/lib/oauth/redact";

/** Reads the (decoded) body, failing as soon as it grows past maxBytes rather than buffering it all. */
export function readBody(
  response: { body: Readable; headers: Record<string, string> },
  hop: { url: URL; method: string },
  maxBytes: number,
  state: { cancel: (() => void) | undefined },
): Promise<{ body: Buffer; decoded: boolean }> {
  return new Promise((resolveBody, reject) => {
    const raw = response.body;
    const tooLarge = () =>
      new OutboundError("too_large", `Response from ${describeUrl(hop.url)} exceeded the limit of ${maxBytes} bytes`);
    const decoder = createDecoder(response.headers["content-encoding"]);
    // A HEAD response announces the length of a body it does not send.
    const declaredLength = hop.method === "HEAD" ? 0 : Number(response.headers["content-length"]);
    if (!decoder && declaredLength > maxBytes) {
      discardBody(raw);
      reject(tooLarge());
      return;
    }
    const source = decoder ? raw.pipe(decoder) : raw;
    const stop = (error: Error) => {
      discardBody(raw);
      decoder?.destroy();
      reject(error);
    };
    state.cancel = () => stop(new Error("deadline expired"));
    const chunks: Buffer[] = [];
    let size = 0;
    let hasArrived = false;
    let isComplete = false;
    source.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) stop(tooLarge());
      else chunks.push(chunk);
    });
    source.on("end", () => {
      isComplete = true;
      resolveBody({ body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size), decoded: decoder !== undefined });
    });
    source.on("error", stop);
    if (decoder) {
      raw.on("end", () => (hasArrived = true));
      raw.on("error", stop);
    }
    raw.on("close", () => {
      if (!isComplete && !(decoder && hasArrived)) stop(new Error("the connection closed before the response was complete"));
    });
  });
}

/**
 * Stops reading a body that is not wanted. undici's body stream reports being destroyed before its end as
 * an error, which with no listener would be an uncaught exception, so one is added first.
 */
export function discardBody(body: Readable): void {
  body.on("error", ignore);
  body.destroy();
}

const ignore = () => undefined;

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
