#!/usr/bin/env node
// Generates the JSON schemas of the API's answers from the contract types, so the OpenAPI
// document describes exactly what libs/contracts declares.
//
// Source: the `ApiResponses` interface of libs/contracts/src/views/api-responses.ts (answer name
// → contract type). Output: apps/api/src/openapi/response-schemas.json, committed, which the API
// merges into its OpenAPI document at boot (generating at boot would need the TypeScript
// compiler in production and cost seconds per start). The schemas are JSON Schema, as OpenAPI
// 3.1 takes them.
//
// Usage: `npm run openapi:schemas` rewrites the file; `node scripts/openapi-schemas.mjs --check`
// exits 1 when the file is not what the types give (a unit test runs this).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import ts from 'typescript';
import { createFormatter, createParser, SchemaGenerator } from 'ts-json-schema-generator';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = 'libs/contracts/src/views/api-responses.ts';
const OUTPUT = 'apps/api/src/openapi/response-schemas.json';
const ROOT_TYPE = 'ApiResponses';
// OpenAPI's rule for component names.
const COMPONENT_NAME = /^[A-Za-z0-9._-]+$/;

/** The workspace's compiler options, without ambient @types (unused here, slow to load). */
function compilerOptions() {
  const file = path.join(root, 'tsconfig.base.json');
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(
    { ...config, files: [] },
    ts.sys,
    root,
    undefined,
    file,
  );
  return { ...parsed.options, noEmit: true, types: [] };
}

/** draft-07 definitions of `ApiResponses` and of everything it names. */
function generate() {
  const config = {
    path: path.join(root, SOURCE),
    type: ROOT_TYPE,
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
    // Closed objects, so that `keyof` means the declared keys (open ones would add a `string`
    // key and an any-schema to every `T[keyof T]`); opened again below.
    additionalProperties: false,
    // `npm run typecheck` checks these types; checking them again here doubles the time.
    skipTypeCheck: true,
  };
  const program = ts.createProgram([config.path], compilerOptions());
  const generator = new SchemaGenerator(
    program,
    createParser(program, config),
    createFormatter(config),
    config,
  );
  return generator.createSchema(ROOT_TYPE).definitions;
}

const distinct = (schemas) => [
  ...new Map(schemas.map((schema) => [JSON.stringify(schema), schema])).values(),
];
const refName = (ref) => decodeURIComponent(ref.replace(/^#\/definitions\//, ''));

/**
 * OpenAPI components named after `ApiResponses`' keys: a generic instance such as
 * `Page<TaskView>` takes its key's name (`TaskPage`), every `$ref` points into
 * `#/components/schemas/`.
 */
function toComponents(definitions) {
  const answers = definitions[ROOT_TYPE];
  if (!answers?.properties) throw new Error(`${SOURCE} does not declare ${ROOT_TYPE}`);
  const rename = new Map();
  const schemas = {};
  for (const [name, schema] of Object.entries(answers.properties)) {
    const target = schema.$ref ? refName(schema.$ref) : null;
    if (target === name) continue;
    if (target && !COMPONENT_NAME.test(target) && !rename.has(target)) rename.set(target, name);
    else schemas[name] = schema;
  }
  for (const [name, schema] of Object.entries(definitions)) {
    if (name !== ROOT_TYPE) schemas[rename.get(name) ?? name] = schema;
  }
  for (const name of Object.keys(schemas)) {
    if (!COMPONENT_NAME.test(name)) {
      throw new Error(
        `the schema ${name} has no name OpenAPI accepts: ` +
          `give it a key in ${ROOT_TYPE} or a named type alias`,
      );
    }
  }
  const rewrite = (node) => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!node || typeof node !== 'object') return node;
    if (Array.isArray(node.items)) {
      // A tuple: draft-07 spells it differently from OpenAPI 3.1 (prefixItems); none is expected.
      throw new Error('tuple types are not supported in answers');
    }
    return Object.fromEntries(
      Object.entries(node)
        // Answers may carry more fields than declared (API.md: "bodies may carry more fields").
        .filter(([key, value]) => !(key === 'additionalProperties' && value === false))
        .map(([key, value]) => {
          if (key === '$ref') {
            const name = refName(value);
            return [key, `#/components/schemas/${rename.get(name) ?? name}`];
          }
          // Members of a union with the same shape (notice codes that share their parameters)
          // come out once each.
          if (key === 'anyOf') return [key, distinct(value.map(rewrite))];
          return [key, rewrite(value)];
        }),
    );
  };
  return Object.fromEntries(
    Object.keys(schemas)
      .sort()
      .map((name) => [name, rewrite(schemas[name])]),
  );
}

/** The file's text: the schemas, formatted as the repository's prettier formats JSON. */
async function responseSchemasText() {
  const document = {
    $comment: `Generated by \`npm run openapi:schemas\` from ${SOURCE}; do not edit.`,
    schemas: toComponents(generate()),
  };
  const options = (await prettier.resolveConfig(path.join(root, OUTPUT))) ?? {};
  return prettier.format(JSON.stringify(document), { ...options, parser: 'json' });
}

async function main() {
  const check = process.argv.includes('--check');
  const text = await responseSchemasText();
  const file = path.join(root, OUTPUT);
  if (check) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current !== text) {
      process.stderr.write(
        `${OUTPUT} is not what the contract types give: run \`npm run openapi:schemas\`\n`,
      );
      process.exit(1);
    }
    return;
  }
  fs.writeFileSync(file, text);
  process.stderr.write(`wrote ${OUTPUT}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
