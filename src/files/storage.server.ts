// Uploaded files stored under the SHA-256 of their content: the name is the content, so a stored file is
// never overwritten with something else, the same photo uploaded twice is kept once, and a client-chosen
// name never reaches the disk. Writes go to a temporary file and are renamed, so a reader never sees half a file.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const SHA_RE = /^[0-9a-f]{64}$/;

export function isSha256(value: string | undefined | null): value is string {
  return !!value && SHA_RE.test(value);
}

/** The folder of content-addressed uploads (checklist photos, plan evidence). */
export function uploadsDir(dataDir: string): string {
  return path.join(dataDir, 'uploads');
}

/**
 * Writes `bytes` as `<dir>/<sha256><suffix>` unless that file is already there, and returns the hash. Called
 * before the database transaction: if the transaction fails, an unreferenced file remains, which is
 * harmless because the name is the content.
 */
export async function storeHashed(dir: string, bytes: Uint8Array, suffix = ''): Promise<string> {
  const sha = sha256Hex(bytes);
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, sha + suffix);
  try {
    const s = await stat(target);
    if (s.size === bytes.length) return sha;
  } catch {
    // not stored yet
  }
  const tmp = path.join(dir, `.${sha}.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(tmp, bytes, { mode: 0o600 });
  try {
    await rename(tmp, target);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  return sha;
}

/** Stores an upload under DATA_DIR/uploads/<sha256>. */
export function storeUpload(dataDir: string, bytes: Uint8Array): Promise<string> {
  return storeHashed(uploadsDir(dataDir), bytes);
}

/** The bytes of an upload, or null when the hash is malformed or nothing is stored under it. */
export async function readUpload(dataDir: string, sha: string): Promise<Uint8Array | null> {
  if (!isSha256(sha)) return null;
  try {
    return await readFile(path.join(uploadsDir(dataDir), sha));
  } catch {
    return null;
  }
}
