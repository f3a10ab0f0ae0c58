import CZeroMQ
import Foundation

/// The IOPub channel: an XPUB socket owned by one publisher thread; other threads hand it
/// messages through a locked queue and a wake-up pipe.
///
/// - Stream text is coalesced: consecutive chunks of one stream for one request become one
///   `stream` message. Text after a quiet spell goes out at once; text within
///   `streamFlushInterval` (50 ms) of the previous stream message waits out the interval, so a
///   training log line reaches the frontend within ~50 ms (not at cell end) and a tight print
///   loop makes at most ~20 messages a second. Any other message, and `flush()`, send pending
///   text first, so order is kept.
/// - Each new subscriber is greeted with `iopub_welcome {subscription}` (protocol 5.5;
///   `ZMQ_XPUB_VERBOSE` makes ZeroMQ report every subscription, not only the first per topic).
final class IOPubChannel: @unchecked Sendable {
    /// How long stream text may wait to be coalesced.
    static let streamFlushInterval: TimeInterval = 0.05
    /// Pending stream text above this many bytes is sent at once.
    static let streamChunkLimit = 1 << 20

    private enum Item {
        case message(Message)
        case stream(KernelStream, String, parent: JSONValue)
        case flush(DispatchSemaphore)
        case stop(DispatchSemaphore)
    }

    private let socket: ZMQSocket
    private let codec: WireCodec
    private let session: String
    private let lock = NSLock()
    private var queue: [Item] = []
    private var wakeRead: Int32 = -1
    private var wakeWrite: Int32 = -1
    private var thread: Thread?

    init(socket: ZMQSocket, codec: WireCodec, session: String) throws {
        self.socket = socket
        self.codec = codec
        self.session = session
        try socket.setOption(ZMQ_XPUB_VERBOSE, 1)
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw KernelError.zeroMQ("pipe() failed for the IOPub wake-up") }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        _ = fcntl(wakeRead, F_SETFL, fcntl(wakeRead, F_GETFL) | O_NONBLOCK)
        _ = fcntl(wakeWrite, F_SETFL, fcntl(wakeWrite, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    /// Starts the publisher thread.
    func start() {
        let thread = Thread { [self] in self.loop() }
        thread.name = "iopub"
        self.thread = thread
        thread.start()
    }

    // MARK: Called from any thread

    /// Queues an IOPub message of `msgType` in reply to `parent` (a request header, or `{}`).
    func publish(_ msgType: String, content: JSONValue, parent: JSONValue = [:], metadata: JSONValue = [:]) {
        let header = MessageHeader(session: session, msgType: msgType)
        let topic = Data("kernel.\(session).\(msgType)".utf8)
        enqueue(.message(Message(identities: [topic], header: header, parentHeader: parent,
                                 metadata: metadata, content: content)))
    }

    /// Queues `status {execution_state}`.
    func publishStatus(_ state: String, parent: JSONValue) {
        publish("status", content: ["execution_state": .string(state)], parent: parent)
    }

    /// Queues stream text (coalesced, see the type's documentation).
    func stream(_ name: KernelStream, _ text: String, parent: JSONValue) {
        guard !text.isEmpty else { return }
        enqueue(.stream(name, text, parent: parent))
    }

    /// Blocks until everything queued before this call has been handed to ZeroMQ.
    func flush() {
        let done = DispatchSemaphore(value: 0)
        enqueue(.flush(done))
        if done.wait(timeout: .now() + 5) == .timedOut { KernelLog.error("IOPub flush timed out") }
    }

    /// Sends what is queued, then stops the thread (waits at most one second).
    func stop() {
        let done = DispatchSemaphore(value: 0)
        enqueue(.stop(done))
        _ = done.wait(timeout: .now() + 1)
    }

    private func enqueue(_ item: Item) {
        lock.lock()
        let wasEmpty = queue.isEmpty
        queue.append(item)
        lock.unlock()
        // The publisher takes the whole queue per wake-up, so only the first item needs one
        // (saves a syscall and a thread switch per printed line). A full pipe already wakes it.
        guard wasEmpty else { return }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    // MARK: The publisher thread

    /// Stream text waiting to be coalesced: chunks of one stream for one request.
    private struct PendingStream {
        var name: KernelStream
        var parent: JSONValue
        var chunks: [String]
        var byteCount: Int
    }

    private func loop() {
        var pending: PendingStream?
        // Leading edge: text arriving after a quiet spell goes out at once; text arriving
        // within `streamFlushInterval` of the last stream message waits for the interval.
        var lastStreamSent = Date.distantPast
        var deadline = Date.distantPast
        var running = true

        func sendPending() {
            guard let stream = pending else { return }
            pending = nil
            lastStreamSent = Date()
            let header = MessageHeader(session: session, msgType: "stream")
            send(Message(identities: [Data("stream.\(stream.name.rawValue)".utf8)], header: header,
                         parentHeader: stream.parent,
                         content: ["name": .string(stream.name.rawValue), "text": .string(stream.chunks.joined())]))
        }

        while running {
            var timeout = -1
            if pending != nil { timeout = max(0, Int((deadline.timeIntervalSinceNow * 1000).rounded(.up))) }
            let ready = ZMQPoll.wait(sockets: [socket], fds: [wakeRead], timeoutMilliseconds: timeout)
            if ready[0] { greetSubscribers() }
            if ready[1] { drainWakePipe() }

            lock.lock()
            let items = queue
            queue.removeAll(keepingCapacity: true)
            lock.unlock()

            for item in items {
                switch item {
                case .stream(let name, let text, let parent):
                    if pending?.name == name, pending?.parent == parent {
                        pending?.chunks.append(text)
                        pending?.byteCount += text.utf8.count
                    } else {
                        sendPending()
                        pending = PendingStream(name: name, parent: parent, chunks: [text], byteCount: text.utf8.count)
                        deadline = lastStreamSent.addingTimeInterval(Self.streamFlushInterval)
                    }
                    if let byteCount = pending?.byteCount, byteCount >= Self.streamChunkLimit { sendPending() }
                case .message(let message):
                    sendPending()
                    send(message)
                case .flush(let done):
                    sendPending()
                    done.signal()
                case .stop(let done):
                    sendPending()
                    running = false
                    done.signal()
                }
            }
            if pending != nil, deadline <= Date() { sendPending() }
        }
    }

    private func send(_ message: Message) {
        KernelLog.wire("send", "iopub", message)
        socket.send(codec.encode(message))
    }

    /// Reads subscription frames (first byte 1 = subscribe) and answers each subscribe with
    /// `iopub_welcome`, so a client knows its subscription is live (protocol 5.5).
    private func greetSubscribers() {
        while let frames = socket.receive(timeoutMilliseconds: 0) {
            guard let frame = frames.first, frame.first == 1 else { continue }
            let topic = String(decoding: frame.dropFirst(), as: UTF8.self)
            send(Message(identities: [Data("kernel.\(session).iopub_welcome".utf8)],
                         header: MessageHeader(session: session, msgType: "iopub_welcome"),
                         content: ["subscription": .string(topic)]))
        }
    }

    private func drainWakePipe() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(wakeRead, &buffer, buffer.count) > 0 {}
    }
}
