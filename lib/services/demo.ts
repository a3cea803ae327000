import { randomBytes } from "node:crypto";
import { hashPassword } from "@/lib/crypto";
import { addMembership, countUsers, createUserWithOrganization, userExists } from "@/lib/db/accounts";
import { seedSandboxApp } from "./sandbox-app";
import { isSandboxEnabled } from "./sandbox-provider";

/** The embedded default's well-known demo accounts; a shared PostgreSQL gets random passwords instead. */
export const DEMO_PASSWORD = "gatehouse-demo";
export const DEMO_ORGANIZATION = "Demo Org";
export const DEMO_ACCOUNTS = [
  { role: "owner", email: "owner@demo.gatehouse.test", name: "Olivia Owner" },
  { role: "admin", email: "admin@demo.gatehouse.test", name: "Adam Admin" },
  { role: "member", email: "member@demo.gatehouse.test", name: "Mia Member" },
] as const;

export interface SeededAccount {
  email: string;
  password: string;
  role: string;
}

/**
 * Seeds the demo organization when asked: `onlyIfEmpty` (the embedded default) seeds a database with no
 * users; `force` (SEED_DEMO=true) seeds unless the demo owner exists, with random passwords so a shared
 * database never gets well-known ones. Returns the accounts it created, or null.
 */
export async function seedDemoData(options: { force: boolean; onlyIfEmpty: boolean }): Promise<SeededAccount[] | null> {
  const isEmpty = (await countUsers()) === 0;
  const shouldSeed = options.force ? !(await userExists(DEMO_ACCOUNTS[0].email)) : options.onlyIfEmpty && isEmpty;
  if (!shouldSeed) return null;
  const passwordFor = () => (options.force ? randomBytes(9).toString("base64url") : DEMO_PASSWORD);
  const [owner, ...others] = DEMO_ACCOUNTS;
  const seeded: SeededAccount[] = [];
  const ownerPassword = passwordFor();
  const { userId: ownerId, organizationId } = await createUserWithOrganization({
    email: owner.email,
    name: owner.name,
    passwordHash: await hashPassword(ownerPassword),
    organizationName: DEMO_ORGANIZATION,
  });
  seeded.push({ email: owner.email, password: ownerPassword, role: owner.role });
  for (const account of others) {
    const password = passwordFor();
    await addMembership({
      organizationId,
      email: account.email,
      role: account.role,
      newUser: { passwordHash: await hashPassword(password), name: account.name },
    });
    seeded.push({ email: account.email, password, role: account.role });
  }
  if (isSandboxEnabled()) await seedSandboxApp(ownerId, organizationId);
  return seeded;
}
