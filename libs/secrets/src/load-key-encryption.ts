import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KeyEncryption } from './key-encryption';
import { keyEncryptionKeyWeakness } from './key-strength';

export interface KeyEncryptionSource {
  /** base64 of 32 bytes from the environment (production); every replica must share it. */
  configured: string | undefined;
  /** Name of that variable, for the warning. */
  variable: string;
  /** File used when the variable is unset (local runs): created once, mode 600, then reused. */
  localFile: string;
  warn: (message: string) => void;
}

/**
 * The key that encrypts signing keys at rest. Without the variable a local key file is generated
 * once and reused, with a warning: that file sits next to the database it protects.
 */
export async function loadKeyEncryption(source: KeyEncryptionSource): Promise<KeyEncryption> {
  if (source.configured) {
    const weakness = keyEncryptionKeyWeakness(source.configured);
    // Production refuses a weak key at config validation; elsewhere it is worth a warning.
    if (weakness) source.warn(`${source.variable} is weak: ${weakness}`);
    return KeyEncryption.fromBase64(source.configured, source.variable);
  }
  const file = path.resolve(source.localFile);
  const existing = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (existing !== undefined) {
    source.warn(`${source.variable} is not set; using the local key file ${file} (local use only)`);
    return KeyEncryption.fromBase64(
      existing.trim(),
      `the local key file ${file} (${source.variable} is not set)`,
    );
  }
  await mkdir(path.dirname(file), { recursive: true });
  const key = randomBytes(32);
  // `wx`: when another local process created it first, read theirs instead of overwriting it.
  try {
    await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return loadKeyEncryption(source);
    throw e;
  }
  await chmod(file, 0o600);
  source.warn(
    `${source.variable} is not set; generated ${file} (local use only, set the variable in production)`,
  );
  return new KeyEncryption(key, `the local key file ${file} (${source.variable} is not set)`);
}
