/**
 * The Node.js flags of a serving process: package.json's `start` script hands them to tsx, and the
 * benchmark gives them to the processes it compares (Gatehouse's invoke server and the minimal proxy alike).
 *
 * `--max-semi-space-size=64`: V8's young generation may grow to 2 × 64 MB instead of 2 × 16 MB under load.
 * Invoke allocates a few kB per call, nearly all of it dead by the next collection, so a larger young
 * generation means fewer scavenges for the same garbage: the invoke server's CPU per call fell by about 10%
 * (`npm run bench`). It grows only under load, and the launcher's idle collector gives it back once a
 * burst is over (see lib/idle-collector.ts), so an idle instance is the same size.
 */
export const SERVING_NODE_FLAGS = ["--max-semi-space-size=64"] as const;
