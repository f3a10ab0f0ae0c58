import Foundation
import Jupyter
import XCTest

/// Records what a language writes, as the kernel's output sink would publish it.
private final class RecordingOutput: KernelOutput {
    var streams: [(KernelStream, String)] = []
    var displays: [MIMEBundle] = []
    var interruptAfterPolls: Int?
    var polls = 0
    var inputAnswer: String?

    func stream(_ name: KernelStream, _ text: String) { streams.append((name, text)) }
    func display(_ bundle: MIMEBundle, displayID: String?, update: Bool) { displays.append(bundle) }
    func clearOutput(wait: Bool) {}
    func requestInput(prompt: String, password: Bool) throws -> String {
        guard let inputAnswer else { throw KernelInputError.notAllowed }
        return inputAnswer
    }
    func takeInterrupt() -> Bool {
        polls += 1
        return interruptAfterPolls.map { polls > $0 } ?? false
    }
}

final class EchoLanguageTests: XCTestCase {
    func testEchoStderrResultAndDisplay() {
        let output = RecordingOutput()
        let outcome = EchoLanguage().execute(ExecuteRequest(code: "hello, world\nstderr:oops\ndisplay:pic\nresult:42"), output: output)
        XCTAssertEqual(outcome, .ok(result: .plainText("42")))
        XCTAssertEqual(output.streams.map(\.0), [.stdout, .stderr])
        XCTAssertEqual(output.streams.map(\.1), ["hello, world\n", "oops\n"])
        XCTAssertEqual(output.displays, [.plainText("pic")])
    }

    func testErrorStopsTheCell() {
        let output = RecordingOutput()
        let outcome = EchoLanguage().execute(ExecuteRequest(code: "a\nerror:boom\nb"), output: output)
        XCTAssertEqual(outcome, .error(ename: "EchoError", evalue: "boom", traceback: ["EchoError: boom"]))
        XCTAssertEqual(output.streams.map(\.1), ["a\n"])
    }

    func testSleepPollsForInterrupt() {
        let output = RecordingOutput()
        output.interruptAfterPolls = 5
        let start = Date()
        let outcome = EchoLanguage().execute(ExecuteRequest(code: "sleep:30"), output: output)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        guard case .error(let ename, _, _) = outcome else { return XCTFail("expected an error, got \(outcome)") }
        XCTAssertEqual(ename, "KeyboardInterrupt")
    }

    func testInput() {
        let output = RecordingOutput()
        output.inputAnswer = "Ada"
        XCTAssertEqual(EchoLanguage().execute(ExecuteRequest(code: "input:name? "), output: output), .ok(result: nil))
        XCTAssertEqual(output.streams.map(\.1), ["name? Ada\n"])
        let refused = EchoLanguage().execute(ExecuteRequest(code: "input:x"), output: RecordingOutput())
        guard case .error(let ename, _, _) = refused else { return XCTFail("expected an error") }
        XCTAssertEqual(ename, "StdinNotImplementedError")
    }

    /// Cursor positions are code points: the emoji before the word counts as 2.
    func testCompletionCursorAfterEmoji() {
        let code = "👍🏽 sle"
        let result = EchoLanguage().complete(code: code, cursorPosition: code.unicodeScalars.count)
        XCTAssertEqual(result.matches, ["sleep:"])
        XCTAssertEqual(result.cursorStart, 3)
        XCTAssertEqual(result.cursorEnd, 6)
    }

    func testInspectAndIsComplete() {
        let language = EchoLanguage()
        XCTAssertNotNil(language.inspect(code: "sleep", cursorPosition: 5, detailLevel: 0).bundle)
        XCTAssertNil(language.inspect(code: "zzz", cursorPosition: 3, detailLevel: 0).bundle)
        XCTAssertEqual(language.isComplete(code: "a\\"), .incomplete(indent: ""))
        XCTAssertEqual(language.isComplete(code: "for x in y:"), .incomplete(indent: "    "))
        XCTAssertEqual(language.isComplete(code: "hello"), .complete)
        XCTAssertEqual(language.info.name, "python")
        XCTAssertEqual(language.info.languageInfoJSON["codemirror_mode"], ["name": "ipython", "version": 3])
    }
}
