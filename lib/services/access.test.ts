import { describe, expect, it } from "vitest";
import { allowedActions, assignableRoles, can, PERMISSIONS } from "./access";

describe("the permission table", () => {
  it("gives owners every action, and only owners rename or delete an organization", () => {
    expect(allowedActions("owner")).toEqual(Object.keys(PERMISSIONS));
    expect(can("admin", "organization.rename")).toBe(false);
    expect(can("admin", "organization.delete")).toBe(false);
    expect(can("owner", "organization.delete")).toBe(true);
  });

  it("lets admins build, install, invite and see the whole trail, and members only use and look", () => {
    for (const action of ["app.edit", "installation.install", "installation.upgrade", "member.invite", "member.remove", "audit.viewAll"] as const) {
      expect([action, can("admin", action)]).toEqual([action, true]);
      expect([action, can("member", action)]).toEqual([action, false]);
    }
    expect(allowedActions("member")).toEqual(["connection.use", "member.list"]);
    expect(allowedActions(null)).toEqual([]);
  });

  it("lets an admin move people only between member and admin", () => {
    expect(assignableRoles("owner")).toEqual(["owner", "admin", "member"]);
    expect(assignableRoles("admin")).toEqual(["admin", "member"]);
    expect(assignableRoles("member")).toEqual([]);
  });
});
