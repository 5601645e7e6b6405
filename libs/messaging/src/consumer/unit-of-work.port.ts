/**
 * A transaction on a consumer's own database, plus the record of the messages it has already
 * processed, kept in that same database so "applied" and "recorded as processed" commit together.
 * PostgreSQL implements it in {@link PgUnitOfWork}; an SQLite one can follow the same contract.
 */
export interface UnitOfWork<Tx> {
  /** Runs `work` in one transaction: commits if it resolves, rolls back if it rejects. */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Records `messageId` as processed by `consumer` inside `tx`. Returns false when it already was
   * (the caller then skips the effect). Concurrent duplicates must serialise on this record.
   */
  markProcessed(tx: Tx, consumer: string, messageId: string): Promise<boolean>;
}
