import { execFileSync } from 'node:child_process';

/**
 * Whatever in a PDF could make a printer flatten transparency, read from qpdf's JSON of every
 * object: a soft mask on anything, a graphics state with a constant alpha below 1, or a
 * transparency group. Empty when the file has none.
 */
export function transparencyIn(file: string): string[] {
  const json = JSON.parse(execFileSync('qpdf', ['--json=1', '--json-key=objects', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as {
    objects: Record<string, unknown>;
  };
  const found: string[] = [];
  const visit = (value: unknown, where: string) => {
    if (!value || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (key === '/SMask' && inner !== '/None') found.push(`${where} has a soft mask`);
      if ((key === '/CA' || key === '/ca') && typeof inner === 'number' && inner < 1) found.push(`${where} has ${key} ${inner}`);
      if (key === '/S' && inner === '/Transparency') found.push(`${where} has a transparency group`);
      visit(inner, where);
    }
  };
  for (const [id, object] of Object.entries(json.objects)) visit(object, id);
  return found;
}
