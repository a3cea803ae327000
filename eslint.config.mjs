// `npm run lint`: Next.js's rules, typescript-eslint, and the layering rules of DESIGN.md and STYLE.md
// written down where a tool checks them.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const prisma = {
  group: ["@prisma/*", "@/lib/db/generated/*", "**/generated/client", "**/generated/enums"],
  message: "Only lib/db imports Prisma: call a repository function in lib/db instead.",
};
const framework = {
  group: ["next", "next/*", "react", "react/*", "react-dom", "react-dom/*", "next-auth", "next-auth/*"],
  message: "lib/oauth is the framework-free engine: pass what it needs in as arguments.",
};
const database = {
  group: ["@/lib/db", "@/lib/db/*", "**/lib/db/*"],
  message: "lib/oauth knows nothing of the database.",
};
const services = {
  group: ["@/lib/services/*", "@/lib/api/*", "@/lib/auth/*", "@/lib/env", "@/lib/keys"],
  message: "lib/oauth is pure: it may import only itself, node: builtins and jsonpath-plus.",
};

const config = [
  {
    ignores: ["node_modules/**", ".next/**", ".next-*/**", ".data/**", "lib/db/generated/**", "e2e/.artifacts/**", "next-env.d.ts"],
  },
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
      "no-restricted-imports": ["error", { patterns: [prisma] }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: "Read configuration through getEnv() in lib/env.ts; only lib/env.ts and lib/cli read process.env.",
        },
      ],
    },
  },
  {
    // React's hook rules are for components; a test helper named use… is not a hook.
    files: ["lib/**/*.ts", "e2e/**/*.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    // Tests and test tooling read untyped JSON answers; the product's own code may not use any.
    files: ["**/*.test.ts", "lib/testing/**", "e2e/**", "lib/cli/bench*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["lib/db/**"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    // Configuration, the command-line tools, the test harness and the build's own config read the environment.
    files: ["lib/env.ts", "lib/cli/**", "lib/testing/**", "e2e/**", "**/*.test.ts", "next.config.mjs", "eslint.config.mjs"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    files: ["lib/oauth/**"],
    ignores: ["lib/oauth/**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [prisma, framework, database, services] }] },
  },
  {
    files: ["lib/oauth/**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [prisma, framework, database] }] },
  },
];

export default config;
