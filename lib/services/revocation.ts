/**
 * Where provider-side revocation (RFC 7009) plugs in for member removal and organization deletion.
 * Gatehouse deletes the tokens locally whatever happens here; until revocation is built this does
 * nothing, so the provider keeps the grant until it expires.
 */

export interface ConnectionToRevoke {
  id: string;
  installationId: string;
  configName: string;
  userId: string;
}

export async function revokeConnectionsAtProvider(connections: ConnectionToRevoke[]): Promise<void> {
  void connections;
}
