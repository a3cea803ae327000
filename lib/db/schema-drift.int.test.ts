import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";

/**
 * The migrations are written by hand, so this compares the migrated database with schema.prisma: every
 * model's columns (type and nullability), its indexes, and every enum. A forgotten migration fails here.
 */

const db = useTestDatabase();

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  Boolean: "boolean",
  DateTime: "timestamp without time zone",
  Json: "jsonb",
};

interface SchemaField {
  name: string;
  type: string;
  isOptional: boolean;
  isList: boolean;
  attributes: string;
}

interface SchemaModel {
  name: string;
  fields: SchemaField[];
  blockAttributes: string[];
}

/** Reads the models of schema.prisma: enough of the grammar for columns and indexes. */
function parseSchema(text: string): { models: SchemaModel[]; enums: Record<string, string[]> } {
  const models: SchemaModel[] = [];
  const enums: Record<string, string[]> = {};
  for (const block of text.matchAll(/^(model|enum)\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const [, kind, name = "", body = ""] = block;
    const lines = body
      .split("\n")
      .map((line) => line.replace(/\/\/.*$/, "").trim())
      .filter(Boolean);
    if (kind === "enum") {
      enums[name] = lines;
      continue;
    }
    const model: SchemaModel = { name, fields: [], blockAttributes: [] };
    for (const line of lines) {
      if (line.startsWith("@@")) {
        model.blockAttributes.push(line);
        continue;
      }
      const match = /^(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/.exec(line);
      if (!match) continue;
      const [, fieldName = "", type = "", list, optional, attributes = ""] = match;
      model.fields.push({ name: fieldName, type, isList: !!list, isOptional: !!optional, attributes });
    }
    models.push(model);
  }
  return { models, enums };
}

function expectedIndexes(model: SchemaModel): string[] {
  const names = [`${model.name}_pkey`];
  for (const field of model.fields) {
    if (/@unique\b/.test(field.attributes)) names.push(`${model.name}_${field.name}_key`);
  }
  for (const attribute of model.blockAttributes) {
    const match = /^@@(unique|index)\(\[([^\]]+)\]/.exec(attribute);
    if (!match) continue;
    const columns = (match[2] ?? "").split(",").map((column) => column.trim());
    names.push(`${model.name}_${columns.join("_")}_${match[1] === "unique" ? "key" : "idx"}`);
  }
  return names.sort();
}

const schema = parseSchema(readFileSync(path.join(process.cwd(), "prisma", "schema.prisma"), "utf8"));

describe("the migrated database", () => {
  it("has a table for every model of schema.prisma and no other", async () => {
    const rows = await db.get().sql.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    expect(rows.map((row) => row.table_name).sort()).toEqual(schema.models.map((model) => model.name).sort());
  });

  it("has every enum with the same values", async () => {
    const rows = await db.get().sql.query<{ typname: string; labels: string[] }>(
      `SELECT t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    expect(Object.fromEntries(rows.map((row) => [row.typname, row.labels]))).toEqual(schema.enums);
  });

  it.each(schema.models.map((model) => [model.name]))("matches the columns and indexes of %s", async (modelName) => {
    const model = schema.models.find((candidate) => candidate.name === modelName);
    if (!model) throw new Error(`model ${modelName} not found`);
    const columns = await db.get().sql.query<{ column_name: string; data_type: string; udt_name: string; is_nullable: string }>(
      `SELECT column_name, data_type, udt_name, is_nullable FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = $1`,
      [model.name],
    );
    const actual = Object.fromEntries(
      columns.map((column) => [
        column.column_name,
        `${column.data_type === "USER-DEFINED" ? column.udt_name : column.data_type}${column.is_nullable === "YES" ? "?" : ""}`,
      ]),
    );
    const expected = Object.fromEntries(
      model.fields
        .filter((field) => SCALAR_TYPES[field.type] || schema.enums[field.type])
        .map((field) => [field.name, `${SCALAR_TYPES[field.type] ?? field.type}${field.isOptional ? "?" : ""}`]),
    );
    expect(actual).toEqual(expected);

    const indexes = await db.get().sql.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename = $1`,
      [model.name],
    );
    expect(indexes.map((index) => index.indexname).sort()).toEqual(expectedIndexes(model));
  });
});
