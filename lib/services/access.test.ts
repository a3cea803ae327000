import { describe, expect, it } from "vitest";
import { allowedActions, assignableRoles, can, PERMISSIONS, rolesAllowedTo } from "./access";

describe("the permission table", () => {
  it("gives owners every action, and only owners rename or delete an organization", () => {
    expect(allowedActions("owner")).toEqual(Object.keys(PERMISSIONS));
    expect(can("admin", "organization.rename")).toBe(false);
    expect(can("admin", "organization.delete")).toBe(false);
    expect(can("owner", "organization.delete")).toBe(true);
  });

  it("lets admins build, install, invite and see the whole trail, and members only use and look", () => {
    const adminActions = [
      "app.create",
      "app.edit",
      "app.publish",
      "installation.install",
      "installation.configure",
      "installation.upgrade",
      "installation.uninstall",
      "member.invite",
      "member.add",
      "member.remove",
      "audit.viewAll",
    ] as const;
    for (const action of adminActions) {
      expect([action, can("admin", action)]).toEqual([action, true]);
      expect([action, can("member", action)]).toEqual([action, false]);
    }
    expect(allowedActions("member")).toEqual(["connection.use", "member.list"]);
    expect(allowedActions(null)).toEqual([]);
  });

  it("answers the roles allowed to an action, for queries that filter in the database", () => {
    expect(rolesAllowedTo("app.edit")).toEqual(["owner", "admin"]);
    expect(rolesAllowedTo("connection.use")).toEqual(["owner", "admin", "member"]);
  });

  it("lets an admin move people only between member and admin", () => {
    expect(assignableRoles("owner")).toEqual(["owner", "admin", "member"]);
    expect(assignableRoles("admin")).toEqual(["admin", "member"]);
    expect(assignableRoles("member")).toEqual([]);
  });
});
