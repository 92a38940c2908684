// A file an operation answered (an export, a receipt's PDF: generated/FileBytes.ts), offered
// to a browser as a download. In the window the shell writes it where the save dialog said;
// on the team server the browser saves it (Blob + `<a download>`), no path ever leaves it.
import type { FileBytes } from "../generated/FileBytes";

export type { FileBytes };

/** The file's bytes from its base64 text. */
export function bytesOf(file: FileBytes): Uint8Array<ArrayBuffer> {
  const text = atob(file.contentBase64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Hands `file` to the browser's downloads under its suggested name. */
export function download(file: FileBytes, page: Document = document): void {
  const url = URL.createObjectURL(new Blob([bytesOf(file)], { type: file.mediaType }));
  const link = page.createElement("a");
  link.href = url;
  link.download = file.fileName;
  link.hidden = true;
  page.body.appendChild(link);
  link.click();
  link.remove();
  // the download has started from the click; the URL may go once it has been read
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file the person picked in the browser, read whole as base64 (an import's upload). */
export async function base64Of(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text = "";
  // in slices: String.fromCharCode takes a bounded number of arguments
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}
