// Checks large allocations against the memory the machine has (DESIGN.md: Linux overcommits and
// Swift traps on a failed allocation, so a too-large request must fail before it is made).
import Foundation

/// Guards allocations: a request above the machine's available memory throws
/// `EngineError.outOfMemory` (Python `MemoryError`) instead of trapping.
public enum MemoryGuard {
    /// Requests below this many bytes are not checked (reading /proc costs a few microseconds).
    public static let uncheckedLimit = 64 << 20

    /// Bytes of memory available for new allocations: `MemAvailable` from `/proc/meminfo`
    /// (Linux), or the physical memory size where that file does not exist.
    public static func availableBytes() -> Int {
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
                let fields = line.split(separator: " ")
                if fields.count >= 2, let kib = Int(fields[1]) { return kib * 1024 }
            }
        }
        return Int(clamping: ProcessInfo.processInfo.physicalMemory)
    }

    /// Throws unless `count` elements of `elementSize` bytes can be allocated.
    /// - Throws: `EngineError.invalidArgument` for a negative count (or an overflowing size),
    ///   `EngineError.outOfMemory` when the request exceeds `availableBytes()`.
    public static func check(count: Int, elementSize: Int = MemoryLayout<Float>.stride) throws {
        guard count >= 0 else {
            throw EngineError.invalidArgument("negative dimensions are not allowed")
        }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: elementSize)
        if overflow {
            throw EngineError.outOfMemory(requestedBytes: Int.max, availableBytes: availableBytes())
        }
        if bytes < uncheckedLimit { return }
        let available = availableBytes()
        if bytes > available {
            throw EngineError.outOfMemory(requestedBytes: bytes, availableBytes: available)
        }
    }

    /// The element count of `shape`, checked: every dimension ≥ 0 and no overflow.
    /// - Throws: `EngineError.invalidArgument` for a negative dimension, `.outOfMemory` on overflow.
    public static func elementCount(of shape: [Int]) throws -> Int {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else {
                throw EngineError.invalidArgument("negative dimensions are not allowed")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            if overflow {
                throw EngineError.outOfMemory(requestedBytes: Int.max, availableBytes: availableBytes())
            }
            count = product
        }
        return count
    }
}
