// The first load of /arbeid/ sends at most BUDGET bytes of gzip-compressed JavaScript: the entry
// chunk and the chunks it imports statically, as listed in Vite's manifest. Fails the build past it.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const BUDGET = 250 * 1000;
const dist = new URL("../dist/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL(".vite/manifest.json", dist), "utf8"));

const seen = new Set();
function visit(key) {
  if (seen.has(key)) return;
  seen.add(key);
  for (const imported of manifest[key].imports ?? []) visit(imported);
}
for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);

let total = 0;
for (const key of seen) {
  const file = manifest[key].file;
  if (!file.endsWith(".js")) continue;
  const size = gzipSync(readFileSync(new URL(file, dist)), { level: 9 }).length;
  total += size;
  console.log(`  ${file}: ${(size / 1000).toFixed(1)} kB gzip`);
}
const line = `first load: ${(total / 1000).toFixed(1)} kB of gzip-compressed JavaScript (budget ${BUDGET / 1000} kB)`;
if (total > BUDGET) {
  console.error(`budget exceeded: ${line}`);
  process.exit(1);
}
console.log(line);
