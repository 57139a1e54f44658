import { v7 } from 'uuid';

/** Record ids are UUIDv7: made on the device, unique across devices, roughly time-ordered. */
export const newId = (): string => v7();
