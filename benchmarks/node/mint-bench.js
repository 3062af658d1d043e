// Tokens per second of agora-token's RtmTokenBuilder.buildToken, the reference the .NET figures are compared with.
// Usage: node mint-bench.js [seconds]   (pin it to one core with taskset -c 0)
'use strict'
const path = require('path')
const { RtmTokenBuilder } = require(path.join(__dirname, '../../tests/oracle/node_modules/agora-token'))

// The same inputs as the .NET benchmark (benchmarks/Classroom.Benchmarks/TokenBenchmarks.cs).
const appId = '970CA35de60c44645bbae8a215061b33'
const certificate = '5CFd2fd1755d40ecb72977518be15d3b'
const userId = 'teacher-0042@school.example'
const expireSeconds = 3600

const seconds = Number(process.argv[2] || 10)
const mint = count => {
    let length = 0
    for (let i = 0; i < count; i++) {
        length += RtmTokenBuilder.buildToken(appId, certificate, userId, expireSeconds).length
    }
    return length
}

mint(20000) // warm-up: let the JIT settle before timing
let minted = 0
const start = process.hrtime.bigint()
let elapsed = 0
while (elapsed < seconds) {
    mint(5000)
    minted += 5000
    elapsed = Number(process.hrtime.bigint() - start) / 1e9
}
const rate = minted / elapsed
console.log(JSON.stringify({ runtime: `node ${process.version}`, tokens: minted, seconds: elapsed, tokensPerSecond: Math.round(rate), microsecondsPerToken: 1e6 / rate }))
