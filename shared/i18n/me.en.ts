/** English strings of the `me` namespace ("who am I": the member who uses this device). */
export const meEn = {} as const;
