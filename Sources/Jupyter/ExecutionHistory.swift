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
    /// Where entries are saved, or nil (in memory only).
    public let file: HistoryFile?
    /// The other sessions' cells, read from the file when first needed.
    private let earlier: EarlierEntries?
    /// This session's cells.
    private var current: [Entry] = []

    /// Every entry, oldest first: the other sessions' (from the file) then this one's; at most
    /// `HistoryFile.maximumEntries`. The first use reads the file.
    public var entries: [Entry] {
        let all = (earlier?.entries ?? []) + current
        return all.count > HistoryFile.maximumEntries ? Array(all.suffix(HistoryFile.maximumEntries)) : all
    }

    /// An in-memory history: session 1, nothing saved.
    public init() {
        session = 1
        file = nil
        earlier = nil
    }

    /// A history kept in `file`: claims the next session number (reading only the session
    /// numbers; the earlier cells are read on first use). A missing file starts empty; an
    /// unreadable one is logged and replaced.
    public init(file: HistoryFile) {
        session = file.claimSession()
        self.file = file
        earlier = EarlierEntries(file: file, excludingSession: session)
    }

    /// Records a cell of the current session (and appends it to the file when there is one).
    public mutating func append(_ entry: Entry) {
        var entry = entry
        if entry.session <= 0 { entry.session = session }
        current.append(entry)
        file?.append(entry)
        if current.count > HistoryFile.maximumEntries { current.removeFirst(current.count - HistoryFile.maximumEntries) }
    }

    /// Equal session, file and entries (reading the file's cells if not read yet).
    public static func == (lhs: ExecutionHistory, rhs: ExecutionHistory) -> Bool {
        lhs.session == rhs.session && lhs.file == rhs.file && lhs.entries == rhs.entries
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

/// The cells of the other sessions in a history file, parsed once on first use (so a kernel's
/// start-up does not wait for a long history). Shared by copies of an `ExecutionHistory`.
private final class EarlierEntries: @unchecked Sendable {
    private let file: HistoryFile
    private let excludedSession: Int
    private let lock = NSLock()
    private var loaded: [ExecutionHistory.Entry]?

    init(file: HistoryFile, excludingSession session: Int) {
        self.file = file
        excludedSession = session
    }

    var entries: [ExecutionHistory.Entry] {
        lock.lock()
        defer { lock.unlock() }
        if let loaded { return loaded }
        // The current session's own cells are kept in memory, not read back.
        let read = file.loadEntries().filter { $0.session != excludedSession }
        loaded = read
        return read
    }
}
