// Render maths spans with KaTeX, the way a Markdown viewer does, and report the ones it refuses.
//
// Used by tests/render/test_markdown_tools.py, one node process per test:
//
//     node katex_check.js < {"katex": "/path/to/node_modules/katex", "spans": [{"tex": "...", "display": true}, ...]}
//
// prints {"version": "0.x.y", "failures": [{"index": 3, "error": "KaTeX parse error: ..."}, ...]}.
// Each span is rendered with throwOnError: true, so anything KaTeX cannot typeset
// is an error here rather than red text in the reader's browser.  Warnings of
// KaTeX's strict mode (LaTeX it accepts but LaTeX proper would not) are reported
// as well, with the prefix "strict:".
'use strict';

const fs = require('fs');

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const katex = require(input.katex);

const failures = [];
input.spans.forEach((span, index) => {
    const warnings = [];
    const strict = (code, message) => {
        warnings.push(`strict: ${code}: ${message}`);
        return 'ignore';
    };
    try {
        katex.renderToString(span.tex, {throwOnError: true, displayMode: Boolean(span.display), strict});
    } catch (error) {
        failures.push({index, error: String(error && error.message ? error.message : error)});
        return;
    }
    for (const warning of warnings) {
        failures.push({index, error: warning});
    }
});
process.stdout.write(JSON.stringify({version: katex.version, failures}));
