import type { Pool, PoolClient } from 'pg';
import type { UnitOfWork } from './unit-of-work.port';

/** Options of {@link PgUnitOfWork}. */
export interface PgUnitOfWorkOptions {
  readonly pool: Pool;
  /** Table recording processed messages; a trusted identifier, never user input. Default `processed_messages`. */
  readonly table?: string;
}

/** {@link UnitOfWork} on PostgreSQL: the transaction is a pooled client between BEGIN and COMMIT. */
export class PgUnitOfWork implements UnitOfWork<PoolClient> {
  private readonly table: string;

  constructor(private readonly options: PgUnitOfWorkOptions) {
    this.table = options.table ?? 'processed_messages';
  }

  /** Creates the processed-messages table if missing (deployments may run it as a migration). */
  async ensureSchema(): Promise<void> {
    await this.options.pool.query(
      `CREATE TABLE IF NOT EXISTS ${this.table} (
         consumer text NOT NULL,
         message_id text NOT NULL,
         processed_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (consumer, message_id))`,
    );
  }

  async transaction<T>(work: (tx: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.options.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async markProcessed(tx: PoolClient, consumer: string, messageId: string): Promise<boolean> {
    // ON CONFLICT DO NOTHING waits on a concurrent insert of the same key, so a duplicate being
    // processed elsewhere right now is seen as processed once that transaction commits.
    const result = await tx.query(
      `INSERT INTO ${this.table} (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [consumer, messageId],
    );
    return result.rowCount === 1;
  }
}
