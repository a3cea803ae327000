/**
 * The benchmarks' timed client for latency at few connections (autocannon, which carries the load, rounds
 * latencies to the millisecond), run as its own process so that it does not share a core with the
 * servers it measures. Closed loop: `concurrency` callers, each sending its next request as soon as the
 * last one answered, for `durationMs`. Prints one JSON line: requests, req/s, p50 and p99 in ms, errors.
 */
import http from "node:http";
import { quantile } from "./bench-report";

interface LoadSpec {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  concurrency: number;
  durationMs: number;
  expectStatus: number;
}

const spec = JSON.parse(process.argv[2] ?? "{}") as LoadSpec;
const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });

function send(): Promise<number> {
  return new Promise((resolve) => {
    const request = http.request(spec.url, { method: spec.method, headers: spec.headers, agent }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", () => resolve(0));
    request.end(spec.body);
  });
}

async function main() {
  for (let i = 0; i < 300; i += 1) await send(); // warm-up: JIT, connection pools, caches
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + spec.durationMs;
  await Promise.all(
    Array.from({ length: spec.concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const status = await send();
        latencies.push(performance.now() - t0);
        if (status !== spec.expectStatus) errors += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  process.stdout.write(`${JSON.stringify({ requests: latencies.length, throughput: latencies.length / seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), errors })}\n`);
  agent.destroy();
}

void main();
