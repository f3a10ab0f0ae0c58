import Foundation

/// The inputs (and `text/plain` results) of the cells run with `store_history`, answering
/// `history_request` the way IPython's history manager does, across kernel sessions.
///
/// Sessions are numbered absolutely (1, 2, …), as IPython's SQLite history numbers them; a
/// request's session 0 means the current one and a negative session counts back from it
/// (IPython's relative sessions). With a `HistoryFile` every cell is saved as it is recorded
/// and a new kernel continues the numbering, so `tail` and `search` see earlier sessions too.
public struct ExecutionHistory: Equatable, Sendable {
    /// One stored cell.
    public struct Entry: Equatable, Sendable {
        /// The session the cell ran in (absolute; 0 = "the current session" when appending).
        public var session: Int
        /// The execution count (`In[line]`).
        public var line: Int
        public var input: String
        /// The `text/plain` of the cell's `execute_result`, if any.
        public var output: String?

        public init(line: Int, input: String, output: String? = nil, session: Int = 0) {
            self.session = session
            self.line = line
            self.input = input
            self.output = output
        }
    }

    /// The number of the current session (1 for an in-memory history).
    public let session: Int
    /// Every entry, oldest first: earlier sessions' (from the file) then this one's.
    public private(set) var entries: [Entry]
    /// Where entries are saved, or nil (in memory only).
    public let file: HistoryFile?

    /// An in-memory history: session 1, nothing saved.
    public init() {
        session = 1
        entries = []
        file = nil
    }

    /// A history kept in `file`: loads the earlier sessions and claims the next session number.
    /// A missing or unreadable file starts empty (a corrupt file is logged and replaced).
    public init(file: HistoryFile) {
        let claimed = file.claimSession()
        session = claimed.session
        entries = claimed.entries
        self.file = file
    }

    /// Records a cell of the current session (and saves it when there is a file).
    public mutating func append(_ entry: Entry) {
        var entry = entry
        if entry.session <= 0 { entry.session = session }
        entries.append(entry)
        file?.append(entry)
        if entries.count > HistoryFile.maximumEntries { entries.removeFirst(entries.count - HistoryFile.maximumEntries) }
    }

    /// The last `n` entries of all sessions (`hist_access_type: "tail"`).
    public func tail(_ n: Int) -> [Entry] {
        Array(entries.suffix(max(0, n)))
    }

    /// The absolute session a request names: 0 or nil → current, negative → counted back.
    public func absoluteSession(_ requested: Int) -> Int {
        requested <= 0 ? session + requested : requested
    }

    /// Lines `start..<stop` of `session` (`"range"`); `stop` nil runs to the end. Session 0 is
    /// the current session, a negative session is relative to it (`-1`: the previous one).
    public func range(session requested: Int, start: Int, stop: Int?) -> [Entry] {
        let wanted = absoluteSession(requested)
        return entries.filter { entry in
            entry.session == wanted && entry.line >= start && (stop.map { entry.line < $0 } ?? true)
        }
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
            return [.int(entry.session), .int(entry.line), input]
        })
    }
}
