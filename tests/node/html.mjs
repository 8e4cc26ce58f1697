// Cucumber's HTML page from Cucumber Messages: node html.mjs RUN.ndjson PAGE.html
// (@cucumber/html-formatter has had no command of its own since version 19).
import { createReadStream, createWriteStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { CucumberHtmlStream } from '@cucumber/html-formatter'

const [input, output] = process.argv.slice(2)
async function* envelopes() {
  for await (const line of createInterface({ input: createReadStream(input) })) {
    if (line) yield JSON.parse(line)
  }
}
await pipeline(Readable.from(envelopes()), new CucumberHtmlStream(), createWriteStream(output))
