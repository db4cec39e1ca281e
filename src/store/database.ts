/** Something SQL can be sent to: the database itself or one open transaction. */
export interface Queryable {
  /** Runs one statement with `$1`-style parameters and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/**
 * The store's port: a tiny subset of PostgreSQL that both drivers (`pg` against a server, PGlite
 * embedded) implement identically, so the store code and its tests do not know which one they talk to.
 */
export interface Database extends Queryable {
  /** `'pg'` or `'pglite'`, for logs and tests; code must not branch on it. */
  readonly driver: 'pg' | 'pglite';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Releases the connections (pg) or the embedded instance (PGlite). */
  close(): Promise<void>;
}
