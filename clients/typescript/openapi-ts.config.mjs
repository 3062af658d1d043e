// `npm run generate` writes src/ from the gateway's checked-in document; src/ is checked in and must equal a fresh generation.
import { defineConfig } from '@hey-api/openapi-ts';

export default defineConfig({
  input: '../../openapi/gateway.v1.json',
  // '.js' imports: the compiled client runs as native ES modules in Node and in browsers, with no bundler.
  output: { path: 'src', clean: true, importFileExtension: '.js' },
  plugins: [
    { name: '@hey-api/client-fetch' },
    '@hey-api/typescript',
    { name: '@hey-api/sdk' },
  ],
});
