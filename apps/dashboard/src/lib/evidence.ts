/**
 * Evidence files are hashed here, in the browser (SHA-256 with WebCrypto): the file never leaves
 * it; the ledger stores the digest, with the file's name and a link to where it is kept.
 */
export async function sha256Hex(data: ArrayBuffer | Blob): Promise<string> {
  const bytes = data instanceof Blob ? await data.arrayBuffer() : data;
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A file's digest and name. */
export interface HashedFile {
  name: string;
  sha256: string;
  size: number;
}

export async function hashFile(file: File): Promise<HashedFile> {
  return { name: file.name, sha256: await sha256Hex(file), size: file.size };
}

/** A digest typed or pasted, normalised (lowercase hex), or null when it is not one. */
export function normaliseDigest(text: string): string | null {
  const hex = text.trim().toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}
