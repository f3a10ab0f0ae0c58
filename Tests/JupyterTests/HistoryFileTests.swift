import Foundation
import Jupyter
import XCTest

final class HistoryFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("history-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Each kernel claims the next absolute session and sees the earlier sessions' cells.
    func testSessionsContinueAcrossKernels() throws {
        let file = HistoryFile(url: directory.appendingPathComponent("nested/history.json"))
        var first = ExecutionHistory(file: file)
        XCTAssertEqual(first.session, 1)
        first.append(.init(line: 1, input: "x = 1"))
        first.append(.init(line: 2, input: "x + 1", output: "2"))

        var second = ExecutionHistory(file: file)
        XCTAssertEqual(second.session, 2)
        XCTAssertEqual(second.entries.map(\.session), [1, 1])
        second.append(.init(line: 1, input: "y = 2"))
        XCTAssertEqual(second.reply(to: ["hist_access_type": "tail", "n": 2, "output": true]),
                       [[1, 2, ["x + 1", "2"]], [2, 1, ["y = 2", nil]]])
        // Absolute, current (0) and relative (-1) sessions.
        XCTAssertEqual(second.range(session: 1, start: 2, stop: 3).map(\.input), ["x + 1"])
        XCTAssertEqual(second.range(session: -1, start: 1, stop: nil).map(\.input), ["x = 1", "x + 1"])
        XCTAssertEqual(second.range(session: 0, start: 1, stop: nil).map(\.input), ["y = 2"])
        XCTAssertEqual(second.search(pattern: "[xy]*", n: nil, unique: false).map(\.session), [1, 1, 2])

        // A session that stored nothing still takes a number.
        let third = ExecutionHistory(file: file)
        XCTAssertEqual(third.session, 3)
        XCTAssertEqual(third.entries.count, 3)
    }

    /// A corrupt file is replaced instead of stopping the kernel.
    func testCorruptFileStartsAfresh() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("history.json")
        try Data("{not json".utf8).write(to: url)
        var history = ExecutionHistory(file: HistoryFile(url: url))
        XCTAssertEqual(history.session, 1)
        XCTAssertEqual(history.entries, [])
        history.append(.init(line: 1, input: "ok"))
        XCTAssertEqual(ExecutionHistory(file: HistoryFile(url: url)).entries.map(\.input), ["ok"])
    }

    func testDefaultLocation() {
        XCTAssertEqual(HistoryFile.defaultLocation(environment: ["FACTORIZE_HISTORY_FILE": "/tmp/h.json"]).url.path, "/tmp/h.json")
        XCTAssertEqual(HistoryFile.defaultLocation(environment: ["JUPYTER_DATA_DIR": "/data/jupyter"]).url.path,
                       "/data/jupyter/factorize/history.json")
        XCTAssertEqual(HistoryFile.defaultLocation(environment: ["HOME": "/home/ann"]).url.path,
                       "/home/ann/.local/share/jupyter/factorize/history.json")
    }
}

final class HistoryFileFormatTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("history-format-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func lines(_ url: URL) throws -> [String] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// A cell adds one line at the end; the earlier lines are left as they were.
    func testCellIsAppendedAsOneLine() throws {
        let url = directory.appendingPathComponent("history.json")
        var history = ExecutionHistory(file: HistoryFile(url: url))
        history.append(.init(line: 1, input: "a = 1\nb = 2", output: nil))
        let before = try lines(url)
        history.append(.init(line: 2, input: "a + b", output: "3"))
        let after = try lines(url)
        XCTAssertEqual(after.count, before.count + 1)
        XCTAssertEqual(Array(after.prefix(before.count)), before)
        XCTAssertEqual(try JSONValue(parsing: after[after.count - 1]), [1, 2, "a + b", "3"])
        XCTAssertEqual(try JSONValue(parsing: before[0]), ["session": 1])
    }

    /// The earlier single-object format is read, continued and converted to lines.
    func testSingleObjectFormatIsRead() throws {
        let url = directory.appendingPathComponent("history.json")
        try Data(#"{"last_session": 7, "entries": [[6, 1, "x = 1", null], [7, 1, "x", "1"]]}"#.utf8).write(to: url)
        let history = ExecutionHistory(file: HistoryFile(url: url))
        XCTAssertEqual(history.session, 8)
        XCTAssertEqual(history.entries, [.init(line: 1, input: "x = 1", session: 6), .init(line: 1, input: "x", output: "1", session: 7)])
        XCTAssertEqual(try lines(url).count, 3)
        XCTAssertEqual(ExecutionHistory(file: HistoryFile(url: url)).session, 9)
    }

    /// A file grown far past `maximumEntries` is cut to the newest cells when a kernel starts.
    func testLongFileIsCompacted() throws {
        let url = directory.appendingPathComponent("history.json")
        let total = HistoryFile.maximumEntries * 2
        var text = ""
        for index in 0..<total { text += "[\(1 + index / 1000), \(index % 1000), \"cell \(index)\", null]\n" }
        try Data(text.utf8).write(to: url)
        let history = ExecutionHistory(file: HistoryFile(url: url))
        XCTAssertEqual(history.session, 1 + (total - 1) / 1000 + 1)
        XCTAssertEqual(try lines(url).count, HistoryFile.maximumEntries + 1)
        XCTAssertEqual(history.entries.count, HistoryFile.maximumEntries)
        XCTAssertEqual(history.entries.first?.input, "cell \(total - HistoryFile.maximumEntries)")
        XCTAssertEqual(history.entries.last?.input, "cell \(total - 1)")
    }
}
