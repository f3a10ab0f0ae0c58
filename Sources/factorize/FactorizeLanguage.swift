import Foundation
import Builtins
import Jupyter
import Script

/// The command language behind the Jupyter kernel: a `Session` whose output goes to the
/// request being run (DESIGN.md: the kernel implements the interpreter's output sink).
final class FactorizeLanguage: KernelLanguage {
    private let sink = KernelSink()
    private lazy var session = Session(sink: sink)

    var info: LanguageInfo {
        .python(banner: """
        Factorize \(Session.version) — matrix factorization and deep matrix factorization in Swift.
        A Python-like language with numpy, pandas and MXNet's symbol/module API; type help(mx) for more.
        """, helpLinks: [LanguageInfo.HelpLink(text: "MXNet Module API", url: "https://mxnet.apache.org/versions/1.9.1/api/python/docs/api/module/index.html")],
        implementationVersion: Session.version)
    }

    func execute(_ request: ExecuteRequest, output: KernelOutput) -> ExecuteOutcome {
        sink.output = output
        defer { sink.output = nil }
        // `name?` / `name??` alone in a cell: the help text goes to the pager (a `page`
        // payload), as IPython does; an unknown name runs normally and raises NameError.
        if let name = Self.helpQuery(request.code),
           let text = session.interpreter.inspect(code: name, cursor: name.unicodeScalars.count) {
            output.page(.plainText(text), start: 0)
            return .ok(result: nil)
        }
        do {
            let value = try session.runCell(request.code, cellName: "Cell In[\(request.executionCount)]")
            guard let value, !request.silent else { return .ok(result: nil) }
            return .ok(result: MIMEBundle(strings: session.mimeBundle(for: value)))
        } catch let error as ScriptError {
            return .error(ename: error.kind.rawValue, evalue: error.message, traceback: error.tracebackLines(colored: true))
        } catch {
            return .error(ename: "RuntimeError", evalue: "\(error)", traceback: ["RuntimeError: \(error)"])
        }
    }

    /// The dotted name of a cell that is only `name?`, `name??`, `?name` or `??name` (spaces
    /// around allowed), else nil.
    static func helpQuery(_ code: String) -> String? {
        let trimmed = code.trimmingCharacters(in: .whitespacesAndNewlines)
        var name = Substring(trimmed)
        var marks = 0
        while name.hasSuffix("?") { name = name.dropLast(); marks += 1 }
        if marks == 0 { while name.hasPrefix("?") { name = name.dropFirst(); marks += 1 } }
        name = Substring(name.trimmingCharacters(in: .whitespaces))
        guard (1...2).contains(marks), let first = name.unicodeScalars.first,
              first == "_" || CharacterSet.letters.contains(first),
              name.unicodeScalars.allSatisfy({ $0 == "_" || $0 == "." || CharacterSet.alphanumerics.contains($0) }),
              !name.hasSuffix("."), !name.contains("..") else { return nil }
        return String(name)
    }

    /// A block whose last line holds only the indentation a console inserted (`"for …:\n
    /// print(i)\n    "`) ends with a blank line, as IPython's `check_complete` sees it: the
    /// trailing spaces are dropped so the interpreter sees `"…\n"`.
    static func endingBlankLineNormalized(_ code: String) -> String {
        guard let lastNewline = code.lastIndex(of: "\n") else { return code }
        let lastLine = code[code.index(after: lastNewline)...]
        guard !lastLine.isEmpty, lastLine.allSatisfy({ $0 == " " || $0 == "\t" }) else { return code }
        return String(code[...lastNewline])
    }

    func complete(code: String, cursorPosition: Int) -> CompletionResult {
        let found = session.interpreter.completions(code: code, cursor: cursorPosition)
        return CompletionResult(matches: found.matches, cursorStart: found.start, cursorEnd: found.end)
    }

    func inspect(code: String, cursorPosition: Int, detailLevel: Int) -> InspectResult {
        guard let text = session.interpreter.inspect(code: code, cursor: cursorPosition) else { return .notFound }
        return InspectResult(bundle: .plainText(text))
    }

    func isComplete(code: String) -> IsCompleteResult {
        switch session.interpreter.isComplete(Self.endingBlankLineNormalized(code)) {
        case .complete: return .complete
        case .incomplete(let indent): return .incomplete(indent: indent)
        case .invalid: return .invalid
        }
    }

    func shutdown(restart: Bool) {}
}

/// Forwards the interpreter's output to the Jupyter request being run.
final class KernelSink: OutputSink {
    weak var output: KernelOutput?

    func write(_ text: String, to stream: StreamName) {
        output?.stream(stream == .stdout ? .stdout : .stderr, text)
    }

    func display(_ data: [String: String], metadata: [String: String], displayID: String?, update: Bool) {
        output?.display(MIMEBundle(strings: data), displayID: displayID, update: update)
    }

    func clearOutput(wait: Bool) { output?.clearOutput(wait: wait) }

    func readLine(prompt: String, password: Bool) throws -> String {
        guard let output else { throw ScriptError(.runtimeError, "input() is not available here") }
        do {
            return try output.requestInput(prompt: prompt, password: password)
        } catch KernelInputError.interrupted {
            throw ScriptError(.keyboardInterrupt, "")
        } catch {
            throw ScriptError(.runtimeError, "\(error)")
        }
    }

    func takeInterrupt() -> Bool { output?.takeInterrupt() ?? Interrupts.takeInterrupt() }
}
