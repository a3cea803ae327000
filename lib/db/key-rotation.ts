import type { Keyring } from "@/lib/crypto";
import { bodyAad } from "./apps";
import { rotateSealedDefinition } from "./app-versions";
import { verifierAad } from "./authorization-requests";
import { settingValueAad } from "./setting-values";
import type { SqlDriver } from "./sql-driver";

/**
 * Re-encryption of everything stored under an older key, so that the old key can be dropped. Every
 * place that holds ciphertext is one entry in CIPHERTEXT_SOURCES; a new encrypted column (or a JSON
 * document with envelopes inside) is one more entry there.
 */

export interface CiphertextSource {
  /** How the report names it. */
  name: string;
  table: string;
  column: string;
  /** Further SQL condition on the rows that hold ciphertext (e.g. only secret setting values). */
  where?: string;
  /** The column's SQL type when it is not text: the value is read as text and written back with this cast. */
  cast?: string;
  /**
   * Whether the whole column is one envelope: rows already under the current key are then skipped in
   * SQL by their key id, so a second run reads nothing. Otherwise every row is read and `rotate` decides.
   */
  envelope: boolean;
  /** The value re-encrypted under the current key, or the same string when nothing in it needed that. */
  rotate(value: string, rowId: string, keyring: Keyring): string;
}

/** A column that holds one envelope, bound to its row by `aad`. */
function envelopeColumn(table: string, column: string, aad: (rowId: string) => string, where?: string): CiphertextSource {
  return {
    name: `${table}.${column}`,
    table,
    column,
    where,
    envelope: true,
    rotate: (value, rowId, keyring) => (keyring.needsReencryption(value) ? keyring.reencrypt(value, aad(rowId)) : value),
  };
}

export const CIPHERTEXT_SOURCES: CiphertextSource[] = [
  envelopeColumn("SettingValue", "value", settingValueAad, `"isEncrypted" = true`),
  envelopeColumn("OAuthConfig", "requestBodyCiphertext", (id) => bodyAad(id, "requestBody")),
  envelopeColumn("OAuthConfig", "refreshBodyCiphertext", (id) => bodyAad(id, "refreshTokenBody")),
  envelopeColumn("OAuthConfig", "revokeBodyCiphertext", (id) => bodyAad(id, "revokeBody")),
  // A published version's definition carries its body templates' envelopes inside its JSON.
  { name: "AppVersion.definition", table: "AppVersion", column: "definition", cast: "jsonb", envelope: false, rotate: rotateSealedDefinition },
  envelopeColumn("AuthorizationRequest", "codeVerifierCiphertext", verifierAad),
];

export interface SourceReport {
  name: string;
  /** Rows read. */
  scanned: number;
  /** Rows written back under the current key. */
  changed: number;
  /** Rows that could not be opened with any configured key, by id (never the value). */
  failed: { id: string; reason: string }[];
}

export interface RotationOptions {
  batchSize?: number;
  sources?: CiphertextSource[];
  onBatch?: (progress: SourceReport) => void;
}

const ENVELOPE_VERSION = "gh1";

/**
 * Re-encrypts every stored envelope that names a key other than the current one, in batches by row id.
 * Resumable: rows already under the current key are skipped, so a run that stopped half-way is simply
 * run again. Each write is a compare-and-set on the value read, so a value the application rewrote in
 * the meantime (necessarily under the current key) is left alone.
 */
export async function reencryptAll(sql: SqlDriver, keyring: Keyring, options: RotationOptions = {}): Promise<SourceReport[]> {
  const batchSize = options.batchSize ?? 500;
  const reports: SourceReport[] = [];
  for (const source of options.sources ?? CIPHERTEXT_SOURCES) {
    const report: SourceReport = { name: source.name, scanned: 0, changed: 0, failed: [] };
    const table = quoteIdent(source.table);
    const column = quoteIdent(source.column);
    const conditions = [`${column} IS NOT NULL`, `"id" > $1`];
    if (source.where) conditions.push(`(${source.where})`);
    // Envelopes start with their version and key id; LIKE's wildcards cannot occur in either.
    if (source.envelope) conditions.push(`${column}::text NOT LIKE '${ENVELOPE_VERSION}.${keyring.currentKeyId}.%'`);
    const select = `SELECT "id", ${column}::text AS "value" FROM ${table} WHERE ${conditions.join(" AND ")} ORDER BY "id" LIMIT ${batchSize}`;
    const update = `UPDATE ${table} SET ${column} = $1${source.cast ? `::${source.cast}` : ""} WHERE "id" = $2 AND ${column}::text = $3`;
    let after = "";
    for (;;) {
      const rows = await sql.query<{ id: string; value: string }>(select, [after]);
      if (rows.length === 0) break;
      for (const row of rows) {
        report.scanned += 1;
        let rotated: string;
        try {
          rotated = source.rotate(row.value, row.id, keyring);
        } catch (error) {
          report.failed.push({ id: row.id, reason: error instanceof Error ? error.message : "could not be decrypted" });
          continue;
        }
        if (rotated === row.value) continue;
        const written = await sql.query<{ id: string }>(`${update} RETURNING "id"`, [rotated, row.id, row.value]);
        if (written.length > 0) report.changed += 1;
      }
      after = rows[rows.length - 1]!.id;
      options.onBatch?.(report);
      if (rows.length < batchSize) break;
    }
    reports.push(report);
  }
  return reports;
}

/** Counts stored envelopes per key id, for checking that nothing names a retired key any more. */
export async function countEnvelopesByKeyId(sql: SqlDriver, sources: CiphertextSource[] = CIPHERTEXT_SOURCES): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const source of sources.filter((candidate) => candidate.envelope)) {
    const column = quoteIdent(source.column);
    const where = [`${column} IS NOT NULL`, ...(source.where ? [`(${source.where})`] : [])].join(" AND ");
    const rows = await sql.query<{ keyId: string; count: number | string }>(
      `SELECT split_part(${column}::text, '.', 2) AS "keyId", count(*) AS "count" FROM ${quoteIdent(source.table)} WHERE ${where} GROUP BY 1`,
    );
    for (const row of rows) counts.set(row.keyId, (counts.get(row.keyId) ?? 0) + Number(row.count));
  }
  return counts;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
