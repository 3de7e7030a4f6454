/**
 * Which methods an anonymous connection may call: exact names, or `prefix.*` for a namespace.
 * Operators list them in GATE_ANONYMOUS_METHODS; everything else needs an authorized connection.
 */
export class AnonymousMethods {
  private readonly exact = new Set<string>();
  private readonly prefixes: string[] = [];

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      if (entry.endsWith('.*')) this.prefixes.push(entry.slice(0, -1));
      else this.exact.add(entry);
    }
  }

  allows(method: string): boolean {
    return this.exact.has(method) || this.prefixes.some((p) => method.startsWith(p));
  }
}
