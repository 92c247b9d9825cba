// Makes the app's icons from resources/icon.svg into build-resources/ for electron-builder:
// PNGs from 16 to 1024 px (Linux takes the folder of sizes), icon.icns (macOS) and icon.ico
// (Windows). Run by `npm run dist`; the result is not committed, the SVG is the one source.
import fs from 'node:fs';
import path from 'node:path';
import png2icons from 'png2icons';
import sharp from 'sharp';

const root = path.resolve(import.meta.dirname, '..');
const source = path.join(root, 'resources', 'icon.svg');
const out = path.join(root, 'build-resources');
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

export async function makeIcons(into = out) {
  const svg = fs.readFileSync(source);
  fs.mkdirSync(path.join(into, 'icons'), { recursive: true });
  // Drawn at each size from the vector (not scaled down from one bitmap), so small icons stay sharp.
  for (const size of SIZES) {
    await sharp(svg, { density: Math.ceil((72 * size) / 512) }).resize(size, size).png().toFile(path.join(into, 'icons', `${size}x${size}.png`));
  }
  const largest = fs.readFileSync(path.join(into, 'icons', '1024x1024.png'));
  fs.copyFileSync(path.join(into, 'icons', '1024x1024.png'), path.join(into, 'icon.png'));
  fs.writeFileSync(path.join(into, 'icon.icns'), png2icons.createICNS(largest, png2icons.BICUBIC, 0));
  fs.writeFileSync(path.join(into, 'icon.ico'), png2icons.createICO(largest, png2icons.BICUBIC, 0, false, true));
  return into;
}

if (process.argv[1] === import.meta.filename) {
  const made = await makeIcons();
  console.log(`Icons made in ${path.relative(root, made)}/`);
}
