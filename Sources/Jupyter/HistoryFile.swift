import Foundation

/// The file that keeps `ExecutionHistory` across kernel restarts: JSON
/// `{"last_session": N, "entries": [[session, line, input, output-or-null], …]}`.
///
/// Default place: `$FACTORIZE_HISTORY_FILE`, else `$JUPYTER_DATA_DIR/factorize/history.json`,
/// else `$XDG_DATA_HOME/jupyter/factorize/history.json`, else
/// `~/.local/share/jupyter/factorize/history.json` (the Jupyter data directory, as IPython keeps
/// its history in its profile). Every read-modify-write holds an exclusive `flock` on a
/// `.lock` file beside it, so kernels running at once neither lose cells nor share a session
/// number. Only the newest `maximumEntries` cells are kept.
public struct HistoryFile: Equatable, Sendable {
    /// The JSON file.
    public let url: URL

    /// Cells kept in the file (older ones are dropped).
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

    /// Reads the earlier entries and records a new session, whose number it returns.
    func claimSession() -> (session: Int, entries: [ExecutionHistory.Entry]) {
        var result = (session: 1, entries: [ExecutionHistory.Entry]())
        locked { contents in
            contents.lastSession += 1
            result = (contents.lastSession, contents.entries)
        }
        return result
    }

    /// Adds one entry to the file.
    func append(_ entry: ExecutionHistory.Entry) {
        locked { contents in
            contents.entries.append(entry)
            if contents.entries.count > Self.maximumEntries {
                contents.entries.removeFirst(contents.entries.count - Self.maximumEntries)
            }
        }
    }

    private struct Contents {
        var lastSession = 0
        var entries: [ExecutionHistory.Entry] = []
    }

    /// Runs `change` on the file's contents under the lock and writes the result (atomically).
    /// Failures (read-only home, full disk) are logged: history is a convenience, never fatal.
    private func locked(_ change: (inout Contents) -> Void) {
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            KernelLog.error("history: cannot create \(directory.path): \(error)")
        }
        let lockPath = url.path + ".lock"
        let descriptor = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        if descriptor >= 0 { flock(descriptor, LOCK_EX) }
        defer {
            if descriptor >= 0 {
                flock(descriptor, LOCK_UN)
                close(descriptor)
            }
        }
        var contents = read()
        change(&contents)
        do {
            try encode(contents).write(to: url, options: .atomic)
        } catch {
            KernelLog.error("history: cannot write \(url.path): \(error)")
        }
    }

    private func read() -> Contents {
        guard let data = try? Data(contentsOf: url) else { return Contents() }
        guard let json = try? JSONValue(parsing: data) else {
            KernelLog.error("history: \(url.path) is not valid JSON; starting a new history")
            return Contents()
        }
        var contents = Contents()
        contents.lastSession = json["last_session"]?.intValue ?? 0
        for item in json["entries"]?.arrayValue ?? [] {
            guard let fields = item.arrayValue, fields.count >= 3, let session = fields[0].intValue,
                  let line = fields[1].intValue, let input = fields[2].stringValue else { continue }
            let output = fields.count > 3 ? fields[3].stringValue : nil
            contents.entries.append(.init(line: line, input: input, output: output, session: session))
            contents.lastSession = max(contents.lastSession, session)
        }
        return contents
    }

    private func encode(_ contents: Contents) -> Data {
        let entries: [JSONValue] = contents.entries.map { entry in
            [.int(entry.session), .int(entry.line), .string(entry.input), entry.output.map { .string($0) } ?? .null]
        }
        return JSONValue.object(["last_session": .int(contents.lastSession), "entries": .array(entries)]).serialized()
    }
}
