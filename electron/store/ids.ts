import { randomBytes } from 'node:crypto';
import { v7 } from 'uuid';

/** Record ids are UUIDv7: made on the device, unique across devices, roughly time-ordered. */
export const newId = (): string => v7();

/**
 * A device id: 16 random hex digits. It ends every clock this device stamps, so it is kept short;
 * 64 random bits make two devices picking the same id practically impossible (a cloned machine
 * reuses one on purpose: sync notices and rotates it).
 */
export const newDeviceId = (): string => randomBytes(8).toString('hex');
