// Builds the portal's NL Design System CSS from the packages pinned in package-lock.json.
// Run through `make css` (npm ci first). The output is committed, so `make run` and CI need
// neither npm nor a network; tests/portal/test_nlds_css.py checks it against the lock file.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const out = join(here, "..", "static", "nlds");

const LIBRARY = "@utrecht/component-library-css";
const TOKENS = "@nl-design-system-unstable/voorbeeld-design-tokens";
// Only the components the templates use, so the page loads a fraction of the library.
const COMPONENTS = [
  "document", "root", "body", "page-layout", "page-header", "page-body", "page-content",
  "page-footer", "skip-link", "link", "link-list", "nav-list", "button", "button-link",
  "button-group", "action-group", "alert", "form-field", "form-label", "form-field-description",
  "form-field-error-message", "form-fieldset", "textbox", "textarea", "select", "checkbox",
  "radio-button", "table", "data-list", "heading-1", "heading-2", "heading-3", "paragraph",
  "unordered-list", "ordered-list", "status-badge", "number-badge", "separator",
].map((name) => `@utrecht/${name}-css`);
// The voorbeeld theme also carries tokens for other design systems' components; keep ours.
const OWN_TOKEN = /^\s*--(basis|nl|utrecht|voorbeeld)-/;
const DECLARATION = /^\s*--/;
const COMMENT = /\s*\/\*.*?\*\//g;

const version = (name) =>
  JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8")).version;
const read = (name, file) => readFileSync(join(modules, name, file), "utf8");

function stylesheet(sources) {
  const header = [
    "/* Built by frontend/build.mjs (make css). Do not edit: change frontend/ and rebuild.",
    ...Object.entries(sources).map(([name, v]) => ` * ${name}@${v}`),
    " * Licence: EUPL-1.2 (see the packages). */",
  ].join("\n");
  const tokens = read(TOKENS, "dist/theme.css")
    .split("\n")
    .filter((line) => !DECLARATION.test(line) || OWN_TOKEN.test(line))
    .map((line) => line.replace(COMMENT, ""))
    .join("\n");
  const parts = [tokens, read(LIBRARY, "dist/html.css")];
  for (const name of COMPONENTS) parts.push(`/* ${name} */\n${read(name, "dist/index.min.css")}`);
  return `${header}\n${parts.join("\n")}\n`;
}

const sources = Object.fromEntries(
  [TOKENS, LIBRARY, ...COMPONENTS].map((name) => [name, version(name)]),
);
const css = stylesheet(sources);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "nlds.css"), css);
const sha256 = createHash("sha256").update(css).digest("hex");
writeFileSync(join(out, "sources.json"), `${JSON.stringify({ sha256, packages: sources }, null, 2)}\n`);
console.log(`static/nlds/nlds.css: ${css.length} bytes from ${Object.keys(sources).length} packages`);
