/** One thing `npm start` serves, as a row of the banner. */
export interface Served {
  name: string;
  address: string;
  note?: string;
}

/**
 * The closing banner: what runs where (one row per served thing, so that serving one more thing
 * is one more entry in the list), then how to use it.
 */
export function renderBanner(options: {
  elapsed: string;
  dataDir: string;
  served: readonly Served[];
  howTo: readonly string[];
}): string {
  const nameWidth = Math.max(...options.served.map((s) => s.name.length)) + 2;
  const addressWidth = Math.max(...options.served.map((s) => s.address.length)) + 2;
  const rows = options.served.map((s) =>
    `  ${s.name.padEnd(nameWidth)}${s.note ? `${s.address.padEnd(addressWidth)}${s.note}` : s.address}`.trimEnd(),
  );
  return `
Gatehouse is running (ready in ${options.elapsed}; data in ${options.dataDir}; Ctrl-C stops everything)
${rows.join('\n')}

${options.howTo.join('\n')}
`;
}
