import Jupyter
import XCTest

final class ExecutionHistoryTests: XCTestCase {
    private func sample() -> ExecutionHistory {
        var history = ExecutionHistory()
        history.append(.init(line: 1, input: "x = 1"))
        history.append(.init(line: 2, input: "x + 1", output: "2"))
        history.append(.init(line: 3, input: "print(x)"))
        history.append(.init(line: 4, input: "x + 1", output: "2"))
        return history
    }

    func testTailAndRange() {
        let history = sample()
        XCTAssertEqual(history.tail(2).map(\.line), [3, 4])
        XCTAssertEqual(history.tail(10).count, 4)
        XCTAssertEqual(history.range(session: 0, start: 2, stop: 4).map(\.line), [2, 3])
        XCTAssertEqual(history.range(session: 1, start: 3, stop: nil).map(\.line), [3, 4])
        XCTAssertEqual(history.range(session: 7, start: 0, stop: nil), [])
    }

    /// Glob semantics as IPython's history search (SQLite GLOB): no implicit wildcards.
    func testSearch() {
        let history = sample()
        XCTAssertEqual(history.search(pattern: "x*", n: nil, unique: false).map(\.line), [1, 2, 4])
        XCTAssertEqual(history.search(pattern: "x*", n: nil, unique: true).map(\.line), [1, 4])
        XCTAssertEqual(history.search(pattern: "x*", n: 1, unique: false).map(\.line), [4])
        XCTAssertEqual(history.search(pattern: "x", n: nil, unique: false), [])
        XCTAssertEqual(history.search(pattern: "print(?)", n: nil, unique: false).map(\.line), [3])
    }

    func testReplyShapes() {
        let history = sample()
        XCTAssertEqual(history.reply(to: ["hist_access_type": "tail", "n": 1, "output": false]), [[1, 4, "x + 1"]])
        XCTAssertEqual(history.reply(to: ["hist_access_type": "range", "session": 0, "start": 3, "stop": 4, "output": true]),
                       [[1, 3, ["print(x)", nil]]])
        XCTAssertEqual(history.reply(to: ["hist_access_type": "tail", "n": 1, "output": true]), [[1, 4, ["x + 1", "2"]]])
    }
}
