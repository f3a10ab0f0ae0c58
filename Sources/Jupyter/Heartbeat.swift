import Foundation
import Synchronization

/// The heartbeat channel: a REP socket on its own thread that echoes every message unchanged
/// (not a Jupyter message; the client's REQ sends a ping and waits for the same bytes).
final class Heartbeat: @unchecked Sendable {
    private let socket: ZMQSocket
    private let stopped = Atomic<Bool>(false)

    init(socket: ZMQSocket) {
        self.socket = socket
    }

    /// Starts echoing on a new thread.
    func start() {
        let thread = Thread { [self] in
            while !stopped.load(ordering: .relaxed) {
                // Wake every 200 ms to notice `stop()`.
                guard let frames = socket.receive(timeoutMilliseconds: 200) else { continue }
                socket.send(frames)
            }
        }
        thread.name = "heartbeat"
        thread.start()
    }

    /// Ends the echo loop within ~200 ms.
    func stop() {
        stopped.store(true, ordering: .relaxed)
    }
}
