import Foundation
import Script
import XCTest

/// Runs every script of the language test suite (Tests/ScriptTests/Scripts/**.py).
///
/// A script states its expected stdout as `# expect: LINE` comments (in order) and, when it
/// must fail, its error as `# error@LINE: Kind: message` (or `# error: Kind: message` on the
/// failing line itself). The expectations of most scripts were written by running them under
/// CPython 3.11 (`Scripts/_annotate_with_cpython.py`); `# factorize-only` scripts are hand-written.
final class ScriptSuiteTests: XCTestCase {
    struct Expectation {
        var stdout: [String] = []
        var error: (line: Int, text: String)?
    }

    static func expectation(of source: String) -> Expectation {
        var expectation = Expectation()
        for (index, line) in source.components(separatedBy: "\n").enumerated() {
            if let range = line.range(of: "# expect: ") ?? (line.hasSuffix("# expect:") ? line.range(of: "# expect:") : nil) {
                expectation.stdout.append(String(line[range.upperBound...]))
            } else if line.hasPrefix("# error@"), let colon = line.firstIndex(of: ":") {
                let number = Int(line[line.index(line.startIndex, offsetBy: 8)..<colon]) ?? 0
                expectation.error = (number, String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
            } else if let range = line.range(of: "# error: ") {
                expectation.error = (index + 1, String(line[range.upperBound...]))
            }
        }
        return expectation
    }

    func scriptURLs() throws -> [URL] {
        guard let root = Bundle.module.url(forResource: "Scripts", withExtension: nil) else {
            XCTFail("the Scripts resource folder is missing")
            return []
        }
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var urls: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "py" && !url.lastPathComponent.hasPrefix("_") { urls.append(url) }
        }
        return urls.sorted { $0.path < $1.path }
    }

    func testLanguageSuite() throws {
        let urls = try scriptURLs()
        XCTAssertGreaterThan(urls.count, 40, "the suite should hold the language's scripts")
        for url in urls {
            let name = url.deletingPathExtension().lastPathComponent
            let folder = url.deletingLastPathComponent().lastPathComponent
            let source = try String(contentsOf: url, encoding: .utf8)
            let expected = Self.expectation(of: source)
            let sink = TestSink()
            let interpreter = Interpreter(sink: sink)
            var failure: ScriptError?
            do {
                _ = try interpreter.execute(source, cellName: "Cell In[1]")
            } catch let error as ScriptError {
                failure = error
            }
            let context = "\(folder)/\(name).py"
            let printed = sink.stdout.isEmpty ? [] : sink.stdout.components(separatedBy: "\n").dropLast().map { $0 }
            XCTAssertEqual(printed, expected.stdout, "stdout of \(context)")
            switch (expected.error, failure) {
            case (nil, nil):
                break
            case (let want?, let got?):
                XCTAssertEqual(got.summary, want.text, "error of \(context)")
                let line = got.frames.last?.location.line ?? got.location?.line
                XCTAssertEqual(line, want.line, "error line of \(context)")
            case (let want?, nil):
                XCTFail("\(context) should fail with \(want.text) at line \(want.line)")
            case (nil, let got?):
                XCTFail("\(context) failed: \(got.tracebackLines().joined(separator: "\n"))")
            }
        }
    }
}
