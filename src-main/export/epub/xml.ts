const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
/** The characters XML 1.0 has no place for, even escaped; a page's words could hold them (pasted text). */
// eslint-disable-next-line no-control-regex
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Text, or an attribute's value, as XML: five characters to escape and a few to drop, too little
 * to take a library for.
 */
export const escapeXml = (text: string) => text.replace(NOT_IN_XML, '').replace(/[&<>"']/g, (char) => ESCAPES[char]!);
