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

    func complete(code: String, cursorPosition: Int) -> CompletionResult {
        // TODO(lead): the interpreter's completions once Script provides them.
        return .none(at: cursorPosition)
    }

    func inspect(code: String, cursorPosition: Int, detailLevel: Int) -> InspectResult {
        return .notFound
    }

    func isComplete(code: String) -> IsCompleteResult {
        return .unknown
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
