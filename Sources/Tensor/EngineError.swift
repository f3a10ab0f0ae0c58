// The one error type of the engine (Tensor, Graph, Learn).

/// An error raised by the numerical engine: a user's mistake (bad shape, bad index, bad
/// argument), a refused allocation, or an interrupted training run.
///
/// Every case has a readable `description`; `pythonExceptionName` tells the scripting layer
/// which Python exception it becomes.
public enum EngineError: Error, CustomStringConvertible, Equatable, Sendable {
    /// An index outside `0..<bound`, e.g. an embedding index ≥ `input_dim`. Python `IndexError`.
    case indexOutOfRange(layer: String, index: Int, bound: Int)
    /// Any other index outside its bounds (a tensor element, a class label). Python `IndexError`.
    case indexOutOfBounds(String)
    /// Shapes that do not fit together. Python `ValueError`.
    case shapeMismatch(String)
    /// An invalid argument or configuration (unknown optimizer, negative size…). Python `ValueError`.
    case invalidArgument(String)
    /// A name that is not known (argument, parameter, metric). Python `KeyError`.
    case unknownName(String)
    /// An allocation larger than the memory the machine has available. Python `MemoryError`.
    case outOfMemory(requestedBytes: Int, availableBytes: Int)
    /// Training stopped between two batches because an interrupt was requested.
    /// Python `KeyboardInterrupt`.
    case interrupted

    public var description: String {
        switch self {
        case let .indexOutOfRange(layer, index, bound):
            return "\(layer): index \(index) is out of range for input_dim \(bound)"
        case let .shapeMismatch(message), let .invalidArgument(message), let .indexOutOfBounds(message):
            return message
        case let .unknownName(name):
            return name
        case let .outOfMemory(requested, available):
            return "cannot allocate \(Self.formatBytes(requested)): only \(Self.formatBytes(available)) of memory is available"
        case .interrupted:
            return "training interrupted"
        }
    }

    /// The Python exception class this error maps to: `IndexError`, `ValueError`, `KeyError`,
    /// `MemoryError` or `KeyboardInterrupt`.
    public var pythonExceptionName: String {
        switch self {
        case .indexOutOfRange, .indexOutOfBounds: return "IndexError"
        case .shapeMismatch, .invalidArgument: return "ValueError"
        case .unknownName: return "KeyError"
        case .outOfMemory: return "MemoryError"
        case .interrupted: return "KeyboardInterrupt"
        }
    }

    static func formatBytes(_ bytes: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) bytes" }
        let rounded = (value * 10).rounded() / 10
        return "\(rounded) \(units[unit])"
    }
}
