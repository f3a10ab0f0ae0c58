import CZeroMQ
import Foundation

/// A ZeroMQ context (libzmq 4.3). One per kernel process.
final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    init() throws {
        guard let handle = zmq_ctx_new() else { throw KernelError.zeroMQ("zmq_ctx_new: \(zmqError())") }
        self.handle = handle
    }

    deinit { zmq_ctx_term(handle) }
}

/// The message of the last failed ZeroMQ call on this thread.
func zmqError() -> String {
    String(cString: zmq_strerror(zmq_errno()))
}

/// One ZeroMQ socket. A socket is used by one thread only (the one whose loop owns it); it is
/// created on the main thread and handed over when that thread starts, which ZeroMQ allows
/// ("a socket may migrate between threads with a full memory barrier").
final class ZMQSocket: @unchecked Sendable {
    enum Kind {
        case router, xpub, rep

        var rawValue: Int32 {
            switch self {
            case .router: return ZMQ_ROUTER
            case .xpub: return ZMQ_XPUB
            case .rep: return ZMQ_REP
            }
        }
    }

    let handle: UnsafeMutableRawPointer
    private let context: ZMQContext

    init(_ context: ZMQContext, kind: Kind) throws {
        guard let handle = zmq_socket(context.handle, kind.rawValue) else {
            throw KernelError.zeroMQ("zmq_socket: \(zmqError())")
        }
        self.handle = handle
        self.context = context
        try setOption(ZMQ_LINGER, 0)
    }

    deinit { zmq_close(handle) }

    /// Sets an integer socket option (`zmq_setsockopt`).
    func setOption(_ option: Int32, _ value: Int32) throws {
        var value = value
        guard zmq_setsockopt(handle, option, &value, MemoryLayout<Int32>.size) == 0 else {
            throw KernelError.zeroMQ("zmq_setsockopt(\(option)): \(zmqError())")
        }
    }

    /// Binds to `endpoint` (`tcp://…` or `ipc://…`).
    func bind(_ endpoint: String) throws {
        guard zmq_bind(handle, endpoint) == 0 else {
            throw KernelError.zeroMQ("cannot bind \(endpoint): \(zmqError())")
        }
    }

    /// Sends `frames` as one multipart message. Returns false when ZeroMQ refused (logged).
    @discardableResult
    func send(_ frames: [Data]) -> Bool {
        for (index, frame) in frames.enumerated() {
            let flags: Int32 = index < frames.count - 1 ? ZMQ_SNDMORE : 0
            var rc: Int32
            repeat {
                rc = frame.withUnsafeBytes { bytes in
                    Int32(zmq_send(handle, bytes.baseAddress, bytes.count, flags))
                }
            } while rc < 0 && zmq_errno() == EINTR
            if rc < 0 {
                KernelLog.error("zmq_send failed: \(zmqError())")
                return false
            }
        }
        return true
    }

    /// Receives one multipart message, waiting at most `timeoutMilliseconds` (−1: forever).
    /// Returns nil on time-out, or when the call was interrupted by a signal.
    func receive(timeoutMilliseconds: Int = -1) -> [Data]? {
        if timeoutMilliseconds >= 0 {
            guard ZMQPoll.wait(sockets: [self], timeoutMilliseconds: timeoutMilliseconds).first == true else {
                return nil
            }
        }
        var frames: [Data] = []
        while true {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            var rc: Int32
            repeat {
                rc = zmq_msg_recv(&message, handle, 0)
            } while rc < 0 && zmq_errno() == EINTR
            if rc < 0 {
                KernelLog.error("zmq_msg_recv failed: \(zmqError())")
                return nil
            }
            let size = zmq_msg_size(&message)
            if let data = zmq_msg_data(&message), size > 0 {
                frames.append(Data(bytes: data, count: size))
            } else {
                frames.append(Data())
            }
            if zmq_msg_more(&message) == 0 { break }
        }
        return frames
    }
}

/// `zmq_poll` over sockets and plain file descriptors.
enum ZMQPoll {
    /// Waits until one of `sockets` or `fds` is readable or the time-out passes.
    /// - Returns: one Bool per socket, then one per fd: readable or not. All false on time-out
    ///   or when a signal interrupted the wait (callers loop).
    static func wait(sockets: [ZMQSocket], fds: [Int32] = [], timeoutMilliseconds: Int) -> [Bool] {
        var items: [zmq_pollitem_t] = sockets.map {
            zmq_pollitem_t(socket: $0.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        }
        items += fds.map { zmq_pollitem_t(socket: nil, fd: $0, events: Int16(ZMQ_POLLIN), revents: 0) }
        let rc = zmq_poll(&items, Int32(items.count), timeoutMilliseconds)
        guard rc > 0 else { return Array(repeating: false, count: items.count) }
        return items.map { $0.revents & Int16(ZMQ_POLLIN) != 0 }
    }
}
