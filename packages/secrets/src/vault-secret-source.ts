import type { VaultClient } from '@zakupai/vault';
import { stringifyValues, type SecretRead, type SecretSource } from './secret-source.ts';

/** Reads `<mount>/<path>` from KV v2 through a VaultClient (which owns login, renewal and revocation). */
export class VaultSecretSource implements SecretSource {
  readonly kind = 'vault' as const;
  readonly client: VaultClient;
  readonly mount: string;

  constructor(client: VaultClient, mount: string) {
    this.client = client;
    this.mount = mount.replace(/^\/+|\/+$/g, '');
  }

  describe(path: string): string {
    return `${this.mount}/${path}`;
  }

  async read(path: string): Promise<SecretRead> {
    const s = await this.client.kv(this.mount).read(path);
    return { values: stringifyValues(s.data), version: s.metadata.version };
  }

  tokenTtlSeconds(): number | undefined {
    return this.client.tokenTtlSeconds();
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
