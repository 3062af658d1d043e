// The smallest useful join server on Agora's own library: POST /rooms/{roomUuid}/join?uid=… answers the launch options of
// the gateway's POST /api/v1/rooms/{roomUuid}/join for a student of a room it knows (JOIN_ROOM_NAME, JOIN_ROOM_TYPE), with
// a room-user token built by agora-token's EducationTokenBuilder. It is the reference of load case (c); it checks no
// sign-in and asks no one about the room. Usage: node join-server.js <port>
'use strict'
const http = require('http')
const path = require('path')
const { EducationTokenBuilder } = require(path.join(__dirname, '../../tests/oracle/node_modules/agora-token'))

// The sandbox project (src/Classroom.Agora/AgoraSandbox.cs), as the gateway under test uses it.
const appId = process.env.AGORA_APP_ID
const certificate = process.env.AGORA_APP_CERTIFICATE
const roomName = process.env.JOIN_ROOM_NAME
const roomType = Number(process.env.JOIN_ROOM_TYPE)
const lifetimeSeconds = 3600
const student = 2
const port = Number(process.argv[2] || 8096)

http.createServer((request, response) => {
    const url = new URL(request.url, 'http://localhost')
    const match = /^\/rooms\/([^/]+)\/join$/.exec(url.pathname)
    const uid = url.searchParams.get('uid')
    if (request.method !== 'POST' || !match || !uid) {
        response.writeHead(404).end()
        return
    }
    const roomUuid = decodeURIComponent(match[1])
    request.resume()
    request.on('end', () => {
        const now = Date.now()
        const token = EducationTokenBuilder.buildRoomUserToken(appId, certificate, roomUuid, uid, student, lifetimeSeconds)
        const data = {
            appId, region: 'CN', userUuid: uid, userName: uid, roomUuid, roomName, roomType, roleType: student,
            token, rtmToken: token, duration: lifetimeSeconds, language: 'en',
            expiresAt: new Date(now + lifetimeSeconds * 1000).toISOString(),
        }
        const body = JSON.stringify({ code: 0, msg: 'Success', ts: now, data })
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body)
    })
}).listen(port, '127.0.0.1')
