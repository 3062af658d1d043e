// Signs school JWTs (HS256) the way a school would, so that a load run authenticates like real clients.
// Usage: node sign-jwts.js <count> <sub prefix> <role> <room> > tokens.txt   (one JWT a line; sub = prefix-0001…)
'use strict'
const crypto = require('crypto')

const [count, prefix, role, room] = [Number(process.argv[2]), process.argv[3], process.argv[4], process.argv[5]]
const key = Buffer.from(process.env.AUTH_SIGNING_KEY, 'base64')
const now = Math.floor(Date.now() / 1000)
const encode = value => Buffer.from(JSON.stringify(value)).toString('base64url')
const header = encode({ alg: 'HS256', typ: 'JWT' })

const lines = []
for (let i = 1; i <= count; i++) {
    const sub = count === 1 ? prefix : `${prefix}-${String(i).padStart(4, '0')}`
    const payload = encode({
        iss: process.env.AUTH_ISSUER, aud: process.env.AUTH_AUDIENCE, sub, role: [role], rooms: [room],
        iat: now, nbf: now - 60, exp: now + 2 * 3600,
    })
    const signature = crypto.createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url')
    lines.push(`${header}.${payload}.${signature}`)
}
process.stdout.write(lines.join('\n') + '\n')
