import { ImportRefused } from '../http/errors.js';

// Uploaded text must be Unicode: UTF-8 (with or without a byte-order mark) or UTF-16 with its mark. Anything else
// (a legacy code page, a binary file renamed .md) is refused rather than imported as mojibake.

/** The text of an uploaded file, or a clear refusal naming `what`. */
export function decodeText(bytes: Uint8Array, what: string): string {
  let text: string;
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    else text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw ImportRefused(`${capitalise(what)} is not UTF-8 text. Save it as UTF-8 and upload it again.`);
  }
  if (text.includes('\0')) throw ImportRefused(`${capitalise(what)} is not a text file.`);
  if (text.trim() === '') throw ImportRefused(`${capitalise(what)} is empty.`);
  return text.replace(/\r\n?/g, '\n');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
