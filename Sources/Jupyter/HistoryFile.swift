import Foundation

/// The file that keeps `ExecutionHistory` across kernel restarts, as JSON Lines: one
/// `[session, line, input, output-or-null]` per stored cell and a `{"session": N}` mark for
/// each session a kernel claimed.
///
/// Writing a cell appends one line (O(1), not a rewrite of the whole history), and a starting
/// kernel reads only the session numbers; the cells are parsed when a `history_request` first
/// needs them. So neither a cell's round trip nor the kernel's start-up grows with the history.
/// The file is rewritten (compacted to the newest `maximumEntries` cells) only when a kernel
/// starts and finds it half as large again, or in the earlier single-object format
/// `{"last_session": N, "entries": [...]}`, which is still read.
///
/// Default place: `$FACTORIZE_HISTORY_FILE`, else `$JUPYTER_DATA_DIR/factorize/history.json`,
/// else `$XDG_DATA_HOME/jupyter/factorize/history.json`, else
/// `~/.local/share/jupyter/factorize/history.json` (the Jupyter data directory, as IPython keeps
/// its history in its profile). Every access holds an exclusive `flock` on a `.lock` file beside
/// it, so kernels running at once neither lose cells nor share a session number.
public struct HistoryFile: Equatable, Sendable {
    /// The JSON Lines file.
    public let url: URL

    /// Cells kept in the file (older ones are dropped when it is compacted).
    public static let maximumEntries = 10_000

    public init(url: URL) {
        self.url = url
    }

    /// The default location described above.
    public static func defaultLocation(environment: [String: String] = ProcessInfo.processInfo.environment) -> HistoryFile {
        if let path = environment["FACTORIZE_HISTORY_FILE"], !path.isEmpty {
            return HistoryFile(url: URL(fileURLWithPath: path))
        }
        let jupyterData = KernelSpec.userKernelsDirectory(environment: environment).deletingLastPathComponent()
        return HistoryFile(url: jupyterData.appendingPathComponent("factorize/history.json"))
    }

    /// Records a new session and returns its number (one more than any in the file). Reads
    /// only the session numbers unless the file must be compacted or converted.
    func claimSession() -> Int {
        var session = 1
        locked {
            let data = (try? Data(contentsOf: url)) ?? Data()
            let summary = Self.summarize(data)
            if summary.needsRewrite {
                let contents = Self.parse(data)
                session = contents.lastSession + 1
                let kept = contents.entries.suffix(Self.maximumEntries)
                var lines = kept.map(Self.line(for:))
                lines.append(Self.mark(session))
                do {
                    try Data(lines.joined()).write(to: url, options: .atomic)
                } catch {
                    KernelLog.error("history: cannot write \(url.path): \(error)")
                }
            } else {
                session = summary.lastSession + 1
                appendLine(Self.mark(session))
            }
        }
        return session
    }

    /// Every cell in the file, oldest first.
    func loadEntries() -> [ExecutionHistory.Entry] {
        var entries: [ExecutionHistory.Entry] = []
        locked { entries = Self.parse((try? Data(contentsOf: url)) ?? Data()).entries }
        return entries
    }

    /// Adds one cell to the file (one appended line).
    func append(_ entry: ExecutionHistory.Entry) {
        locked { appendLine(Self.line(for: entry)) }
    }

    // MARK: - Format

    private static let newline = UInt8(ascii: "\n")

    private static func line(for entry: ExecutionHistory.Entry) -> Data {
        let value: JSONValue = [.int(entry.session), .int(entry.line), .string(entry.input),
                                entry.output.map { .string($0) } ?? .null]
        return value.serialized() + [newline]
    }

    private static func mark(_ session: Int) -> Data {
        JSONValue.object(["session": .int(session)]).serialized() + [newline]
    }

    /// What `claimSession` needs, found without parsing the cells: the highest session, and
    /// whether the file must be rewritten (too many lines, an unreadable line, the old format).
    private static func summarize(_ data: Data) -> (lastSession: Int, needsRewrite: Bool) {
        var lastSession = 0
        var lines = 0
        var needsRewrite = false
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != newline { end += 1 }
                if end > start {
                    lines += 1
                    if let session = leadingSession(bytes, from: start, to: end) {
                        lastSession = max(lastSession, session)
                    } else if let value = try? JSONValue(parsing: Data(bytes[start..<end])), let session = value["session"]?.intValue {
                        lastSession = max(lastSession, session)
                    } else {
                        needsRewrite = true  // the old single-object format, or a damaged line
                    }
                }
                start = end + 1
            }
        }
        if lines > maximumEntries + maximumEntries / 2 { needsRewrite = true }
        return (lastSession, needsRewrite)
    }

    /// The session of a cell line `[session, …` read from its leading digits, or nil.
    private static func leadingSession(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int? {
        guard start < end, bytes[start] == UInt8(ascii: "[") else { return nil }
        var index = start + 1
        var value = 0
        var digits = 0
        while index < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]), digits < 18 {
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            digits += 1
            index += 1
        }
        guard digits > 0, index < end, bytes[index] == UInt8(ascii: ",") else { return nil }
        return value
    }

    /// Every cell and the highest session; damaged lines are logged and skipped.
    private static func parse(_ data: Data) -> (lastSession: Int, entries: [ExecutionHistory.Entry]) {
        var lastSession = 0
        var entries: [ExecutionHistory.Entry] = []
        var damaged = 0
        func add(_ item: JSONValue) {
            guard let fields = item.arrayValue, fields.count >= 3, let session = fields[0].intValue,
                  let line = fields[1].intValue, let input = fields[2].stringValue else {
                damaged += 1
                return
            }
            let output = fields.count > 3 ? fields[3].stringValue : nil
            entries.append(.init(line: line, input: input, output: output, session: session))
            lastSession = max(lastSession, session)
        }
        for line in data.split(separator: newline) where !line.isEmpty {
            guard let value = try? JSONValue(parsing: Data(line)) else {
                damaged += 1
                continue
            }
            if let session = value["session"]?.intValue {
                lastSession = max(lastSession, session)
            } else if let old = value["entries"]?.arrayValue {
                // The earlier single-object format.
                lastSession = max(lastSession, value["last_session"]?.intValue ?? 0)
                old.forEach(add)
            } else {
                add(value)
            }
        }
        if damaged > 0 {
            KernelLog.error("history: skipped \(damaged) unreadable line(s) of \(data.count) bytes in the history file")
        }
        return (lastSession, entries)
    }

    // MARK: - File access

    /// Appends `line` to the file (the caller holds the lock).
    private func appendLine(_ line: Data) {
        let descriptor = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            KernelLog.error("history: cannot open \(url.path) (errno \(errno))")
            return
        }
        defer { close(descriptor) }
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written != line.count { KernelLog.error("history: cannot write \(url.path) (errno \(errno))") }
    }

    /// Runs `body` holding the exclusive lock. Failures (read-only home, full disk) are
    /// logged: history is a convenience, never fatal.
    private func locked(_ body: () -> Void) {
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            KernelLog.error("history: cannot create \(directory.path): \(error)")
        }
        let descriptor = open(url.path + ".lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        if descriptor >= 0 { flock(descriptor, LOCK_EX) }
        defer {
            if descriptor >= 0 {
                flock(descriptor, LOCK_UN)
                close(descriptor)
            }
        }
        body()
    }
}
