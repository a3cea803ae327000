import { randomBytes } from "node:crypto";

// Tests run with a throw-away key, like a fresh install, and never read a developer's own .env.
process.env.ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
process.env.APP_URL ??= "http://localhost:3000";
process.env.OUTBOUND_ALLOW_PRIVATE_NETWORKS ??= "false";
