import Foundation

/// The header of a Jupyter message ("Messaging in Jupyter", *General Message Format*).
public struct MessageHeader: Equatable, Sendable {
    /// The protocol version this kernel writes into every header it sends.
    public static let protocolVersion = "5.3"

    public var msgID: String
    public var session: String
    public var username: String
    /// ISO 8601 time, e.g. `2026-11-30T00:35:16.123456Z`.
    public var date: String
    public var msgType: String
    public var version: String
    /// Fields we do not model (e.g. `subshell_id`), kept so a parent header echoes unchanged.
    public var extra: [String: JSONValue]

    public init(msgID: String = MessageHeader.newID(), session: String, username: String = "kernel",
                date: String = MessageHeader.now(), msgType: String,
                version: String = MessageHeader.protocolVersion, extra: [String: JSONValue] = [:]) {
        self.msgID = msgID
        self.session = session
        self.username = username
        self.date = date
        self.msgType = msgType
        self.version = version
        self.extra = extra
    }

    /// Reads a header object. `msg_id` and `msg_type` must be strings; the other fields default
    /// to `""` when missing.
    /// - Throws: `WireError.invalidHeader` otherwise.
    public init(json: JSONValue) throws {
        guard var members = json.objectValue else { throw WireError.invalidHeader("not a JSON object") }
        guard let msgID = members.removeValue(forKey: "msg_id")?.stringValue else {
            throw WireError.invalidHeader("missing msg_id")
        }
        guard let msgType = members.removeValue(forKey: "msg_type")?.stringValue else {
            throw WireError.invalidHeader("missing msg_type")
        }
        self.msgID = msgID
        self.msgType = msgType
        session = members.removeValue(forKey: "session")?.stringValue ?? ""
        username = members.removeValue(forKey: "username")?.stringValue ?? ""
        date = members.removeValue(forKey: "date")?.stringValue ?? ""
        version = members.removeValue(forKey: "version")?.stringValue ?? ""
        extra = members
    }

    /// The header as a JSON object.
    public var json: JSONValue {
        var members = extra
        members["msg_id"] = .string(msgID)
        members["session"] = .string(session)
        members["username"] = .string(username)
        members["date"] = .string(date)
        members["msg_type"] = .string(msgType)
        members["version"] = .string(version)
        return .object(members)
    }

    /// A fresh lowercase UUID string.
    public static func newID() -> String { UUID().uuidString.lowercased() }

    /// The current UTC time as ISO 8601 with microseconds and `Z`.
    public static func now() -> String {
        var time = timeval()
        gettimeofday(&time, nil)
        var seconds = time.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))."
            + "\(pad(Int32(time.tv_usec), 6))Z"
    }
}

/// One Jupyter message: the routing prefix, the four JSON parts and optional binary buffers.
public struct Message: Equatable, Sendable {
    /// ROUTER identities (requests and their replies) or the single topic frame (IOPub).
    public var identities: [Data]
    public var header: MessageHeader
    /// The header of the request this message answers; `{}` when none.
    public var parentHeader: JSONValue
    public var metadata: JSONValue
    public var content: JSONValue
    /// Raw binary frames after the content (not signed).
    public var buffers: [Data]

    public init(identities: [Data] = [], header: MessageHeader, parentHeader: JSONValue = [:],
                metadata: JSONValue = [:], content: JSONValue = [:], buffers: [Data] = []) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    /// `header.msgType`.
    public var msgType: String { header.msgType }
}

/// Why received frames were not a valid message. The kernel logs these and drops the message.
public enum WireError: Error, Equatable, CustomStringConvertible {
    /// No `<IDS|MSG>` delimiter frame.
    case missingDelimiter
    /// Fewer than the signature and four JSON frames after the delimiter.
    case missingFrames(found: Int)
    /// The HMAC does not match.
    case badSignature
    /// A JSON frame does not parse; the string names the frame.
    case invalidJSON(String)
    /// The header lacks required fields.
    case invalidHeader(String)

    public var description: String {
        switch self {
        case .missingDelimiter: return "no <IDS|MSG> delimiter"
        case .missingFrames(let found): return "expected 5 frames after <IDS|MSG>, found \(found)"
        case .badSignature: return "signature does not verify"
        case .invalidJSON(let frame): return "invalid JSON in the \(frame) frame"
        case .invalidHeader(let why): return "invalid header: \(why)"
        }
    }
}

/// Converts messages to and from ZeroMQ multipart frames:
/// `[identities…, "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers…]`.
public struct WireCodec: Sendable {
    /// The delimiter between the routing prefix and the message.
    public static let delimiter = Data("<IDS|MSG>".utf8)

    public let signer: MessageSigner

    public init(signer: MessageSigner) {
        self.signer = signer
    }

    /// The frames of `message`, signed.
    public func encode(_ message: Message) -> [Data] {
        let parts = [message.header.json.serialized(), message.parentHeader.serialized(),
                     message.metadata.serialized(), message.content.serialized()]
        var frames = message.identities
        frames.reserveCapacity(frames.count + 6 + message.buffers.count)
        frames.append(Self.delimiter)
        frames.append(Data(signer.signature(of: parts).utf8))
        frames.append(contentsOf: parts)
        frames.append(contentsOf: message.buffers)
        return frames
    }

    /// Reads received frames. The signature is checked over the JSON frames exactly as received.
    /// - Throws: `WireError` for a missing delimiter, missing frames, a bad signature, invalid
    ///   JSON, or a header without `msg_id`/`msg_type`.
    public func decode(_ frames: [Data]) throws -> Message {
        guard let split = frames.firstIndex(of: Self.delimiter) else { throw WireError.missingDelimiter }
        let rest = frames[(split + 1)...]
        guard rest.count >= 5 else { throw WireError.missingFrames(found: rest.count) }
        let signature = rest[rest.startIndex]
        let parts = Array(rest[(rest.startIndex + 1)..<(rest.startIndex + 5)])
        guard signer.verify(signature: signature, frames: parts) else { throw WireError.badSignature }
        let names = ["header", "parent_header", "metadata", "content"]
        var values: [JSONValue] = []
        for (part, name) in zip(parts, names) {
            guard let value = try? JSONValue(parsing: part), value.objectValue != nil else {
                throw WireError.invalidJSON(name)
            }
            values.append(value)
        }
        return Message(identities: Array(frames[..<split]), header: try MessageHeader(json: values[0]),
                       parentHeader: values[1], metadata: values[2], content: values[3],
                       buffers: Array(rest.dropFirst(5)))
    }
}
