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
