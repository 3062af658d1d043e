// The smallest useful RTM token server on Agora's own library: POST /rtm-token?uid=… answers the same envelope as the
// gateway's POST /api/v1/rtm-token. It is the reference of load case (c). Usage: node token-server.js <port>
'use strict'
const http = require('http')
const path = require('path')
const { RtmTokenBuilder } = require(path.join(__dirname, '../../tests/oracle/node_modules/agora-token'))

// The sandbox project (src/Classroom.Agora/AgoraSandbox.cs), as the gateway under test uses it.
const appId = process.env.AGORA_APP_ID
const certificate = process.env.AGORA_APP_CERTIFICATE
const lifetimeSeconds = 3600
const port = Number(process.argv[2] || 8095)

http.createServer((request, response) => {
    const url = new URL(request.url, 'http://localhost')
    const uid = url.searchParams.get('uid')
    if (request.method !== 'POST' || url.pathname !== '/rtm-token' || !uid) {
        response.writeHead(404).end()
        return
    }
    request.resume()
    request.on('end', () => {
        const now = Date.now()
        const token = RtmTokenBuilder.buildToken(appId, certificate, uid, lifetimeSeconds)
        const expiresAt = new Date(now + lifetimeSeconds * 1000).toISOString()
        const body = JSON.stringify({ code: 0, msg: 'Success', ts: now, data: { appId, uid, token, expiresAt } })
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body)
    })
}).listen(port, '127.0.0.1')
