import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Node's ES module loader (and TypeScript reading an ES module package's declarations) wants every
 * relative import spelled out: `./x.js` or `./x/index.js`, not `./x`. The sources use the short
 * form, so each relative specifier of a built file is completed by looking at what was built.
 * `built` is the extension of the files the specifiers point at (`.js`, or `.d.ts` for declarations).
 */
export function completeRelativeSpecifiers(code: string, file: string, built: '.js' | '.d.ts'): string {
  return code.replace(
    /(\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*|\.{1,2})\2/g,
    (whole, lead: string, quote: string, specifier: string) => {
      if (specifier.endsWith('.js') || specifier.endsWith('.json')) return whole;
      const target = path.resolve(path.dirname(file), specifier);
      if (existsSync(`${target}${built}`)) return `${lead}${quote}${specifier}.js${quote}`;
      if (existsSync(path.join(target, `index${built}`)))
        return `${lead}${quote}${specifier}/index.js${quote}`;
      throw new Error(`${file}: cannot resolve ${specifier}`);
    },
  );
}
