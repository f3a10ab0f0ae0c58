import Foundation

/// Diagnostics on the kernel's stderr (Jupyter shows a kernel's stderr in the server's terminal,
/// never in a cell). Set `FACTORIZE_LOG_WIRE=1` to log every message received and sent.
public enum KernelLog {
    /// Whether every wire message is logged (`FACTORIZE_LOG_WIRE=1`).
    public static let logsWire: Bool = ProcessInfo.processInfo.environment["FACTORIZE_LOG_WIRE"] == "1"

    /// Logs a problem that the kernel survives (dropped message, failed handler).
    public static func error(_ text: String) { write("error: \(text)") }

    /// Logs a notable event (start-up, shutdown, unknown message type).
    public static func info(_ text: String) { write(text) }

    /// Logs a wire message when `FACTORIZE_LOG_WIRE=1`.
    static func wire(_ direction: String, _ channel: String, _ message: @autoclosure () -> Message) {
        guard logsWire else { return }
        let message = message()
        write("\(direction) \(channel) \(message.msgType) content=\(message.content.jsonText.prefix(300))")
    }

    private static func write(_ line: String) {
        // One write(2) per line, so lines from different threads do not interleave.
        let data = Data("[factorize] \(line)\n".utf8)
        data.withUnsafeBytes { bytes in _ = Foundation.write(2, bytes.baseAddress, bytes.count) }
    }
}
