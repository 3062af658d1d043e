// Validates Kubernetes manifests against Kubernetes' schemas (kubernetes-models): node validate.js FILE…
// Prints one line per object, "ok <file> <kind> <name>" or "error <file> <kind> <name>: <what>", and exits 1 on any error.
'use strict';
const fs = require('fs');
const YAML = require('yaml');

let failed = false;
for (const file of process.argv.slice(2)) {
  for (const document of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
    const object = document.toJS();
    if (!object) continue;
    const name = `${file} ${object.kind} ${object.metadata && object.metadata.name}`;
    try {
      if (document.errors.length > 0) throw new Error(document.errors.map(e => e.message).join('; '));
      const [group, version] = String(object.apiVersion).includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
      const model = require(`kubernetes-models/${group ? group + '/' : ''}${version}/${object.kind}`)[object.kind];
      new model(object).validate();
      console.log(`ok ${name}`);
    } catch (e) {
      failed = true;
      console.log(`error ${name}: ${e.message.replace(/\s+/g, ' ')}`);
    }
  }
}
process.exit(failed ? 1 : 0);
