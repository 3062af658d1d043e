// Agora's own token library as a test oracle. Reads a JSON array of requests on stdin and writes a JSON
// array of answers, one per request, so that one process serves a whole test.
//   { op: 'build', appId, certificate, issueTs, salt, expire, services: [...] }  -> { token, inflatedHex }
//        services: { type: 'rtm', userId } | { type: 'rtc', channel, uid } | { type: 'chat', userId }
//                  | { type: 'apaas', roomUuid, userUuid, role }; each gets privilege (privilege ?? 1) = privilegeExpire ?? expire.
//   { op: 'buildRtmToken', appId, certificate, userId, expire }  -> { token }  (RtmTokenBuilder: clock, random salt)
//   { op: 'buildEducationToken', builder, kind, appId, certificate, roomUuid, userUuid, role, expire, issueTs?, salt? }
//        -> { token, inflatedHex }: builder 'EducationTokenBuilder' | 'ApaasTokenBuilder', kind 'roomUser' | 'user' | 'app';
//        the builder's own clock and random salt unless issueTs and salt pin them.
//   { op: 'inspect', token, certificate }  -> { parsed, verified, appId, issueTs, expire, salt, inflatedHex, services }
'use strict'
const zlib = require('zlib')
const agora = require('agora-token')
const { RtmTokenBuilder } = agora
const token2 = require('agora-token/src/AccessToken2')
const { AccessToken2 } = token2

const newService = spec => {
    switch (spec.type) {
        case 'rtm': return new token2.ServiceRtm(spec.userId)
        case 'rtc': return new token2.ServiceRtc(spec.channel, spec.uid)
        case 'chat': return new token2.ServiceChat(spec.userId)
        case 'apaas': return new token2.ServiceApaas(spec.roomUuid, spec.userUuid, spec.role)
        default: throw new Error(`unknown service type ${spec.type}`)
    }
}

const build = request => {
    const token = new AccessToken2(request.appId, request.certificate, request.issueTs, request.expire)
    // The constructor draws a random salt and treats issueTs 0 as "now": pin both.
    token.issueTs = request.issueTs
    token.salt = request.salt
    for (const spec of request.services) {
        const service = newService(spec)
        service.add_privilege(spec.privilege ?? 1, spec.privilegeExpire ?? request.expire)
        token.add_service(service)
    }
    const built = token.build()
    return { token: built, inflatedHex: inflatedHex(built) }
}

// Agora's builders construct their AccessToken2 with the clock and a random salt; pinning happens just before it signs.
const pinnedWhileBuilding = (issueTs, salt, build) => {
    if (issueTs === undefined || issueTs === null) {
        return build()
    }
    const sign = AccessToken2.prototype.build
    AccessToken2.prototype.build = function () {
        this.issueTs = issueTs
        this.salt = salt
        return sign.call(this)
    }
    try {
        return build()
    } finally {
        AccessToken2.prototype.build = sign
    }
}

const buildEducationToken = request => {
    const builder = agora[request.builder]
    const { appId, certificate, roomUuid, userUuid, role, expire } = request
    const token = pinnedWhileBuilding(request.issueTs, request.salt, () => {
        switch (request.kind) {
            case 'roomUser': return builder.buildRoomUserToken(appId, certificate, roomUuid, userUuid, role, expire)
            case 'user': return builder.buildUserToken(appId, certificate, userUuid, expire)
            case 'app': return builder.buildAppToken(appId, certificate, expire)
            default: throw new Error(`unknown education token kind ${request.kind}`)
        }
    })
    return { token, inflatedHex: inflatedHex(token) }
}

const inflatedHex = token => zlib.inflateSync(Buffer.from(token.substring(3), 'base64')).toString('hex')

const describeService = service => {
    const described = { type: service.service_type(), privileges: service.__privileges }
    for (const [field, name] of [['__user_id', 'userId'], ['__channel_name', 'channel'], ['__uid', 'uid'],
        ['__room_uuid', 'roomUuid'], ['__user_uuid', 'userUuid']]) {
        if (field in service) {
            described[name] = Buffer.from(service[field]).toString('utf8')
            described[`${name}Hex`] = Buffer.from(service[field]).toString('hex')
        }
    }
    if ('__role' in service) {
        // agora-token reads the int16 role unsigned: -1 comes back as 65535.
        described.role = (service.__role << 16) >> 16
    }
    return described
}

const inspect = request => {
    const parsed = new AccessToken2('', '', 0, 0)
    if (!parsed.from_string(request.token)) {
        return { parsed: false, verified: false }
    }
    return {
        parsed: true,
        verified: parsed.verifySignature(request.certificate),
        appId: parsed.appId.toString(),
        issueTs: parsed.issueTs,
        expire: parsed.expire,
        salt: parsed.salt,
        inflatedHex: inflatedHex(request.token),
        services: parsed.services.map(describeService),
    }
}

const answer = request => {
    switch (request.op) {
        case 'build': return build(request)
        case 'buildRtmToken':
            return { token: RtmTokenBuilder.buildToken(request.appId, request.certificate, request.userId, request.expire) }
        case 'buildEducationToken': return buildEducationToken(request)
        case 'inspect': return inspect(request)
        default: throw new Error(`unknown op ${request.op}`)
    }
}

let input = ''
process.stdin.setEncoding('utf8')
process.stdin.on('data', chunk => { input += chunk })
process.stdin.on('end', () => {
    process.stdout.write(JSON.stringify(JSON.parse(input).map(answer)))
})
