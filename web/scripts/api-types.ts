import { writeFile } from 'node:fs/promises';
import { GENERATED_PATH, generateApiTypes } from '../src/lib/api/generate.ts';

await writeFile(GENERATED_PATH, await generateApiTypes());
process.stdout.write(`wrote ${GENERATED_PATH.pathname}\n`);
