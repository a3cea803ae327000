import { once } from "node:events";
import http from "node:http";
import https from "node:https";
import net, { type AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SELF_SIGNED_CERT, SELF_SIGNED_KEY } from "@/lib/testing/self-signed-certificate";
import { createOutboundClient, type LookupFunction, type OutboundClient, type OutboundClientOptions } from "./outbound-client";
import { OutboundError, type OutboundErrorCode } from "./outbound-error";

type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
type TestServer = { origin: string; port: number; seen: Seen[]; connections: number; close(): Promise<void> };

async function startServer(handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void): Promise<TestServer> {
  const seen: Seen[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
    handler(req, res, body);
  });
  const state = { connections: 0 };
  server.on("connection", () => {
    state.connections += 1;
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    seen,
    get connections() {
      return state.connections;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const clients: OutboundClient[] = [];
function client(options: Partial<OutboundClientOptions> = {}): OutboundClient {
  const created = createOutboundClient({ allowPrivateNetworks: false, ...options });
  clients.push(created);
  return created;
}

async function failure(promise: Promise<unknown>): Promise<OutboundError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(OutboundError);
    return error as OutboundError;
  }
  throw new Error("expected the request to fail");
}

async function expectCode(promise: Promise<unknown>, code: OutboundErrorCode): Promise<OutboundError> {
  const error = await failure(promise);
  expect({ code: error.code, message: error.message }).toMatchObject({ code });
  return error;
}

const resolveTo =
  (address: string, family = 4): LookupFunction =>
  async () => [{ address, family }];

let ok: TestServer;

beforeAll(async () => {
  ok = await startServer((_req, res) => {
    res.setHeader("content-type", "text/plain");
    res.end("hello");
  });
});

afterEach(() => {
  for (const created of clients.splice(0)) created.close();
});

afterAll(async () => {
  await ok.close();
});

describe("address guard", () => {
  it("refuses 127.0.0.1 without sending anything", async () => {
    const error = await expectCode(client().request({ url: `${ok.origin}/`, method: "GET" }), "blocked_address");
    expect(error.message).toContain("127.0.0.1 is a loopback address");
    expect(ok.seen).toHaveLength(0);
  });

  // https too: each new TLS socket takes the same checked lookup.
  it.each(["http", "https"])("refuses a name that resolves to loopback (%s)", async (scheme) => {
    const error = await expectCode(
      client({ lookup: resolveTo("127.0.0.1") }).request({ url: `${scheme}://api.acme.example:${ok.port}/`, method: "GET" }),
      "blocked_address",
    );
    expect(error.message).toContain("api.acme.example");
    expect(ok.seen).toHaveLength(0);
  });

  it("refuses a TLS server whose certificate it cannot verify", async () => {
    let requests = 0;
    const server = https.createServer({ key: SELF_SIGNED_KEY, cert: SELF_SIGNED_CERT }, (_req, res) => {
      requests += 1;
      res.end("should not be read");
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const { port } = server.address() as AddressInfo;
      const error = await expectCode(client({ allowPrivateNetworks: true }).request({ url: `https://127.0.0.1:${port}/`, method: "GET" }), "network");
      expect(error.message).toMatch(/certificate/i);
      expect(requests).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("refuses the real localhost", async () => {
    await expectCode(client().request({ url: `http://localhost:${ok.port}/`, method: "GET" }), "blocked_address");
    expect(ok.seen).toHaveLength(0);
  });

  it("refuses a name when any of its addresses is private", async () => {
    const lookup: LookupFunction = async () => [
      { address: "93.184.216.34", family: 4 },
      { address: "127.0.0.1", family: 4 },
    ];
    await expectCode(client({ lookup }).request({ url: `http://mixed.example:${ok.port}/`, method: "GET" }), "blocked_address");
    expect(ok.seen).toHaveLength(0);
  });

  it("connects to the address it checked, so a second, rebound answer is never used", async () => {
    let calls = 0;
    const lookup: LookupFunction = async () => {
      calls += 1;
      // First answer public (unroutable here), any later one the loopback server.
      return [{ address: calls === 1 ? "93.184.216.34" : "127.0.0.1", family: 4 }];
    };
    await failure(client({ lookup }).request({ url: `http://rebind.example:${ok.port}/`, method: "GET", timeoutMs: 300 }));
    expect(calls).toBe(1);
    expect(ok.seen).toHaveLength(0);
  });

  it.each([
    "http://169.254.169.254/latest/meta-data/",
    "http://[fd00:ec2::254]/latest/meta-data/",
    "http://[::1]:PORT/",
    "http://[::ffff:127.0.0.1]:PORT/",
    "http://[::ffff:7f00:1]:PORT/",
    "http://[64:ff9b::7f00:1]:PORT/",
    "http://2130706433:PORT/",
    "http://0x7f.1:PORT/",
    "http://017700000001:PORT/",
    "http://127.1:PORT/",
    "http://0:PORT/",
    "http://10.0.0.1/",
    "http://100.64.0.1/",
  ])("refuses %s", async (template) => {
    await expectCode(client().request({ url: template.replace("PORT", String(ok.port)), method: "GET" }), "blocked_address");
    expect(ok.seen).toHaveLength(0);
  });

  it("refuses schemes other than http and https, and credentials in the URL", async () => {
    for (const url of ["ftp://files.example/x", "file:///etc/passwd", "not a url", "https://user:pw@api.example/"]) {
      const error = await expectCode(client().request({ url, method: "GET" }), "invalid_url");
      expect(error.message).not.toContain(":pw");
    }
  });

  it("reaches a loopback server when private networks are allowed", async () => {
    const response = await client({ allowPrivateNetworks: true }).request({ url: `${ok.origin}/path?q=1`, method: "GET" });
    expect(response).toMatchObject({ status: 200, body: "hello", url: `${ok.origin}/path?q=1` });
    expect(response.headers["content-type"]).toBe("text/plain");
    expect(ok.seen.at(-1)).toMatchObject({ method: "GET", url: "/path?q=1" });
    expect(ok.seen.at(-1)?.headers["user-agent"]).toBe("Gatehouse");
  });

  it("reaches an allowed origin and nothing else on the same host", async () => {
    const other = await startServer((_req, res) => res.end("other"));
    try {
      const exempting = client({ allowedOrigins: [`${ok.origin}/`] });
      await expect(exempting.request({ url: `${ok.origin}/`, method: "GET" })).resolves.toMatchObject({ body: "hello" });
      await expectCode(exempting.request({ url: `${other.origin}/`, method: "GET" }), "blocked_address");
      expect(other.seen).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});

describe("redirects", () => {
  it("checks every hop: a redirect from an allowed server to a private address is refused", async () => {
    const target = await startServer((_req, res) => res.end("private"));
    const redirector = await startServer((req, res) => {
      const location = req.url === "/to-literal" ? `${target.origin}/secret` : `http://internal.example:${target.port}/`;
      res.writeHead(302, { location }).end();
    });
    try {
      const lookup = resolveTo("127.0.0.1");
      const outbound = client({ allowedOrigins: [redirector.origin], lookup });
      await expectCode(outbound.request({ url: `${redirector.origin}/to-literal`, method: "GET" }), "blocked_address");
      await expectCode(outbound.request({ url: `${redirector.origin}/to-name`, method: "GET" }), "blocked_address");
      expect(redirector.seen).toHaveLength(2);
      expect(target.seen).toHaveLength(0);
    } finally {
      await Promise.all([target.close(), redirector.close()]);
    }
  });

  it("drops credentials on every redirect, same origin or not, and keeps other headers", async () => {
    const target = await startServer((_req, res) => res.end("landed"));
    const redirector = await startServer((req, res) => {
      if (req.url === "/landing") res.end("landed here");
      else res.writeHead(307, { location: req.url === "/same" ? "/landing" : `${target.origin}/landing` }).end();
    });
    try {
      const outbound = client({ allowPrivateNetworks: true });
      const headers = {
        Authorization: "Bearer top-secret",
        Cookie: "session=abc",
        "Proxy-Authorization": "Basic xyz",
        "X-Api-Key": "key-123",
        "X-Marked": "marked",
        "X-Trace": "trace-1",
      };
      const request = { method: "GET", headers, secrets: ["key-123"], sensitiveHeaders: ["x-marked"] };
      await expect(outbound.request({ ...request, url: `${redirector.origin}/cross` })).resolves.toMatchObject({
        body: "landed",
        url: `${target.origin}/landing`,
      });
      const same = await outbound.request({ ...request, url: `${redirector.origin}/same` });
      expect(same.url).toBe(`${redirector.origin}/landing`);

      const first = redirector.seen[0]!.headers;
      expect(first).toMatchObject({ authorization: "Bearer top-secret", cookie: "session=abc", "x-api-key": "key-123" });
      for (const landed of [target.seen[0]!.headers, redirector.seen[2]!.headers]) {
        for (const name of ["authorization", "cookie", "proxy-authorization", "x-api-key", "x-marked"]) {
          expect(landed[name]).toBeUndefined();
        }
        expect(landed["x-trace"]).toBe("trace-1");
      }
    } finally {
      await Promise.all([target.close(), redirector.close()]);
    }
  });

  it("turns 303, and 301/302 after POST, into a GET without body; 307 and 308 keep both", async () => {
    const server = await startServer((req, res, _body) => {
      const match = /^\/(\d{3})$/.exec(req.url ?? "");
      if (match) res.writeHead(Number(match[1]), { location: "/final" }).end();
      else res.end("final");
    });
    try {
      const outbound = client({ allowPrivateNetworks: true });
      const cases: [number, string, string][] = [
        [303, "POST", "GET"],
        [303, "PUT", "GET"],
        [302, "POST", "GET"],
        [301, "POST", "GET"],
        [302, "PUT", "PUT"],
        [307, "POST", "POST"],
        [308, "POST", "POST"],
      ];
      for (const [status, method, expected] of cases) {
        server.seen.length = 0;
        await outbound.request({
          url: `${server.origin}/${status}`,
          method,
          headers: { "content-type": "application/json" },
          body: '{"a":1}',
        });
        const landed = server.seen[1]!;
        expect({ status, method: landed.method }).toEqual({ status, method: expected });
        if (expected === "GET") {
          expect(landed.body).toBe("");
          expect(landed.headers["content-type"]).toBeUndefined();
        } else {
          expect(landed.body).toBe('{"a":1}');
          expect(landed.headers["content-type"]).toBe("application/json");
        }
      }
    } finally {
      await server.close();
    }
  });

  it("stops after maxRedirects", async () => {
    const server = await startServer((_req, res) => res.writeHead(302, { location: "/again" }).end());
    try {
      const error = await expectCode(
        client({ allowPrivateNetworks: true, maxRedirects: 2 }).request({ url: `${server.origin}/start`, method: "GET" }),
        "too_many_redirects",
      );
      expect(error.message).toContain("127.0.0.1");
      expect(server.seen).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it("does not refuse a HEAD response for the length of the body it does not send", async () => {
    const server = await startServer((_req, res) => res.writeHead(200, { "content-length": "5000" }).end());
    try {
      const response = await client({ allowPrivateNetworks: true }).request({
        url: `${server.origin}/`,
        method: "HEAD",
        maxResponseBytes: 100,
      });
      expect(response).toMatchObject({ status: 200, body: "" });
    } finally {
      await server.close();
    }
  });

  it("hands back the redirect itself when followRedirects is false", async () => {
    const server = await startServer((_req, res) => res.writeHead(302, { location: "https://elsewhere.example/" }).end());
    try {
      const response = await client({ allowPrivateNetworks: true }).request({
        url: `${server.origin}/`,
        method: "GET",
        followRedirects: false,
      });
      expect(response.status).toBe(302);
      expect(response.headers.location).toBe("https://elsewhere.example/");
      expect(server.seen).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

describe("limits", () => {
  it("times out a server that never answers", async () => {
    const server = await startServer(() => {});
    try {
      const started = Date.now();
      const error = await expectCode(
        client({ allowPrivateNetworks: true, timeoutMs: 5_000 }).request({ url: `${server.origin}/slow`, method: "GET", timeoutMs: 200 }),
        "timeout",
      );
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(error.message).toContain("127.0.0.1");
    } finally {
      await server.close();
    }
  });

  it("counts a name that never resolves against the timeout", async () => {
    const started = Date.now();
    const neverResolves: LookupFunction = () => new Promise(() => undefined);
    const error = await expectCode(
      client({ lookup: neverResolves }).request({ url: "http://stuck.example.test/", method: "GET", timeoutMs: 200 }),
      "timeout",
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.message).toContain("stuck.example.test");
  });

  it("counts the body read against the timeout", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("partial");
    });
    try {
      await expectCode(
        client({ allowPrivateNetworks: true, timeoutMs: 200 }).request({ url: `${server.origin}/`, method: "GET" }),
        "timeout",
      );
    } finally {
      await server.close();
    }
  });

  it("aborts a streamed body as soon as it passes the cap", async () => {
    let written = 0;
    const server = await startServer((_req, res) => {
      const chunk = Buffer.alloc(16 * 1024, "a");
      const pump = () => {
        while (written < 64 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      res.on("close", () => {
        written = Number.POSITIVE_INFINITY;
      });
      pump();
    });
    try {
      const error = await expectCode(
        client({ allowPrivateNetworks: true, maxResponseBytes: 100_000 }).request({ url: `${server.origin}/`, method: "GET" }),
        "too_large",
      );
      expect(error.message).toContain("100000 bytes");
    } finally {
      await server.close();
    }
  });

  it("refuses a declared length over the cap and accepts a body exactly at it", async () => {
    const server = await startServer((req, res) => {
      const size = Number(req.url?.slice(1));
      res.writeHead(200, { "content-length": String(size) }).end(Buffer.alloc(size, "b"));
    });
    try {
      const outbound = client({ allowPrivateNetworks: true });
      await expectCode(outbound.request({ url: `${server.origin}/1001`, method: "GET", maxResponseBytes: 1000 }), "too_large");
      const response = await outbound.request({ url: `${server.origin}/1000`, method: "GET", maxResponseBytes: 1000 });
      expect(response.body).toHaveLength(1000);
    } finally {
      await server.close();
    }
  });

  it("applies the cap to the decoded size of a compressed body", async () => {
    const text = JSON.stringify({ data: "x".repeat(50_000) });
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "content-encoding": "gzip", "content-type": "application/json" }).end(gzipSync(text));
    });
    try {
      const outbound = client({ allowPrivateNetworks: true });
      const response = await outbound.request({ url: `${server.origin}/`, method: "GET" });
      expect(response.body).toBe(text);
      expect(response.headers["content-encoding"]).toBeUndefined();
      await expectCode(outbound.request({ url: `${server.origin}/`, method: "GET", maxResponseBytes: 10_000 }), "too_large");
    } finally {
      await server.close();
    }
  });
});

describe("compressed answers", () => {
  it("caps the compressed bytes as they arrive, not only what they decode to", async () => {
    // Empty gzip members decode to nothing, so only the bytes that arrive can stop such a body.
    const emptyMember = gzipSync(Buffer.alloc(0));
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "content-encoding": "gzip" });
      const timer = setInterval(() => res.write(Buffer.concat(Array.from({ length: 100 }, () => emptyMember))), 1);
      res.on("close", () => clearInterval(timer));
    });
    try {
      const started = Date.now();
      await expectCode(client({ allowPrivateNetworks: true }).request({ url: `${server.origin}/`, method: "GET", maxResponseBytes: 50_000, timeoutMs: 5_000 }), "too_large");
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await server.close();
    }
  });

  it("reads answers without a body that are labelled as compressed: HEAD, 304 and an empty body", async () => {
    const server = await startServer((req, res) => {
      // A HEAD answer announces the length of the body a GET would get (here over the cap).
      if (req.url === "/not-modified") res.writeHead(304, { "content-encoding": "gzip" }).end();
      else res.writeHead(200, { "content-encoding": "gzip", "content-length": req.method === "HEAD" ? "5000000" : "0" }).end();
    });
    try {
      const outbound = client({ allowPrivateNetworks: true });
      await expect(outbound.request({ url: `${server.origin}/`, method: "HEAD" })).resolves.toMatchObject({ status: 200, body: "" });
      await expect(outbound.request({ url: `${server.origin}/not-modified`, method: "GET" })).resolves.toMatchObject({ status: 304, body: "" });
      await expect(outbound.request({ url: `${server.origin}/`, method: "GET" })).resolves.toMatchObject({ status: 200, body: "" });
    } finally {
      await server.close();
    }
  });
});

describe("responses and connections", () => {
  it("lower-cases header names and joins repeated ones", async () => {
    const server = await startServer((_req, res) => {
      res.setHeader("X-Multi", ["one", "two"]);
      res.setHeader("Set-Cookie", ["a=1; Expires=Wed, 21 Oct 2037 07:28:00 GMT", "b=2"]);
      res.end();
    });
    try {
      const response = await client({ allowPrivateNetworks: true }).request({ url: `${server.origin}/`, method: "GET" });
      expect(response.headers["x-multi"]).toBe("one, two");
      expect(response.headers["set-cookie"]).toBe("a=1; Expires=Wed, 21 Oct 2037 07:28:00 GMT\nb=2");
    } finally {
      await server.close();
    }
  });

  it("keeps connections alive between requests", async () => {
    const server = await startServer((_req, res) => res.end("ok"));
    try {
      const outbound = client({ allowPrivateNetworks: true });
      const sent = Array.from({ length: 10 }, (_, index) => `n=${index}`);
      for (const body of sent) await outbound.request({ url: `${server.origin}/`, method: "POST", body });
      expect(server.seen.map((seen) => seen.body)).toEqual(sent);
      // undici hands a new connection back to its pool a moment after the first answer has been read, so the
      // second request, sent at once, may open another; every later one reuses them.
      expect(server.connections).toBeLessThanOrEqual(2);
    } finally {
      await server.close();
    }
  });

  it("retries an idempotent request once when a pooled connection turns out to be closed, but never a POST", async () => {
    // Answers the first request on each connection, then drops the connection when the next one arrives:
    // what a server whose keep-alive timer fired at that moment looks like.
    let connections = 0;
    const server = net.createServer((socket) => {
      connections += 1;
      let requests = 0;
      socket.on("data", (data) => {
        if (!data.toString("latin1").includes("\r\n\r\n")) return;
        requests += 1;
        if (requests === 1) socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok");
        else socket.destroy();
      });
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const outbound = client({ allowPrivateNetworks: true });
      // Each request waits until the connection before it is back in the pool, so it goes on that one.
      const pooled = () => new Promise((resolve) => setImmediate(resolve));
      await outbound.request({ url: `${origin}/`, method: "GET" });
      await pooled();
      await expect(outbound.request({ url: `${origin}/`, method: "GET" })).resolves.toMatchObject({ body: "ok" });
      expect(connections).toBe(2);
      await pooled();
      await expectCode(outbound.request({ url: `${origin}/`, method: "POST", body: "x" }), "network");
      expect(connections).toBe(2);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("never sends a request again once its answer has begun, even when the connection then closes", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write("partial", () => res.socket?.destroy());
    });
    try {
      await expectCode(client({ allowPrivateNetworks: true }).request({ url: `${server.origin}/`, method: "GET" }), "network");
      expect(server.seen).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("reports an unreachable server as a network error naming the host", async () => {
    const server = await startServer(() => {});
    const { origin } = server;
    await server.close();
    const error = await expectCode(client({ allowPrivateNetworks: true }).request({ url: `${origin}/`, method: "GET" }), "network");
    expect(error.message).toContain("127.0.0.1");
  });
});

describe("error messages", () => {
  it("never contain the Authorization header, query values or the caller's secrets", async () => {
    const hang = await startServer(() => {});
    const huge = await startServer((_req, res) => res.end(Buffer.alloc(5_000, "z")));
    const loop = await startServer((req, res) => res.writeHead(302, { location: `${req.url}` }).end());
    const closed = await startServer(() => {});
    const closedOrigin = closed.origin;
    await closed.close();
    const secretText = fc.stringMatching(/^[A-Za-z0-9_~-]{12,40}$/);
    try {
      await fc.assert(
        fc.asyncProperty(secretText, secretText, secretText, async (token, queryValue, pathSecret) => {
          const strict = client({ lookup: resolveTo("10.1.2.3") });
          const open = client({ allowPrivateNetworks: true, maxRedirects: 1 });
          const headers = { Authorization: `Bearer ${token}` };
          const tail = `/users/${pathSecret}?api_key=${queryValue}&access_token=${token}`;
          const attempts = [
            strict.request({ url: `${hang.origin}${tail}`, method: "GET", headers, secrets: [pathSecret] }),
            strict.request({ url: `https://internal.example${tail}`, method: "GET", headers, secrets: [pathSecret] }),
            strict.request({ url: `ftp://files.example${tail}`, method: "GET", headers, secrets: [pathSecret] }),
            strict.request({ url: `http://user:${token}@files.example${tail}`, method: "GET", headers, secrets: [pathSecret] }),
            open.request({ url: `${hang.origin}${tail}`, method: "GET", headers, secrets: [pathSecret], timeoutMs: 50 }),
            open.request({ url: `${huge.origin}${tail}`, method: "GET", headers, secrets: [pathSecret], maxResponseBytes: 100 }),
            open.request({ url: `${loop.origin}${tail}`, method: "GET", headers, secrets: [pathSecret] }),
            open.request({ url: `${closedOrigin}${tail}`, method: "GET", headers, secrets: [pathSecret] }),
          ];
          const errors = await Promise.all(attempts.map(failure));
          expect(new Set(errors.map((error) => error.code))).toEqual(
            new Set(["blocked_address", "invalid_url", "timeout", "too_large", "too_many_redirects", "network"]),
          );
          for (const error of errors) {
            const rendered = `${error.message}\n${String(error.stack)}\n${JSON.stringify(error)}`;
            for (const secret of [token, queryValue, pathSecret]) expect(rendered).not.toContain(secret);
          }
        }),
        { numRuns: 15 },
      );
    } finally {
      await Promise.all([hang.close(), huge.close(), loop.close()]);
    }
  });
});
