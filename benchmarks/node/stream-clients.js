// Holds one room stream open per JWT and times each event from the moment it entered the log to its arrival.
// Usage: node stream-clients.js <stream URL> <jwts file> <events expected> <seconds to wait for them>
// Prints "ready <n>" once every stream has its opening ping (the script then produces the events), then one JSON line:
// per delivery and per event's last stream, p50/p99/max in ms. An event's time in the log is its SSE id: the
// cursor is the Redis stream entry id "<ms>-<seq>" in base64url, and Redis runs on this machine's clock.
'use strict'
const http = require('http')
const fs = require('fs')

const [url, jwtsFile, expected, waitSeconds] = [process.argv[2], process.argv[3], Number(process.argv[4]), Number(process.argv[5])]
const jwts = fs.readFileSync(jwtsFile, 'utf8').split('\n').filter(Boolean)
const opening = 200 // streams being opened at once

const latencies = []                 // every delivery, ms
const lastArrival = new Map()        // event id -> { logged, last, count }
let opened = 0, failed = 0, ended = 0

function loggedAt(id) {
    return Number(Buffer.from(id, 'base64url').toString('ascii').split('-')[0])
}

function received(id) {
    const now = Date.now()
    const logged = loggedAt(id)
    latencies.push(now - logged)
    const event = lastArrival.get(id) || { logged, last: 0, count: 0 }
    event.last = Math.max(event.last, now)
    event.count++
    lastArrival.set(id, event)
}

function open(jwt) {
    return new Promise(resolve => {
        const request = http.get(url, { agent: false, headers: { authorization: `Bearer ${jwt}`, accept: 'text/event-stream' } }, response => {
            if (response.statusCode !== 200) {
                failed++
                response.resume()
                return resolve()
            }
            let buffer = '', pinged = false, id = null, isEvent = false
            response.setEncoding('utf8')
            response.on('data', chunk => {
                buffer += chunk
                let end
                while ((end = buffer.indexOf('\n')) >= 0) {
                    const line = buffer.slice(0, end).replace(/\r$/, '')
                    buffer = buffer.slice(end + 1)
                    if (line.startsWith('event: ')) {
                        isEvent = line !== 'event: ping'
                        if (!pinged && !isEvent) { pinged = true; opened++; resolve() }
                    } else if (line.startsWith('id: ')) {
                        id = line.slice(4)
                    } else if (line === '') {
                        if (isEvent && id) received(id)
                        id = null; isEvent = false
                    }
                }
            })
            response.on('end', () => { ended++; if (!pinged) { failed++; resolve() } })
        })
        request.on('error', () => { failed++; resolve() })
    })
}

function percentile(sorted, p) {
    return sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)]
}

async function main() {
    for (let i = 0; i < jwts.length; i += opening) {
        await Promise.all(jwts.slice(i, i + opening).map(open))
    }
    console.log(`ready ${opened} ${failed}`)
    const deadline = Date.now() + waitSeconds * 1000
    while (Date.now() < deadline && (lastArrival.size < expected || [...lastArrival.values()].some(e => e.count < opened))) {
        await new Promise(r => setTimeout(r, 200))
    }
    const deliveries = latencies.slice().sort((a, b) => a - b)
    const lasts = [...lastArrival.values()].map(e => e.last - e.logged).sort((a, b) => a - b)
    console.log(JSON.stringify({
        streams: opened, failedToOpen: failed, endedEarly: ended, events: lastArrival.size,
        deliveries: latencies.length, incompleteEvents: [...lastArrival.values()].filter(e => e.count < opened).length,
        deliveryMs: { p50: percentile(deliveries, 50), p99: percentile(deliveries, 99), max: deliveries.at(-1) ?? null },
        lastStreamMs: { p50: percentile(lasts, 50), p99: percentile(lasts, 99), max: lasts.at(-1) ?? null },
    }))
    process.exit(0)
}

main()
