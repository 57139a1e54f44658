import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

/**
 * Random bytes drawn 4 KB at a time: uuid's own source asks the OS through WebCrypto for every
 * id, which was a tenth of an import's time.
 */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
function random16(): Uint8Array {
  if (poolAt + 16 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += 16;
  return pool.subarray(poolAt - 16, poolAt);
}

/** The millisecond and counter of the last id, as uuid keeps them: ids made in one millisecond still sort in order. */
const state = { msecs: -Infinity, seq: 0 };

/** Record ids are UUIDv7: made on the device, unique across devices, roughly time-ordered. */
export function newId(): string {
  const random = random16();
  const now = Date.now();
  if (now > state.msecs) {
    state.msecs = now;
    state.seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
  } else {
    state.seq = (state.seq + 1) | 0;
    if (state.seq === 0) state.msecs++;
  }
  return v7({ msecs: state.msecs, seq: state.seq, random });
}

/**
 * An id every device computes alike for the same thing (a person's history row for the value a
 * field had at creation, written by whichever laptop changes that field first): so two laptops
 * writing it offline write one record, not two. UUIDv7 layout at `atMs` with a zero sequence, so
 * it sorts before the ids made later in that millisecond; the rest from a hash of `parts`.
 */
export function derivedId(atMs: number, ...parts: string[]): string {
  const hash = createHash('sha256').update(parts.join('\u0000')).digest();
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(Math.max(0, Math.min(atMs, 2 ** 48 - 1)), 0, 6);
  bytes[6] = 0x70;
  bytes[7] = 0x00;
  bytes[8] = 0x80 | (hash[0]! & 0x3f);
  hash.copy(bytes, 9, 1, 8);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A device id: 16 random hex digits. It ends every clock this device stamps, so it is kept short;
 * 64 random bits make two devices picking the same id practically impossible (a cloned machine
 * reuses one on purpose: sync notices and rotates it).
 */
export const newDeviceId = (): string => randomBytes(8).toString('hex');
