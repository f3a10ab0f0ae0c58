import CZeroMQ
import Foundation
import Synchronization

/// Settings of the kernel that are not the language's.
public struct KernelConfiguration: Sendable {
    /// `implementation` in `kernel_info_reply`.
    public var implementation: String
    /// `protocol_version` in `kernel_info_reply` (headers always carry
    /// `MessageHeader.protocolVersion`).
    public var protocolVersion: String
    /// Stack size of the interpreter thread, in bytes (a tree-walking interpreter recurses).
    public var interpreterStackSize: Int
    /// Seconds to wait for a running cell to notice a shutdown before exiting anyway.
    public var shutdownGracePeriod: TimeInterval
    /// Where `history_request` answers come from across restarts; nil keeps history in memory.
    public var historyFile: HistoryFile?

    public init(implementation: String = "factorize", protocolVersion: String = MessageHeader.protocolVersion,
                interpreterStackSize: Int = 64 << 20, shutdownGracePeriod: TimeInterval = 2,
                historyFile: HistoryFile? = HistoryFile.defaultLocation()) {
        self.implementation = implementation
        self.protocolVersion = protocolVersion
        self.interpreterStackSize = interpreterStackSize
        self.shutdownGracePeriod = shutdownGracePeriod
        self.historyFile = historyFile
    }
}

/// A Jupyter kernel serving one `KernelLanguage` over ZeroMQ.
///
/// Threads (DESIGN.md, "Threads"): the interpreter thread owns the shell and stdin sockets and
/// runs every language call; the control thread answers `kernel_info`, `interrupt` and
/// `shutdown` while a cell runs; the IOPub thread publishes everything; the heartbeat thread
/// echoes. Each ZeroMQ socket is used by one thread only.
///
/// ```swift
/// let kernel = try Kernel(connection: ConnectionInfo(contentsOf: path), language: EchoLanguage())
/// exit(kernel.run())
/// ```
public final class Kernel: @unchecked Sendable {
    let configuration: KernelConfiguration
    let language: KernelLanguage
    /// Read once at start-up so the control thread never calls into the language.
    let languageInfo: LanguageInfo
    let codec: WireCodec
    let session = MessageHeader.newID()

    private let context: ZMQContext
    let shell: RequestChannel
    let control: RequestChannel
    let iopub: IOPubChannel
    let stdin: StdinChannel
    private let heartbeat: Heartbeat

    /// The `In[n]` counter; touched by the interpreter thread only.
    var executionCount = 0
    /// Cells run with `store_history` (this and earlier sessions); touched by the interpreter
    /// thread only.
    var history: ExecutionHistory
    /// Shell requests that were already waiting when a cell failed with `stop_on_error`: taken
    /// off the socket before that cell's reply, answered after its idle. Touched by the
    /// interpreter thread only.
    var abortQueue: [[Data]] = []
    /// `restart` of the shutdown request that ended the kernel.
    let restartRequested = Atomic<Bool>(false)
    private let shellFinished = DispatchSemaphore(value: 0)

    /// Binds all five sockets.
    /// - Throws: `KernelError` for an unsupported signature scheme or a socket that cannot bind
    ///   (e.g. the port is taken).
    public init(connection: ConnectionInfo, language: KernelLanguage,
                configuration: KernelConfiguration = KernelConfiguration()) throws {
        self.configuration = configuration
        self.language = language
        self.languageInfo = language.info
        history = configuration.historyFile.map { ExecutionHistory(file: $0) } ?? ExecutionHistory()
        codec = WireCodec(signer: try MessageSigner(key: connection.key, scheme: connection.signatureScheme))
        context = try ZMQContext()

        let shellSocket = try ZMQSocket(context, kind: .router)
        let controlSocket = try ZMQSocket(context, kind: .router)
        let stdinSocket = try ZMQSocket(context, kind: .router)
        let iopubSocket = try ZMQSocket(context, kind: .xpub)
        let heartbeatSocket = try ZMQSocket(context, kind: .rep)
        // A reconnecting client with the same identity takes over its route (ipykernel does this).
        for socket in [shellSocket, controlSocket, stdinSocket] { try socket.setOption(ZMQ_ROUTER_HANDOVER, 1) }
        try shellSocket.bind(connection.endpoint(port: connection.shellPort))
        try controlSocket.bind(connection.endpoint(port: connection.controlPort))
        try stdinSocket.bind(connection.endpoint(port: connection.stdinPort))
        try iopubSocket.bind(connection.endpoint(port: connection.iopubPort))
        try heartbeatSocket.bind(connection.endpoint(port: connection.heartbeatPort))

        shell = RequestChannel(name: "shell", socket: shellSocket)
        control = RequestChannel(name: "control", socket: controlSocket)
        iopub = try IOPubChannel(socket: iopubSocket, codec: codec, session: session)
        stdin = StdinChannel(socket: stdinSocket, codec: codec, session: session)
        heartbeat = Heartbeat(socket: heartbeatSocket)
    }

    /// Serves until a `shutdown_request` or SIGTERM, then calls `language.shutdown(restart:)`
    /// on the interpreter thread and returns the process exit status (0).
    public func run() -> Int32 {
        Interrupts.installSignalHandlers()
        iopub.start()
        heartbeat.start()
        iopub.publishStatus("starting", parent: [:])
        KernelLog.info("kernel started (session \(session))")

        let controlThread = Thread { [self] in controlLoop() }
        controlThread.name = "control"
        controlThread.start()

        let interpreterThread = Thread { [self] in
            shellLoop()
            shellFinished.signal()
        }
        interpreterThread.name = "interpreter"
        interpreterThread.stackSize = configuration.interpreterStackSize
        interpreterThread.start()

        // Wait for the interpreter thread; once a shutdown is requested give a busy cell a
        // grace period to notice the interrupt, then leave anyway.
        var terminationSeen: Date?
        while shellFinished.wait(timeout: .now() + 0.1) == .timedOut {
            guard Interrupts.isTerminationRequested else { continue }
            let since = terminationSeen ?? Date()
            terminationSeen = since
            if Date().timeIntervalSince(since) > configuration.shutdownGracePeriod {
                KernelLog.error("the running cell did not stop; exiting without waiting for it")
                break
            }
        }
        heartbeat.stop()
        iopub.stop()
        KernelLog.info("kernel stopped")
        return 0
    }

    // MARK: - Loops

    /// The interpreter thread: receives shell requests and runs them, one at a time.
    private func shellLoop() {
        while !Interrupts.isTerminationRequested {
            guard let frames = shell.socket.receive(timeoutMilliseconds: 100) else { continue }
            handle(frames, on: shell)
            if !abortQueue.isEmpty {
                let queued = abortQueue
                abortQueue = []
                abortQueuedExecutes(queued)
            }
        }
        language.shutdown(restart: restartRequested.load(ordering: .relaxed))
    }

    /// The control thread: answers control requests while the interpreter is busy.
    private func controlLoop() {
        while !Interrupts.isTerminationRequested {
            guard let frames = control.socket.receive(timeoutMilliseconds: 100) else { continue }
            handle(frames, on: control)
        }
    }

    /// Decodes one received message and dispatches it; a malformed or badly signed message is
    /// logged and dropped.
    func handle(_ frames: [Data], on channel: RequestChannel) {
        let message: Message
        do {
            message = try codec.decode(frames)
        } catch {
            KernelLog.error("dropped a message on \(channel.name): \(error)")
            return
        }
        KernelLog.wire("recv", channel.name, message)
        dispatch(message, on: channel)
    }

    // MARK: - Replies

    /// Sends `<type>` on `channel` to the requester, with `request` as the parent. Everything
    /// queued on IOPub before (the request's busy, the cell's output) is sent first, so a client
    /// reading both channels sees busy → output → reply → idle.
    func reply(to request: Message, on channel: RequestChannel, type: String, content: JSONValue,
               metadata: JSONValue = [:]) {
        iopub.flush()
        let reply = Message(identities: request.identities, header: MessageHeader(session: session, msgType: type),
                            parentHeader: request.header.json, metadata: metadata, content: content)
        KernelLog.wire("send", channel.name, reply)
        channel.socket.send(codec.encode(reply))
    }
}

/// A request socket (shell or control) and its name for logs.
final class RequestChannel: @unchecked Sendable {
    let name: String
    let socket: ZMQSocket

    init(name: String, socket: ZMQSocket) {
        self.name = name
        self.socket = socket
    }
}
