import { describe, expect, it } from "vitest";
import { bytesOf } from "./download";

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
