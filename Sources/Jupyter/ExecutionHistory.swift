import Foundation

/// The inputs (and `text/plain` results) of the cells run with `store_history`, answering
/// `history_request` the way IPython's history manager does for the current session. Nothing is
/// saved across kernel restarts; the current session is numbered 1.
public struct ExecutionHistory: Equatable, Sendable {
    /// One stored cell.
    public struct Entry: Equatable, Sendable {
        /// The execution count (`In[line]`).
        public var line: Int
        public var input: String
        /// The `text/plain` of the cell's `execute_result`, if any.
        public var output: String?

        public init(line: Int, input: String, output: String? = nil) {
            self.line = line
            self.input = input
            self.output = output
        }
    }

    /// The number of the current (only) session.
    public static let session = 1

    public private(set) var entries: [Entry] = []

    public init() {}

    /// Records a cell.
    public mutating func append(_ entry: Entry) { entries.append(entry) }

    /// The last `n` entries (`hist_access_type: "tail"`).
    public func tail(_ n: Int) -> [Entry] {
        Array(entries.suffix(max(0, n)))
    }

    /// Lines `start..<stop` of `session` (`"range"`); `stop` nil runs to the end. Session 0, a
    /// negative (relative) session and `ExecutionHistory.session` all mean this session;
    /// others have no entries.
    public func range(session: Int, start: Int, stop: Int?) -> [Entry] {
        guard session <= 0 || session == Self.session else { return [] }
        return entries.filter { entry in entry.line >= start && (stop.map { entry.line < $0 } ?? true) }
    }

    /// Entries whose input matches the glob `pattern` (`"search"`; `*`, `?`, `[…]` as in
    /// IPython's SQLite GLOB), the most recent `n` (all when nil); `unique` keeps only the latest
    /// of equal inputs.
    public func search(pattern: String, n: Int?, unique: Bool) -> [Entry] {
        var matches = entries.filter { fnmatch(pattern, $0.input, 0) == 0 }
        if unique {
            var seen = Set<String>()
            matches = matches.reversed().filter { seen.insert($0.input).inserted }.reversed()
        }
        if let n { matches = Array(matches.suffix(max(0, n))) }
        return matches
    }

    /// The entries requested by a `history_request` content, as `history_reply`'s `history`:
    /// `[session, line, input]`, or `[session, line, [input, output]]` when `output` is true.
    public func reply(to content: JSONValue) -> JSONValue {
        let selected: [Entry]
        switch content["hist_access_type"]?.stringValue ?? "tail" {
        case "range":
            selected = range(session: content["session"]?.intValue ?? 0, start: content["start"]?.intValue ?? 0,
                             stop: content["stop"]?.intValue)
        case "search":
            selected = search(pattern: content["pattern"]?.stringValue ?? "*", n: content["n"]?.intValue,
                              unique: content["unique"]?.boolValue ?? false)
        default:
            selected = tail(content["n"]?.intValue ?? 10)
        }
        let withOutput = content["output"]?.boolValue ?? false
        return .array(selected.map { entry in
            let input: JSONValue = withOutput ? [.string(entry.input), entry.output.map { .string($0) } ?? .null]
                                              : .string(entry.input)
            return [.int(Self.session), .int(entry.line), input]
        })
    }
}
