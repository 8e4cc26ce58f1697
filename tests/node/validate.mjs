// A bundled schema of the kit, compiled by ajv as any user would (strict, no schema registered
// but the one given), and each instance checked: node validate.mjs SCHEMA.json INSTANCE.json...
// Prints one JSON line per instance: its path, whether it is valid, ajv's first error.
import Ajv2020 from "ajv/dist/2020.js"
import addFormats from "ajv-formats"
import { readFileSync } from "node:fs"

const [schema, ...instances] = process.argv.slice(2)
const ajv = new Ajv2020({ allErrors: true })
addFormats(ajv)
const validate = ajv.compile(JSON.parse(readFileSync(schema, "utf8")))
for (const path of instances) {
  const valid = validate(JSON.parse(readFileSync(path, "utf8")))
  console.log(JSON.stringify({ path, valid, error: valid ? null : validate.errors[0] }))
}
