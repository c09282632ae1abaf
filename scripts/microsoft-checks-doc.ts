/** Regenerates the mapping tables of docs/gallery.md from fixtures/microsoft/checks.json (`npm run microsoft-checks`). */
import { readFileSync, writeFileSync } from 'node:fs';
import { GALLERY_DOC, galleryDocWithMapping } from '../src/report/microsoft-checks-doc.ts';

writeFileSync(GALLERY_DOC, galleryDocWithMapping(readFileSync(GALLERY_DOC, 'utf8')));
process.stdout.write(`wrote ${GALLERY_DOC}\n`);
