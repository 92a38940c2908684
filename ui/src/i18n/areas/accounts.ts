import type { Message } from "../translate";

// Keys of this area start with its name; French is the reference, English must be complete.
export const fr = {} as const;

export const en: Record<keyof typeof fr, Message> = {};
