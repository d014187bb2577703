/**
 * The municipality's checkpoint key: Ed25519, configured as PKCS8 PEM in CHECKPOINT_PRIVATE_KEY where
 * checkpoints are made. Verifiers and the portal need only the public key (CHECKPOINT_PUBLIC_KEY, or
 * derived from the private one). Outside production a development key is generated once and kept in
 * a file; production refuses to sign or verify with it.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where the generated development key lives (beside the embedded store, ignored by git). */
export const DEVELOPMENT_KEY_FILE = '.data/checkpoint-development-key.pem';

export interface CheckpointKeySettings {
  readonly env: 'development' | 'production' | 'test';
  readonly privateKeyPem: string | undefined;
  readonly publicKeyPem: string | undefined;
}

export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;
  /** True for the generated development key. */
  readonly development: boolean;
}

export interface VerifyingKey {
  readonly publicKey: KeyObject;
  readonly keyId: string;
  readonly development: boolean;
}

export type KeyResult<T> = { ok: true; key: T } | { ok: false; error: string };

/** SHA-256 of the public key's SPKI DER encoding, hex: how a checkpoint names the key that signed it. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** The public key as SPKI PEM, as published at /api/v1/checkpoints. */
export function publicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** PEM from an environment variable, where newlines are often written as "\n". */
function pem(value: string): string {
  return value.includes('\\n') ? value.replace(/\\n/g, '\n') : value;
}

function ed25519(key: KeyObject, variable: string): string | null {
  return key.asymmetricKeyType === 'ed25519'
    ? null
    : `${variable}: must be an Ed25519 key (got ${key.asymmetricKeyType ?? 'unknown'})`;
}

/** Reads the development key, generating it on first use. */
function developmentKey(file: string): KeyObject {
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    mkdirSync(dirname(file), { recursive: true });
    try {
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process generated it first: use theirs.
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    }
  }
  return createPrivateKey(readFileSync(file, 'utf8'));
}

/** Whether `key` is the generated development key (a copy of it pasted into production's settings). */
function isDevelopmentKey(key: KeyObject, file: string): boolean {
  if (!existsSync(file)) return false;
  const development = createPublicKey(createPrivateKey(readFileSync(file, 'utf8')));
  return keyIdOf(development) === keyIdOf(createPublicKey(key));
}

/** The key checkpoints are signed with. Production without CHECKPOINT_PRIVATE_KEY is refused. */
export function loadSigningKey(
  settings: CheckpointKeySettings,
  developmentKeyFile = DEVELOPMENT_KEY_FILE,
): KeyResult<SigningKey> {
  let privateKey: KeyObject;
  let development = false;
  if (settings.privateKeyPem !== undefined) {
    try {
      privateKey = createPrivateKey(pem(settings.privateKeyPem));
    } catch {
      return { ok: false, error: 'CHECKPOINT_PRIVATE_KEY: not a PKCS8 PEM private key' };
    }
    const problem = ed25519(privateKey, 'CHECKPOINT_PRIVATE_KEY');
    if (problem !== null) return { ok: false, error: problem };
    if (settings.env === 'production' && isDevelopmentKey(privateKey, developmentKeyFile)) {
      return {
        ok: false,
        error: 'CHECKPOINT_PRIVATE_KEY: this is the generated development key; production needs its own',
      };
    }
  } else if (settings.env === 'production') {
    return {
      ok: false,
      error:
        'CHECKPOINT_PRIVATE_KEY: production signs checkpoints with the municipality’s own Ed25519 key (PKCS8 PEM); the generated development key is refused',
    };
  } else {
    privateKey = developmentKey(developmentKeyFile);
    development = true;
  }
  const publicKey = createPublicKey(privateKey);
  return { ok: true, key: { privateKey, publicKey, keyId: keyIdOf(publicKey), development } };
}

/**
 * The key checkpoints are verified against: CHECKPOINT_PUBLIC_KEY, else the public half of
 * CHECKPOINT_PRIVATE_KEY, else (outside production) the development key.
 */
export function loadVerifyingKey(
  settings: CheckpointKeySettings,
  developmentKeyFile = DEVELOPMENT_KEY_FILE,
): KeyResult<VerifyingKey> {
  if (settings.publicKeyPem !== undefined) {
    let publicKey: KeyObject;
    try {
      publicKey = createPublicKey(pem(settings.publicKeyPem));
    } catch {
      return { ok: false, error: 'CHECKPOINT_PUBLIC_KEY: not an SPKI PEM public key' };
    }
    const problem = ed25519(publicKey, 'CHECKPOINT_PUBLIC_KEY');
    if (problem !== null) return { ok: false, error: problem };
    return { ok: true, key: { publicKey, keyId: keyIdOf(publicKey), development: false } };
  }
  const signing = loadSigningKey(settings, developmentKeyFile);
  if (!signing.ok) {
    return settings.env === 'production' && settings.privateKeyPem === undefined
      ? { ok: false, error: 'CHECKPOINT_PUBLIC_KEY: set the municipality’s checkpoint public key (SPKI PEM)' }
      : signing;
  }
  const { publicKey, keyId, development } = signing.key;
  return { ok: true, key: { publicKey, keyId, development } };
}
