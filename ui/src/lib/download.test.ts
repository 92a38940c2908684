import { describe, expect, it } from "vitest";
import { base64Of, bytesOf } from "./download";

describe("bytesOf", () => {
  it("reads back the bytes an operation sent as base64, beyond ASCII", () => {
    const original = new TextEncoder().encode("JournalCode\tJournalLib\r\nVE\tVentes\té\r\n");
    const base64 = btoa(String.fromCharCode(...original));
    const file = { fileName: "f.txt", mediaType: "text/plain", contentBase64: base64, size: original.length, count: 1 };
    const bytes = bytesOf(file);
    expect(bytes.length).toBe(file.size);
    expect(new TextDecoder().decode(bytes)).toBe("JournalCode\tJournalLib\r\nVE\tVentes\té\r\n");
  });
});

describe("base64Of", () => {
  it("sends a picked file's bytes as base64 that reads back whole, past one slice", async () => {
    // every byte value, over two of base64Of's slices
    const original = Uint8Array.from({ length: 0x8000 * 2 + 17 }, (_, i) => (i * 7) % 256);
    const text = await base64Of(new Blob([original]));
    const file = { fileName: "a.sqlite", mediaType: "", contentBase64: text, size: original.length, count: 1 };
    expect(Array.from(bytesOf(file))).toEqual(Array.from(original));
  });
});
