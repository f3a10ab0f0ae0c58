import Builtins
import Script
import XCTest

/// A sink that records what a session writes.
private final class RecordingSink: OutputSink {
    var stdout = "", stderr = ""
    var displays: [[String: String]] = []
    func write(_ text: String, to stream: StreamName) {
        if stream == .stdout { stdout += text } else { stderr += text }
    }
    func display(_ data: [String: String], metadata: [String: String], displayID: String?, update: Bool) { displays.append(data) }
    func clearOutput(wait: Bool) {}
    func readLine(prompt: String, password: Bool) throws -> String { "" }
    func takeInterrupt() -> Bool { false }
}

final class SessionTests: XCTestCase {
    func testPrettyResultsFollowIPython() throws {
        let session = Session(sink: RecordingSink())
        // Short values keep their one-line repr.
        let short = try XCTUnwrap(session.runCell("{'a': 1, 'b': [1, 2]}", cellName: "t"))
        XCTAssertEqual(session.mimeBundle(for: short)["text/plain"], "{'a': 1, 'b': [1, 2]}")
        // Long dicts break one item per line, as IPython prints label_idxs in the tutorial.
        let long = try XCTUnwrap(session.runCell("{name: k for k, name in enumerate(['Action', 'Adventure', 'Animation', 'Children', 'Comedy', 'Crime'])}", cellName: "t"))
        XCTAssertEqual(session.mimeBundle(for: long)["text/plain"],
                       "{'Action': 0,\n 'Adventure': 1,\n 'Animation': 2,\n 'Children': 3,\n 'Comedy': 4,\n 'Crime': 5}")
        let list = try XCTUnwrap(session.runCell("list(range(30))", cellName: "t"))
        XCTAssertEqual(session.mimeBundle(for: list)["text/plain"]?.split(separator: "\n").count, 30)
    }

    func testLoggingFormatAndLevels() throws {
        let sink = RecordingSink()
        let session = Session(sink: sink)
        _ = try session.runCell("import logging\nlogging.info('hidden')\nlogging.getLogger().setLevel(logging.DEBUG)\nlogging.info('Epoch[%d] Train-rmse=%f', 0, 1.5)", cellName: "t")
        XCTAssertEqual(sink.stderr, "INFO:root:Epoch[0] Train-rmse=1.500000\n")
    }

    func testPylabMagicAndPendingFigures() throws {
        let sink = RecordingSink()
        let session = Session(sink: sink)
        _ = try session.runCell("%pylab inline", cellName: "t")
        XCTAssertEqual(sink.stdout, "Populating the interactive namespace from numpy and matplotlib\n")
        // A figure not shown explicitly is shown when the cell ends, as inline matplotlib does.
        _ = try session.runCell("plt.hist(numpy.random.randn(100))\nplt.title('x')", cellName: "t")
        XCTAssertEqual(sink.displays.count, 1)
        XCTAssertNotNil(sink.displays.first?["image/png"])
    }

    func testUnknownModuleAndMagicAreErrors() {
        let session = Session(sink: RecordingSink())
        XCTAssertThrowsError(try session.runCell("import tensorflow", cellName: "t")) { error in
            XCTAssertEqual((error as? ScriptError)?.kind, .moduleNotFoundError)
        }
        XCTAssertThrowsError(try session.runCell("%nosuchmagic", cellName: "t"))
    }
}
