import Foundation

/// The stdin channel: a ROUTER socket used by the interpreter thread only, to send
/// `input_request` and wait for `input_reply`.
final class StdinChannel: @unchecked Sendable {
    private let socket: ZMQSocket
    private let codec: WireCodec
    private let session: String

    init(socket: ZMQSocket, codec: WireCodec, session: String) {
        self.socket = socket
        self.codec = codec
        self.session = session
    }

    /// Asks the frontend for a line and waits for it. `identities` are those of the shell
    /// request (the client's stdin and shell sockets share one identity).
    /// - Throws: `KernelInputError.interrupted` / `.shutdown` when an interrupt or a shutdown
    ///   arrives while waiting.
    func requestInput(prompt: String, password: Bool, parent: JSONValue, identities: [Data]) throws -> String {
        // Drop stale replies from an earlier, abandoned request.
        while socket.receive(timeoutMilliseconds: 0) != nil {}
        let request = Message(identities: identities, header: MessageHeader(session: session, msgType: "input_request"),
                              parentHeader: parent, content: ["prompt": .string(prompt), "password": .bool(password)])
        KernelLog.wire("send", "stdin", request)
        socket.send(codec.encode(request))
        while true {
            if Interrupts.isTerminationRequested { throw KernelInputError.shutdown }
            if Interrupts.takeInterrupt() { throw KernelInputError.interrupted }
            guard let frames = socket.receive(timeoutMilliseconds: 100) else { continue }
            do {
                let reply = try codec.decode(frames)
                KernelLog.wire("recv", "stdin", reply)
                guard reply.msgType == "input_reply" else {
                    KernelLog.info("ignoring \(reply.msgType) on stdin")
                    continue
                }
                return reply.content["value"]?.stringValue ?? ""
            } catch {
                KernelLog.error("dropped a stdin message: \(error)")
            }
        }
    }
}

/// The `KernelOutput` of one execute request: publishes on IOPub with the request as parent.
/// Used on the interpreter thread only. A silent request publishes nothing.
final class CellOutput: KernelOutput {
    private let iopub: IOPubChannel
    private let stdin: StdinChannel
    private let request: Message
    private let silent: Bool
    private let allowStdin: Bool

    init(iopub: IOPubChannel, stdin: StdinChannel, request: Message, silent: Bool, allowStdin: Bool) {
        self.iopub = iopub
        self.stdin = stdin
        self.request = request
        self.silent = silent
        self.allowStdin = allowStdin
    }

    private var parent: JSONValue { request.header.json }

    func stream(_ name: KernelStream, _ text: String) {
        guard !silent else { return }
        iopub.stream(name, text, parent: parent)
    }

    func display(_ bundle: MIMEBundle, displayID: String?, update: Bool) {
        guard !silent else { return }
        var content: [String: JSONValue] = ["data": .object(bundle.data), "metadata": .object(bundle.metadata)]
        if let displayID {
            content["transient"] = ["display_id": .string(displayID)]
        }
        // update_display_data without an id would update nothing; send it as a new display.
        let type = update && displayID != nil ? "update_display_data" : "display_data"
        iopub.publish(type, content: .object(content), parent: parent)
    }

    func clearOutput(wait: Bool) {
        guard !silent else { return }
        iopub.publish("clear_output", content: ["wait": .bool(wait)], parent: parent)
    }

    func requestInput(prompt: String, password: Bool) throws -> String {
        guard allowStdin else { throw KernelInputError.notAllowed }
        // Earlier output first, so the prompt appears below it.
        iopub.flush()
        return try stdin.requestInput(prompt: prompt, password: password, parent: parent,
                                      identities: request.identities)
    }

    func takeInterrupt() -> Bool {
        Interrupts.takeInterrupt()
    }

    /// The `payload` entries of the reply, in the order the cell asked for them.
    private(set) var payloads: [JSONValue] = []

    func page(_ bundle: MIMEBundle, start: Int) {
        guard !silent else { return }
        payloads.append(["source": "page", "data": .object(bundle.data), "start": .int(max(0, start))])
    }
}
