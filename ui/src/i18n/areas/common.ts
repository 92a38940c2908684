// Keys of this area start with its name; French is the reference, English must be complete.
export const fr = {
  "common.day.placeholder": "JJ/MM/AAAA",
  "common.day.unreadable": "Date illisible : écrivez JJ/MM/AAAA (05/12/2026) ou AAAA-MM-JJ.",
  "common.day.nonexistent": "La date « {text} » n'existe pas.",
} as const;

export const en: Record<keyof typeof fr, string> = {
  "common.day.placeholder": "e.g. 5 Dec 2026",
  "common.day.unreadable": "Unreadable date: write 5 Dec 2026, DD/MM/YYYY or YYYY-MM-DD.",
  "common.day.nonexistent": "The date “{text}” does not exist.",
};
