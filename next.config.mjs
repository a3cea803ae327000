/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets two builds live side by side (a developer's and a test run's); the default is Next.js's own.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // The database drivers stay plain Node modules: PGlite loads its WebAssembly and data files from disk.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
  reactStrictMode: true,
  // Type errors fail `npm test` through `tsc`; building twice would only double the time.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      {
        // Every response; proxy.ts adds the CSP (with its per-request nonce) and HSTS.
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
      {
        // The consent flow's result page: nothing cached, and no URL sent as Referer. (The landing page keeps
        // the default policy: with no-referrer, browsers send `Origin: null` on its form post.)
        source: "/connect/result",
        headers: [
          { key: "Cache-Control", value: "no-store" },
          { key: "Referrer-Policy", value: "no-referrer" },
        ],
      },
      {
        source: "/v1/dev_oauth/:path*",
        headers: [
          { key: "Cache-Control", value: "no-store" },
          { key: "Referrer-Policy", value: "no-referrer" },
        ],
      },
    ];
  },
};

export default nextConfig;
